"""`make doctor`: what is installed, which NLU path is active, what is running."""
from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

from bot.config import load_settings, redact_url
from bot.health import check_action_server, check_database, check_rasa
from bot.nlu import morphology
from bot.nlu.backend import describe_backend
from bot.training import MODEL_PATH, model_is_current

PACKAGES = ("rasa", "rasa-sdk", "spacy", "SQLAlchemy", "python-socketio", "Flask", "alembic")


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "MISSING"


def doctor() -> int:
    problems = 0
    print(f"Python {platform.python_version()} ({sys.executable})")
    if sys.version_info[:2] != (3, 10):
        print("  PROBLEM: Rasa 3.6 needs Python 3.10 here; run `make setup`.")
        problems += 1
    for name in PACKAGES:
        found = _version(name)
        problems += found == "MISSING"
        print(f"{name:>16}: {found}")
    print(f"NLU path: {describe_backend()['label']}")
    if morphology.available():
        print("Voikko: installed (Finnish base forms for the topic selector)")
    else:
        print("  PROBLEM: Voikko is missing; run `bash scripts/setup-speller.sh`.")
        problems += 1
    if MODEL_PATH.exists():
        state = "up to date" if model_is_current() else "out of date (data or config changed)"
    else:
        state = "not trained yet"
    print(f"Model: {MODEL_PATH.name}: {state}")
    settings = load_settings()
    print(f"App database: {redact_url(settings.database_url)}")
    print(f"Tracker store: {redact_url(settings.tracker_db_url)}")
    for label, check in (
        ("database", check_database),
        ("Rasa server", check_rasa),
        ("action server", check_action_server),
    ):
        result = check(settings)
        print(f"{label:>16}: {'up' if result['ok'] else 'down'} ({result['detail']})")
    return 1 if problems else 0
