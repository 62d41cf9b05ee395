"""SQLAlchemy models for the app's own tables (Rasa keeps its tracker separately)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship
from sqlalchemy.orm import declarative_base

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UsageEvent(Base):
    """An anonymous count of something that happened, e.g. a crisis detection.

    Holds no message text, no sender id and nothing else personal: only what
    kind of event it was and when, so the county can see how often it happens.
    """

    __tablename__ = "usage_events"

    id = Column(Integer, primary_key=True)
    kind = Column(String(64), nullable=False, index=True)
    # A fixed sub-kind, never user text (e.g. the crisis category "violence").
    detail = Column(String(64), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class MeetingPreparation(Base):
    """A young person's preparation for a network meeting ("Minun asiani").

    Found by ``conversation_key``: a keyed hash of the chat's sender id, so the
    table never holds the id itself. Deleting the young person's data deletes
    the preparation and its answers.
    """

    __tablename__ = "meeting_preparations"

    id = Column(Integer, primary_key=True)
    conversation_key = Column(String(64), nullable=False, unique=True)
    status = Column(String(16), nullable=False, default="in_progress")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)
    # The printable page: only a hash of the link's token is stored.
    share_token_hash = Column(String(64), nullable=True, unique=True)
    share_expires_at = Column(DateTime(timezone=True), nullable=True)

    answers = relationship(
        "MeetingAnswer", cascade="all, delete-orphan", order_by="MeetingAnswer.id",
        back_populates="preparation",
    )


class MeetingAnswer(Base):
    """One answer, word for word, or a skipped question."""

    __tablename__ = "meeting_answers"
    __table_args__ = (UniqueConstraint("preparation_id", "field"),)

    id = Column(Integer, primary_key=True)
    preparation_id = Column(
        Integer, ForeignKey("meeting_preparations.id", ondelete="CASCADE"), nullable=False
    )
    field = Column(String(32), nullable=False)
    text = Column(Text, nullable=True)
    skipped = Column(Boolean, nullable=False, default=False)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    preparation = relationship("MeetingPreparation", back_populates="answers")
