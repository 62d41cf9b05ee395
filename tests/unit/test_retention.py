"""Data retention (`python -m bot retention run`): a tracker store written by
Rasa's own SQLTrackerStore and the app's migrated database, both real SQLite."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_ROOT
from bot.db import session_scope
from bot.models import CodeAttempt, MeetingPreparation
from bot.services import handoffs, linking, meeting, retention, workers
from bot.services.common import conversation_key, now

DAY = 24 * 3600
OLD = "chat-vanha-aaaa"  # last message 100 days ago
RECENT = "chat-tuore-bbbb"  # started 200 days ago, one message yesterday
NEW = "chat-uusi-cccc"  # today
BORDER = "chat-raja-dddd"  # 89 days ago: kept with 90 days


def said(text, age_days):
    ts = time.time() - age_days * DAY
    return [
        UserUttered(text, intent={"name": "faq", "confidence": 1.0},
                    parse_data={"intent": {"name": "faq", "confidence": 1.0}, "entities": [], "text": text},
                    timestamp=ts),
        ActionExecuted("utter_faq", timestamp=ts + 1),
        BotUttered("vastaus", timestamp=ts + 1),
        ActionExecuted("action_listen", timestamp=ts + 2),
    ]


CONVERSATIONS = {
    OLD: said("mikä on jälkihuolto", 120) + said("kiitos", 100),
    RECENT: said("moi", 200) + said("entä vuokra", 150) + said("palasin", 1),
    NEW: said("hei", 0),
    BORDER: said("moikka", 89),
}


# A PostgreSQL database for the tracker store, if given (its events table is
# emptied by these tests), e.g. postgresql://rinnalla@127.0.0.1:5432/tracker_test
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "").strip()


@pytest.fixture(params=["sqlite"] + (["postgresql"] if POSTGRES else []))
def tracker_url(tmp_path, request):
    if request.param == "postgresql":
        url = POSTGRES
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            if sa.inspect(connection).has_table("events"):
                connection.exec_driver_sql("DELETE FROM events")
        engine.dispose()
        store = SQLTrackerStore(Domain.empty(), host=url)
    else:
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
        store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender, events in CONVERSATIONS.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()
    return url


def events_by_sender(url):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return dict(connection.execute(
                sa.text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")
            ).all())
    finally:
        engine.dispose()


def age_preparation(sender, days):
    with session_scope() as session:
        prep = session.query(MeetingPreparation).filter_by(conversation_key=conversation_key(sender)).one()
        prep.updated_at = now() - timedelta(days=days)


@pytest.fixture
def app_data(db):
    """Preparations of OLD (recently touched), RECENT, NEW, and one abandoned
    100 days ago; a handoff request of OLD; old and new code attempts."""
    aino = workers.create_worker("aino@example.fi", "Aino Virtanen", "pitkä-salasana-1")
    youth = linking.add_youth(aino.id, "Mira")
    linking.redeem(OLD, youth.invite_code)
    handoffs.create_request(OLD, "Tarviin apua vuokran kanssa", "chat", "week")
    for sender in (OLD, RECENT, NEW, "chat-hylatty-eeee"):
        meeting.save_answer(sender, "going_well", f"vastaus {sender}")
        meeting.save_answer(sender, "worry", "huoli")
    age_preparation(RECENT, 1)
    age_preparation("chat-hylatty-eeee", 100)
    with session_scope() as session:
        session.add(CodeAttempt(conversation_key="a" * 64, created_at=now() - timedelta(days=95)))
        session.add(CodeAttempt(conversation_key="b" * 64, created_at=now()))
    return aino


def test_old_conversations_go_whole_and_one_recent_event_keeps_a_conversation(tracker_url, app_data):
    before = events_by_sender(tracker_url)
    result = retention.run(days=90, tracker_url=tracker_url)

    assert events_by_sender(tracker_url) == {s: before[s] for s in (RECENT, NEW, BORDER)}
    assert (result.conversations, result.events) == (1, before[OLD])
    # OLD's preparation (updated today, but its conversation is gone) and the
    # abandoned one; RECENT's and NEW's stay.
    assert result.preparations == 2
    assert meeting.get_preparation(OLD) is None
    assert meeting.get_preparation("chat-hylatty-eeee") is None
    assert meeting.get_preparation(RECENT) is not None and meeting.get_preparation(NEW) is not None
    with session_scope() as session:
        answers = session.execute(sa.text("SELECT count(*) FROM meeting_answers")).scalar_one()
        attempts = session.query(CodeAttempt).count()
    assert answers == 4  # no orphaned answers
    assert result.code_attempts == 1 and attempts == 1
    # The handoff request stays with the worker.
    [request] = handoffs.list_for_worker(app_data.id)
    assert request.message == "Tarviin apua vuokran kanssa"


def test_a_dry_run_counts_and_deletes_nothing(tracker_url, app_data):
    before = events_by_sender(tracker_url)
    result = retention.run(days=90, tracker_url=tracker_url, dry_run=True)
    assert (result.conversations, result.events, result.preparations, result.code_attempts) == (
        1, before[OLD], 2, 1,
    )
    assert events_by_sender(tracker_url) == before
    assert meeting.get_preparation(OLD) is not None
    assert meeting.get_preparation("chat-hylatty-eeee") is not None


def test_the_period_decides(tracker_url, db):
    retention.run(days=365, tracker_url=tracker_url)
    assert set(events_by_sender(tracker_url)) == {OLD, RECENT, NEW, BORDER}
    retention.run(days=30, tracker_url=tracker_url)
    assert set(events_by_sender(tracker_url)) == {RECENT, NEW}


def test_days_come_from_the_environment(tracker_url, db, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "80")
    result = retention.run(tracker_url=tracker_url)
    assert result.days == 80
    assert set(events_by_sender(tracker_url)) == {RECENT, NEW}
    monkeypatch.setenv("RETENTION_DAYS", "0")
    with pytest.raises(ValueError):
        retention.run(tracker_url=tracker_url)
    monkeypatch.delenv("RETENTION_DAYS")
    assert retention.default_days() == 90


def test_many_conversations_go_in_batches(tmp_path, db, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 3)
    path = tmp_path / "many.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    for n in range(10):
        asyncio.run(store.save(DialogueStateTracker.from_events(f"vanha-{n}", said("moi", 100))))
    asyncio.run(store.save(DialogueStateTracker.from_events("tuore", said("moi", 1))))
    store.engine.dispose()
    result = retention.run(days=90, tracker_url=f"sqlite:///{path}")
    assert result.conversations == 10
    assert events_by_sender(f"sqlite:///{path}") == {"tuore": 4}


def test_a_missing_tracker_store_is_not_created(tmp_path, db):
    missing = tmp_path / "ei-ole.db"
    result = retention.run(days=90, tracker_url=f"sqlite:///{missing}")
    assert result.conversations == 0 and not missing.exists()


def test_cli_prints_counts_only(tracker_url, tmp_path):
    env = {
        **os.environ,
        "RINNALLA_VAR_DIR": str(tmp_path / "cli-var"),
        "TRACKER_DB_URL": tracker_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli-app.db'}",
    }
    env.pop("RETENTION_DAYS", None)

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "bot", "retention", "run", *args],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
        )

    dry = cli("--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Conversations would be deleted: 1" in dry.stdout and "dry run" in dry.stdout
    assert set(events_by_sender(tracker_url)) == {OLD, RECENT, NEW, BORDER}
    done = cli("--days", "30")
    assert done.returncode == 0, done.stderr
    assert "Conversations deleted: 2" in done.stdout
    assert "Handoff requests" in done.stdout
    for secret in (OLD, RECENT, NEW, BORDER, "jälkihuolto", "vastaus"):
        assert secret not in done.stdout + done.stderr
    assert cli("--days", "0").returncode == 2  # argparse refuses


def test_answers_get_the_configured_period(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert retention.placeholders() == {"retention_days": "30"}
    monkeypatch.setenv("RETENTION_DAYS", "kolme kuukautta")  # broken: the default is shown
    assert retention.placeholders() == {"retention_days": str(retention.DEFAULT_DAYS)}


def test_the_privacy_answer_states_the_period_through_the_placeholder():
    from bot.content.checks import _allowed_placeholders
    from bot.content.topics import load_topics

    answer = load_topics()["chat_privacy"].answer
    assert "{retention_days} päivää" in answer
    assert "retention_days" in _allowed_placeholders()

