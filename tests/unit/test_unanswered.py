"""Unanswered questions for content editors, read from a tracker store that
Rasa's own SQLTrackerStore wrote."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_ROOT
from bot.services import unanswered
from bot.services.unanswered import UnansweredGroup, mask, parse_period, report

DAY = 24 * 3600
SENDERS = ["nuori-aaaa1111", "nuori-bbbb2222", "nuori-cccc3333", "nuori-dddd4444"]


def said(text, intent, confidence=0.95, age=7200.0, ranking=None, safety=None):
    """A user message as the Rasa server stores it, ``age`` seconds ago."""
    parse_data = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": [],
        "text": text,
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    if safety is not None:
        parse_data["safety"] = safety
    return UserUttered(
        text,
        intent={"name": intent, "confidence": confidence},
        parse_data=parse_data,
        timestamp=time.time() - age,
        input_channel="rest",
    )


def fallback(text, age=7200.0, best="faq", best_confidence=0.4, safety=None):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.6},
        {"name": best, "confidence": best_confidence},
    ]
    return said(text, "nlu_fallback", 0.6, age, ranking, safety)


CONVERSATIONS = {
    SENDERS[0]: [
        said("moi", "greet", 1.0),
        fallback("mitä on jälkihuoltokorvaus"),
        fallback("mitä on jälkihuoltokorvaus", age=7000),
        said("/prepare_meeting", "prepare_meeting", 1.0),
        ActiveLoop("meeting_form"),
        # an answer inside the meeting form: personal, never listed
        fallback("isäpuoli ei saa tulla tapaamiseen"),
        SlotSet("meeting_worry", "isäpuoli ei saa tulla tapaamiseen"),
        ActiveLoop(None),
        said("mihin ikään asti saan jälkihuoltoa", "faq", 0.99),  # confident FAQ
    ],
    SENDERS[1]: [
        fallback("Mikä on jälkihuoltokorvaus?"),
        said("saako koiran ottaa mukaan sijaisperheeseen", "ask_rights", 0.31),
        said("mikä on paras pizzatäyte", "out_of_scope", 0.97),
        said("haluun kuolla", "crisis", 1.0),
        fallback("ei jaksa mitään", safety={"level": "none", "classifier_crisis": False,
                                             "classifier_confidence": 0.35}),
        said("mun koodi on K7PQ2XW", "link_code", 1.0),
        said("/affirm", "nlu_fallback", 0.6),
        said("joo", "affirm", 0.4),
    ],
    SENDERS[2]: [
        fallback("voiko kelalta hakea tukea jos soitan 040 123 4567 tai aino@example.fi"),
        fallback("mitä tarkoittaa k7pq2xw"),
        said("mikä on paras pizzatäyte", "out_of_scope", 0.9),
        # older than a week: only in a longer period
        fallback("miten haen asumistukea", age=10 * DAY),
    ],
    SENDERS[3]: [
        SessionStarted(),
        said("tuleeko handoff perille", "contact_worker", 0.92),
        ActiveLoop("handoff_form"),
        fallback("soita mulle huomenna iltapäivällä"),  # the message to the worker
        ActiveLoop(None),
        fallback("hmm mikä se jälkihuoltokorvaus oli", age=10),
        # kept word for word in a slot (even outside a form): personal
        fallback("pidetään tauko tunnin jälkeen", age=5),
        SlotSet("meeting_people", "pidetään tauko tunnin jälkeen"),
    ],
}


def store_conversations(path, conversations=CONVERSATIONS):
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    for sender, events in conversations.items():
        tracker = DialogueStateTracker.from_events(sender, events)
        asyncio.run(store.save(tracker))
    store.engine.dispose()
    return f"sqlite:///{path}"


@pytest.fixture
def tracker_url(tmp_path):
    return store_conversations(tmp_path / "tracker.db")


def by_text(groups):
    return {g.text: g for g in groups}


def test_unanswered_questions_are_grouped_and_counted(tracker_url):
    groups = report(timedelta(days=7), tracker_url)
    assert all(isinstance(g, UnansweredGroup) for g in groups)
    found = by_text(groups)
    correction = found["mitä on jälkihuoltokorvaus"]
    assert correction.count == 4  # twice as such, "Mikä on …?" and "hmm mikä se … oli"
    assert set(correction.variants) == {
        "mitä on jälkihuoltokorvaus", "Mikä on jälkihuoltokorvaus?",
        "hmm mikä se jälkihuoltokorvaus oli",
    }
    assert correction.variants[0] == correction.text
    assert found["mikä on paras pizzatäyte"].count == 2  # out_of_scope, two senders
    assert found["saako koiran ottaa mukaan sijaisperheeseen"].count == 1  # low confidence
    assert groups[0] is correction and groups[1].text == "mikä on paras pizzatäyte"
    assert correction.last_seen.tzinfo is not None
    assert sum(g.count for g in groups) == 9


def test_safety_personal_and_answered_messages_are_never_listed(tracker_url):
    groups = report(timedelta(days=7), tracker_url)
    shown = " ".join(v for g in groups for v in (g.text, *g.variants))
    for absent in (
        "kuolla",  # crisis
        "jaksa",  # the classifier leaned to a crisis
        "K7PQ2XW", "k7pq2xw", "koodi",  # invite codes
        "/affirm", "/prepare_meeting", "joo", "moi",  # buttons, dialogue moves
        "isäpuoli",  # an answer in the meeting form
        "huomenna",  # the message to the worker
        "tauko",  # stored in a slot
        "mihin ikään",  # answered with confidence
        "asumistukea",  # older than the period
    ):
        assert absent not in shown, absent
    for sender in SENDERS:
        assert sender not in repr(groups)


def test_personal_details_are_masked(tracker_url):
    found = by_text(report(timedelta(days=7), tracker_url))
    assert "voiko kelalta hakea tukea jos soitan [poistettu] tai [poistettu]" in found
    assert "mitä tarkoittaa [poistettu]" in found


def test_since_and_limit(tracker_url):
    assert "miten haen asumistukea" in by_text(report(timedelta(days=11), tracker_url))
    recent = report(timedelta(minutes=30), tracker_url)  # robust on a busy machine
    assert [(g.text, g.count) for g in recent] == [("hmm mikä se jälkihuoltokorvaus oli", 1)]
    assert len(report(timedelta(days=7), tracker_url, limit=2)) == 2


def test_missing_or_empty_tracker_store_gives_an_empty_list(tmp_path):
    missing = tmp_path / "nothing.db"
    assert report(timedelta(days=7), f"sqlite:///{missing}") == []
    assert not missing.exists()
    empty = store_conversations(tmp_path / "empty.db", {})
    assert report(timedelta(days=7), empty) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mun koodi on K7PQ2XW", "mun koodi on [poistettu]"),
        ("koodi k7pq-2xw", "koodi [poistettu]"),
        ("numero +358 40 123 4567!", "numero [poistettu]!"),
        ("aino.virtanen@example.fi", "[poistettu]"),
        ("hetu 010203A123X", "hetu [poistettu]"),
        ("oon 22 ja sain 1200 euroa", "oon 22 ja sain 1200 euroa"),
        ("rivi\nkaksi", "rivi kaksi"),
    ],
)
def test_mask(text, expected):
    assert mask(text) == expected


def test_similarity_groups_phrasings_not_topics():
    assert unanswered.similarity("mitä on jälkihuoltokorvaus", "mikä on jälkihuoltokorvaus?") >= 0.6
    assert unanswered.similarity("mitä on jälkihuoltokorvaus", "kuka maksaa jälkihuoltokorvauksen") < 0.6
    assert unanswered.similarity("mikä on paras pizzatäyte", "mikä on kvanttifysiikka") < 0.6


def test_threshold_comes_from_config():
    assert unanswered.fallback_threshold() == 0.6


def test_period():
    assert parse_period("7d") == timedelta(days=7)
    assert parse_period("12h") == timedelta(hours=12)
    for bad in ("7", "0d", "d", "1w", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


def run_cli(*args, url):
    env = {**os.environ, "TRACKER_DB_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "bot", "report", "unanswered", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_cli_prints_counts_and_texts_without_sender_ids(tracker_url):
    result = run_cli("--since", "7d", url=tracker_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Kysymyksiä, joihin botti ei osannut vastata")
    assert lines[1] == "   4  mitä on jälkihuoltokorvaus"
    assert lines[2] == "   2  mikä on paras pizzatäyte"
    assert "   1  saako koiran ottaa mukaan sijaisperheeseen" in lines
    assert "kuolla" not in result.stdout and "K7PQ2XW" not in result.stdout
    for sender in SENDERS:
        assert sender not in result.stdout + result.stderr
    assert "asumistukea" not in result.stdout
    assert "asumistukea" in run_cli("--since", "11d", url=tracker_url).stdout
    limited = run_cli("--since", "24h", "--limit", "1", url=tracker_url)
    assert limited.returncode == 0 and len(limited.stdout.splitlines()) == 2


def test_cli_says_when_there_is_nothing(tmp_path):
    result = run_cli(url=f"sqlite:///{tmp_path / 'none.db'}")
    assert result.returncode == 0
    assert result.stdout.strip() == "Ei vastaamattomia kysymyksiä."
