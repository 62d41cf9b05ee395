"""Chat with the real Rasa server and action server through the REST channel."""
from __future__ import annotations

import sqlite3
import uuid

import pytest
import requests
import yaml

from bot.config import PROJECT_ROOT
from bot.services.events import count_events

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def response_text(name: str) -> str:
    return DOMAIN["responses"][name][0]["text"]


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def texts(replies: list[dict]) -> list[str]:
    return [r["text"] for r in replies if r.get("text")]


def test_greeting_says_what_it_can_do_and_that_it_is_a_bot(system):
    replies = system.chat(new_sender(), "moi")
    assert texts(replies) == [response_text("utter_greet")]
    assert "En ole ihminen" in replies[0]["text"]
    assert [b["payload"] for b in replies[0]["buttons"]] == [
        "/ask_rights", "/prepare_meeting", "/contact_worker",
    ]


@pytest.mark.parametrize(
    "message, response",
    [
        ("mitä sä osaat", "utter_capabilities"),
        ("ootko sä botti", "utter_bot_challenge"),
        ("kerro vitsi", "utter_out_of_scope"),
        ("kiitti tosi paljon", "utter_thank"),
        ("okei mä lähen nyt moikka", "utter_goodbye"),
    ],
)
def test_smalltalk(system, message, response):
    assert texts(system.chat(new_sender(), message)) == [response_text(response)]


def test_quick_reply_payload_works(system):
    assert texts(system.chat(new_sender(), "/prepare_meeting")) == [
        response_text("text_meeting_intro"), response_text("utter_ask_meeting_going_well")
    ]


@pytest.mark.parametrize(
    "message, says",
    [
        ("ootko sä oikee ihminen", "Kukaan ei lue tätä keskustelua reaaliajassa"),
        ("lukeeko joku näitä viestejä", "Kukaan ihminen ei lue keskustelua samaan aikaan"),
    ],
)
def test_bot_never_claims_someone_watches(system, message, says):
    reply = " ".join(texts(system.chat(new_sender(), message)))
    assert "botti" in reply
    assert says in reply


@pytest.mark.parametrize(
    "message, response",
    [
        ("", "utter_no_words"),
        ("    ", "utter_no_words"),
        ("😀😀😀", "utter_no_words"),
        ("?!?!", "utter_no_words"),
        ("Hello, I don't speak Finnish. Can you help me with my housing?", "utter_other_language"),
    ],
)
def test_bad_input_gets_a_clear_finnish_answer(system, message, response):
    assert texts(system.chat(new_sender(), message)) == [response_text(response)]


def test_html_is_not_echoed(system):
    replies = system.chat(new_sender(), "<script>alert('x')</script><b>moi</b>")
    assert replies, "the bot must answer"
    known = {r[0]["text"] for r in DOMAIN["responses"].values()}
    for text in texts(replies):
        assert text in known
        assert "<script>" not in text


def test_very_long_message_gets_a_clear_refusal_and_the_chat_goes_on(system):
    sender = new_sender()
    message = "mulla on tosi paljon asiaa ja en tiiä mistä aloittaa " * 200  # ~10 000 chars
    assert len(message) >= 10_000
    [reply] = texts(system.chat(sender, message))
    assert "liian pitkä" in reply and "2000 merkkiä" in reply and "112" in reply
    # a message at the limit is read as usual, and so is the next one
    known = {r[0]["text"] for r in DOMAIN["responses"].values()}
    at_limit = ("mulla on tosi paljon asiaa " * 80)[:2000]
    assert texts(system.chat(sender, at_limit)) and all(
        t in known for t in texts(system.chat(sender, "moi"))
    )


def test_missing_message_field_does_not_break_the_server(system):
    response = requests.post(
        f"{system.rasa_url}/webhooks/rest/webhook", json={"sender": new_sender()}, timeout=30
    )
    assert response.status_code < 500
    assert system.chat(new_sender(), "moi")  # and the server still answers


def test_start_over(system):
    sender = new_sender()
    system.chat(sender, "moi")
    assert texts(system.chat(sender, "aloitetaan alusta")) == [response_text("utter_start_over")]


def test_conversation_is_stored_in_the_sql_tracker_store(system):
    sender = new_sender()
    system.chat(sender, "moi")
    with sqlite3.connect(system.var_dir / "tracker.db") as connection:
        rows = connection.execute(
            "SELECT type_name FROM events WHERE sender_id = ?", (sender,)
        ).fetchall()
    assert ("user",) in rows and ("bot",) in rows


def test_rasa_http_api_needs_the_token(system):
    assert requests.get(f"{system.rasa_url}/status", timeout=5).status_code == 401
    ok = requests.get(f"{system.rasa_url}/status", params={"token": system.token}, timeout=5)
    assert ok.status_code == 200 and ok.json()["model_file"]


def test_rasa_and_action_server_listen_on_localhost_only(system):
    import subprocess

    from tests.integration.conftest import ACTION_PORT, RASA_PORT

    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    for port in (RASA_PORT, ACTION_PORT):
        addresses = [line.split()[3] for line in listening.splitlines() if line.split()[3].endswith(f":{port}")]
        assert addresses == [f"127.0.0.1:{port}"], addresses


def test_healthz_is_ok_when_everything_runs(system):
    response = requests.get(f"{system.web_url}/healthz", timeout=10)
    assert response.status_code == 200
    assert all(check["ok"] for check in response.json()["checks"].values())


def test_youth_page_relays_a_message_to_the_bot(system):
    import re

    session = requests.Session()
    page = session.get(f"{system.web_url}/chat", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{system.web_url}/chat", data={"message": "moi", "csrf_token": token}, timeout=60
    )
    assert response.status_code == 200
    assert "Olen Rinnalla, chattibotti." in response.text
    assert "Kysy oikeuksista" in response.text  # the quick replies are buttons
