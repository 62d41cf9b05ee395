"""GET /healthz: database, Rasa server and action server state as JSON."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from bot.health import check_all

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    result = check_all(current_app.config["RINNALLA_SETTINGS"])
    return jsonify(result), (200 if result["ok"] else 503)
