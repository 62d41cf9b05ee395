"""Anonymous usage counts (no message text, no sender id)."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select

from bot.db import session_scope
from bot.models import UsageEvent

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def record_event(kind: str, url: str | None = None) -> None:
    """Count one event of `kind` (a fixed identifier, never user text)."""
    if not _KIND.match(kind):
        raise ValueError(f"invalid event kind: {kind!r}")
    with session_scope(url) as session:
        session.add(UsageEvent(kind=kind))


def count_events(kind: str, since: datetime | None = None, url: str | None = None) -> int:
    with session_scope(url) as session:
        query = select(func.count(UsageEvent.id)).where(UsageEvent.kind == kind)
        if since is not None:
            query = query.where(UsageEvent.created_at >= since)
        return int(session.execute(query).scalar_one())
