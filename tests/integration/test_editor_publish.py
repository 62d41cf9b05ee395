"""Issue 8 end to end: an editor changes an answer in the editor pages, publishes,
and the real Rasa server answers with the new text; questions the bot could not
answer show up on the editor's page. The system edits a copy of the content
(CONTENT_EDIT_DIR, see conftest.py)."""
from __future__ import annotations

import html
import re
import time
import uuid

import pytest

from tests.integration.people import PASSWORD, Dashboard, cli

QUESTION = "mihin ikään asti jälkihuolto kestää"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


@pytest.fixture(scope="module")
def editor(system):
    email = f"eeva-{uuid.uuid4().hex[:6]}@example.fi"
    cli(system, "worker", "add", "--email", email, "--name", "Eeva Editori", "--role", "editor",
        stdin=PASSWORD + "\n")
    return Dashboard(system, email)


def form_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def save_answer(system, editor, answer: str, sources: str) -> None:
    page = editor.get("/editor/topics/age_limit").text
    response = editor.http.post(f"{system.web_url}/editor/topics/age_limit", data={
        "csrf_token": form_token(page), "answer": answer, "sources": sources,
        "reviewed": "1", "action": "save",
    }, timeout=30)
    assert "Tallennettu." in response.text


def publish(system, editor) -> str:
    page = editor.get("/editor/publish").text
    response = editor.http.post(f"{system.web_url}/editor/publish",
                                data={"csrf_token": form_token(page)}, timeout=30)
    assert response.status_code == 200
    deadline = time.monotonic() + 600
    while True:
        page = editor.get("/editor/publish").text
        if "Käynnissä:" not in page:
            break
        assert time.monotonic() < deadline, "publishing did not finish in 10 minutes"
        time.sleep(3)
    assert "Valmis." in page, page[page.find("<main"):][:2000]
    return page


def test_an_edited_answer_is_in_the_chat_after_publishing(system, editor):
    page = editor.get("/editor/topics/age_limit").text
    old_answer = html.unescape(re.search(r'<textarea id="answer"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    sources = html.unescape(re.search(r'<textarea id="sources"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    marker = "Tämä vastaus on päivitetty editorissa."
    save_answer(system, editor, old_answer.strip() + "\n" + marker, sources)
    try:
        assert marker not in texts(system.chat(f"editor-{uuid.uuid4().hex}", QUESTION))  # not yet

        page = publish(system, editor)
        assert "Mallia ei tarvinnut opettaa uudelleen" in page  # only an answer changed
        answer = texts(system.chat(f"editor-{uuid.uuid4().hex}", QUESTION))
        assert marker in answer
        assert "kunnes täytät 25 vuotta" in answer  # the county's facts still filled in
        changes = editor.get("/editor/changes").text
        assert "Eeva Editori" in changes and "age_limit" in changes
        history = editor.get("/editor/topics/age_limit").text.split("Muutoshistoria")[1]
        assert marker in history and "Tarkistuspäivä" in history
    finally:
        # the same way back, so the other tests see the original answer
        save_answer(system, editor, old_answer.strip(), sources)
        publish(system, editor)
    assert marker not in texts(system.chat(f"editor-{uuid.uuid4().hex}", QUESTION))


def test_a_question_the_bot_could_not_answer_is_on_the_editors_page(system, editor):
    question = "mikä on kvanttikromodynamiikan kytkinvakio"
    system.chat(f"unanswered-{uuid.uuid4().hex}", question)
    page = editor.get("/editor/unanswered?days=1").text
    assert question in page
    assert "unanswered-" not in page  # never the sender
