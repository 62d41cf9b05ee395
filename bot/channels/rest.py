"""Rasa's REST channel with the same guards as the widget's socket channel.

``bot.channels.rest.GuardedRestInput`` in credentials.yml. The URL stays
``/webhooks/rest/webhook`` (the name is ``rest``); the no-JavaScript youth page
(``/chat``) and, in production, the public REST webhook use it. Before Rasa's
own handler runs, every POST is checked (``GuardedRestInput.refusal``):

- **Well-formed.** The body must be a JSON object with a ``sender`` (a string
  of at most ``SENDER_MAX`` characters, or a number) and a ``message`` string.
  Anything else gets 400 and a short JSON error, never a stack trace. (Rasa
  itself would put messages without a sender into one shared conversation.)
- **Size limit.** A message longer than ``MAX_MESSAGE_CHARS`` gets 200 and one
  Finnish bot message (``TOO_LONG``: too long, send it in shorter parts, 112 if
  in danger). The model never sees it: the crisis lexicon alone needs about a
  second per 2000 characters, so a 100 kB message would stall the server.
- **No outside events.** ``/EXTERNAL_…`` intents are sent only by our own
  processes through the token-protected HTTP API; from here they get 400.
- **Rate limit.** At most ``RATE_LIMIT`` messages per sender in
  ``RATE_WINDOW`` seconds (per Rasa instance, see ``bot.channels.limits``).
  Over the limit: HTTP 429, a ``Retry-After`` header and
  ``{"ok": false, "reason": "rate_limited", "retry_after": s, "text": "…"}``;
  the youth page shows the text and keeps what was typed.

When the server starts, the channel also lowers Sanic's request body limit
(``REQUEST_MAX_SIZE``, 100 MB by default) to ``MAX_REQUEST_BYTES`` (1 MB) for
the whole Rasa server; a larger body gets Sanic's 413 before any handler runs.
"""
from __future__ import annotations

import logging
import math
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import (
    MAX_MESSAGE_CHARS, MAX_REQUEST_BYTES, RateLimiter, rate_limited_text, too_long_text,
)
from bot.channels.never_silent import answering

log = logging.getLogger(__name__)

SENDER_MAX = 128


def _error(status: int, reason: str) -> HTTPResponse:
    return response.json({"ok": False, "reason": reason}, status=status)


def _sender(body: dict) -> Optional[str]:
    value = body.get("sender")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > SENDER_MAX:
        return None
    return value


class GuardedRestInput(RestInput):
    """Rasa's ``rest`` channel with a size limit, a rate limit and input checks."""

    def __init__(self, limiter: Optional[RateLimiter] = None) -> None:
        self.limiter = limiter or RateLimiter()

    @classmethod
    def name(cls) -> Text:
        # Same name as Rasa's channel: same URL, same input_channel in the tracker.
        return "rest"

    def refusal(self, request: Request) -> Optional[HTTPResponse]:
        """The answer for a message that must not reach the model, else None."""
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises InvalidUsage on bad JSON
            body = None
        if not isinstance(body, dict):
            return _error(400, "not_json")
        sender = _sender(body)
        if sender is None:
            return _error(400, "no_sender")
        text = body.get("message")
        if not isinstance(text, str):
            return _error(400, "no_message")
        if len(text.strip()) > MAX_MESSAGE_CHARS:
            return response.json([{"recipient_id": sender, "text": too_long_text()}])
        if text.strip().startswith("/EXTERNAL_"):
            return _error(400, "not_allowed")  # only our own processes trigger these
        wait = self.limiter.wait(sender)
        if wait:
            log.info("REST message refused: over the rate limit")
            return response.json(
                {"ok": False, "reason": "rate_limited", "retry_after": wait,
                 "text": rate_limited_text(wait)},
                status=429, headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return None

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        # A message that ends without any bot message gets a notice instead
        # (bot.channels.never_silent); Rasa's handler never sees an exception.
        webhook = super().blueprint(answering(on_new_message))

        # Runs before Rasa's handler for this blueprint's routes only; a
        # response returned here is the answer and the handler never runs.
        @webhook.middleware("request")
        async def guard(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            return self.refusal(request)

        @webhook.listener("before_server_start")
        async def limit_request_size(app, _loop) -> None:
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_REQUEST_BYTES)

        return webhook
