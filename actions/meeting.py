"""Meeting preparation ("Minun asiani"): the form's validation and its actions.

Thin: storing, summaries and links are in bot.services.meeting.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.safety import count_crisis as _count_crisis
from bot.config import load_settings
from bot.nlu.safety_net import UNSURE_INTENT
from bot.services import meeting
from bot.services.faq import answered_topic
from bot.text import looks_like_question

log = logging.getLogger(__name__)

FORM = "meeting_form"


def _intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def _answers_from_slots(tracker: Tracker) -> dict[str, str]:
    return {
        field: value
        for field in meeting.FIELD_NAMES
        if (value := tracker.get_slot(meeting.slot_name(field))) not in (None, "")
    }


def _store_all(tracker: Tracker) -> dict[str, str]:
    """Store every answer in the slots again (one may have failed earlier)."""
    answers = _answers_from_slots(tracker)
    for field, value in answers.items():
        _save(tracker.sender_id, field, value)
    return answers


def _save(sender_id: str, field: str, value: str) -> bool:
    try:
        if value == meeting.SKIPPED:
            meeting.save_answer(sender_id, field, None, skipped=True)
        else:
            meeting.save_answer(sender_id, field, value)
        return True
    except Exception as error:  # noqa: BLE001 - the answer stays in the conversation
        log.error("could not store a meeting answer: %s", error.__class__.__name__)
        return False


def _is_linked(sender_id: str) -> bool:
    from bot.services.linking import link_for

    try:
        return link_for(sender_id) is not None
    except Exception as error:  # noqa: BLE001 - the other choices still work
        log.error("could not check the worker link: %s", error.__class__.__name__)
        return False


class ValidateMeetingForm(FormValidationAction):
    """Stores each answer word for word; answers a rights question asked mid-form."""

    def name(self) -> Text:
        return "validate_meeting_form"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events = []
        for field in meeting.FIELD_NAMES:
            slot = meeting.slot_name(field)
            if tracker.slots_to_validate().get(slot) is None:
                continue
            value = tracker.slots_to_validate()[slot]
            events.append(SlotSet(slot, self._check(field, value, dispatcher, tracker)))
        return events

    @staticmethod
    def _check(field, value, dispatcher, tracker):
        text = str(value)
        if _intent(tracker) == UNSURE_INTENT:
            # Only the classifier took this answer for a crisis (the safety
            # net's lexicon did not): keep the answer, give the numbers, go on.
            dispatcher.utter_message(response="text_crisis_check_in_form")
            _count_crisis("general")
        topic = answered_topic(tracker.latest_message or {})
        if value != meeting.SKIPPED and _intent(tracker) == "faq" and topic and looks_like_question(text):
            # A rights question in the middle: answer it, then ask again.
            dispatcher.utter_message(response=f"utter_faq/{topic}")
            dispatcher.utter_message(response="text_meeting_back_to_questions")
            return None
        if len(text) > meeting.MAX_ANSWER_CHARS:
            dispatcher.utter_message(response="text_meeting_answer_too_long")
            return None
        if not _save(tracker.sender_id, field, text):
            dispatcher.utter_message(response="text_meeting_not_stored")
        return text


class ActionStartMeeting(Action):
    """Before the form: introduce it, or say where we continue from."""

    def name(self) -> Text:
        return "action_start_meeting"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events = [SlotSet("meeting_field", None)]
        answers = _answers_from_slots(tracker)
        try:
            stored = meeting.get_preparation(tracker.sender_id)
        except Exception as error:  # noqa: BLE001 - slots still hold the answers
            log.error("could not load a meeting preparation: %s", error.__class__.__name__)
            stored = None
        if stored is not None:
            # e.g. after the conversation's slots were reset: the stored answers win
            for answer in stored.answers:
                slot = meeting.slot_name(answer.field)
                if tracker.get_slot(slot) in (None, ""):
                    value = meeting.SKIPPED if answer.skipped else answer.text
                    events.append(SlotSet(slot, value))
                    answers[answer.field] = value
        if not answers:
            dispatcher.utter_message(response="text_meeting_intro")
        elif len(answers) < len(meeting.FIELD_NAMES):
            dispatcher.utter_message(response="text_meeting_resume")
        return events


class ActionStopMeeting(Action):
    def name(self) -> Text:
        return "action_stop_meeting"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            meeting.set_status(tracker.sender_id, meeting.STOPPED)
        except Exception as error:  # noqa: BLE001
            log.error("could not mark a preparation stopped: %s", error.__class__.__name__)
        dispatcher.utter_message(response="text_meeting_stopped")
        return [SlotSet("requested_slot", None)]


class ActionMeetingSummary(Action):
    """Show "Minun asiani" and what the young person can do with it."""

    def name(self) -> Text:
        return "action_meeting_summary"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answers = _store_all(tracker)
        dispatcher.utter_message(text=meeting.render_summary(meeting.answers_from_values(answers)))
        buttons = [
            {"title": "Pidän itselläni", "payload": "/meeting_keep"},
            {"title": "Tulostettava sivu", "payload": "/meeting_print"},
            {"title": "Muuta vastausta", "payload": "/change_answer"},
        ]
        if _is_linked(tracker.sender_id):
            # Sent only if the young person chooses so in the handoff form.
            buttons.append({"title": "Lähetä työntekijälle", "payload": "/contact_worker"})
        dispatcher.utter_message(response="text_meeting_choices", buttons=buttons)
        return []


class ActionMeetingPrintLink(Action):
    def name(self) -> Text:
        return "action_meeting_print_link"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        _store_all(tracker)
        try:
            token = meeting.create_share_link(tracker.sender_id)
        except LookupError:
            dispatcher.utter_message(response="text_meeting_nothing_to_print")
            return []
        except Exception as error:  # noqa: BLE001
            log.error("could not create a print link: %s", error.__class__.__name__)
            dispatcher.utter_message(response="text_meeting_print_failed")
            return []
        link = f"{load_settings().public_web_url}/minun-asiani/{token}"
        dispatcher.utter_message(
            response="text_meeting_print_link", link=link, days=meeting.SHARE_DAYS
        )
        return []


class ActionAskWhichAnswer(Action):
    def name(self) -> Text:
        return "action_ask_which_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            response="text_meeting_which_answer",
            buttons=[
                {"title": heading, "payload": f'/choose_meeting_field{{"meeting_field":"{field}"}}'}
                for field, heading in meeting.FIELDS
            ],
        )
        return []


class ActionResetMeetingField(Action):
    """Empty the chosen answer's slot so that the form asks it again."""

    def name(self) -> Text:
        return "action_reset_meeting_field"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        field = tracker.get_slot("meeting_field")
        if field not in meeting.FIELD_NAMES:
            dispatcher.utter_message(response="text_meeting_which_answer_unknown")
            return []
        return [SlotSet(meeting.slot_name(field), None), SlotSet("meeting_field", None)]
