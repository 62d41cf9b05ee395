"""Small helpers shared by the services: time, token hashes, conversation keys."""
from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.config import load_settings


def now() -> datetime:
    return datetime.now(timezone.utc)


def aware(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything here is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def token_hash(token: str) -> str:
    """What is stored of a random token (links, API tokens): never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def conversation_key(sender_id: str, secret: str | None = None) -> str:
    """A keyed hash of the chat's sender id: stable, but the id is not stored."""
    key = (secret or load_settings().secret_key).encode("utf-8")
    return hmac.new(key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


def local_zone() -> ZoneInfo:
    """The county's time zone for dates shown to people (TIMEZONE, default Helsinki)."""
    return ZoneInfo(os.environ.get("TIMEZONE", "").strip() or "Europe/Helsinki")


def day_start(day: date) -> datetime:
    """Midnight at the start of a local day, in UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=local_zone()).astimezone(timezone.utc)


def last_day(end: datetime) -> date:
    """The last local day of a period that ends at ``end`` (exclusive)."""
    return (aware(end).astimezone(local_zone()) - timedelta(microseconds=1)).date()


def finnish_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
