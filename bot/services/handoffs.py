"""Handoff requests from a young person to their worker, replies, audit log.

A request is stored in one transaction with the message, the contact wish and
the urgency; it goes to the young person's own worker, or to the substitute
while the worker is away. A worker sees the requests of their own young people
and those routed to them; any other request "does not exist" for them
(``NotFound``), in the dashboard and in the JSON API alike. Every view, reply
and status change is written to the audit log (no message text there).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, or_, select
from sqlalchemy.exc import IntegrityError

from bot.db import session_scope
from bot.models import AuditEntry, HandoffReply, HandoffRequest, Worker, Youth
from bot.services.common import aware, conversation_key, now
from bot.services.linking import linked_youth
from bot.services.workers import first_name, is_away

MAX_MESSAGE_CHARS = 2000
MAX_REPLY_CHARS = 2000

CONTACT_METHODS = {
    "chat": "Vastaus tähän chattiin",
    "phone": "Puhelu",
    "meeting": "Tapaaminen",
    "any": "Miten vain",
}
URGENCIES = {
    "urgent": "Kiireellinen, tänään",
    "week": "Tällä viikolla",
    "no_hurry": "Ei kiirettä",
}
STATUSES = {
    "new": "Uusi",
    "seen": "Nähty",
    "in_progress": "Työn alla",
    "done": "Valmis",
}


# The request "yes, tell my worker" after the emergency contacts creates. The
# young person's crisis message itself is not passed on.
CRISIS_MESSAGE = (
    "Nuori kertoi chatissa olevansa hädässä ja toivoo, että otat häneen yhteyttä pian. "
    "Botti antoi hänelle hätänumeron 112 ja tilanteeseen sopivat tukinumerot."
)


class NotLinked(Exception):
    """The conversation is not linked to a worker (no invite code given)."""


class NotFound(Exception):
    """No such request, or not one this worker may see."""


@dataclass(frozen=True)
class Created:
    id: int
    worker_name: str
    to_substitute: bool
    own_worker_name: str
    away_until: datetime | None

    @property
    def worker_first_name(self) -> str:
        return first_name(self.worker_name)

    @property
    def own_worker_first_name(self) -> str:
        return first_name(self.own_worker_name)


@dataclass(frozen=True)
class Reply:
    id: int
    worker_name: str
    text: str
    created_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True)
class RequestView:
    id: int
    youth_name: str
    message: str
    contact_method: str
    urgency: str
    status: str
    to_substitute: bool
    created_at: datetime
    meeting_summary: str | None
    replies: tuple[Reply, ...]
    linked: bool

    @property
    def contact_label(self) -> str:
        return CONTACT_METHODS.get(self.contact_method, self.contact_method)

    @property
    def urgency_label(self) -> str:
        return URGENCIES.get(self.urgency, self.urgency)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "urgency": self.urgency,
            "contact_method": self.contact_method,
            "created_at": self.created_at.isoformat(),
            "youth_display_name": self.youth_name,
            "message": self.message,
            "to_substitute": self.to_substitute,
        }


def _view(request: HandoffRequest, with_replies: bool = True) -> RequestView:
    replies = tuple(
        Reply(r.id, r.worker.name, r.text, aware(r.created_at), aware(r.delivered_at))
        for r in request.replies
    ) if with_replies else ()
    return RequestView(
        id=request.id, youth_name=request.youth.display_name, message=request.message,
        contact_method=request.contact_method, urgency=request.urgency, status=request.status,
        to_substitute=request.to_substitute, created_at=aware(request.created_at),
        meeting_summary=request.meeting_summary, replies=replies,
        linked=request.youth.conversation_key is not None,
    )


def _check_text(text: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValueError("empty text")
    if len(text) > limit:
        raise ValueError("text too long")
    return text


def create_request(
    sender_id: str, message: str, contact_method: str, urgency: str,
    meeting_summary: str | None = None, url: str | None = None,
    client_key: str | None = None,
) -> Created:
    """Store a request for the conversation's worker (or their substitute).

    With a `client_key`, sending the same request again (a retry after an
    error whose outcome the chat could not know) returns the stored request
    instead of storing a second one.
    """
    message = _check_text(message, MAX_MESSAGE_CHARS)
    if contact_method not in CONTACT_METHODS or urgency not in URGENCIES:
        raise ValueError("unknown contact method or urgency")
    if client_key is not None and not (0 < len(client_key) <= 64):
        raise ValueError("bad client key")
    try:
        return _create_request(sender_id, message, contact_method, urgency, meeting_summary,
                               url, client_key)
    except IntegrityError:
        # the same key stored at the same moment by another try: that one counts
        existing = _existing_request(client_key, url) if client_key else None
        if existing is None:
            raise
        return existing


def _created(session, request: HandoffRequest) -> Created:
    own = session.get(Worker, request.youth.worker_id)
    target = session.get(Worker, request.worker_id)
    return Created(
        request.id, target.name, request.to_substitute, own.name,
        aware(own.away_until) if request.to_substitute else None,
    )


def _existing_request(client_key: str, url: str | None) -> Created | None:
    with session_scope(url) as session:
        request = session.execute(
            select(HandoffRequest).where(HandoffRequest.client_key == client_key)
        ).scalar_one_or_none()
        return _created(session, request) if request is not None else None


def _create_request(
    sender_id: str, message: str, contact_method: str, urgency: str,
    meeting_summary: str | None, url: str | None, client_key: str | None,
) -> Created:
    with session_scope(url) as session:
        youth = linked_youth(session, sender_id)
        if youth is None:
            raise NotLinked()
        if client_key is not None:
            existing = session.execute(
                select(HandoffRequest).where(
                    HandoffRequest.client_key == client_key, HandoffRequest.youth_id == youth.id
                )
            ).scalar_one_or_none()
            if existing is not None:
                return _created(session, existing)
        own = session.get(Worker, youth.worker_id)
        target = own
        to_substitute = False
        if is_away(own.away_from, own.away_until) and own.substitute is not None and own.substitute.active:
            target, to_substitute = own.substitute, True
        request = HandoffRequest(
            youth_id=youth.id, worker_id=target.id, to_substitute=to_substitute,
            message=message, contact_method=contact_method, urgency=urgency, status="new",
            meeting_summary=meeting_summary, client_key=client_key,
        )
        session.add(request)
        session.flush()
        return Created(
            request.id, target.name, to_substitute, own.name,
            aware(own.away_until) if to_substitute else None,
        )


def _visible(worker_id: int):
    """Requests a worker may see: routed to them, or from their own young people."""
    return or_(HandoffRequest.worker_id == worker_id, Youth.worker_id == worker_id)


def list_for_worker(worker_id: int, done: bool = False, url: str | None = None) -> list[RequestView]:
    """Open requests (or the done ones), urgent first, newest first."""
    status_filter = HandoffRequest.status == "done" if done else HandoffRequest.status != "done"
    with session_scope(url) as session:
        rows = session.execute(
            select(HandoffRequest)
            .join(Youth, HandoffRequest.youth_id == Youth.id)
            .where(and_(_visible(worker_id), status_filter))
            .order_by(
                case((HandoffRequest.urgency == "urgent", 0), else_=1),
                HandoffRequest.created_at.desc(),
                HandoffRequest.id.desc(),
            )
        ).scalars()
        return [_view(r, with_replies=False) for r in rows]


def _load_visible(session, worker_id: int, request_id: int) -> HandoffRequest:
    request = session.execute(
        select(HandoffRequest)
        .join(Youth, HandoffRequest.youth_id == Youth.id)
        .where(HandoffRequest.id == request_id, _visible(worker_id))
    ).scalar_one_or_none()
    if request is None:
        raise NotFound()
    return request


def _audit(session, actor_id: int | None, action: str, target: str | None) -> None:
    session.add(AuditEntry(actor_id=actor_id, action=action, target=target))


def get_for_worker(
    worker_id: int, request_id: int, via: str = "dashboard", url: str | None = None
) -> RequestView:
    """One request, if the worker may see it. Every view is audited; opening a
    new one in the dashboard marks it seen (the read-only API changes nothing)."""
    with session_scope(url) as session:
        request = _load_visible(session, worker_id, request_id)
        if request.status == "new" and via == "dashboard":
            request.status = "seen"
        _audit(session, worker_id, f"view_request_{via}", f"handoff:{request.id}")
        session.flush()
        return _view(request)


def set_status(worker_id: int, request_id: int, status: str, url: str | None = None) -> None:
    if status not in STATUSES:
        raise ValueError("unknown status")
    with session_scope(url) as session:
        request = _load_visible(session, worker_id, request_id)
        request.status = status
        _audit(session, worker_id, f"status_{status}", f"handoff:{request.id}")


@dataclass(frozen=True)
class ReplyTarget:
    reply_id: int
    sender_id: str | None  # None: the young person's chat is no longer linked


def add_reply(worker_id: int, request_id: int, text: str, url: str | None = None) -> ReplyTarget:
    """Store a worker's reply; it is delivered to the chat by the Rasa server."""
    text = _check_text(text, MAX_REPLY_CHARS)
    with session_scope(url) as session:
        request = _load_visible(session, worker_id, request_id)
        reply = HandoffReply(request_id=request.id, worker_id=worker_id, text=text)
        session.add(reply)
        if request.status in ("new", "seen"):
            request.status = "in_progress"
        _audit(session, worker_id, "reply", f"handoff:{request.id}")
        session.flush()
        return ReplyTarget(reply.id, request.youth.sender_id)


@dataclass(frozen=True)
class PendingReply:
    id: int
    worker_first_name: str
    text: str


def pending_replies(sender_id: str, url: str | None = None) -> list[PendingReply]:
    """Replies to this conversation that the chat has not shown yet, oldest first."""
    with session_scope(url) as session:
        rows = session.execute(_undelivered(sender_id).order_by(HandoffReply.id)).scalars()
        return [PendingReply(r.id, first_name(r.worker.name), r.text) for r in rows]


def _undelivered(sender_id: str):
    """Replies to this conversation's requests that the chat has not shown."""
    return (
        select(HandoffReply)
        .join(HandoffRequest, HandoffReply.request_id == HandoffRequest.id)
        .join(Youth, HandoffRequest.youth_id == Youth.id)
        .where(Youth.conversation_key == conversation_key(sender_id),
               HandoffReply.delivered_at.is_(None))
    )


def mark_delivered(reply_ids: list[int], url: str | None = None) -> None:
    if not reply_ids:
        return
    with session_scope(url) as session:
        for reply in session.execute(
            select(HandoffReply).where(HandoffReply.id.in_(reply_ids))
        ).scalars():
            if reply.delivered_at is None:
                reply.delivered_at = now()


def acknowledge_replies(sender_id: str, reply_ids: list[int], url: str | None = None) -> int:
    """The widget has shown these replies: mark those of this conversation delivered."""
    if not reply_ids:
        return 0
    with session_scope(url) as session:
        rows = session.execute(
            _undelivered(sender_id).where(HandoffReply.id.in_(reply_ids))
        ).scalars().all()
        for reply in rows:
            reply.delivered_at = now()
        return len(rows)


def audit(actor_id: int | None, action: str, target: str | None = None, url: str | None = None) -> None:
    with session_scope(url) as session:
        _audit(session, actor_id, action, target)


@dataclass(frozen=True)
class AuditView:
    created_at: datetime
    actor: str
    action: str
    target: str | None


def list_audit(limit: int = 200, url: str | None = None) -> list[AuditView]:
    with session_scope(url) as session:
        rows = session.execute(
            select(AuditEntry, Worker.email)
            .join(Worker, AuditEntry.actor_id == Worker.id, isouter=True)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        ).all()
        return [
            AuditView(aware(entry.created_at), email or "–", entry.action, entry.target)
            for entry, email in rows
        ]


# Reading the contact wish and urgency from what the young person typed (or
# the button they pressed). Word beginnings, after folding ä→a and ö→o.
_CONTACT_WORDS = (
    ("any", ("ihan sama", "miten vaan", "miten vain", "mika vaan", "mika vain", "kumpi vaan")),
    ("phone", ("puhel", "soit", "fonill", "luuri")),
    ("meeting", ("tapaa", "tavat", "nahda", "naha", "kasvok", "naama", "toimisto")),
    ("chat", ("chat", "chatt", "tahan", "taalla", "viest", "kirjoit", "tekstaa")),
)
_URGENCY_WORDS = (
    ("no_hurry", ("ei kiire", "ei oo kiire", "ei ole kiire", "ei mitaan kiire", "ei hata",
                  "milloin vaan", "milloin vain", "joskus", "ei kiirett")),
    ("week", ("viiko", "vko", "lahipaivi", "huomen", "parin paivan", "muutaman paivan")),
    ("urgent", ("kiire", "tanaan", "heti", "nyt", "pian", "asap", "hata", "akkia")),
)


def _match(text: str, table) -> str | None:
    from bot.safety.normalize import fold, words

    folded = " ".join(words(fold(text or "")))
    padded = f" {folded}"
    for value, stems in table:
        if any(f" {stem}" in padded for stem in stems):
            return value
    return None


def parse_contact_method(text: str) -> str | None:
    """"puhelu" → phone, "vastaus tähän chattiin" → chat, …; None if unclear."""
    return _match(text, _CONTACT_WORDS)


def parse_urgency(text: str) -> str | None:
    """"kiire tänään" → urgent, "tällä viikolla" → week, "ei kiirettä" → no_hurry."""
    return _match(text, _URGENCY_WORDS)
