"""SQLAlchemy models for the app's own tables (Rasa keeps its tracker separately)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String
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
