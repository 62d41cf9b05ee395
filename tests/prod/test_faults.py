"""Faults in the production topology: the action server stops, the database
refuses connections while a handoff request is being sent."""
from __future__ import annotations

import subprocess
import sys
import uuid

from bot.config import PROJECT_ROOT
from tests.integration.test_chat import response_text, texts
from tests.integration.test_meeting import ANSWERS
from tests.prod.conftest import new_sender

PASSWORD = "testi-salasana-123"


def cli(stack, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=stack.prod_env(),
        input=stdin, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.split()[-1]


def joined(replies: list[dict]) -> str:
    return "\n".join(texts(replies))


def test_action_server_stops_mid_form_and_the_form_goes_on_when_it_is_back(stack):
    sender = new_sender()
    stack.chat(sender, "haluun valmistautua palaveriin")
    assert texts(stack.chat(sender, ANSWERS["going_well"]))[-1] == response_text("utter_ask_meeting_dreams")
    stack.prod("stop", "actions")
    try:
        down = joined(stack.chat(sender, ANSWERS["dreams"]))
        # never silence, never a stack trace: a kind notice with a way forward
        assert "Jokin meni vikaan" in down and "Yritä hetken päästä uudelleen" in down
        assert "112" in down and "Traceback" not in down
    finally:
        stack.prod("start", "actions")
    # the same answer again: taken, and the form asks the next question
    assert texts(stack.chat(sender, ANSWERS["dreams"]))[-1] == response_text("utter_ask_meeting_worry")


def test_database_refuses_connections_while_a_handoff_is_sent(stack):
    suffix = uuid.uuid4().hex[:6]
    email = f"aino-{suffix}@example.fi"
    cli(stack, "worker", "add", "--email", email, "--name", "Aino Testinen", stdin=PASSWORD + "\n")
    code = cli(stack, "youth", "add", "--worker", email, "--name", "Mira")
    sender = new_sender()
    assert "Hei Mira!" in joined(stack.chat(sender, f"mun koodi on {code}"))
    message = f"Tarviin apua vuokran kanssa {suffix}"
    stack.chat(sender, "haluun puhua mun työntekijän kanssa")
    stack.chat(sender, message)
    stack.chat(sender, "puhelu")
    assert "Lähetetäänkö viesti?" in joined(stack.chat(sender, "tällä viikolla"))

    def stored() -> int:
        return stack.sql("rinnalla", "SELECT count(*) FROM handoff_requests WHERE message = %s",
                         (message,))[0][0]

    # the app database refuses new connections and drops the open ones
    stack.sql("postgres", "ALTER DATABASE rinnalla ALLOW_CONNECTIONS false")
    try:
        stack.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = 'rinnalla'")
        failed = joined(stack.chat(sender, "/affirm"))
    finally:
        stack.sql("postgres", "ALTER DATABASE rinnalla ALLOW_CONNECTIONS true")
    assert "ei mennyt perille" in failed and message in failed  # told, and the text shown back
    assert stored() == 0

    retried = joined(stack.chat(sender, "/handoff_retry"))
    assert "Viesti on lähetetty. Sen saa työntekijäsi Aino." in retried
    assert stored() == 1
    # a second retry (e.g. a double tap) does not send it twice
    stack.chat(sender, "/handoff_retry")
    assert stored() == 1
