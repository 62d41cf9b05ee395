"""The youth pages.

``/`` is the page young people land on, with the chat widget
(``static/widget.js``, talking to Rasa's socket.io channel). ``/?code=K7PQ2XW``
(the link a worker gives; ``?koodi=`` works too) links the conversation: the
widget sends the code by itself.

``/chat`` is the same chat without JavaScript: a plain form that relays one
message at a time to Rasa's REST channel. Replies from the young person's
worker that the chat has not shown yet are shown first, on a visit and before
each message (through Rasa's HTTP API, so they are part of the conversation).
There ``?code=`` fills in the code and the young person sends it. A message
over the limit, a body too big for the web app (``MAX_CONTENT_LENGTH``) and
Rasa's rate limit (HTTP 429 from the REST channel) each get a Finnish notice on
the same page; the typed text is kept in the box whenever it was received.

``/tietosuoja`` is the privacy page the widget links to.
"""
from __future__ import annotations

import logging
import os
import secrets

from flask import Blueprint, current_app, render_template, request, session
from werkzeug.exceptions import RequestEntityTooLarge

from bot import invite_code
from bot.channels.limits import rate_limited_text
from bot.rasa_client import RasaUnavailable, send_message, trigger_intent
from bot.services import handoffs
from bot.services import privacy as privacy_service  # privacy() is the page below
from bot.text import MAX_MESSAGE_CHARS, classify_input

log = logging.getLogger(__name__)
blueprint = Blueprint("youth", __name__)

# The Rasa server answered with nothing (e.g. the action server is down):
# never leave the young person with silence.
NO_REPLY = (
    "En saanut nyt vastausta. Yritä hetken päästä uudelleen. "
    "Jos olet vaarassa, soita heti 112."
)
NOT_AVAILABLE = (
    "Botti ei juuri nyt vastaa. Yritä hetken päästä uudelleen. "
    "Jos olet vaarassa, soita heti 112."
)

KEPT = "Tekstisi on tallessa alla."
TOO_BIG = (
    "Viestisi oli niin pitkä, ettei sitä voitu ottaa vastaan. Lähetä se "
    "lyhyempinä paloina, enintään {limit} merkkiä kerrallaan."
)


def _sender_id() -> str:
    if "sender_id" not in session:
        session["sender_id"] = secrets.token_hex(16)
        session.permanent = True
    return session["sender_id"]


def waiting_replies(sender_id: str | None) -> list[dict]:
    """The worker's replies not shown yet, as bot messages (empty on any trouble:
    they stay waiting and are shown next time)."""
    if not sender_id:
        return []
    try:
        if not handoffs.pending_replies(sender_id):
            return []
        settings = current_app.config["RINNALLA_SETTINGS"]
        return trigger_intent(sender_id, "EXTERNAL_show_replies", "collector", settings)
    except Exception as error:  # noqa: BLE001 - never block the chat
        log.warning("could not show waiting replies: %s", error.__class__.__name__)
        return []


def retry_after(error: RasaUnavailable) -> float | None:
    """Seconds to wait when Rasa refused the message for the rate limit, else None."""
    answer = getattr(error.__cause__, "response", None)
    if answer is None or answer.status_code != 429:
        return None
    try:
        return float(answer.json()["retry_after"])
    except (ValueError, KeyError, TypeError):
        try:
            return float(answer.headers.get("Retry-After", ""))
        except ValueError:
            return 60.0


def widget_server_url() -> str:
    """Where the widget finds Rasa's socket.io channel.

    WIDGET_SERVER_URL, else PUBLIC_URL (a reverse proxy sends /socket.io to
    Rasa), else the Rasa port on the host this page was opened from.
    """
    settings = current_app.config["RINNALLA_SETTINGS"]
    configured = os.environ.get("WIDGET_SERVER_URL", "").strip().rstrip("/")
    if configured:
        return configured
    if os.environ.get("PUBLIC_URL", "").strip():
        return settings.public_web_url
    host = (request.host or "localhost").rsplit(":", 1)[0] if request else "localhost"
    return f"http://{host}:{settings.rasa_port}"


@blueprint.get("/")
def index():
    code = request.args.get("code") or request.args.get("koodi") or ""
    return render_template("index.html", widget_server=widget_server_url(), code=code)


@blueprint.get("/tietosuoja")
def privacy():
    from bot.services import retention

    return render_template("privacy.html", retention_days=retention.displayed_days())


@blueprint.get("/chat")
def chat():
    code = request.args.get("code") or request.args.get("koodi") or ""
    draft, notice = None, None
    if code:
        if invite_code.is_well_formed(code):
            draft = f"Koodini on {invite_code.normalize(code)}"
            notice = "Paina Lähetä, niin tämä keskustelu yhdistetään työntekijääsi."
        else:
            notice = "Linkin koodi ei ole kokonainen. Kirjoita koodi itse viestiksi."
    return render_template(
        "chat.html", max_chars=MAX_MESSAGE_CHARS, draft=draft, notice=notice,
        replies=waiting_replies(session.get("sender_id")),
    )


@blueprint.post("/chat")
def send():
    text = request.form.get("message", "")
    problem = classify_input(text)
    if problem == "empty":
        return render_template(
            "chat.html", max_chars=MAX_MESSAGE_CHARS, notice="Kirjoita ensin viesti."
        )
    if problem == "too_long":
        notice = (
            f"Viesti on liian pitkä ({len(text.strip())} merkkiä). "
            f"Lyhennä se alle {MAX_MESSAGE_CHARS} merkkiin. Tekstisi on tallessa alla."
        )
        return render_template(
            "chat.html", max_chars=MAX_MESSAGE_CHARS, notice=notice, draft=text
        ), 413
    settings = current_app.config["RINNALLA_SETTINGS"]
    earlier = waiting_replies(session.get("sender_id"))
    try:
        replies = earlier + send_message(_sender_id(), text.strip(), settings)
    except RasaUnavailable as error:
        wait = retry_after(error)
        if wait is not None:
            return render_template(
                "chat.html", max_chars=MAX_MESSAGE_CHARS, draft=text, replies=earlier,
                notice=f"{rate_limited_text(wait)} {KEPT}",
            ), 429
        log.warning("Rasa did not answer the youth page: %s", error)
        return render_template(
            "chat.html", max_chars=MAX_MESSAGE_CHARS, notice=NOT_AVAILABLE, draft=text,
            replies=earlier,
        ), 503
    shown = request.form.get("label") or text.strip()
    if any((r.get("custom") or {}).get("data") == privacy_service.WIDGET_MESSAGE for r in replies):
        # "poista tietoni" done: the next message starts a new conversation
        # under a new id, like the widget does.
        session.pop("sender_id", None)
    silent = not any(r.get("text") or r.get("buttons") for r in replies[len(earlier):])
    return render_template(
        "chat.html", max_chars=MAX_MESSAGE_CHARS, sent=shown, replies=replies,
        notice=NO_REPLY if silent else None,
    )


@blueprint.errorhandler(RequestEntityTooLarge)
def too_big(_error):
    """A body over MAX_CONTENT_LENGTH (64 kB) was not read: say so on the chat page."""
    return render_template(
        "chat.html", max_chars=MAX_MESSAGE_CHARS, notice=TOO_BIG.format(limit=MAX_MESSAGE_CHARS),
    ), 413
