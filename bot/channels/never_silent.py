"""Every message a young person sends gets an answer, even when something broke.

When a custom action fails (the action server is down, or an action raised),
Rasa logs the error and carries on without that action's messages: in the
middle of a form the young person would get nothing at all. Both chat
channels (REST and the widget's socket.io) wrap Rasa's message handler with
`answering()`: if handling a user message ends without a single bot message,
or fails outright, the channel sends `failure_text()` (something went wrong,
try again shortly, the county's contact, 112). The conversation itself is
untouched, so the same message can simply be sent again later.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

log = logging.getLogger(__name__)

FALLBACK_CONTACT = "oma työntekijäsi tai alueesi sosiaalipäivystys"


def failure_text() -> str:
    try:
        from bot.content.region import load_region

        contact = load_region().aftercare_contact
    except Exception:  # noqa: BLE001 - the notice must not fail too
        contact = FALLBACK_CONTACT
    return (
        "Jokin meni vikaan, enkä pysty nyt vastaamaan. Yritä hetken päästä uudelleen.\n"
        f"Jos asia on kiireellinen, soita alueesi jälkihuoltoon: {contact}. "
        "Jos olet vaarassa, soita 112."
    )


class CountingOutput(OutputChannel):
    """Passes every bot message on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> Text:  # pragma: no cover - the instance answers below
        return "counting"

    def __getattr__(self, attribute: str) -> Any:
        # e.g. CollectingOutputChannel.messages for the REST answer
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    # Direct calls of the typed send methods are counted and passed on too.
    async def send_text_message(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(*args, **kwargs)

    async def send_image_url(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_image_url(*args, **kwargs)

    async def send_attachment(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_attachment(*args, **kwargs)

    async def send_text_with_buttons(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_with_buttons(*args, **kwargs)

    async def send_quick_replies(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_quick_replies(*args, **kwargs)

    async def send_elements(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_elements(*args, **kwargs)

    async def send_custom_json(self, *args: Any, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_custom_json(*args, **kwargs)


def expects_answer(text: Any) -> bool:
    """Typed text and button payloads do; our own internal triggers do not."""
    return isinstance(text, str) and not text.strip().startswith("/EXTERNAL_")


def answering(
    on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> None:
        output = CountingOutput(message.output_channel)
        message.output_channel = output
        failed = False
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - answered below, class name logged
            log.error("Handling a message failed: %s", error.__class__.__name__)
            failed = True
        if (failed or output.sent == 0) and expects_answer(message.text):
            log.warning("A message got no answer; the failure notice was sent instead")
            await output.send_response(message.sender_id, {"text": failure_text()})

    return handle
