"""Small client for the Rasa server: REST channel and status checks."""
from __future__ import annotations

from typing import Any

import requests

from bot.config import Settings, load_settings


class RasaUnavailable(Exception):
    """The Rasa server did not answer (down, starting or overloaded)."""


def _post(url: str, body: dict, params: dict | None = None, timeout: float = 30.0) -> Any:
    """POST JSON to the Rasa server; any failure becomes RasaUnavailable."""
    try:
        response = requests.post(url, params=params, json=body, timeout=timeout)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise RasaUnavailable(error.__class__.__name__) from error


def send_message(
    sender_id: str, text: str, settings: Settings | None = None, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Send one user message through Rasa's REST channel and return the bot's replies."""
    settings = settings or load_settings()
    payload = _post(
        f"{settings.rasa_url}/webhooks/rest/webhook",
        {"sender": sender_id, "message": text}, timeout=timeout,
    )
    if not isinstance(payload, list):
        raise RasaUnavailable("unexpected reply")
    return payload


def status(settings: Settings | None = None, timeout: float = 2.0) -> dict[str, Any]:
    """Rasa's /status (needs the API token): which model is loaded."""
    settings = settings or load_settings()
    response = requests.get(
        f"{settings.rasa_url}/status",
        params={"token": settings.rasa_api_token},
        timeout=timeout,
    )
    response.raise_for_status()
    return response.json()


def parse(text: str, settings: Settings | None = None, timeout: float = 5.0) -> dict[str, Any]:
    """NLU only (Rasa's /model/parse, token-protected): no dialogue, no tracker."""
    settings = settings or load_settings()
    return _post(
        f"{settings.rasa_url}/model/parse", {"text": text},
        params={"token": settings.rasa_api_token}, timeout=timeout,
    )


def trigger_intent(
    sender_id: str, intent: str, output_channel: str = "latest",
    settings: Settings | None = None, timeout: float = 30.0,
) -> list[dict[str, Any]]:
    """Inject an external event into a conversation (Rasa's token-protected
    HTTP API). Returns the bot messages when the output channel collects them."""
    settings = settings or load_settings()
    payload = _post(
        f"{settings.rasa_url}/conversations/{requests.utils.quote(sender_id, safe='')}/trigger_intent",
        {"name": intent, "entities": {}},
        params={"token": settings.rasa_api_token, "output_channel": output_channel},
        timeout=timeout,
    )
    return list(payload.get("messages") or []) if isinstance(payload, dict) else []
