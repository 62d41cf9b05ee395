"""A Rasa server is killed in the middle of a form; the other one finishes it.

Last in the run (file name): it leaves rasa-1 stopped."""
from __future__ import annotations

import os
import signal
import socket
import time

from bot.prod import alive
from bot.services import meeting
from tests.integration.test_chat import response_text, texts
from tests.integration.test_meeting import ANSWERS
from tests.prod.conftest import new_sender


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_killed_instance_mid_form_the_other_continues(stack):
    sender = new_sender()
    fields = list(meeting.FIELD_NAMES)
    answers = list(ANSWERS.values())
    stack.chat(sender, "haluun valmistautua palaveriin")
    for index in range(2):
        assert texts(stack.chat(sender, answers[index]))[-1] == (
            response_text(f"utter_ask_meeting_{fields[index + 1]}")
        )
    pid = stack.state()["processes"]["rasa-1"]
    os.killpg(pid, signal.SIGKILL)  # no clean shutdown: a crash
    # Between two messages of the young person: a request that is inside the
    # dying server at that moment gets 502 (not retried, it may have been
    # half processed; the widget sends it again from its outbox).
    port = int(stack.rasa_urls[0].rsplit(":", 1)[1])
    deadline = time.monotonic() + 30
    while (alive(pid) or port_open(port)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not port_open(port)
    for index in range(2, len(fields)):
        replies = stack.chat(sender, answers[index])  # through nginx, which skips the dead one
        if index + 1 < len(fields):
            assert texts(replies)[-1] == response_text(f"utter_ask_meeting_{fields[index + 1]}")
    summary = texts(replies)[0]
    assert summary.startswith("Minun asiani") and all(a in summary for a in answers)
    saved = meeting.get_preparation(sender)
    assert [saved.answer(f).text for f in fields] == answers
