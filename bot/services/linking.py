"""Young people and invite codes: linking a chat to the young person's worker.

A worker adds a young person (first name or nickname only) and gets a code.
The young person gives the code in the chat; from then on the conversation is
linked (``Youth.sender_id`` / ``conversation_key``) until the worker revokes
the link. Codes are single use and expire after ``CODE_DAYS`` days. Wrong
codes are rate-limited per conversation and for the whole service.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from bot import invite_code
from bot.db import session_scope
from bot.models import CodeAttempt, Worker, Youth
from bot.services.common import aware, conversation_key, now
from bot.services.workers import AccountError, first_name

CODE_DAYS = 14
MAX_NAME_CHARS = 40
# Wrong codes: per conversation, and for all conversations together.
ATTEMPTS_PER_CONVERSATION = 5
ATTEMPTS_WINDOW = timedelta(minutes=15)
ATTEMPTS_GLOBAL = 200
ATTEMPTS_GLOBAL_WINDOW = timedelta(minutes=10)

LINKED, WRONG, EXPIRED, LIMITED = "linked", "wrong", "expired", "limited"


@dataclass(frozen=True)
class YouthInfo:
    id: int
    worker_id: int
    display_name: str
    invite_code: str | None
    invite_expires_at: datetime | None
    linked_at: datetime | None

    @property
    def linked(self) -> bool:
        return self.linked_at is not None

    @property
    def code_valid(self) -> bool:
        return bool(self.invite_code) and (self.invite_expires_at or now()) > now()


@dataclass(frozen=True)
class Link:
    youth_id: int
    youth_name: str
    worker_id: int
    worker_name: str

    @property
    def worker_first_name(self) -> str:
        return first_name(self.worker_name)


@dataclass(frozen=True)
class RedeemResult:
    status: str
    link: Link | None = None


def _youth_info(youth: Youth) -> YouthInfo:
    return YouthInfo(
        id=youth.id, worker_id=youth.worker_id, display_name=youth.display_name,
        invite_code=youth.invite_code, invite_expires_at=aware(youth.invite_expires_at),
        linked_at=aware(youth.linked_at),
    )


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AccountError("Kirjoita nuoren etunimi tai lempinimi.")
    if len(name) > MAX_NAME_CHARS or len(name.split()) > 2 or any(c.isdigit() or c in "@<>" for c in name):
        raise AccountError(
            f"Kirjoita vain etunimi tai lempinimi (enintään {MAX_NAME_CHARS} merkkiä, ei numeroita)."
        )
    return name


def _new_code(session) -> str:
    for _ in range(20):
        code = invite_code.generate()
        if session.execute(select(Youth.id).where(Youth.invite_code == code)).first() is None:
            return code
    raise RuntimeError("could not find a free invite code")  # pragma: no cover


def _own_youth(session, worker_id: int, youth_id: int) -> Youth:
    youth = session.get(Youth, youth_id)
    if youth is None or youth.worker_id != worker_id:
        raise LookupError("no such young person for this worker")
    return youth


def add_youth(worker_id: int, name: str, url: str | None = None) -> YouthInfo:
    name = clean_name(name)
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is None or not worker.active or worker.role != "worker":
            raise AccountError("Nuoria voi lisätä vain työntekijän tunnuksella.")
        youth = Youth(
            worker_id=worker_id, display_name=name, invite_code=_new_code(session),
            invite_expires_at=now() + timedelta(days=CODE_DAYS),
        )
        session.add(youth)
        session.flush()
        return _youth_info(youth)


def new_code(worker_id: int, youth_id: int, url: str | None = None) -> YouthInfo:
    """A fresh code for one of the worker's own young people (the old one stops working)."""
    with session_scope(url) as session:
        youth = _own_youth(session, worker_id, youth_id)
        youth.invite_code = _new_code(session)
        youth.invite_expires_at = now() + timedelta(days=CODE_DAYS)
        session.flush()
        return _youth_info(youth)


def revoke_link(worker_id: int, youth_id: int, url: str | None = None) -> YouthInfo:
    """Unlink the chat: the young person's messages no longer reach the worker."""
    with session_scope(url) as session:
        youth = _own_youth(session, worker_id, youth_id)
        youth.sender_id = None
        youth.conversation_key = None
        youth.linked_at = None
        youth.invite_code = None
        youth.invite_expires_at = None
        session.flush()
        return _youth_info(youth)


def list_youths(worker_id: int, url: str | None = None) -> list[YouthInfo]:
    with session_scope(url) as session:
        rows = session.execute(
            select(Youth).where(Youth.worker_id == worker_id).order_by(func.lower(Youth.display_name))
        ).scalars()
        return [_youth_info(y) for y in rows]


def get_youth(worker_id: int, youth_id: int, url: str | None = None) -> YouthInfo:
    with session_scope(url) as session:
        return _youth_info(_own_youth(session, worker_id, youth_id))


def _limited(session, key: str) -> bool:
    current = now()
    mine = session.execute(
        select(func.count(CodeAttempt.id)).where(
            CodeAttempt.conversation_key == key,
            CodeAttempt.created_at >= current - ATTEMPTS_WINDOW,
        )
    ).scalar_one()
    if mine >= ATTEMPTS_PER_CONVERSATION:
        return True
    everyone = session.execute(
        select(func.count(CodeAttempt.id)).where(
            CodeAttempt.created_at >= current - ATTEMPTS_GLOBAL_WINDOW
        )
    ).scalar_one()
    return everyone >= ATTEMPTS_GLOBAL


def redeem(sender_id: str, code: str, url: str | None = None) -> RedeemResult:
    """Link this conversation with the young person whose code this is."""
    key = conversation_key(sender_id)
    code = invite_code.normalize(code)
    with session_scope(url) as session:
        if _limited(session, key):
            return RedeemResult(LIMITED)
        youth = None
        if invite_code.is_well_formed(code):
            youth = session.execute(
                select(Youth).where(Youth.invite_code == code)
            ).scalar_one_or_none()
        if youth is None:
            session.add(CodeAttempt(conversation_key=key))
            return RedeemResult(WRONG)
        if (aware(youth.invite_expires_at) or now()) <= now():
            return RedeemResult(EXPIRED)
        # One conversation belongs to one young person: a new code moves it.
        for other in session.execute(
            select(Youth).where(Youth.conversation_key == key, Youth.id != youth.id)
        ).scalars():
            other.sender_id = other.conversation_key = other.linked_at = None
        session.flush()
        youth.sender_id = sender_id
        youth.conversation_key = key
        youth.linked_at = now()
        youth.invite_code = None
        youth.invite_expires_at = None
        session.execute(delete(CodeAttempt).where(CodeAttempt.conversation_key == key))
        worker = session.get(Worker, youth.worker_id)
        return RedeemResult(LINKED, Link(youth.id, youth.display_name, worker.id, worker.name))


def linked_youth(session, sender_id: str) -> Youth | None:
    return session.execute(
        select(Youth).where(Youth.conversation_key == conversation_key(sender_id))
    ).scalar_one_or_none()


def link_for(sender_id: str, url: str | None = None) -> Link | None:
    """The young person and worker this conversation is linked to, if any."""
    with session_scope(url) as session:
        youth = linked_youth(session, sender_id)
        if youth is None:
            return None
        worker = session.get(Worker, youth.worker_id)
        if worker is None or not worker.active:
            return None
        return Link(youth.id, youth.display_name, worker.id, worker.name)


def unlink_conversation(sender_id: str, url: str | None = None) -> bool:
    """The young person ends the link themselves (e.g. when deleting their data)."""
    with session_scope(url) as session:
        youth = linked_youth(session, sender_id)
        if youth is None:
            return False
        youth.sender_id = youth.conversation_key = youth.linked_at = None
        return True

