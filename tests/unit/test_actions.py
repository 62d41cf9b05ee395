"""Custom actions run against rasa-sdk Tracker objects and a real database."""
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import CHECK_IN_EVENT, CRISIS_EVENT, ActionRecordCheckIn, ActionRecordCrisis
from bot.services.events import count_events, counts_by_detail


def tracker(text: str, crisis_type=None) -> Tracker:
    return Tracker(
        sender_id="test-sender",
        slots={"crisis_type": crisis_type},
        latest_message={"text": text, "intent": {"name": "crisis", "confidence": 0.99}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_crisis",
    )


def test_crisis_is_counted_without_text(migrated_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    dispatcher = CollectingDispatcher()
    events = ActionRecordCrisis().run(dispatcher, tracker("en jaksa enää"), {})
    assert events == []
    assert dispatcher.messages == []  # the emergency reply is the response, not this action
    assert count_events(CRISIS_EVENT, url=migrated_db) == 1


def test_crisis_is_counted_by_category(migrated_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    ActionRecordCrisis().run(CollectingDispatcher(), tracker("x", "violence"), {})
    ActionRecordCrisis().run(CollectingDispatcher(), tracker("x", "violence"), {})
    ActionRecordCrisis().run(CollectingDispatcher(), tracker("x", "<script>"), {})
    assert counts_by_detail(CRISIS_EVENT, url=migrated_db) == {"violence": 2, "general": 1}


def test_check_in_is_counted(migrated_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    dispatcher = CollectingDispatcher()
    assert ActionRecordCheckIn().run(dispatcher, tracker("koulu tappaa mut"), {}) == []
    assert dispatcher.messages == []
    assert count_events(CHECK_IN_EVENT, url=migrated_db) == 1


def test_counting_failure_never_breaks_the_conversation(monkeypatch, isolated_environment):
    # A folder where the database file should be cannot be opened as a database.
    (isolated_environment / "is-a-folder.db").mkdir(parents=True)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{isolated_environment / 'is-a-folder.db'}")
    assert ActionRecordCrisis().run(CollectingDispatcher(), tracker("apua"), {}) == []
