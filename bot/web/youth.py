"""The youth page at `/`: a plain chat form that works without JavaScript.

The embeddable widget replaces this form later; until then (and for browsers
without JavaScript) the page relays one message at a time to Rasa's REST channel.
"""
from __future__ import annotations

import logging
import secrets

from flask import Blueprint, current_app, render_template, request, session

from bot.rasa_client import RasaUnavailable, send_message
from bot.text import MAX_MESSAGE_CHARS, classify_input

log = logging.getLogger(__name__)
blueprint = Blueprint("youth", __name__)

NOT_AVAILABLE = (
    "Botti ei juuri nyt vastaa. Yritä hetken päästä uudelleen. "
    "Jos olet vaarassa, soita heti 112."
)


def _sender_id() -> str:
    if "sender_id" not in session:
        session["sender_id"] = secrets.token_hex(16)
        session.permanent = True
    return session["sender_id"]


@blueprint.get("/")
def index():
    return render_template("index.html", max_chars=MAX_MESSAGE_CHARS)


@blueprint.post("/")
def send():
    text = request.form.get("message", "")
    problem = classify_input(text)
    if problem == "empty":
        return render_template(
            "index.html", max_chars=MAX_MESSAGE_CHARS, notice="Kirjoita ensin viesti."
        )
    if problem == "too_long":
        notice = (
            f"Viesti on liian pitkä ({len(text.strip())} merkkiä). "
            f"Lyhennä se alle {MAX_MESSAGE_CHARS} merkkiin. Tekstisi on tallessa alla."
        )
        return render_template(
            "index.html", max_chars=MAX_MESSAGE_CHARS, notice=notice, draft=text
        ), 413
    settings = current_app.config["RINNALLA_SETTINGS"]
    try:
        replies = send_message(_sender_id(), text.strip(), settings)
    except RasaUnavailable as error:
        log.warning("Rasa did not answer the youth page: %s", error)
        return render_template(
            "index.html", max_chars=MAX_MESSAGE_CHARS, notice=NOT_AVAILABLE, draft=text
        ), 503
    shown = request.form.get("label") or text.strip()
    return render_template(
        "index.html", max_chars=MAX_MESSAGE_CHARS, sent=shown, replies=replies
    )
