"""Aftercare-rights answers through the real Rasa server and action server."""
from __future__ import annotations

import uuid

import yaml

from bot.content.topics import load_topics
from bot.services import retention
from tests.integration.conftest import TEST_REGION

TOPICS = load_topics()
REGION = yaml.safe_load(TEST_REGION)


def sender() -> str:
    return f"faq-{uuid.uuid4().hex}"


def texts(replies):
    return [r["text"] for r in replies if r.get("text")]


def filled(topic_id: str) -> str:
    values = {f"region_{k}": str(v) for k, v in REGION.items()}
    values.update(retention.placeholders())  # {retention_days}, from RETENTION_DAYS
    return TOPICS[topic_id].answer.format(**values)


def test_first_message_can_be_a_question_and_gets_the_county_facts(system):
    replies = system.chat(sender(), "mihin ikään asti mä voin saada jälkihuoltoa")
    assert texts(replies)[0] == filled("age_limit")
    assert "{region_" not in " ".join(texts(replies))


def test_age_follow_up_uses_the_context_and_the_county_limit(system):
    me = sender()
    system.chat(me, "mihin ikään asti mä voin saada jälkihuoltoa")
    reply = " ".join(texts(system.chat(me, "entä jos oon 24?")))
    assert reply.startswith("Kun olet 24, voit vielä saada jälkihuoltoa.")
    assert "Testilän hyvinvointialue" in reply and "kunnes täytät 25 vuotta" in reply


def test_every_topic_answer_is_delivered_with_county_facts(system):
    """Each topic's own first example gets that topic's answer, placeholders filled.

    (How well unseen phrasings are understood is measured by `make eval`.)
    """
    wrong = []
    for topic in TOPICS.values():
        got = texts(system.chat(sender(), topic.examples[0]))
        if not got or got[0] != filled(topic.id):
            wrong.append((topic.id, got[:1]))
    assert wrong == []


def test_question_outside_aftercare_gets_no_rights_answer(system):
    answers = {filled(t) for t in TOPICS}
    reply = texts(system.chat(sender(), "mikä on paras pizzatäyte"))
    assert reply and not set(reply) & answers


def test_two_topics_in_one_message_answers_one_and_offers_the_other(system):
    replies = system.chat(sender(), "Mikä on huostaanotto? Entä avohuolto?")
    answers = {filled("term_huostaanotto"), filled("term_avohuolto")}
    assert texts(replies)[0] in answers
    offer = replies[-1]
    assert offer["text"] == "Kysyitkö myös tästä?"
    other = {"term_huostaanotto", "term_avohuolto"} - {
        t for t in ("term_huostaanotto", "term_avohuolto") if filled(t) == texts(replies)[0]
    }
    assert [b["title"] for b in offer["buttons"]] == [TOPICS[other.pop()].title]


def test_unclear_rights_question_offers_likely_topics(system):
    replies = system.chat(sender(), "mistä saan tukea")
    suggestion = replies[-1]
    assert suggestion["text"] == "Jos kysyit jälkihuollosta, tarkoititko jotain näistä?"
    assert 1 <= len(suggestion["buttons"]) <= 3
    assert all(b["title"] in {t.title for t in TOPICS.values()} for b in suggestion["buttons"])


def test_english_rights_question_gets_the_finnish_answer_and_a_note_in_english(system):
    question = "where can i get help for anxiety and depression as a care leaver"
    assert question in TOPICS["mental_health"].examples  # the wiring, not generalisation
    got = texts(system.chat(sender(), question))
    assert got[0] == filled("mental_health")
    assert got[1].startswith("Vastasin suomeksi. Sorry, I can only answer in Finnish.")
    # English that is no rights question still gets "I only understand Finnish"
    other = texts(system.chat(sender(), "I don't speak Finnish, is there someone who speaks English?"))
    assert other and other[0].startswith("Osaan vain suomea.") and "112" in other[0]
