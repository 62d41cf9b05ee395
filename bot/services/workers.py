"""Worker accounts: creation, login with lockout, API tokens, away periods.

Passwords are hashed with argon2 (argon2-cffi). After ``MAX_FAILURES`` wrong
passwords in a row the account is locked for ``LOCK_MINUTES``; a locked
account is not even checked, so guessing gains nothing while it lasts.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from bot.db import session_scope
from bot.models import Worker
from bot.services.common import aware, now, token_hash

ROLES = ("worker", "admin", "editor")
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_CHARS = 12
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,63}$")

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A worker account cannot be created or changed as asked (message in Finnish)."""


@dataclass(frozen=True)
class WorkerInfo:
    id: int
    email: str
    name: str
    role: str
    active: bool
    session_version: int
    away_from: datetime | None
    away_until: datetime | None
    substitute_id: int | None
    substitute_name: str | None
    has_api_token: bool

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"

    def is_away(self, at: datetime | None = None) -> bool:
        return is_away(self.away_from, self.away_until, at)


def first_name(name: str) -> str:
    return (name or "").strip().split(" ")[0]


def is_away(away_from: datetime | None, away_until: datetime | None, at: datetime | None = None) -> bool:
    at = at or now()
    start, end = aware(away_from), aware(away_until)
    if start is None or end is None:
        return False
    return start <= at < end


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def _info(worker: Worker) -> WorkerInfo:
    return WorkerInfo(
        id=worker.id, email=worker.email, name=worker.name, role=worker.role,
        active=worker.active, session_version=worker.session_version,
        away_from=aware(worker.away_from), away_until=aware(worker.away_until),
        substitute_id=worker.substitute_id,
        substitute_name=worker.substitute.name if worker.substitute is not None else None,
        has_api_token=worker.api_token_hash is not None,
    )


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise AccountError(f"Salasanassa pitää olla vähintään {MIN_PASSWORD_CHARS} merkkiä.")
    if len(password) > 1024:
        raise AccountError("Salasana on liian pitkä.")


def create_worker(
    email: str, name: str, password: str, role: str = "worker", url: str | None = None
) -> WorkerInfo:
    email = normalize_email(email)
    name = (name or "").strip()
    if not _EMAIL.match(email):
        raise AccountError("Sähköpostiosoite ei näytä oikealta.")
    if not name or len(name) > 100:
        raise AccountError("Kirjoita nimi (enintään 100 merkkiä).")
    if role not in ROLES:
        raise AccountError(f"Rooli on joko {' tai '.join(ROLES)}.")
    check_password_strength(password)
    with session_scope(url) as session:
        exists = session.execute(select(Worker.id).where(Worker.email == email)).first()
        if exists:
            raise AccountError("Tällä sähköpostiosoitteella on jo tunnus.")
        worker = Worker(
            email=email, name=name, role=role, password_hash=_hasher.hash(password),
            active=True, failed_logins=0, session_version=1,
        )
        session.add(worker)
        session.flush()
        return _info(worker)


@dataclass(frozen=True)
class LoginResult:
    worker: WorkerInfo | None
    locked_until: datetime | None = None


def authenticate(email: str, password: str, url: str | None = None) -> LoginResult:
    """Check a login. Wrong passwords count towards a temporary lock."""
    email = normalize_email(email)
    with session_scope(url) as session:
        worker = session.execute(select(Worker).where(Worker.email == email)).scalar_one_or_none()
        if worker is None or not worker.active:
            _verify(_DUMMY_HASH, password or "")
            return LoginResult(None)
        locked = aware(worker.locked_until)
        if locked is not None and locked > now():
            return LoginResult(None, locked_until=locked)
        if _verify(worker.password_hash, password or ""):
            worker.failed_logins = 0
            worker.locked_until = None
            if _hasher.check_needs_rehash(worker.password_hash):
                worker.password_hash = _hasher.hash(password)
            return LoginResult(_info(worker))
        worker.failed_logins = (worker.failed_logins or 0) + 1
        if worker.failed_logins >= MAX_FAILURES:
            worker.locked_until = now() + timedelta(minutes=LOCK_MINUTES)
            worker.failed_logins = 0
            return LoginResult(None, locked_until=aware(worker.locked_until))
        return LoginResult(None)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def get_worker(worker_id: int, url: str | None = None) -> WorkerInfo | None:
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        return _info(worker) if worker is not None else None


def find_by_email(email: str, url: str | None = None) -> WorkerInfo | None:
    with session_scope(url) as session:
        worker = session.execute(
            select(Worker).where(Worker.email == normalize_email(email))
        ).scalar_one_or_none()
        return _info(worker) if worker is not None else None


def list_workers(url: str | None = None) -> list[WorkerInfo]:
    with session_scope(url) as session:
        rows = session.execute(select(Worker).order_by(func.lower(Worker.name))).scalars()
        return [_info(w) for w in rows]


def end_sessions(worker_id: int, url: str | None = None) -> None:
    """Logout everywhere: sessions carrying an older version stop working."""
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is not None:
            worker.session_version = (worker.session_version or 1) + 1


def set_active(worker_id: int, active: bool, url: str | None = None) -> None:
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise AccountError("Tunnusta ei löydy.")
        worker.active = active
        worker.session_version = (worker.session_version or 1) + 1
        if not active:
            worker.api_token_hash = None


def set_password(worker_id: int, password: str, url: str | None = None) -> None:
    check_password_strength(password)
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise AccountError("Tunnusta ei löydy.")
        worker.password_hash = _hasher.hash(password)
        worker.failed_logins = 0
        worker.locked_until = None
        worker.session_version = (worker.session_version or 1) + 1


def issue_api_token(worker_id: int, url: str | None = None) -> str:
    """A new personal API token; the previous one stops working. Shown once."""
    token = "rin_" + secrets.token_urlsafe(32)
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is None or not worker.active:
            raise AccountError("Tunnusta ei löydy.")
        worker.api_token_hash = token_hash(token)
    return token


def worker_for_token(token: str, url: str | None = None) -> WorkerInfo | None:
    if not token or len(token) > 200:
        return None
    with session_scope(url) as session:
        worker = session.execute(
            select(Worker).where(Worker.api_token_hash == token_hash(token))
        ).scalar_one_or_none()
        if worker is None or not worker.active:
            return None
        return _info(worker)


def set_away(
    worker_id: int, away_from: datetime | None, away_until: datetime | None,
    substitute_id: int | None, url: str | None = None,
) -> None:
    """Set or clear (all None) an away period. A period needs a substitute."""
    with session_scope(url) as session:
        worker = session.get(Worker, worker_id)
        if worker is None:
            raise AccountError("Tunnusta ei löydy.")
        if away_from is None and away_until is None:
            worker.away_from = worker.away_until = None
            worker.substitute_id = None
            return
        if away_from is None or away_until is None or away_until <= away_from:
            raise AccountError("Poissaolon loppu pitää olla alun jälkeen.")
        substitute = session.get(Worker, substitute_id) if substitute_id else None
        if (
            substitute is None or substitute.id == worker.id or not substitute.active
            or substitute.role != "worker"
        ):
            raise AccountError("Valitse sijaiseksi toinen työntekijä.")
        worker.away_from, worker.away_until = away_from, away_until
        worker.substitute_id = substitute.id
