"""The socket.io channel the website widget talks to.

Rasa's own channel with three additions that the widget needs:

- **Origin allowlist.** A connection (polling or websocket) is accepted only
  from the origins in ``CORS_ORIGINS`` (the same list Rasa's ``--cors`` gets).
  Browsers do not apply CORS to websockets, so the check is made here.
- **Size limit.** A message longer than ``MAX_MESSAGE_CHARS`` gets a clear
  Finnish refusal and never reaches the model.
- **Rate limit.** At most ``RATE_LIMIT`` messages per conversation in
  ``RATE_WINDOW`` seconds (per Rasa instance). The limits and texts are shared
  with the REST channel (``bot.channels.limits``). A message over the limit is not
  processed; its acknowledgement says when to try again, and the widget keeps
  it in its outbox and sends it then, so nothing typed is lost.
- **Worker replies are acknowledged.** A reply pushed to the widget carries the
  reply ids; the widget answers ``replies_seen`` and only then is the reply
  marked delivered. When a widget (re)connects and its conversation has
  replies that were never acknowledged, they are shown again
  (``EXTERNAL_show_replies``), so a reply sent while the phone was offline is
  not lost. Ids are checked against the conversation, so one conversation can
  never mark another's replies.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot.channels.limits import MAX_MESSAGE_CHARS, RateLimiter, too_long_text
from bot.channels.never_silent import answering
from bot.config import load_settings

log = logging.getLogger(__name__)

SHOW_REPLIES = "/EXTERNAL_show_replies"
ACK_EVENT = "replies_seen"
SESSION_ID_MAX = 64


def allowed_origin(origin: Optional[str], allowed: tuple[str, ...]) -> bool:
    """No Origin header (not a browser) is allowed; a browser's must be listed."""
    if not origin:
        return True
    return origin.rstrip("/") in {o.rstrip("/") for o in allowed} or "*" in allowed


def valid_session_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= SESSION_ID_MAX and value.isalnum()


class WidgetSocketIOInput(SocketIOInput):
    """``bot.channels.socketio.WidgetSocketIOInput`` in credentials.yml."""

    @classmethod
    def name(cls) -> Text:
        # Same name as Rasa's channel: the widget's URL, the tracker's
        # input_channel and output_channel=latest all keep working.
        return "socketio"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        # A message that ends without any bot message gets a notice instead.
        on_new_message = answering(on_new_message)
        origins = load_settings().cors_origins
        # CORS headers for polling come from Rasa's --cors (Sanic-CORS); the
        # engine itself must not add a second set, hence [] here.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace
        limiter = RateLimiter()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not allowed_origin(origin, origins):
                log.warning("socket.io connection refused from an origin not in CORS_ORIGINS")
                return False
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id")
            if not valid_session_id(session_id):
                session_id = _new_session_id()
            sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)
            if await _has_pending_replies(session_id):
                await on_new_message(UserMessage(
                    SHOW_REPLIES, SocketIOOutput(sio, self.bot_message_evt), session_id,
                    input_channel=self.name(),
                ))

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            if not isinstance(data, dict) or not valid_session_id(data.get("session_id")):
                return  # the widget always sends one; nothing sensible to answer
            session_id = data["session_id"]
            text = data.get("message")
            if not isinstance(text, str):
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            if len(text.strip()) > MAX_MESSAGE_CHARS:
                await output.send_text_message(session_id, too_long_text())
                return {"ok": False, "reason": "too_long"}
            if text.strip().startswith("/EXTERNAL_"):
                return {"ok": False, "reason": "not_allowed"}  # only the server triggers these
            wait = limiter.wait(session_id)
            if wait:
                return {"ok": False, "reason": "rate_limited", "retry_after": wait}
            await on_new_message(UserMessage(
                text, output, session_id, input_channel=self.name(), metadata=None
            ))
            return {"ok": True}

        @sio.on(ACK_EVENT, namespace=namespace)
        async def replies_seen(sid: Text, data: Dict) -> None:
            if not isinstance(data, dict) or not valid_session_id(data.get("session_id")):
                return
            ids = [i for i in data.get("ids") or [] if isinstance(i, int)][:50]
            if ids:
                await _acknowledge(data["session_id"], ids)

        return webhook


def _new_session_id() -> str:
    import uuid

    return uuid.uuid4().hex


async def _has_pending_replies(session_id: str) -> bool:
    from bot.services import handoffs

    try:
        return bool(await asyncio.to_thread(handoffs.pending_replies, session_id))
    except Exception as error:  # noqa: BLE001 - shown on the next connect instead
        log.warning("could not check waiting replies: %s", error.__class__.__name__)
        return False


async def _acknowledge(session_id: str, ids: list[int]) -> None:
    from bot.services import handoffs

    try:
        await asyncio.to_thread(handoffs.acknowledge_replies, session_id, ids)
    except Exception as error:  # noqa: BLE001 - stays pending, shown again on connect
        log.warning("could not mark replies delivered: %s", error.__class__.__name__)
