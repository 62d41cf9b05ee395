"""`python -m bot report unanswered` against the real system's tracker store."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid

from sqlalchemy.engine import make_url

from bot.config import PROJECT_ROOT

QUESTION = "mikä on kvanttikromodynamiikan kytkinvakio"


def stored_intents(system, sender: str) -> list[tuple[str, str]]:
    """(text, intent) of the sender's messages as the Rasa server stored them."""
    path = make_url(system.env["TRACKER_DB_URL"]).database
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (sender,),
        ).fetchall()
    return [
        (data["text"], data["parse_data"]["intent"]["name"])
        for data in (json.loads(row[0]) for row in rows)
    ]


def report(system, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "report", "unanswered", *args],
        cwd=PROJECT_ROOT, env=system.env, capture_output=True, text=True, timeout=120,
    )


def test_a_question_the_bot_could_not_answer_is_reported_without_the_sender(system):
    sender = f"unanswered-{uuid.uuid4().hex}"
    assert system.chat(sender, "moi")
    assert system.chat(sender, QUESTION)
    stored = stored_intents(system, sender)
    assert (QUESTION, "nlu_fallback") in stored or (QUESTION, "out_of_scope") in stored, stored

    result = report(system, "--since", "1d")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Kysymyksiä, joihin botti ei osannut vastata")
    counts = {
        line[6:]: int(line[:4]) for line in lines[1:] if line[:4].strip().isdigit()
    }
    assert counts.get(QUESTION, 0) >= 1, result.stdout
    assert "moi" not in counts  # a greeting is not a question
    assert sender not in result.stdout + result.stderr
    assert "unanswered-" not in result.stdout
