""""poista tietoni" end to end: the real Rasa server (with the forgetting
tracker store of endpoints.yml), the action server and the app database.
All names and texts are invented."""
from __future__ import annotations

import json
import sqlite3
import uuid

import requests

from bot.services.common import conversation_key
from tests.integration.people import PASSWORD, cli
from tests.integration.test_chat import new_sender, response_text, texts

WORRY = "Vuokra on rästissä ja pelottaa avata posti"
GOING_WELL = "Sain kesätyöpaikan kirjastosta"


def tracker_rows(system, sender) -> list[tuple[str, str]]:
    """(event type, the event as JSON text with non-ASCII as is) of one sender."""
    path = system.env["TRACKER_DB_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ?", (sender,)
        ).fetchall()
    return [(kind, json.dumps(json.loads(data), ensure_ascii=False)) for kind, data in rows]


def app_rows(system, sql: str, *params):
    with sqlite3.connect(system.database_url.removeprefix("sqlite:///")) as connection:
        return connection.execute(sql, params).fetchall()


def preparation(system, sender):
    key = conversation_key(sender, system.env["SECRET_KEY"])
    rows = app_rows(system, "SELECT id, share_token_hash FROM meeting_preparations WHERE conversation_key = ?", key)
    if not rows:
        return None
    [(prep_id, share)] = rows
    answers = [text for (text,) in app_rows(
        system, "SELECT text FROM meeting_answers WHERE preparation_id = ?", prep_id)]
    return {"id": prep_id, "answers": answers, "shared": share is not None}


def prepare_two_answers(system, sender):
    """Two meeting answers stored, a printable link made, the form stopped."""
    system.chat(sender, "haluun valmistautua palaveriin")
    system.chat(sender, GOING_WELL)
    system.chat(sender, "ohita")
    system.chat(sender, WORRY)
    assert "Vastauksesi ovat tallessa" in " ".join(texts(system.chat(sender, "lopeta")))
    link_reply = " ".join(texts(system.chat(sender, "/meeting_print")))
    token = link_reply.split("/minun-asiani/")[1].split()[0]
    prep = preparation(system, sender)
    assert prep is not None and sorted(a for a in prep["answers"] if a) == sorted([GOING_WELL, WORRY])
    return token


def ask_to_forget(system, sender, text="poista kaikki mun tiedot täältä"):
    replies = system.chat(sender, text)
    assert texts(replies) == [response_text("utter_ask_forget_confirm")]
    assert [b["payload"] for b in replies[-1]["buttons"]] == ["/affirm", "/deny"]


def test_yes_deletes_the_conversation_and_the_preparation_and_the_next_message_starts_fresh(system):
    sender = new_sender()
    token = prepare_two_answers(system, sender)
    assert requests.get(f"{system.web_url}/minun-asiani/{token}", timeout=10).status_code == 200
    assert any(WORRY in data for _, data in tracker_rows(system, sender))

    ask_to_forget(system, sender)
    replies = system.chat(sender, "/affirm")

    assert texts(replies) == [response_text("text_forget_done")]
    assert {"data": {"rinnalla": "conversation_forgotten"}} in [r.get("custom") for r in replies]
    assert tracker_rows(system, sender) == []
    assert preparation(system, sender) is None
    assert requests.get(f"{system.web_url}/minun-asiani/{token}", timeout=10).status_code == 404
    # the Rasa server's own view of the conversation is empty too
    tracker = requests.get(
        f"{system.rasa_url}/conversations/{sender}/tracker", params={"token": system.token}, timeout=30
    ).json()
    assert not [e for e in tracker["events"] if e.get("event") == "user"]

    # the same sender id starts a new conversation normally
    assert texts(system.chat(sender, "moi")) == [response_text("utter_greet")]
    rows = tracker_rows(system, sender)
    assert rows and not any(WORRY in data or GOING_WELL in data or "poista" in data for _, data in rows)
    assert "Vastauksesi ovat tallessa" not in " ".join(texts(system.chat(sender, "jatketaan valmistautumista")))


def test_no_keeps_everything(system):
    sender = new_sender()
    prepare_two_answers(system, sender)
    ask_to_forget(system, sender, "haluun et mun jutut poistetaan")
    assert texts(system.chat(sender, "/deny")) == [response_text("utter_forget_cancelled")]
    assert any(WORRY in data for _, data in tracker_rows(system, sender))
    prep = preparation(system, sender)
    assert prep is not None and WORRY in prep["answers"]


def test_a_sent_request_stays_with_the_worker_and_the_link_ends(system):
    suffix = uuid.uuid4().hex[:6]
    email = f"saara-{suffix}@example.fi"
    cli(system, "worker", "add", "--email", email, "--name", "Saara Testinen", stdin=PASSWORD + "\n")
    api_token = cli(system, "worker", "token", "--email", email)
    code = cli(system, "youth", "add", "--worker", email, "--name", "Niko")
    sender = new_sender()
    assert "Hei Niko!" in " ".join(texts(system.chat(sender, code)))
    message = "Tarviin apua Kelan asumistukihakemuksen kanssa"
    system.chat(sender, "haluun laittaa viestin mun työntekijälle")
    system.chat(sender, message)
    system.chat(sender, "puhelu")
    system.chat(sender, "ei kiirettä")
    assert "Viesti on lähetetty" in " ".join(texts(system.chat(sender, "/affirm")))

    ask_to_forget(system, sender, "pyydän et poistatte mun tiedot")
    replies = texts(system.chat(sender, "/affirm"))
    assert replies == [response_text("text_forget_done"), response_text("text_forget_unlinked")]
    assert tracker_rows(system, sender) == []

    headers = {"Authorization": f"Bearer {api_token}"}
    [item] = requests.get(f"{system.web_url}/api/handoffs", headers=headers, timeout=30).json()["handoffs"]
    assert item["message"] == message and item["youth_display_name"] == "Niko"
    key = conversation_key(sender, system.env["SECRET_KEY"])
    assert app_rows(system, "SELECT count(*) FROM youths WHERE conversation_key = ? OR sender_id = ?",
                    key, sender) == [(0,)]
    # the conversation is no longer linked: writing to the worker needs a new code
    system.chat(sender, "moi")
    assert "Pyydä häneltä koodi" in " ".join(texts(system.chat(sender, "haluun laittaa viestin mun työntekijälle")))


def test_the_page_without_javascript_starts_a_new_conversation_after_forgetting(system):
    from tests.integration.test_handoff import YouthPage

    def senders() -> set[str]:
        path = system.env["TRACKER_DB_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            return {s for (s,) in connection.execute("SELECT DISTINCT sender_id FROM events")}

    before = senders()
    page = YouthPage(system)
    page.send("moi")
    [first] = senders() - before  # the page's conversation id
    assert "Poistetaanko?" in page.send("poista tietoni")
    assert "Poistin tämän keskustelun" in page.send("/affirm")
    assert first not in senders()
    # the next message starts a conversation under a new id
    assert "Hei! Olen Rinnalla" in page.send("moi")
    [second] = senders() - before
    assert second != first
