"""Meeting preparation ("Minun asiani"): answers stored word for word.

The chat (actions/meeting.py) and the web app (the printable page) use this
service; neither touches the tables directly. A preparation is found by a keyed
hash of the chat's sender id (see ``conversation_key``).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db import session_scope
from bot.models import MeetingAnswer, MeetingPreparation
from bot.services.common import aware as _aware
from bot.services.common import conversation_key
from bot.services.common import now as _now
from bot.services.common import token_hash as _token_hash

# (field, heading in the summary). The questions themselves are the
# utter_ask_meeting_<field> responses in domain.yml.
FIELDS: tuple[tuple[str, str], ...] = (
    ("going_well", "Mikä menee nyt hyvin"),
    ("dreams", "Toiveet ja unelmat"),
    ("worry", "Suurin huoli ja mitä sille pitäisi tehdä"),
    ("support", "Millaista tukea haluan ja keneltä"),
    ("people", "Keitä haluan tapaamiseen ja keitä en"),
    ("topics", "Mistä puhutaan ensin ja mistä en halua puhua"),
    ("safety", "Mikä tekee tapaamisesta turvallisen"),
)
FIELD_NAMES = tuple(name for name, _ in FIELDS)
HEADINGS = dict(FIELDS)
SKIPPED = "__ohitettu__"  # slot value of a skipped question
SHARE_DAYS = 7
MAX_ANSWER_CHARS = 2000

IN_PROGRESS, STOPPED, DONE = "in_progress", "stopped", "done"


def slot_name(field: str) -> str:
    return f"meeting_{field}"


@dataclass(frozen=True)
class Answer:
    field: str
    heading: str
    text: str | None
    skipped: bool


@dataclass(frozen=True)
class Preparation:
    status: str
    answers: tuple[Answer, ...]
    updated_at: datetime

    def answer(self, field: str) -> Answer | None:
        return next((a for a in self.answers if a.field == field), None)

    @property
    def missing(self) -> list[str]:
        given = {a.field for a in self.answers}
        return [f for f in FIELD_NAMES if f not in given]


def _load(session, key: str) -> MeetingPreparation | None:
    return session.execute(
        select(MeetingPreparation).where(MeetingPreparation.conversation_key == key)
    ).scalar_one_or_none()


def _snapshot(prep: MeetingPreparation) -> Preparation:
    by_field = {a.field: a for a in prep.answers}
    answers = tuple(
        Answer(f, HEADINGS[f], by_field[f].text, by_field[f].skipped)
        for f in FIELD_NAMES
        if f in by_field
    )
    return Preparation(prep.status, answers, _aware(prep.updated_at))


def save_answer(
    sender_id: str, field: str, text: str | None, skipped: bool = False, url: str | None = None
) -> None:
    """Store one answer word for word (or mark the question skipped)."""
    if field not in HEADINGS:
        raise ValueError(f"unknown field {field!r}")
    if not skipped and (text is None or not text.strip()):
        raise ValueError("an answer needs text")
    if text is not None and len(text) > MAX_ANSWER_CHARS:
        raise ValueError("answer too long")
    key = conversation_key(sender_id)
    with session_scope(url) as session:
        prep = _load(session, key)
        if prep is None:
            prep = MeetingPreparation(conversation_key=key, status=IN_PROGRESS)
            session.add(prep)
            session.flush()
        existing = next((a for a in prep.answers if a.field == field), None)
        if existing is None:
            prep.answers.append(MeetingAnswer(field=field, text=None if skipped else text, skipped=skipped))
        else:
            existing.text = None if skipped else text
            existing.skipped = skipped
        prep.status = IN_PROGRESS if len({a.field for a in prep.answers}) < len(FIELDS) else DONE
        prep.updated_at = _now()


def set_status(sender_id: str, status: str, url: str | None = None) -> None:
    if status not in (IN_PROGRESS, STOPPED, DONE):
        raise ValueError(status)
    with session_scope(url) as session:
        prep = _load(session, conversation_key(sender_id))
        if prep is not None:
            prep.status = status
            prep.updated_at = _now()


def get_preparation(sender_id: str, url: str | None = None) -> Preparation | None:
    with session_scope(url) as session:
        prep = _load(session, conversation_key(sender_id))
        return _snapshot(prep) if prep is not None else None


def create_share_link(sender_id: str, days: int = SHARE_DAYS, url: str | None = None) -> str:
    """A new unguessable token for the printable page; the old link stops working."""
    token = secrets.token_urlsafe(24)
    with session_scope(url) as session:
        prep = _load(session, conversation_key(sender_id))
        if prep is None:
            raise LookupError("no preparation")
        prep.share_token_hash = _token_hash(token)
        prep.share_expires_at = _now() + timedelta(days=days)
    return token


def get_shared(token: str, url: str | None = None) -> Preparation | None:
    """The preparation behind a printable-page token, or None if unknown or expired."""
    if not token or len(token) > 100:
        return None
    with session_scope(url) as session:
        prep = session.execute(
            select(MeetingPreparation).where(
                MeetingPreparation.share_token_hash == _token_hash(token)
            )
        ).scalar_one_or_none()
        if prep is None or _aware(prep.share_expires_at) is None:
            return None
        if _aware(prep.share_expires_at) < _now():
            return None
        return _snapshot(prep)


def delete_preparation(sender_id: str, url: str | None = None) -> bool:
    """Delete the preparation and all its answers. True if there was one."""
    with session_scope(url) as session:
        prep = _load(session, conversation_key(sender_id))
        if prep is None:
            return False
        session.delete(prep)
        return True


def answers_from_values(values: dict[str, str]) -> tuple[Answer, ...]:
    """Answers from slot values ({field: text or SKIPPED}), in question order."""
    return tuple(
        Answer(f, HEADINGS[f], None if values[f] == SKIPPED else values[f], values[f] == SKIPPED)
        for f in FIELD_NAMES
        if values.get(f) not in (None, "")
    )


def render_summary(answers: tuple[Answer, ...]) -> str:
    """The chat version of "Minun asiani": headings and the answers verbatim."""
    # One newline only: Rasa's REST channel splits a message at blank lines.
    lines = ["Minun asiani"]
    for answer in answers:
        body = "(ohitit tämän)" if answer.skipped else answer.text
        lines.append(f"▸ {answer.heading}:\n{body}")
    return "\n".join(lines)
