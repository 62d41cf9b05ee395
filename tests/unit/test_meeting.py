"""Meeting preparation: the service, the printable page and the form's actions."""
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.meeting import (
    ActionAskWhichAnswer,
    ActionMeetingPrintLink,
    ActionMeetingSummary,
    ActionResetMeetingField,
    ActionStartMeeting,
    ValidateMeetingForm,
)
from bot.config import PROJECT_ROOT
from bot.services import meeting
from bot.text import looks_like_question

SENDER = "nuori-123"


def test_answers_are_stored_word_for_word_and_skips_are_marked(db):
    text = "Mä haluun <b>oman</b> koiran 🐶 ja et mutsi ei tuu"
    meeting.save_answer(SENDER, "dreams", text)
    meeting.save_answer(SENDER, "worry", None, skipped=True)
    prep = meeting.get_preparation(SENDER)
    assert prep.answer("dreams").text == text
    assert prep.answer("worry").skipped and prep.answer("worry").text is None
    assert prep.status == meeting.IN_PROGRESS
    assert prep.missing == ["going_well", "support", "people", "topics", "safety"]


def test_changing_an_answer_replaces_it(db):
    meeting.save_answer(SENDER, "dreams", "eka")
    meeting.save_answer(SENDER, "dreams", "toka")
    assert meeting.get_preparation(SENDER).answer("dreams").text == "toka"


def test_all_answers_make_it_done(db):
    for field in meeting.FIELD_NAMES:
        meeting.save_answer(SENDER, field, f"vastaus {field}")
    assert meeting.get_preparation(SENDER).status == meeting.DONE


def test_the_sender_id_is_not_stored(db):
    from sqlalchemy import text

    from bot.db import get_engine

    meeting.save_answer(SENDER, "dreams", "x")
    with get_engine(db).connect() as connection:
        keys = [row[0] for row in connection.execute(text("SELECT conversation_key FROM meeting_preparations"))]
    assert keys and SENDER not in keys[0] and len(keys[0]) == 64


def test_preparations_of_different_people_are_separate(db):
    meeting.save_answer("a", "dreams", "A:n unelma")
    meeting.save_answer("b", "dreams", "B:n unelma")
    assert meeting.get_preparation("a").answer("dreams").text == "A:n unelma"
    assert meeting.get_preparation("nobody") is None


@pytest.mark.parametrize(
    "field, text, skipped",
    [("nope", "x", False), ("dreams", "", False), ("dreams", "  ", False), ("dreams", "x" * 2001, False)],
)
def test_bad_answers_are_refused(db, field, text, skipped):
    with pytest.raises(ValueError):
        meeting.save_answer(SENDER, field, text, skipped)


def test_share_link_works_until_it_expires_and_a_new_one_replaces_it(db):
    meeting.save_answer(SENDER, "dreams", "oma kämppä")
    token = meeting.create_share_link(SENDER)
    assert len(token) >= 32
    assert meeting.get_shared(token).answer("dreams").text == "oma kämppä"
    newer = meeting.create_share_link(SENDER)
    assert meeting.get_shared(token) is None
    assert meeting.get_shared(newer) is not None
    expired = meeting.create_share_link(SENDER, days=-1)
    assert meeting.get_shared(expired) is None
    assert meeting.get_shared("") is None and meeting.get_shared("x" * 500) is None


def test_no_link_without_answers(db):
    with pytest.raises(LookupError):
        meeting.create_share_link("someone-else")


def test_deleting_removes_answers_and_link(db):
    meeting.save_answer(SENDER, "dreams", "x")
    token = meeting.create_share_link(SENDER)
    assert meeting.delete_preparation(SENDER) is True
    assert meeting.get_preparation(SENDER) is None
    assert meeting.get_shared(token) is None
    assert meeting.delete_preparation(SENDER) is False
    from sqlalchemy import text

    from bot.db import get_engine

    with get_engine(db).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM meeting_answers")).scalar_one() == 0


def test_summary_keeps_the_words_and_order():
    answers = meeting.answers_from_values(
        {"worry": "raha", "dreams": "koira", "people": meeting.SKIPPED}
    )
    text = meeting.render_summary(answers)
    assert text.index("Toiveet ja unelmat:\nkoira") < text.index("Suurin huoli") < text.index("(ohitit tämän)")
    assert "\n\n" not in text  # the REST channel would split the summary into pieces


@pytest.mark.parametrize(
    "text, expected",
    [
        ("saanks mä asumistukea", True),
        ("mitä jos mä muutan toiselle paikkakunnalle", True),
        ("voiko jälkihuolto maksaa ajokortin?", True),
        ("onks se pakko", True),
        ("haluun oman kämpän ja koiran", False),
        ("koulu menee hyvin", False),
        ("", False),
    ],
)
def test_question_or_statement(text, expected):
    assert looks_like_question(text) is expected


# --- actions ---------------------------------------------------------------


def tracker(slots=None, text="", intent="nlu_fallback", requested=None, selector=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    if selector:
        latest["response_selector"] = {
            "faq": {"ranking": [{"intent_response_key": f"faq/{selector}", "confidence": 0.9}]}
        }
    return Tracker(
        sender_id=SENDER,
        slots={"requested_slot": requested, **(slots or {})},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "meeting_form"} if requested else {},
        latest_action_name="action_listen",
    )


DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


async def validate(slot, value, **kwargs):
    """Run the validation action as the action server does after the form
    extracted `value` for `slot` from the latest message."""
    dispatcher = CollectingDispatcher()
    t = tracker({slot: value}, requested=slot, **kwargs)
    t.events = [{"event": "user"}, {"event": "slot", "name": slot, "value": value}]
    events = await ValidateMeetingForm().run(dispatcher, t, DOMAIN)
    return dispatcher, events


@pytest.mark.asyncio
async def test_form_stores_an_answer_verbatim(db):
    text = "Haluun asua omassa kämpässä Tampereella ja opiskella kokiksi!"
    dispatcher, events = await validate("meeting_dreams", text, text=text)
    assert SlotSet("meeting_dreams", text) in events
    assert meeting.get_preparation(SENDER).answer("dreams").text == text


@pytest.mark.asyncio
async def test_form_answers_a_rights_question_and_asks_again(db):
    text = "saanks mä itsenäistymisvarat jos mä muutan"
    dispatcher, events = await validate(
        "meeting_dreams", text, text=text, intent="faq", selector="independence_funds"
    )
    assert SlotSet("meeting_dreams", None) in events
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_faq/independence_funds", "text_meeting_back_to_questions"
    ]
    assert meeting.get_preparation(SENDER) is None


@pytest.mark.asyncio
async def test_a_statement_about_a_rights_topic_is_an_answer(db):
    text = "toivon et saan oman asunnon"
    dispatcher, events = await validate("meeting_dreams", text, text=text, intent="faq", selector="own_flat")
    assert SlotSet("meeting_dreams", text) in events
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_skip_is_stored_as_skipped(db):
    dispatcher, events = await validate("meeting_worry", meeting.SKIPPED, text="ohita", intent="skip_question")
    assert SlotSet("meeting_worry", meeting.SKIPPED) in events
    assert meeting.get_preparation(SENDER).answer("worry").skipped


@pytest.mark.asyncio
async def test_a_database_failure_keeps_the_answer_in_the_chat(monkeypatch, isolated_environment):
    (isolated_environment / "folder.db").mkdir(parents=True)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{isolated_environment / 'folder.db'}")
    dispatcher, events = await validate("meeting_dreams", "koira", text="koira")
    assert SlotSet("meeting_dreams", "koira") in events
    assert [m["response"] for m in dispatcher.messages] == ["text_meeting_not_stored"]


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return dispatcher, events


def test_start_introduces_then_resumes(db):
    dispatcher, _ = run(ActionStartMeeting(), tracker())
    assert dispatcher.messages[0]["response"] == "text_meeting_intro"
    meeting.save_answer(SENDER, "going_well", "koulu")
    # e.g. a new conversation session without the slots: the stored answers come back
    dispatcher, events = run(ActionStartMeeting(), tracker())
    assert dispatcher.messages[0]["response"] == "text_meeting_resume"
    assert SlotSet("meeting_going_well", "koulu") in events


def test_summary_shows_every_answer_and_the_choices(db):
    slots = {meeting.slot_name(f): f"vastaus-{f}" for f in meeting.FIELD_NAMES}
    slots["meeting_worry"] = meeting.SKIPPED
    dispatcher, _ = run(ActionMeetingSummary(), tracker(slots))
    summary = dispatcher.messages[0]["text"]
    assert summary.startswith("Minun asiani")
    for field in meeting.FIELD_NAMES:
        if field != "worry":
            assert f"vastaus-{field}" in summary
    assert "(ohitit tämän)" in summary
    payloads = [b["payload"] for b in dispatcher.messages[1]["buttons"]]
    assert payloads == ["/meeting_keep", "/meeting_print", "/change_answer"]
    assert meeting.get_preparation(SENDER).status == meeting.DONE


def test_a_linked_young_person_can_send_the_summary_to_the_worker(db):
    from bot.services import linking, workers

    worker = workers.create_worker("aino@example.fi", "Aino Virtanen", "pitkä-salasana-1")
    linking.redeem(SENDER, linking.add_youth(worker.id, "Mira").invite_code)
    slots = {meeting.slot_name(f): f"vastaus-{f}" for f in meeting.FIELD_NAMES}
    dispatcher, _ = run(ActionMeetingSummary(), tracker(slots))
    buttons = dispatcher.messages[1]["buttons"]
    # the handoff form then asks whether to attach it: nothing is sent without a yes
    assert buttons[-1] == {"title": "Lähetä työntekijälle", "payload": "/contact_worker"}


def test_print_link_points_to_the_page(db, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://rinnalla.example.fi")
    dispatcher, _ = run(ActionMeetingPrintLink(), tracker({"meeting_dreams": "koira"}))
    message = dispatcher.messages[0]
    assert message["response"] == "text_meeting_print_link"
    link = message["link"]
    assert link.startswith("https://rinnalla.example.fi/minun-asiani/")
    assert meeting.get_shared(link.rsplit("/", 1)[1]).answer("dreams").text == "koira"


def test_print_link_without_answers(db):
    dispatcher, _ = run(ActionMeetingPrintLink(), tracker())
    assert dispatcher.messages[0]["response"] == "text_meeting_nothing_to_print"


def test_change_answer_lists_every_question_and_resets_the_chosen_one():
    dispatcher, _ = run(ActionAskWhichAnswer(), tracker())
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert len(payloads) == len(meeting.FIELD_NAMES)
    assert payloads[1] == '/choose_meeting_field{"meeting_field":"dreams"}'
    _, events = run(ActionResetMeetingField(), tracker({"meeting_field": "dreams", "meeting_dreams": "x"}))
    assert events == [SlotSet("meeting_dreams", None), SlotSet("meeting_field", None)]
    dispatcher, events = run(ActionResetMeetingField(), tracker({"meeting_field": "<script>"}))
    assert events == [] and dispatcher.messages[0]["response"] == "text_meeting_which_answer_unknown"


@pytest.mark.asyncio
async def test_an_answer_only_the_classifier_took_for_a_crisis_is_kept_with_the_numbers(db):
    from bot.services.events import counts_by_detail

    text = "Mukaan isosisko ja kaveri, EI isäpuolta"
    dispatcher, events = await validate("meeting_people", text, text=text, intent="crisis_unsure")
    assert SlotSet("meeting_people", text) in events
    assert [m["response"] for m in dispatcher.messages] == ["text_crisis_check_in_form"]
    assert meeting.get_preparation(SENDER).answer("people").text == text
    assert counts_by_detail("crisis_detected") == {"general": 1}
