"""Meeting preparation over the REST channel: answers verbatim in the summary
and on the printable page; skipping, stopping, resuming, a rights question and
a crisis in the middle."""
from __future__ import annotations

import re

import requests

from bot.services import meeting
from tests.integration.test_chat import new_sender, response_text, texts

ANSWERS = {
    "going_well": "Pääsin kokkikouluun ja käyn salilla kolmesti viikossa 💪",
    "dreams": "Asun omassa kaksiossa Kalliossa, mulla on kissa nimeltä Pörrö & ajokortti!",
    "worry": "Vuokra ja sähkölasku <3 pitäis tehä budjetti yhessä sossun kaa",
    "support": "Haluun et ohjaaja Minna auttaa Kela-papereissa",
    "people": "Mukaan isosisko Aino ja kaveri Jere, EI isäpuolta",
    "topics": "Ensin asuminen; en halua puhua lapsuudesta",
    "safety": "Aino istuu vieressä ja pidetään tauko tunnin jälkeen",
}


def fill(system, sender, answers=ANSWERS):
    """Answer every question; each answer must be taken (the next question follows)."""
    replies = []
    fields = list(meeting.FIELD_NAMES)
    for index, field in enumerate(fields):
        replies = system.chat(sender, answers[field])
        if index + 1 < len(fields):
            assert texts(replies)[-1] == response_text(f"utter_ask_meeting_{fields[index + 1]}"), (
                field, texts(replies)
            )
    return replies


def test_full_path_keeps_every_answer_word_for_word_in_chat_and_on_the_page(system):
    sender = new_sender()
    start = texts(system.chat(sender, "haluun valmistautua palaveriin"))
    assert start == [response_text("text_meeting_intro"), response_text("utter_ask_meeting_going_well")]
    summary_replies = fill(system, sender)
    summary = texts(summary_replies)[0]
    assert summary.startswith("Minun asiani")
    for text in ANSWERS.values():
        assert text in summary
    assert [b["payload"] for b in summary_replies[-1]["buttons"]] == [
        "/meeting_keep", "/meeting_print", "/change_answer"
    ]

    link_reply = " ".join(texts(system.chat(sender, "/meeting_print")))
    link = re.search(r"(http\S+/minun-asiani/\S+)", link_reply).group(1)
    token = link.rsplit("/", 1)[1]
    page = requests.get(f"{system.web_url}/minun-asiani/{token}", timeout=10)
    assert page.status_code == 200
    html = page.text
    for text in ANSWERS.values():
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in html, text
    assert requests.get(f"{system.web_url}/minun-asiani/{token}x", timeout=10).status_code == 404


def test_skip_stop_and_resume(system):
    sender = new_sender()
    system.chat(sender, "auta mua valmistautumaan palaveriin")
    assert texts(system.chat(sender, "ohita")) == [response_text("utter_ask_meeting_dreams")]
    system.chat(sender, ANSWERS["dreams"])
    stopped = texts(system.chat(sender, "lopeta"))
    assert stopped == [response_text("text_meeting_stopped")]
    # later: the form continues with the first unanswered question
    resumed = texts(system.chat(sender, "jatketaan valmistautumista"))
    assert resumed == [response_text("text_meeting_resume"), response_text("utter_ask_meeting_worry")]


def test_rights_question_in_the_middle_is_answered_and_the_question_asked_again(system):
    sender = new_sender()
    system.chat(sender, "haluun valmistautua palaveriin")
    system.chat(sender, ANSWERS["going_well"])
    replies = texts(system.chat(sender, "saanks mä itsenäistymisvarat kun mä täytän 18?"))
    assert len(replies) == 3
    assert "itsenäistymisvar" in replies[0].lower()
    assert replies[1:] == [
        response_text("text_meeting_back_to_questions"), response_text("utter_ask_meeting_dreams")
    ]


def test_crisis_in_the_middle_pauses_the_form_and_keeps_the_answers(system):
    sender = new_sender()
    system.chat(sender, "haluun valmistautua palaveriin")
    system.chat(sender, ANSWERS["going_well"])
    replies = texts(system.chat(sender, "ei mikään, mä haluun vaan kuolla"))
    assert "112" in replies[0]
    assert response_text("utter_meeting_paused") in replies
    assert replies[-1] == response_text("utter_crisis_offer_worker")
    # the crisis message is not stored as an answer
    resumed = texts(system.chat(sender, "jatketaan valmistautumista"))
    assert resumed[-1] == response_text("utter_ask_meeting_dreams")


def test_change_an_answer(system):
    sender = new_sender()
    system.chat(sender, "haluun valmistautua palaveriin")
    fill(system, sender)
    which = system.chat(sender, "muuta toiveita")
    assert texts(which) == [response_text("text_meeting_which_answer")]
    assert texts(system.chat(sender, '/choose_meeting_field{"meeting_field":"dreams"}')) == [
        response_text("utter_ask_meeting_dreams")
    ]
    summary = texts(system.chat(sender, "Uusi unelma: oma bändi"))[0]
    assert "Uusi unelma: oma bändi" in summary and ANSWERS["dreams"] not in summary
