import os
import stat

from bot.config import load_settings, rasa_environment, redact_url


def test_defaults_are_sqlite_files_under_var(isolated_environment):
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{isolated_environment / 'rinnalla.db'}"
    assert settings.tracker_db_url == f"sqlite:///{isolated_environment / 'tracker.db'}"


def test_environment_switches_both_databases_to_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:pw@db/rinnalla")
    monkeypatch.setenv("TRACKER_DB_URL", "postgresql://rasa:pw@db/tracker")
    settings = load_settings()
    assert settings.database_url.startswith("postgresql://")
    env = rasa_environment(settings)
    assert env["TRACKER_DB_URL"] == "postgresql://rasa:pw@db/tracker"
    assert env["DATABASE_URL"] == "postgresql://app:pw@db/rinnalla"


def test_generated_secrets_are_private_and_stable(isolated_environment):
    first = load_settings()
    second = load_settings()
    assert first.rasa_api_token == second.rasa_api_token
    assert len(first.rasa_api_token) >= 32
    assert first.secret_key != first.rasa_api_token
    path = isolated_environment / "secrets" / "rasa_api_token"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_secret_from_environment_wins(monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", "from-env")
    assert load_settings().rasa_api_token == "from-env"


def test_redact_url_hides_password():
    shown = redact_url("postgresql://rasa:supersecret@db:5432/tracker")
    assert "supersecret" not in shown
    assert "db:5432/tracker" in shown
