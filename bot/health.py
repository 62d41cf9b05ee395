"""Health checks for the three processes and the database."""
from __future__ import annotations

from typing import Any

import requests

from bot import db
from bot.config import Settings, load_settings
from bot.rasa_client import status as rasa_status


def check_database(settings: Settings) -> dict[str, Any]:
    try:
        db.ping(settings.database_url)
        revision = db.current_revision(settings.database_url)
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "detail": error.__class__.__name__}
    if revision is None:
        return {"ok": False, "detail": "migrations not applied"}
    return {"ok": True, "detail": f"revision {revision}"}


def check_rasa(settings: Settings) -> dict[str, Any]:
    try:
        info = rasa_status(settings)
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "detail": error.__class__.__name__}
    model = info.get("model_file")
    if not model:
        return {"ok": False, "detail": "no model loaded"}
    return {"ok": True, "detail": "model loaded"}


def check_action_server(settings: Settings) -> dict[str, Any]:
    try:
        response = requests.get(f"{settings.action_server_url}/health", timeout=2)
        response.raise_for_status()
        ok = response.json().get("status") == "ok"
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "detail": error.__class__.__name__}
    return {"ok": ok, "detail": "ok" if ok else "unexpected answer"}


def check_all(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or load_settings()
    checks = {
        "database": check_database(settings),
        "rasa": check_rasa(settings),
        "action_server": check_action_server(settings),
    }
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}
