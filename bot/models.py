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


class Worker(Base):
    """A worker (role "worker") or an administrator (role "admin") of the dashboard.

    Admins manage accounts and read the audit log; they do not read
    conversations or requests.
    """

    __tablename__ = "workers"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), nullable=False, unique=True)
    name = Column(String(100), nullable=False)
    role = Column(String(16), nullable=False, default="worker")
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True), nullable=True)
    # Changes on logout and password change: every older session stops working.
    session_version = Column(Integer, nullable=False, default=1)
    # The personal API token (JSON API): only its hash is stored.
    api_token_hash = Column(String(64), nullable=True, unique=True)
    # Away period: requests go to the substitute while it lasts.
    away_from = Column(DateTime(timezone=True), nullable=True)
    away_until = Column(DateTime(timezone=True), nullable=True)
    substitute_id = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    substitute = relationship("Worker", remote_side=[id])


class Youth(Base):
    """A young person as their worker knows them: a first name or nickname only.

    ``sender_id`` is the chat's random conversation id, stored only while the
    conversation is linked: the worker's replies are delivered to it.
    """

    __tablename__ = "youths"

    id = Column(Integer, primary_key=True)
    worker_id = Column(Integer, ForeignKey("workers.id"), nullable=False, index=True)
    display_name = Column(String(60), nullable=False)
    invite_code = Column(String(16), nullable=True, unique=True)
    invite_expires_at = Column(DateTime(timezone=True), nullable=True)
    sender_id = Column(String(128), nullable=True)
    conversation_key = Column(String(64), nullable=True, unique=True)
    linked_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    worker = relationship("Worker")


class HandoffRequest(Base):
    """A young person's message to their worker, with contact wish and urgency."""

    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    youth_id = Column(Integer, ForeignKey("youths.id", ondelete="CASCADE"), nullable=False, index=True)
    # Whose dashboard shows it: the youth's worker, or the substitute.
    worker_id = Column(Integer, ForeignKey("workers.id"), nullable=False, index=True)
    to_substitute = Column(Boolean, nullable=False, default=False)
    message = Column(Text, nullable=False)
    contact_method = Column(String(16), nullable=False)
    urgency = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="new")
    # "Minun asiani" at the moment the young person chose to attach it.
    meeting_summary = Column(Text, nullable=True)
    # Set by the chat: a retry of the same send finds this row instead of
    # storing the message twice.
    client_key = Column(String(64), nullable=True, unique=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    youth = relationship("Youth")
    worker = relationship("Worker")
    replies = relationship(
        "HandoffReply", cascade="all, delete-orphan", order_by="HandoffReply.id",
        back_populates="request",
    )


class HandoffReply(Base):
    """A worker's reply; ``delivered_at`` is set once the chat has shown it."""

    __tablename__ = "handoff_replies"

    id = Column(Integer, primary_key=True)
    request_id = Column(
        Integer, ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    worker_id = Column(Integer, ForeignKey("workers.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    delivered_at = Column(DateTime(timezone=True), nullable=True)

    request = relationship("HandoffRequest", back_populates="replies")
    worker = relationship("Worker")


class AuditEntry(Base):
    """Who did what to which record, and when. No message text."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    actor_id = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)
    action = Column(String(32), nullable=False)
    target = Column(String(64), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class CodeAttempt(Base):
    """A wrong invite code, kept for rate limiting (keyed hash, no sender id)."""

    __tablename__ = "code_attempts"

    id = Column(Integer, primary_key=True)
    conversation_key = Column(String(64), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class ContentChange(Base):
    """An editor's change to a FAQ topic: who, when, which field, before and after.

    Content is public text, not personal data, so the texts are kept in full.
    """

    __tablename__ = "content_changes"

    id = Column(Integer, primary_key=True)
    worker_id = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)
    topic = Column(String(64), nullable=False, index=True)
    field = Column(String(16), nullable=False)  # answer | sources | reviewed | example
    before = Column(Text, nullable=True)
    after = Column(Text, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class Publication(Base):
    """One "publish" run: check the content, train, load the model into Rasa."""

    __tablename__ = "publications"

    id = Column(Integer, primary_key=True)
    worker_id = Column(Integer, ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)
    status = Column(String(16), nullable=False)  # running | done | failed
    step = Column(String(16), nullable=False)  # check | train | load | done
    message = Column(Text, nullable=True)  # Finnish, for the editor
    model_file = Column(String(255), nullable=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True), nullable=True)
