"""The FAQ content records in data/faq/ are complete and within the limits."""
import re
from collections import Counter
from urllib.parse import urlparse

import pytest

from bot.content.checks import MAX_ANSWER_WORDS, MIN_EXAMPLES
from bot.content.region import FIELDS
from bot.content.topics import load_topics
from bot.services import retention

TOPICS = load_topics()
# What RegionResponseGenerator fills in: the county file and the settings.
ALLOWED_PLACEHOLDERS = {f"region_{key}" for key in FIELDS} | set(retention.placeholders())


def test_there_are_at_least_forty_topics():
    assert len(TOPICS) >= 40


@pytest.mark.parametrize("topic", TOPICS.values(), ids=list(TOPICS))
def test_topic_record_is_complete(topic):
    assert topic.path.stem == topic.id
    assert topic.title and topic.answer
    assert topic.reviewed is not None, "reviewed date missing"
    assert topic.sources, "no sources"
    for url in topic.sources:
        parsed = urlparse(url)
        assert parsed.scheme in ("http", "https") and parsed.netloc, url
    assert len(topic.examples) >= MIN_EXAMPLES


@pytest.mark.parametrize("topic", TOPICS.values(), ids=list(TOPICS))
def test_answer_is_short_plain_and_uses_known_placeholders(topic):
    placeholders = set(re.findall(r"{([^{}]+)}", topic.answer))
    assert placeholders <= ALLOWED_PLACEHOLDERS
    words = re.sub(r"{[^{}]+}", "X", topic.answer).split()
    assert len(words) <= MAX_ANSWER_WORDS, f"{len(words)} words"
    assert "25-vuotiaaksi asti" not in topic.answer or "{region" in topic.answer


@pytest.mark.parametrize("topic", TOPICS.values(), ids=list(TOPICS))
def test_county_dependent_answers_say_so(topic):
    if topic.county_dependent:
        text = topic.answer.lower()
        assert "{region_" in topic.answer or "hyvinvointialue" in text or "alueellasi" in text


def test_no_example_in_two_topics():
    counts = Counter(e.lower() for t in TOPICS.values() for e in set(t.examples))
    assert [e for e, n in counts.items() if n > 1] == []


def test_topic_menu_buttons_are_training_examples():
    """The quick replies under "Kysy oikeuksista" must land on their topic."""
    import yaml

    from bot.config import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    examples = {e for t in TOPICS.values() for e in t.examples}
    buttons = domain["responses"]["utter_ask_rights"][0]["buttons"]
    assert buttons and all(b["payload"] in examples for b in buttons)
