""""poista tietoni": delete the app's data of one conversation.

The chat (actions/privacy.py) calls ``forget_conversation`` after the young
person has confirmed. In one transaction it deletes what this service keeps
about the conversation:

* the "Minun asiani" preparation, its answers and its printable link
  (the link lives on the preparation row, so it stops working at once);
* the link between the conversation and the young person's worker: the
  ``Youth`` row keeps only what the worker entered (a first name), the
  conversation's id and key are removed, as ``linking.unlink_conversation``
  does. The conversation id disappears anyway, so a worker's reply could no
  longer reach it.

What stays, and why:

* handoff requests already sent, with any "Minun asiani" copy attached to
  them, and the worker's replies: they were delivered to the worker and are
  part of the worker's case work (the young person is told so);
* anonymous counts (``usage_events``): no text, no sender;
* wrong invite-code attempts (``code_attempts``): a keyed hash and a time,
  kept for the rate limit (deleted by retention).

The conversation's messages themselves are in Rasa's tracker store; they are
deleted by ``bot.tracker_store.ForgettingSQLTrackerStore`` at the end of the
turn, when the action has set ``FORGET_SLOT``.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.db import session_scope
from bot.models import MeetingPreparation, Youth
from bot.services.common import conversation_key

# The marker slot (domain.yml) and the value the tracker store looks for.
FORGET_SLOT = "forget_conversation"
FORGET_ACTION = "action_forget_me"
# The response that asks for the confirmation (domain.yml); the action deletes
# only right after it.
CONFIRM_RESPONSE = "utter_ask_forget_confirm"
# The custom message the widget understands (bot/web/static/widget.js): it
# clears its copy of the conversation and starts a new conversation id.
WIDGET_MESSAGE = {"rinnalla": "conversation_forgotten"}


@dataclass(frozen=True)
class Forgotten:
    preparation_deleted: bool
    was_linked: bool


def forget_conversation(sender_id: str, url: str | None = None) -> Forgotten:
    """Delete the app's data of this conversation, all or nothing.

    Raises on a database error (e.g. a locked database); then nothing was
    deleted and the caller must not delete the conversation's events either.
    """
    key = conversation_key(sender_id)
    with session_scope(url) as session:
        prep = session.execute(
            select(MeetingPreparation).where(MeetingPreparation.conversation_key == key)
        ).scalar_one_or_none()
        if prep is not None:
            session.delete(prep)  # its answers go with it (cascade)
        youth = session.execute(
            select(Youth).where(Youth.conversation_key == key)
        ).scalar_one_or_none()
        if youth is not None:
            youth.sender_id = youth.conversation_key = youth.linked_at = None
        return Forgotten(preparation_deleted=prep is not None, was_linked=youth is not None)
