"""The emergency replies: every number has a source, every variation is safe."""
import re

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.safety.categories import ALL

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
CONTACTS = yaml.safe_load(
    (PROJECT_ROOT / "content" / "safety" / "contacts.yml").read_text(encoding="utf-8")
)
FACTS = (PROJECT_ROOT.parent / "shared" / "content" / "aftercare-facts.md")
PHONE = re.compile(r"(?<!\d)\d{2,3}(?:[ \u00a0]\d{2,4}){1,3}(?!\d)|(?<!\d)112(?!\d)")
SAFETY_RESPONSES = ("utter_crisis", "utter_crisis_worker_not_linked", "utter_crisis_ok",
                    "utter_feeling_down", "utter_crisis_offer_worker", "utter_default",
                    "utter_core_fallback")


def variations(name):
    return DOMAIN["responses"][name]


def known_numbers():
    return {c["number"] for c in CONTACTS["contacts"] if "number" in c}


def test_every_category_has_its_own_emergency_reply_and_a_general_one_is_last():
    conditions = [
        v["condition"][0]["value"] for v in variations("utter_crisis") if "condition" in v
    ]
    assert sorted(conditions) == sorted(set(ALL) - {"general"})
    assert "condition" not in variations("utter_crisis")[-1]


@pytest.mark.parametrize("index", range(9))
def test_each_emergency_reply_gives_112_and_says_nobody_reads_live(index):
    text = variations("utter_crisis")[index]["text"]
    assert "112" in text
    assert "botti" in text and "kukaan lue tätä chattia juuri nyt" in text
    assert len(text.split()) <= 80, "emergency replies must stay short"


@pytest.mark.parametrize("name", ["utter_default", "utter_core_fallback"])
def test_not_understanding_still_shows_the_emergency_number(name):
    # No detector catches every crisis wording it has never seen (blind sets
    # miss 7-17 % on their first run); a reply that did not understand the
    # message must still show where help is.
    for variation in variations(name):
        assert "112" in variation["text"], name


def test_numbers_in_safety_replies_are_listed_with_sources():
    numbers = known_numbers()
    used = set()
    for name in SAFETY_RESPONSES:
        for variation in variations(name):
            for found in PHONE.findall(variation["text"]):
                assert found.strip() in numbers, (name, found)
                used.add(found.strip())
    # the pattern really finds the numbers: every listed one is used somewhere
    assert used == numbers


def test_every_contact_has_a_source_and_the_fact_base_knows_the_number():
    facts = FACTS.read_text(encoding="utf-8") if FACTS.exists() else None
    for contact in CONTACTS["contacts"]:
        assert contact["sources"] and all(s.startswith("http") for s in contact["sources"])
        if facts is not None and "number" in contact:
            assert contact["number"] in facts, contact["name"]


def test_check_in_is_not_the_emergency_script():
    text = variations("utter_feeling_down")[0]["text"]
    assert "112" not in text and "09 2525 0111" not in text


# Questions of a form whose answer is read from the text itself (from_text
# slot + a parser), so the intent a tap gets does not matter: the parser must
# understand every button.
FORM_TEXT_PARSERS = {
    "utter_ask_handoff_contact": "parse_contact_method",
    "utter_ask_handoff_urgency": "parse_urgency",
}


def test_form_option_buttons_are_understood_by_the_form():
    from bot.services import handoffs

    for response, parser in FORM_TEXT_PARSERS.items():
        buttons = [b for v in variations(response) for b in v["buttons"]]
        values = [getattr(handoffs, parser)(b["payload"]) for b in buttons]
        assert None not in values, response
        assert len(set(values)) == len(buttons), response


def test_every_text_button_payload_is_a_training_example():
    """A quick reply that sends text must be understood: it is one of the
    training examples (otherwise a tap can end in "en ymmärtänyt"), or an
    option that a form reads from the text (test above)."""
    examples = set()
    for path in (PROJECT_ROOT / "data").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    examples.add(line.strip()[2:].strip())
    payloads = [
        button["payload"]
        for name, variations_ in DOMAIN["responses"].items()
        if name not in FORM_TEXT_PARSERS
        for variation in variations_
        for button in variation.get("buttons") or []
        if not button["payload"].startswith("/")
    ]
    assert payloads, "the test must see some text payloads"
    missing = [p for p in payloads if p not in examples]
    assert missing == []
