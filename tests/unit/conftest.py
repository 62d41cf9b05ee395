"""Shared fixtures: every test gets its own var/ directory and SQLite files."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Point all state at a temporary folder and pick ports nothing listens on."""
    var = tmp_path / "var"
    monkeypatch.setenv("RINNALLA_VAR_DIR", str(var))
    for name in ("DATABASE_URL", "TRACKER_DB_URL", "RASA_API_TOKEN", "SECRET_KEY", "CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    # Closed ports: unit tests must never talk to a running developer system.
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:9")
    return var


@pytest.fixture
def migrated_db(isolated_environment):
    from bot import db

    url = f"sqlite:///{isolated_environment / 'app.db'}"
    db.upgrade(url)
    return url


@pytest.fixture
def db(migrated_db, monkeypatch):
    """A migrated database that the services use by default (DATABASE_URL)."""
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    return migrated_db


@pytest.fixture
def aino(db):
    """A worker account (invented)."""
    from bot.services import workers

    return workers.create_worker("aino@example.fi", "Aino Virtanen", "pitkä-salasana-1")


@pytest.fixture
def locked_database(db):
    """A context manager that holds an exclusive lock on the SQLite file meanwhile."""
    import sqlite3
    from contextlib import contextmanager

    @contextmanager
    def locked():
        blocker = sqlite3.connect(db.removeprefix("sqlite:///"), timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            blocker.rollback()
            blocker.close()

    return locked
