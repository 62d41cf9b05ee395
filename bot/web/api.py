"""Read-only JSON API for integrations: ``Authorization: Bearer <token>``.

A worker's personal token (``python -m bot worker token`` or the dashboard)
sees exactly what the worker sees in the dashboard; another worker's request
is 404, the same as one that does not exist.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from bot.services import handoffs, workers
from bot.web import csrf

blueprint = Blueprint("api", __name__, url_prefix="/api")


def _caller() -> workers.WorkerInfo | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    worker = workers.worker_for_token(token.strip())
    return worker if worker is not None and worker.role == "worker" else None


def _unauthorized():
    response = jsonify(error="unauthorized")
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="rinnalla"'
    return response


def _json(payload, status: int = 200):
    response = jsonify(payload)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/handoffs")
def list_handoffs():
    worker = _caller()
    if worker is None:
        return _unauthorized()
    items = handoffs.list_for_worker(worker.id) + handoffs.list_for_worker(worker.id, done=True)
    handoffs.audit(worker.id, "list_requests_api")
    return _json({"handoffs": [item.as_json() for item in items]})


@blueprint.get("/handoffs/<int:request_id>")
def get_handoff(request_id: int):
    worker = _caller()
    if worker is None:
        return _unauthorized()
    try:
        item = handoffs.get_for_worker(worker.id, request_id, via="api")
    except handoffs.NotFound:
        return _json({"error": "not found"}, 404)
    return _json(item.as_json())


@blueprint.errorhandler(404)
def _not_found(_error):
    return _json({"error": "not found"}, 404)


csrf.exempt(blueprint)  # bearer tokens, no cookies: CSRF does not apply
