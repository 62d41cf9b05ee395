"""The web app (port 8000): youth page, worker dashboard, JSON API, health check.

Server-rendered Flask with Jinja autoescaping, CSRF protection on every form,
and strict security headers.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from bot.config import load_settings

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'{connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def content_security_policy(socket_server: str | None = None) -> str:
    """The policy for every page; the widget may also connect to Rasa's socket.io."""
    connect = ""
    if socket_server:
        parts = urlsplit(socket_server)
        if parts.scheme in ("http", "https") and parts.netloc:
            ws = "wss" if parts.scheme == "https" else "ws"
            connect = f" {parts.scheme}://{parts.netloc} {ws}://{parts.netloc}"
    return CONTENT_SECURITY_POLICY.format(connect=connect)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    settings = load_settings()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        RINNALLA_SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        MAX_CONTENT_LENGTH=64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead of a clock
    )
    if overrides:
        app.config.update(overrides)
    csrf.init_app(app)

    from bot.web import admin, api, auth, editor, errors, health, meeting, worker, youth

    app.register_blueprint(youth.blueprint)
    app.register_blueprint(meeting.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(worker.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(editor.blueprint)
    errors.register(app)
    app.jinja_env.globals["current_worker"] = auth.current_worker

    @app.after_request
    def _security_headers(response):
        from bot.web.youth import widget_server_url

        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(widget_server_url())
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app
