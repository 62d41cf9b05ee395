"""Data retention: `python -m bot retention run [--days N] [--dry-run]`.

Deletes conversations whose last event is older than the retention period
(``RETENTION_DAYS``, default 90) from Rasa's tracker store, and in the app's
database:

* the "Minun asiani" preparations of those conversations, and any preparation
  last updated before the cutoff (answers and printable link with it);
* wrong invite-code attempts older than the cutoff (rate limiting needs only
  the last 15 minutes).

Kept: handoff requests and the worker's replies (the worker's case work; the
worker or the county deletes them under its own record-keeping rules), links
between a young person and a conversation (the worker's reply still reaches a
widget that kept its conversation id), anonymous counts.

A conversation is deleted whole, or not at all: one recent event keeps every
event of it. Deletion goes in small batches, each its own short transaction,
and each batch checks again that the conversation is still old, so it is safe
to run while the system runs. Plain SQLAlchemy Core: SQLite and PostgreSQL.
Only counts are reported, never sender ids or text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Iterator, Sequence

import sqlalchemy as sa

from bot.config import load_settings
from bot.models import CodeAttempt, MeetingAnswer, MeetingPreparation
from bot.services.common import conversation_key
from bot.services.common import now as _now

DEFAULT_DAYS = 90
BATCH = 200  # conversations or preparations per transaction

# Rasa's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent).
_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("timestamp", sa.Float),
)
_preparations = MeetingPreparation.__table__
_answers = MeetingAnswer.__table__
_code_attempts = CodeAttempt.__table__


def default_days() -> int:
    """``RETENTION_DAYS`` from the environment, else 90."""
    raw = os.environ.get("RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise ValueError("RETENTION_DAYS must be a whole number of days, at least 1")
    return days


def displayed_days() -> int:
    """The period to tell people about (privacy page, chat answer)."""
    try:
        return default_days()
    except ValueError:  # a broken RETENTION_DAYS: `retention run` refuses it too
        return DEFAULT_DAYS


def placeholders() -> dict[str, str]:
    """``{retention_days}`` for answers (chat_privacy), so the text stays true
    when ``RETENTION_DAYS`` changes."""
    return {"retention_days": str(displayed_days())}


@dataclass(frozen=True)
class RetentionResult:
    days: int
    cutoff: datetime  # UTC; older than this is deleted
    dry_run: bool
    conversations: int
    events: int
    preparations: int
    code_attempts: int



def _chunks(items: Sequence, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _tracker_engine(url: str) -> sa.engine.Engine | None:
    """An engine for the tracker store, or None when it has no events table yet."""
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if not database or not os.path.exists(database):
            return None  # do not create an empty file
        engine = sa.create_engine(url, connect_args={"timeout": 30})
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    if not sa.inspect(engine).has_table("events"):
        engine.dispose()
        return None
    return engine


def _old_senders(connection, cutoff_ts: float, among: list[str] | None = None) -> list[str]:
    """Conversations whose newest event is older than the cutoff."""
    query = sa.select(_events.c.sender_id).group_by(_events.c.sender_id).having(
        sa.func.max(_events.c.timestamp) < cutoff_ts
    )
    if among is not None:
        query = query.where(_events.c.sender_id.in_(among))
    return [row[0] for row in connection.execute(query)]


def _count_events(connection, senders: list[str]) -> int:
    return connection.execute(
        sa.select(sa.func.count()).select_from(_events).where(_events.c.sender_id.in_(senders))
    ).scalar_one()


def _forget_old_conversations(
    url: str, cutoff_ts: float, dry_run: bool
) -> tuple[list[str], int]:
    """(sender ids of the deleted conversations, events deleted)."""
    engine = _tracker_engine(url)
    if engine is None:
        return [], 0
    try:
        with engine.connect() as connection:
            candidates = _old_senders(connection, cutoff_ts)
        deleted: list[str] = []
        events = 0
        for batch in _chunks(candidates):
            with engine.begin() as connection:
                # Again inside the transaction: a conversation that got a new
                # message since the first query is kept.
                still_old = _old_senders(connection, cutoff_ts, among=batch)
                if not still_old:
                    continue
                if dry_run:
                    events += _count_events(connection, still_old)
                else:
                    result = connection.execute(
                        sa.delete(_events).where(_events.c.sender_id.in_(still_old))
                    )
                    events += result.rowcount or 0
                deleted.extend(still_old)
        return deleted, events
    finally:
        engine.dispose()


def _forget_preparations(
    database_url: str | None, keys: list[str], cutoff: datetime, dry_run: bool
) -> int:
    from bot.db import get_engine

    engine = get_engine(database_url)
    ids: set[int] = set()
    with engine.connect() as connection:
        ids.update(
            connection.execute(
                sa.select(_preparations.c.id).where(_preparations.c.updated_at < cutoff)
            ).scalars()
        )
        for batch in _chunks(keys):
            ids.update(
                connection.execute(
                    sa.select(_preparations.c.id).where(_preparations.c.conversation_key.in_(batch))
                ).scalars()
            )
    if dry_run:
        return len(ids)
    deleted = 0
    for batch in _chunks(sorted(ids)):
        with engine.begin() as connection:
            # Answers first: no reliance on ON DELETE CASCADE being enforced.
            connection.execute(sa.delete(_answers).where(_answers.c.preparation_id.in_(batch)))
            result = connection.execute(sa.delete(_preparations).where(_preparations.c.id.in_(batch)))
            deleted += result.rowcount or 0
    return deleted


def _forget_code_attempts(database_url: str | None, cutoff: datetime, dry_run: bool) -> int:
    from bot.db import get_engine

    engine = get_engine(database_url)
    old = _code_attempts.c.created_at < cutoff
    with engine.begin() as connection:
        if dry_run:
            return connection.execute(
                sa.select(sa.func.count()).select_from(_code_attempts).where(old)
            ).scalar_one()
        return connection.execute(sa.delete(_code_attempts).where(old)).rowcount or 0


def run(
    days: int | None = None,
    dry_run: bool = False,
    tracker_url: str | None = None,
    database_url: str | None = None,
    now: datetime | None = None,
) -> RetentionResult:
    """Delete (or with ``dry_run`` only count) what is older than ``days``."""
    days = default_days() if days is None else days
    if days < 1:
        raise ValueError("days must be at least 1")
    settings = load_settings()
    tracker_url = tracker_url or settings.tracker_db_url
    cutoff = (now or _now()) - timedelta(days=days)
    senders, events = _forget_old_conversations(tracker_url, cutoff.timestamp(), dry_run)
    keys = _keys(senders)
    preparations = _forget_preparations(database_url, keys, cutoff, dry_run)
    attempts = _forget_code_attempts(database_url, cutoff, dry_run)
    return RetentionResult(
        days=days, cutoff=cutoff, dry_run=dry_run, conversations=len(senders),
        events=events, preparations=preparations, code_attempts=attempts,
    )


def _keys(senders: Iterable[str]) -> list[str]:
    secret = load_settings().secret_key
    return [conversation_key(sender, secret) for sender in senders]


def describe(result: RetentionResult) -> list[str]:
    """The CLI's report: counts only."""
    verb = "would be deleted" if result.dry_run else "deleted"
    return [
        f"Retention {result.days} days: data older than "
        f"{result.cutoff:%Y-%m-%d %H:%M} UTC" + (" (dry run, nothing deleted)" if result.dry_run else ""),
        f"Conversations {verb}: {result.conversations} ({result.events} events)",
        f"Meeting preparations {verb}: {result.preparations}",
        f"Invite code attempts {verb}: {result.code_attempts}",
        "Handoff requests and workers' replies are kept (the worker's case work).",
    ]
