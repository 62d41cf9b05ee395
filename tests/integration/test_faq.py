"""Aftercare-rights answers through the real Rasa server and action server."""
from __future__ import annotations

import uuid

import yaml

from bot.content.topics import load_topics
from bot.evaluation import load_heldout
from tests.integration.conftest import TEST_REGION

TOPICS = load_topics()
REGION = yaml.safe_load(TEST_REGION)


def sender() -> str:
    return f"faq-{uuid.uuid4().hex}"


def texts(replies):
    return [r["text"] for r in replies if r.get("text")]


def filled(topic_id: str) -> str:
    values = {f"region_{k}": str(v) for k, v in REGION.items()}
    return TOPICS[topic_id].answer.format(**values)


def test_age_question_gets_the_answer_with_the_county_facts(system):
    replies = system.chat(sender(), "mihin ikään asti mä voin saada jälkihuoltoa")
    assert texts(replies)[0] == filled("age_limit")
    assert "{region_" not in " ".join(texts(replies))


def test_age_follow_up_uses_the_context_and_the_county_limit(system):
    me = sender()
    system.chat(me, "mihin ikään asti mä voin saada jälkihuoltoa")
    reply = " ".join(texts(system.chat(me, "entä jos oon 24?")))
    assert reply.startswith("Kun olet 24, voit vielä saada jälkihuoltoa.")
    assert "Testilän hyvinvointialue" in reply and "kunnes täytät 25 vuotta" in reply


def test_every_topic_is_reachable_with_a_heldout_phrasing(system):
    """The first held-out example of each topic gets that topic's answer."""
    first = {}
    for example in load_heldout():
        first.setdefault(example.label, example.text)
    wrong = []
    for label, text in first.items():
        if not label.startswith("faq/"):
            continue
        topic = label.split("/", 1)[1]
        got = texts(system.chat(sender(), text))
        if not got or got[0] != filled(topic):
            wrong.append((topic, text, got[:1]))
    assert len(wrong) <= len(first) * 0.1, wrong


def test_question_outside_aftercare_gets_no_rights_answer(system):
    answers = {filled(t) for t in TOPICS}
    reply = texts(system.chat(sender(), "mikä on paras pizzatäyte"))
    assert reply and not set(reply) & answers
