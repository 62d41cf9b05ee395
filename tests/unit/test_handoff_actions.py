"""The chat side of linking and handoff: actions/handoff.py on rasa-sdk trackers."""

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import (
    ActionAskHandoffConfirm,
    ActionCrisisHandoff,
    ActionDeliverWorkerReplies,
    ActionLinkCode,
    ActionStartHandoff,
    ActionSubmitHandoff,
    ValidateHandoffForm,
)
from bot.config import PROJECT_ROOT
from bot.services import handoffs, linking, meeting, workers

SENDER = "chat-nuori-1"
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def linked(aino):
    youth = linking.add_youth(aino.id, "Mira")
    linking.redeem(SENDER, youth.invite_code)
    return youth


def tracker(slots=None, text="", intent="nlu_fallback", entities=None, channel="rest", requested=None):
    return Tracker(
        sender_id=SENDER,
        slots={"requested_slot": requested, **(slots or {})},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                        "entities": entities or []},
        events=[{"event": "user", "input_channel": channel}],
        paused=False,
        followup_action=None,
        active_loop={"name": "handoff_form"} if requested else {},
        latest_action_name="action_listen",
    )


def run(action, t):
    dispatcher = CollectingDispatcher()
    return dispatcher, action.run(dispatcher, t, DOMAIN)


def responses(dispatcher):
    return [m["response"] for m in dispatcher.messages]


def test_a_code_links_and_greets_with_the_workers_first_name(aino):
    code = linking.add_youth(aino.id, "Mira").invite_code
    dispatcher, events = run(ActionLinkCode(), tracker(
        text=f"mun koodi on {code}", intent="link_code",
        entities=[{"entity": "invite_code", "value": code}],
    ))
    assert responses(dispatcher) == ["text_link_ok"]
    assert dispatcher.messages[0]["youth"] == "Mira" and dispatcher.messages[0]["worker"] == "Aino"
    assert SlotSet("linked", True) in events
    text = DOMAIN["responses"]["text_link_ok"][0]["text"]
    assert "{worker}" in text and "ei tätä chattia suoraan" in text


def test_a_wrong_code_gets_a_clear_answer_and_guessing_is_limited(aino):
    for _ in range(linking.ATTEMPTS_PER_CONVERSATION):
        dispatcher, _ = run(ActionLinkCode(), tracker(entities=[{"entity": "invite_code", "value": "AAAA222"}]))
        assert responses(dispatcher) == ["text_link_wrong"]
    dispatcher, _ = run(ActionLinkCode(), tracker(entities=[{"entity": "invite_code", "value": "AAAA222"}]))
    assert responses(dispatcher) == ["text_link_limited"]


def test_not_linked_explains_how_to_get_a_code(db):
    dispatcher, events = run(ActionStartHandoff(), tracker(intent="contact_worker"))
    assert responses(dispatcher) == ["utter_worker_not_linked"]
    assert SlotSet("linked", False) in events
    text = DOMAIN["responses"]["utter_worker_not_linked"][0]["text"]
    assert "koodi" in text and "{region_aftercare_contact}" in text


def test_linked_starts_the_form(linked):
    dispatcher, events = run(ActionStartHandoff(), tracker(intent="contact_worker"))
    assert responses(dispatcher) == ["text_handoff_intro"]
    assert SlotSet("linked", True) in events


async def validate(slot, value, **kwargs):
    dispatcher = CollectingDispatcher()
    t = tracker({slot: value}, requested=slot, **kwargs)
    t.events = [{"event": "user"}, {"event": "slot", "name": slot, "value": value}]
    events = await ValidateHandoffForm().run(dispatcher, t, DOMAIN)
    return dispatcher, events


@pytest.mark.asyncio
async def test_the_message_is_kept_word_for_word(linked):
    text = "Mun vuokra on rästissä <b>kaksi kuukautta</b> 😟"
    dispatcher, events = await validate("handoff_message", text, text=text)
    assert SlotSet("handoff_message", text) in events
    assert dispatcher.messages == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "text, intent",
    [("😀😀", "no_words"), ("laita viesti mun ohjaajalle", "contact_worker"), ("   ", "no_words")],
)
async def test_the_request_again_or_no_words_is_not_the_message(linked, text, intent):
    dispatcher, events = await validate("handoff_message", text, text=text, intent=intent)
    assert SlotSet("handoff_message", None) in events
    assert responses(dispatcher) == ["text_handoff_message_again"]


@pytest.mark.asyncio
async def test_a_longer_message_about_the_worker_is_the_message(linked):
    text = "voisitko soittaa mulle, mun sossu ei oo vastannu viikkoon ja vuokra pitäis maksaa"
    _, events = await validate("handoff_message", text, text=text, intent="contact_worker")
    assert SlotSet("handoff_message", text) in events


@pytest.mark.asyncio
async def test_a_message_the_classifier_alone_took_for_a_crisis_is_kept_with_the_numbers(linked):
    text = "isäpuoli huutaa taas"
    dispatcher, events = await validate("handoff_message", text, text=text, intent="crisis_unsure")
    assert SlotSet("handoff_message", text) in events
    assert responses(dispatcher) == ["text_crisis_check_in_form"]


@pytest.mark.asyncio
async def test_contact_and_urgency_are_read_or_asked_again(linked):
    _, events = await validate("handoff_contact", "soita mulle", text="soita mulle")
    assert SlotSet("handoff_contact", "phone") in events
    dispatcher, events = await validate("handoff_contact", "en tiiä", text="en tiiä")
    assert SlotSet("handoff_contact", None) in events
    assert responses(dispatcher) == ["text_handoff_contact_unclear"]
    _, events = await validate("handoff_urgency", "ei kiirettä", text="ei kiirettä")
    assert SlotSet("handoff_urgency", "no_hurry") in events


@pytest.mark.asyncio
async def test_attaching_is_asked_only_when_there_is_a_summary(linked):
    form = ValidateHandoffForm()
    slots = list(DOMAIN["forms"]["handoff_form"]["required_slots"])
    assert "handoff_attach" not in await form.required_slots(slots, CollectingDispatcher(), tracker(), DOMAIN)
    meeting.save_answer(SENDER, "dreams", "oma koira")
    assert "handoff_attach" in await form.required_slots(slots, CollectingDispatcher(), tracker(), DOMAIN)


FILLED = {
    "handoff_message": "Tarviin apua vuokran kanssa",
    "handoff_contact": "phone",
    "handoff_urgency": "week",
    "handoff_attach": None,
}


def test_the_summary_shows_everything_before_the_yes(linked):
    dispatcher, _ = run(ActionAskHandoffConfirm(), tracker(FILLED))
    summary, question = dispatcher.messages
    assert summary["response"] == "text_handoff_summary"
    assert summary["message"] == "Tarviin apua vuokran kanssa"
    assert summary["contact"] == "Puhelu" and summary["urgency"] == "Tällä viikolla"
    assert summary["worker"] == "Aino"
    assert question["response"] == "utter_ask_handoff_confirm"


def test_yes_creates_the_request(linked, aino):
    meeting.save_answer(SENDER, "dreams", "oma koira")
    dispatcher, events = run(
        ActionSubmitHandoff(), tracker({**FILLED, "handoff_attach": True, "handoff_confirm": True})
    )
    assert responses(dispatcher) == ["text_handoff_sent"]
    [item] = handoffs.list_for_worker(aino.id)
    detail = handoffs.get_for_worker(aino.id, item.id)
    assert detail.message == "Tarviin apua vuokran kanssa"
    assert "oma koira" in detail.meeting_summary
    assert SlotSet("handoff_message", None) in events


def test_no_sends_nothing(linked, aino):
    dispatcher, _ = run(ActionSubmitHandoff(), tracker({**FILLED, "handoff_confirm": False}))
    assert responses(dispatcher) == ["text_handoff_cancelled"]
    assert handoffs.list_for_worker(aino.id) == []


def test_the_substitute_is_named(linked, aino):
    from datetime import date, timedelta

    from bot.services.common import day_start

    bea = workers.create_worker("bea@example.fi", "Bea Koski", "pitkä-salasana-1")
    workers.set_away(aino.id, day_start(date.today()), day_start(date.today() + timedelta(days=8)), bea.id)
    dispatcher, _ = run(ActionSubmitHandoff(), tracker({**FILLED, "handoff_confirm": True}))
    [message] = dispatcher.messages
    assert message["response"] == "text_handoff_sent_substitute"
    assert (message["worker"], message["own"]) == ("Bea", "Aino")
    last = date.today() + timedelta(days=7)
    assert message["until"] == f"{last.day}.{last.month}.{last.year}"


def test_a_locked_database_is_told_and_the_message_shown_back(linked, locked_database):
    with locked_database():
        dispatcher, _ = run(ActionSubmitHandoff(), tracker({**FILLED, "handoff_confirm": True}))
    [message] = dispatcher.messages
    assert message["response"] == "text_handoff_failed"
    assert message["message"] == "Tarviin apua vuokran kanssa"
    text = DOMAIN["responses"]["text_handoff_failed"][0]["text"]
    assert "ei mennyt perille" in text and "{message}" in text


def test_a_failed_send_keeps_the_message_and_a_retry_stores_it_exactly_once(linked, aino, locked_database):
    with locked_database():
        dispatcher, events = run(ActionSubmitHandoff(), tracker({**FILLED, "handoff_confirm": True}))
    assert responses(dispatcher) == ["text_handoff_failed"]
    buttons = DOMAIN["responses"]["text_handoff_failed"][0]["buttons"]
    assert [b["payload"] for b in buttons] == ["/handoff_retry"]
    # nothing is reset: the answers stay for the retry, with the request's key
    [key_event] = events
    assert key_event["name"] == "handoff_key" and len(key_event["value"]) == 32
    assert handoffs.list_for_worker(aino.id) == []

    kept = {**FILLED, "handoff_confirm": True, "handoff_key": key_event["value"]}
    for _ in range(2):  # the retry, and a double tap of the same button
        dispatcher, events = run(ActionSubmitHandoff(), tracker(kept, intent="handoff_retry"))
        assert responses(dispatcher) == ["text_handoff_sent"]
    [item] = handoffs.list_for_worker(aino.id)
    assert item.message == "Tarviin apua vuokran kanssa"
    assert SlotSet("handoff_key", None) in events and SlotSet("handoff_message", None) in events


def test_retry_with_nothing_unsent_says_so_and_sends_nothing(linked, aino):
    dispatcher, events = run(ActionSubmitHandoff(), tracker({}, intent="handoff_retry"))
    assert responses(dispatcher) == ["text_handoff_nothing_to_retry"] and events == []
    assert handoffs.list_for_worker(aino.id) == []


def test_crisis_yes_creates_an_urgent_request(linked, aino):
    dispatcher, _ = run(ActionCrisisHandoff(), tracker(intent="affirm"))
    assert responses(dispatcher) == ["text_crisis_handoff_sent"]
    [item] = handoffs.list_for_worker(aino.id)
    assert item.urgency == "urgent" and item.message == handoffs.CRISIS_MESSAGE


def test_crisis_yes_when_not_linked_gives_the_local_contact(db):
    dispatcher, _ = run(ActionCrisisHandoff(), tracker(intent="affirm"))
    assert responses(dispatcher) == ["utter_crisis_worker_not_linked"]


def test_replies_are_pushed_only_to_the_widget_and_shown_on_the_next_visit(linked, aino):
    created = handoffs.create_request(SENDER, "moi", "chat", "week")
    handoffs.add_reply(aino.id, created.id, "Hei Mira, soitan huomenna.")
    # the last message came over REST: nobody to push to, the reply waits
    dispatcher, _ = run(ActionDeliverWorkerReplies(), tracker(intent="EXTERNAL_worker_reply"))
    assert dispatcher.messages == [] and len(handoffs.pending_replies(SENDER)) == 1
    dispatcher, _ = run(ActionDeliverWorkerReplies(), tracker(intent="EXTERNAL_show_replies"))
    [message] = dispatcher.messages
    assert message["response"] == "text_worker_reply"
    assert (message["worker"], message["reply"]) == ("Aino", "Hei Mira, soitan huomenna.")
    assert handoffs.pending_replies(SENDER) == []
    # shown once
    dispatcher, _ = run(ActionDeliverWorkerReplies(), tracker(intent="EXTERNAL_show_replies"))
    assert dispatcher.messages == []


def test_a_connected_widget_gets_the_reply_at_once(linked, aino):
    created = handoffs.create_request(SENDER, "moi", "chat", "week")
    handoffs.add_reply(aino.id, created.id, "Heippa!")
    dispatcher, _ = run(
        ActionDeliverWorkerReplies(), tracker(intent="EXTERNAL_worker_reply", channel="socketio")
    )
    assert [m.get("reply") for m in dispatcher.messages] == [None, "Heippa!", None]
    reply_id = handoffs.pending_replies(SENDER)[0].id
    # the widget marks the worker's messages and is asked to acknowledge them;
    # until it does, the reply stays pending
    assert dispatcher.messages[0]["custom"] == {"data": {"worker_replies_begin": [reply_id]}}
    assert dispatcher.messages[2]["custom"] == {"data": {"worker_replies": [reply_id]}}
    assert handoffs.acknowledge_replies("someone-else", [reply_id]) == 0
    assert [r.id for r in handoffs.pending_replies(SENDER)] == [reply_id]
    assert handoffs.acknowledge_replies(SENDER, [reply_id]) == 1
    assert handoffs.pending_replies(SENDER) == []
