""""poista tietoni": the forgetting tracker store (Rasa's real SQLTrackerStore
on a real SQLite file), the app-side deletion and actions/privacy.py."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import time

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet as SdkSlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ActionForgetMe, confirmed
from bot.config import PROJECT_ROOT
from bot.services import handoffs, linking, meeting, privacy, workers
from bot.tracker_store import ForgettingSQLTrackerStore, asks_to_forget

SENDER = "chat-nuori-unohda-1"
OTHER = "chat-nuori-toinen-2"
DOMAIN_YAML = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


# --- the tracker store -------------------------------------------------------


def said(text, intent="nlu_fallback"):
    return UserUttered(
        text, intent={"name": intent, "confidence": 1.0},
        parse_data={"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text},
        timestamp=time.time(), input_channel="rest",
    )


def chat(sender, *texts):
    events = [ActionExecuted("action_listen")]
    for text in texts:
        events += [said(text), ActionExecuted("utter_greet"), BotUttered("hei"),
                   ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events(sender, events)


def forget_turn(tracker, marker_after="action_forget_me", value=True):
    """The turn of "joo" after "poistetaanko?", as the Rasa server logs it."""
    tracker.update(said("joo", "affirm"))
    tracker.update(ActionExecuted(marker_after))
    tracker.update(BotUttered("Valmis."))
    tracker.update(SlotSet("forget_conversation", value))
    tracker.update(ActionExecuted("action_listen"))
    return tracker


# A PostgreSQL database for the tracker store, if given (its events table is
# emptied by these tests), e.g. postgresql://rinnalla@127.0.0.1:5432/tracker_test
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "").strip()
DIALECTS = ["sqlite"] + (["postgresql"] if POSTGRES else [])


def empty_postgres(url):
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        if sa.inspect(connection).has_table("events"):
            connection.exec_driver_sql("DELETE FROM events")
    engine.dispose()


@pytest.fixture(params=DIALECTS)
def store(tmp_path, request):
    if request.param == "postgresql":
        url = POSTGRES
        empty_postgres(url)
    else:
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    # Loaded exactly as the Rasa server loads endpoints.yml.
    endpoint = EndpointConfig(type="bot.tracker_store.ForgettingSQLTrackerStore", url=url)
    from rasa.core.tracker_store import create_tracker_store

    created = create_tracker_store(endpoint, Domain.empty())
    assert isinstance(created, ForgettingSQLTrackerStore)
    yield created
    created.engine.dispose()


def rows(store, sender):
    with store.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT count(*) FROM events WHERE sender_id = :sender"), {"sender": sender}
        ).scalar_one()


def save(store, tracker):
    asyncio.run(store.save(tracker))


def test_endpoints_files_name_the_forgetting_store_with_the_same_url():
    for name in ("endpoints.yml", "endpoints.prod.yml"):
        config = yaml.safe_load((PROJECT_ROOT / name).read_text(encoding="utf-8"))["tracker_store"]
        assert config["type"] == "bot.tracker_store.ForgettingSQLTrackerStore"
        assert config["url"] == "${TRACKER_DB_URL}"


def test_the_store_reads_tracker_db_url_from_endpoints_yml(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'from-env.db'}"
    monkeypatch.setenv("TRACKER_DB_URL", url)
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:9/webhook")
    from rasa.core.tracker_store import create_tracker_store

    endpoint = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "tracker_store")
    created = create_tracker_store(endpoint, Domain.empty())
    try:
        assert isinstance(created, ForgettingSQLTrackerStore)
        assert str(created.engine.url) == url
        assert (tmp_path / "from-env.db").exists()
    finally:
        created.engine.dispose()


def test_postgres_url_is_used_as_is():
    url = "postgresql://rinnalla:salainen@db.example:5432/tracker"
    assert ForgettingSQLTrackerStore.get_db_url(host=url) == url


def test_forgetting_deletes_exactly_that_senders_rows(store):
    save(store, chat(SENDER, "mun salaisuus", "toinen viesti"))
    save(store, chat(OTHER, "muiden viesti"))
    before_other = rows(store, OTHER)
    assert rows(store, SENDER) > 0 and before_other > 0

    tracker = asyncio.run(store.retrieve(SENDER))
    save(store, forget_turn(tracker))

    assert rows(store, SENDER) == 0
    assert rows(store, OTHER) == before_other
    assert asyncio.run(store.retrieve(SENDER)) is None
    # Saving the same tracker object again (the marker is still in it) does not
    # bring the conversation back.
    save(store, tracker)
    assert rows(store, SENDER) == 0


def test_deleted_rows_in_the_middle_of_a_turn_come_back_with_plain_sql_store(store, tmp_path):
    """Why the deletion is in the tracker store: Rasa writes the whole tracker
    again when rows disappear during a turn."""
    plain = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "plain.db"))
    try:
        save(plain, chat(SENDER, "mun salaisuus"))
        tracker = asyncio.run(plain.retrieve(SENDER))
        with plain.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM events")
        tracker.update(said("seuraava"))
        save(plain, tracker)
        assert rows(plain, SENDER) == len(tracker.events)
    finally:
        plain.engine.dispose()


def test_a_turn_without_the_marker_deletes_nothing(store):
    save(store, chat(SENDER, "hei"))
    tracker = asyncio.run(store.retrieve(SENDER))
    tracker.update(said("poista tietoni", "forget_me"))
    tracker.update(ActionExecuted("utter_ask_forget_confirm"))
    tracker.update(BotUttered("Poistetaanko?"))
    tracker.update(ActionExecuted("action_listen"))
    save(store, tracker)
    assert rows(store, SENDER) == len(tracker.events)


def test_the_marker_counts_only_from_action_forget_me_in_this_turn(store):
    save(store, chat(SENDER, "hei"))
    # Set by anything else (e.g. slot extraction from a message): nothing happens.
    tracker = forget_turn(asyncio.run(store.retrieve(SENDER)), marker_after="action_extract_slots")
    save(store, tracker)
    assert rows(store, SENDER) == len(tracker.events)
    # False is no marker.
    tracker = forget_turn(asyncio.run(store.retrieve(SENDER)), value=False)
    save(store, tracker)
    assert rows(store, SENDER) == len(tracker.events)
    # A marker from an earlier turn (e.g. the deletion failed once) does not
    # delete later: only the turn being saved counts.
    tracker = asyncio.run(store.retrieve(SENDER))
    events = list(forget_turn(tracker).events) + [said("jatketaan"), ActionExecuted("utter_greet")]
    assert not asks_to_forget(events)
    assert asks_to_forget(forget_turn(chat(SENDER, "x")).events)


def test_the_next_message_starts_a_fresh_conversation(store):
    save(store, chat(SENDER, "vanha viesti"))
    save(store, forget_turn(asyncio.run(store.retrieve(SENDER))))
    fresh = chat(SENDER, "uusi alku")
    save(store, fresh)
    back = asyncio.run(store.retrieve(SENDER))
    texts = [e.text for e in back.events if isinstance(e, UserUttered)]
    assert texts == ["uusi alku"]
    assert rows(store, SENDER) == len(fresh.events)


def test_a_user_cannot_fill_the_marker_slot():
    """The slot has only a custom mapping; a message with the slot's name as an
    entity ("/forget_me{"forget_conversation": true}") fills nothing."""
    slot = DOMAIN_YAML["slots"]["forget_conversation"]
    assert slot["mappings"] == [{"type": "custom"}]
    assert "forget_conversation" not in DOMAIN_YAML.get("entities", [])
    domain = Domain.from_path(str(PROJECT_ROOT / "domain.yml"))
    message = YAMLStoryReader.unpack_regex_message(
        Message(data={"text": '/affirm{"forget_conversation": true}'}), domain
    )
    tracker = DialogueStateTracker.from_events(SENDER, [
        ActionExecuted("action_listen"),
        UserUttered(message.get("text"), intent=message.get("intent"),
                    entities=message.get("entities") or [], parse_data=message.as_dict()),
    ], domain.slots)
    events = asyncio.run(ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
        tracker, domain,
    ))
    assert not [e for e in events if isinstance(e, SlotSet) and e.key == "forget_conversation"]
    tracker.update_with_events(events, domain)
    assert not tracker.get_slot("forget_conversation")
    assert not asks_to_forget(tracker.events)


# --- the app side --------------------------------------------------------------


@pytest.fixture
def linked(aino):
    youth = linking.add_youth(aino.id, "Mira")
    linking.redeem(SENDER, youth.invite_code)
    return youth


def prepared(sender):
    meeting.save_answer(sender, "going_well", "koulu menee hyvin")
    meeting.save_answer(sender, "worry", "vuokra huolettaa")
    return meeting.create_share_link(sender)


def test_forgetting_deletes_preparation_answers_link_and_unlinks(linked, aino, db):
    token = prepared(SENDER)
    prepared(OTHER)
    request = handoffs.create_request(SENDER, "Tarviin apua vuokran kanssa", "chat", "week")

    result = privacy.forget_conversation(SENDER)

    assert result == privacy.Forgotten(preparation_deleted=True, was_linked=True)
    assert meeting.get_preparation(SENDER) is None
    assert meeting.get_shared(token) is None
    assert meeting.get_preparation(OTHER) is not None  # someone else's stays
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        answers = connection.execute("SELECT count(*) FROM meeting_answers").fetchone()[0]
        youth = connection.execute(
            "SELECT display_name, sender_id, conversation_key, linked_at FROM youths"
        ).fetchone()
    assert answers == 2  # only OTHER's
    assert youth == ("Mira", None, None, None)
    assert linking.link_for(SENDER) is None
    # The request already sent stays with the worker.
    [kept] = handoffs.list_for_worker(aino.id)
    assert kept.message == "Tarviin apua vuokran kanssa"
    assert request is not None


def test_forgetting_with_nothing_stored_is_fine(db):
    assert privacy.forget_conversation(SENDER) == privacy.Forgotten(False, False)


# --- the action ----------------------------------------------------------------


def sdk_tracker(intent="affirm", asked=True, sender=SENDER):
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": "poista tietoni",
               "parse_data": {"intent": {"name": "forget_me", "confidence": 1.0}}}]
    if asked:
        events += [{"event": "action", "name": "utter_ask_forget_confirm"},
                   {"event": "bot", "text": "Poistetaanko?"}]
    else:
        events += [{"event": "action", "name": "utter_greet"}, {"event": "bot", "text": "Hei"}]
    events += [{"event": "action", "name": "action_listen"},
               {"event": "user", "text": "joo", "input_channel": "socketio",
                "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}]
    return Tracker(
        sender_id=sender, slots={}, latest_message=events[-1]["parse_data"] | {"text": "joo"},
        events=events, paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )


def run(t):
    dispatcher = CollectingDispatcher()
    return dispatcher, ActionForgetMe().run(dispatcher, t, DOMAIN_YAML)


def test_yes_deletes_says_so_tells_the_widget_and_sets_the_marker(linked, db):
    prepared(SENDER)
    dispatcher, events = run(sdk_tracker())
    assert [m["response"] for m in dispatcher.messages if m.get("response")] == [
        "text_forget_done", "text_forget_unlinked",
    ]
    assert {"data": {"rinnalla": "conversation_forgotten"}} in [m["custom"] for m in dispatcher.messages]
    assert events == [SdkSlotSet("forget_conversation", True)]
    assert meeting.get_preparation(SENDER) is None
    done = DOMAIN_YAML["responses"]["text_forget_done"][0]["text"]
    assert "työntekijällesi" in done and "hänellä" in done


def test_not_linked_is_not_told_about_the_link(db):
    dispatcher, events = run(sdk_tracker())
    assert [m["response"] for m in dispatcher.messages if m.get("response")] == ["text_forget_done"]
    assert events == [SdkSlotSet("forget_conversation", True)]


@pytest.mark.parametrize("intent,asked", [("deny", True), ("affirm", False), ("faq", True)])
def test_without_an_explicit_yes_to_the_question_nothing_is_deleted(db, intent, asked):
    prepared(SENDER)
    t = sdk_tracker(intent=intent, asked=asked)
    assert not confirmed(t)
    dispatcher, events = run(t)
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["text_forget_not_confirmed"]
    assert meeting.get_preparation(SENDER) is not None


def test_a_locked_database_is_told_honestly_and_nothing_is_marked(linked, locked_database):
    prepared(SENDER)
    with locked_database():
        dispatcher, events = run(sdk_tracker())
    assert events == []  # no marker: the tracker store deletes nothing
    assert [m.get("response") for m in dispatcher.messages] == ["text_forget_failed"]
    assert meeting.get_preparation(SENDER) is not None
    assert linking.link_for(SENDER) is not None
    text = DOMAIN_YAML["responses"]["text_forget_failed"][0]["text"]
    assert "ei" in text and "poista tietoni" in text


def test_the_question_says_what_is_deleted_and_what_stays():
    question = DOMAIN_YAML["responses"]["utter_ask_forget_confirm"][0]
    text = question["text"]
    for needed in ("tämän keskustelun viestit", "Minun asiani", "työntekijällesi", "tilastot"):
        assert needed in text
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]
    assert [b["title"] for b in question["buttons"]] == ["Kyllä, poista", "Älä poista"]


def test_the_privacy_answer_tells_how_to_delete_and_stays_short():
    topic = yaml.safe_load((PROJECT_ROOT / "data/faq/chat_privacy.yml").read_text(encoding="utf-8"))
    answer = topic["responses"]["utter_faq/chat_privacy"][0]["text"]
    assert "poista tietoni" in answer
    assert len(answer.split()) <= 80


def test_requests_to_delete_are_not_privacy_faq_examples():
    topic = (PROJECT_ROOT / "data/faq/chat_privacy.yml").read_text(encoding="utf-8")
    requests_ = yaml.safe_load((PROJECT_ROOT / "data/nlu/privacy.yml").read_text(encoding="utf-8"))
    examples = [line[2:].strip() for line in requests_["nlu"][0]["examples"].splitlines() if line.strip()]
    assert len(examples) >= 20
    faq_examples = {line.strip()[2:].strip() for line in topic.splitlines() if line.strip().startswith("- ")}
    assert not faq_examples & set(examples)


def test_privacy_page_tells_how_to_delete_and_how_long_data_is_kept(db):
    from bot.web import create_app

    page = create_app().test_client().get("/tietosuoja").get_data(as_text=True)
    assert "<strong>poista tietoni</strong>" in page
    assert "jäävät hänelle" in page
    assert "ei ole kirjoitettu 90 päivään" in " ".join(page.split())


def test_privacy_page_shows_the_configured_retention_period(db, monkeypatch):
    from bot.web import create_app

    monkeypatch.setenv("RETENTION_DAYS", "30")
    page = create_app().test_client().get("/tietosuoja").get_data(as_text=True)
    assert "ei ole kirjoitettu 30 päivään" in " ".join(page.split())
