"""Anonymous usage counts (no message text, no sender id)."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from bot.db import session_scope
from bot.models import UsageEvent

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def record_event(kind: str, detail: str | None = None, url: str | None = None) -> None:
    """Count one event of `kind`, optionally with a `detail` such as a crisis
    category. Both are fixed identifiers, never user text."""
    for value in (kind, detail):
        if value is not None and not _KIND.match(value):
            raise ValueError(f"invalid event identifier: {value!r}")
    with session_scope(url) as session:
        session.add(UsageEvent(kind=kind, detail=detail))


def count_events(
    kind: str, since: datetime | None = None, url: str | None = None, detail: str | None = None
) -> int:
    with session_scope(url) as session:
        query = select(func.count(UsageEvent.id)).where(UsageEvent.kind == kind)
        if detail is not None:
            query = query.where(UsageEvent.detail == detail)
        if since is not None:
            query = query.where(UsageEvent.created_at >= since)
        return int(session.execute(query).scalar_one())


def counts_by_detail(kind: str, since: datetime | None = None, url: str | None = None) -> dict:
    """{detail: count} for one kind of event, e.g. crisis detections by category."""
    with session_scope(url) as session:
        query = select(UsageEvent.detail, func.count(UsageEvent.id)).where(UsageEvent.kind == kind)
        if since is not None:
            query = query.where(UsageEvent.created_at >= since)
        rows = session.execute(query.group_by(UsageEvent.detail)).all()
        return {detail: int(n) for detail, n in rows}
