"""Configuration from environment variables, with safe defaults for a laptop.

Every process (web app, action server, Rasa server, CLI) reads its settings from
here, so one set of environment variables switches the whole system, e.g. from the
embedded SQLite files to PostgreSQL.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def var_dir() -> Path:
    """Directory for local state (SQLite files, generated secrets, logs)."""
    path = Path(_env("RINNALLA_VAR_DIR", str(PROJECT_ROOT / "var")))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _local_secret(name: str) -> str:
    """A random secret kept in var/ so that it survives restarts on one machine.

    Used only when the environment does not provide the secret. The file is
    created with mode 0600 and is never committed (var/ is git-ignored).
    """
    path = var_dir() / "secrets" / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def _sqlite_url(filename: str) -> str:
    return f"sqlite:///{var_dir() / filename}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    tracker_db_url: str
    rasa_url: str
    action_server_url: str
    web_host: str
    web_port: int
    rasa_port: int
    action_port: int
    rasa_host: str
    action_host: str
    cors_origins: tuple[str, ...]
    secure_cookies: bool
    endpoints_file: str

    # Secrets are read when used, not at load, so that commands that need none
    # (training, validation, building the Docker image) never create them.
    @property
    def rasa_api_token(self) -> str:
        return os.environ.get("RASA_API_TOKEN", "").strip() or _local_secret("rasa_api_token")

    @property
    def secret_key(self) -> str:
        return os.environ.get("SECRET_KEY", "").strip() or _local_secret("secret_key")

    @property
    def rasa_instance_urls(self) -> tuple[str, ...]:
        """Every Rasa server (RASA_INSTANCE_URLS); publishing loads a model into each."""
        configured = os.environ.get("RASA_INSTANCE_URLS", "").split()
        return tuple(u.rstrip("/") for u in configured) or (self.rasa_url,)

    @property
    def public_web_url(self) -> str:
        """Where young people and workers reach the web app (PUBLIC_URL in production)."""
        configured = os.environ.get("PUBLIC_URL", "").strip().rstrip("/")
        if configured:
            return configured
        host = "localhost" if self.web_host in ("127.0.0.1", "0.0.0.0", "::") else self.web_host
        return f"http://{host}:{self.web_port}"


def load_settings() -> Settings:
    rasa_port = int(_env("RASA_PORT", "5005"))
    action_port = int(_env("ACTION_SERVER_PORT", "5055"))
    web_port = int(_env("WEB_PORT", "8000"))
    default_origins = f"http://localhost:{web_port} http://127.0.0.1:{web_port}"
    return Settings(
        database_url=_env("DATABASE_URL", _sqlite_url("rinnalla.db")),
        tracker_db_url=_env("TRACKER_DB_URL", _sqlite_url("tracker.db")),
        rasa_url=_env("RASA_URL", f"http://127.0.0.1:{rasa_port}").rstrip("/"),
        action_server_url=_env(
            "ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}"
        ).rstrip("/"),
        web_host=_env("WEB_HOST", "127.0.0.1"),
        web_port=web_port,
        rasa_port=rasa_port,
        action_port=action_port,
        rasa_host=_env("RASA_HOST", "127.0.0.1"),
        action_host=_env("ACTION_SERVER_HOST", "127.0.0.1"),
        cors_origins=tuple(_env("CORS_ORIGINS", default_origins).split()),
        secure_cookies=_env("SECURE_COOKIES", "0") in ("1", "true", "yes"),
        endpoints_file=_env("RASA_ENDPOINTS", "endpoints.yml"),
    )


def redact_url(url: str) -> str:
    """A database URL without its password, safe for logs and `doctor`."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any unparsable URL is shown as hidden
        return "<invalid url>"


def rasa_environment(settings: Settings | None = None) -> dict[str, str]:
    """Environment variables that endpoints.yml expects (Rasa fails on missing ones)."""
    settings = settings or load_settings()
    return {
        "TRACKER_DB_URL": settings.tracker_db_url,
        "ACTION_ENDPOINT_URL": f"{settings.action_server_url}/webhook",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
        "DATABASE_URL": settings.database_url,
        "RINNALLA_VAR_DIR": str(var_dir()),
        # No network here, and no reason to send usage data anywhere.
        "RASA_TELEMETRY_ENABLED": "false",
    }


def run_rasa(args: list[str], **kwargs):
    """Run a Rasa CLI command from the project root with the environment it needs."""
    import subprocess
    import sys

    env = {**os.environ, **rasa_environment()}
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=PROJECT_ROOT, env=env, **kwargs
    )
