"""Limits shared by our Rasa input channels (REST and socket.io).

- ``MAX_MESSAGE_CHARS`` (2000, from ``bot.text``): a longer message is refused
  with ``TOO_LONG`` and never reaches the model. The web form and the widget
  refuse the same length before sending, so a young person sees it there first.
- ``RateLimiter``: at most ``RATE_LIMIT`` messages per conversation in
  ``RATE_WINDOW`` seconds. The counts live in the memory of one Rasa process:
  with two Rasa instances behind the reverse proxy a conversation can send up
  to twice as many (the socket is sticky, REST requests may alternate). The
  reverse proxy adds a per-IP limit; a shared store (Redis) was left out on
  purpose, the limit is a brake on floods, not an exact quota.
- ``MAX_REQUEST_BYTES``: the Rasa server's own request body limit (Sanic's
  ``REQUEST_MAX_SIZE``, 100 MB by default), set by the REST channel when the
  server starts. Nothing we send to Rasa is big: ``PUT /model`` sends the model
  file's path, not the file.
"""
from __future__ import annotations

import math
import time
from collections import deque

from bot.text import MAX_MESSAGE_CHARS

__all__ = [
    "MAX_MESSAGE_CHARS", "MAX_REQUEST_BYTES", "RATE_LIMIT", "RATE_WINDOW", "RateLimiter",
    "TOO_LONG", "RATE_LIMITED", "too_long_text", "rate_limited_text",
]

RATE_LIMIT = 20
RATE_WINDOW = 60.0
MAX_REQUEST_BYTES = 1_000_000

# The bot did not read a refused message, so it cannot know whether it told of
# danger: the refusal always says where help is.
TOO_LONG = (
    "Viestisi on liian pitkä, joten en lukenut sitä. Lähetä se lyhyempinä "
    "paloina, enintään {limit} merkkiä kerrallaan. Jos olet vaarassa, soita heti 112."
)
RATE_LIMITED = (
    "Lähetit monta viestiä vähän ajan sisällä. Odota noin {seconds} sekuntia "
    "ja lähetä sitten uudelleen."
)


def too_long_text(limit: int = MAX_MESSAGE_CHARS) -> str:
    return TOO_LONG.format(limit=limit)


def rate_limited_text(retry_after: float) -> str:
    return RATE_LIMITED.format(seconds=max(1, math.ceil(retry_after)))


class RateLimiter:
    """A sliding window of message times per conversation (in memory)."""

    def __init__(self, limit: int = RATE_LIMIT, window: float = RATE_WINDOW,
                 clock=time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._times: dict[str, deque] = {}

    def wait(self, key: str) -> float:
        """0 when the message may go now (and it is counted), else seconds to wait."""
        now = self.clock()
        times = self._times.setdefault(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.limit:
            return round(self.window - (now - times[0]), 1) or 0.1
        times.append(now)
        if len(self._times) > 10_000:  # forget conversations that went quiet
            self._times = {k: v for k, v in self._times.items() if v and now - v[-1] < self.window}
        return 0.0
