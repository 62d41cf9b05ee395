"""Linking a chat to the young person's worker, the handoff form, and
delivering the worker's replies. Thin: the logic is in bot.services."""
from __future__ import annotations

import logging
import uuid
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.safety import count_crisis
from bot.nlu.invite_code import CODE_ENTITY
from bot.nlu.safety_net import UNSURE_INTENT
from bot.services import handoffs, linking, meeting
from bot.services.common import finnish_date, last_day
from bot.text import has_words

log = logging.getLogger(__name__)

FORM_SLOTS = ("handoff_message", "handoff_contact", "handoff_urgency", "handoff_attach", "handoff_confirm")
KEY_SLOT = "handoff_key"
RETRY_INTENT = "handoff_retry"
PUSH_INTENT = "EXTERNAL_worker_reply"
# "laita viesti mun ohjaajalle" as the answer to "what is it about?" is the
# request again, not the message; a longer message that mentions the worker is.
REQUEST_MAX_WORDS = 6
WIDGET_CHANNEL = "socketio"


LINK_PROBLEMS = {
    linking.WRONG: "text_link_wrong",
    linking.EXPIRED: "text_link_expired",
    linking.LIMITED: "text_link_limited",
}


def _intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def _reset() -> list[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in (*FORM_SLOTS, KEY_SLOT)] + [SlotSet("requested_slot", None)]


def _summary_to_attach(sender_id: str) -> str | None:
    """The young person's "Minun asiani" as text, if there are answers."""
    prep = meeting.get_preparation(sender_id)
    if prep is None or not prep.answers:
        return None
    return meeting.render_summary(prep.answers)


def _error(what: str, error: Exception) -> None:
    log.error("%s failed: %s", what, error.__class__.__name__)


def _link(tracker: Tracker) -> tuple[linking.Link | None, bool]:
    """(the conversation's link or None, whether the database answered)."""
    try:
        return linking.link_for(tracker.sender_id), True
    except Exception as error:  # noqa: BLE001 - the caller tells the young person
        _error("checking the link", error)
        return None, False


class ActionLinkCode(Action):
    """The young person gave an invite code: link the conversation."""

    def name(self) -> Text:
        return "action_link_code"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        code = tracker.get_slot(CODE_ENTITY) or next(
            tracker.get_latest_entity_values(CODE_ENTITY), ""
        )
        events: list = [SlotSet(CODE_ENTITY, None)]
        try:
            result = linking.redeem(tracker.sender_id, code)
        except Exception as error:  # noqa: BLE001 - a clear answer, never a trace
            _error("linking", error)
            dispatcher.utter_message(response="text_link_failed")
            return events
        if result.status == linking.LINKED:
            dispatcher.utter_message(
                response="text_link_ok",
                youth=result.link.youth_name,
                worker=result.link.worker_first_name,
            )
            return events + [SlotSet("linked", True)]
        dispatcher.utter_message(response=LINK_PROBLEMS[result.status])
        return events


class ActionStartHandoff(Action):
    """Before the form: is there a worker to write to? (The link may be revoked.)"""

    def name(self) -> Text:
        return "action_start_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        link, ok = _link(tracker)
        if not ok:
            dispatcher.utter_message(response="text_handoff_unavailable")
            return [SlotSet("linked", False)]
        if link is None:
            dispatcher.utter_message(response="utter_worker_not_linked")
            return [SlotSet("linked", False)]
        dispatcher.utter_message(response="text_handoff_intro", worker=link.worker_first_name)
        return [SlotSet("linked", True)] + _reset()


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
        tracker: Tracker, domain: DomainDict,
    ) -> List[Text]:
        slots = list(domain_slots)
        if "handoff_attach" in slots and tracker.get_slot("handoff_attach") is None:
            try:
                has_summary = _summary_to_attach(tracker.sender_id) is not None
            except Exception as error:  # noqa: BLE001 - then nothing is attached
                _error("loading the meeting summary", error)
                has_summary = False
            if not has_summary:
                slots.remove("handoff_attach")
        return slots

    def validate_handoff_message(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        if _intent(tracker) == UNSURE_INTENT:
            # Only the classifier took this for a crisis: keep the message,
            # give the numbers, go on (as in the meeting form).
            dispatcher.utter_message(response="text_crisis_check_in_form")
            count_crisis("general")
        if not has_words(text) or (
            _intent(tracker) == "contact_worker" and len(text.split()) <= REQUEST_MAX_WORDS
        ):
            # emoji only, or the request itself again ("laita viesti mun sossulle")
            dispatcher.utter_message(response="text_handoff_message_again")
            return {"handoff_message": None}
        if len(text) > handoffs.MAX_MESSAGE_CHARS:
            dispatcher.utter_message(response="text_handoff_too_long")
            return {"handoff_message": None}
        return {"handoff_message": text}

    def validate_handoff_contact(self, value, dispatcher, tracker, domain):
        method = handoffs.parse_contact_method(str(value or ""))
        if method is None:
            dispatcher.utter_message(response="text_handoff_contact_unclear")
        return {"handoff_contact": method}

    def validate_handoff_urgency(self, value, dispatcher, tracker, domain):
        urgency = handoffs.parse_urgency(str(value or ""))
        if urgency is None:
            dispatcher.utter_message(response="text_handoff_urgency_unclear")
        return {"handoff_urgency": urgency}


class ActionAskHandoffConfirm(Action):
    """Show the whole message before the explicit yes."""

    def name(self) -> Text:
        return "action_ask_handoff_confirm"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        link, _ = _link(tracker)
        dispatcher.utter_message(
            response="text_handoff_summary",
            worker=link.worker_first_name if link else "",
            message=tracker.get_slot("handoff_message") or "",
            contact=handoffs.CONTACT_METHODS.get(tracker.get_slot("handoff_contact"), ""),
            urgency=handoffs.URGENCIES.get(tracker.get_slot("handoff_urgency"), ""),
            attached="\nLiitteenä: Minun asiani" if tracker.get_slot("handoff_attach") else "",
        )
        dispatcher.utter_message(response="utter_ask_handoff_confirm")
        return []


class ActionSubmitHandoff(Action):
    """Create the request on an explicit yes; say honestly what happens next."""

    def name(self) -> Text:
        return "action_submit_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.get_slot("handoff_message") or ""
        if _intent(tracker) == RETRY_INTENT and not (message and tracker.get_slot(KEY_SLOT)):
            # "Yritä uudelleen" with nothing unsent (already sent, or a new session)
            dispatcher.utter_message(response="text_handoff_nothing_to_retry")
            return []
        if tracker.get_slot("handoff_confirm") is not True:
            dispatcher.utter_message(response="text_handoff_cancelled")
            return _reset()
        # The same key on every try of this message: stored at most once.
        key = tracker.get_slot(KEY_SLOT) or uuid.uuid4().hex
        try:
            summary = _summary_to_attach(tracker.sender_id) if tracker.get_slot("handoff_attach") else None
            created = handoffs.create_request(
                tracker.sender_id, message,
                tracker.get_slot("handoff_contact") or "any",
                tracker.get_slot("handoff_urgency") or "week",
                meeting_summary=summary, client_key=key,
            )
        except handoffs.NotLinked:
            dispatcher.utter_message(response="text_handoff_not_linked")
            return _reset() + [SlotSet("linked", False)]
        except Exception as error:  # noqa: BLE001 - told, with the text shown back
            _error("storing a handoff request", error)
            # The answers stay, so "Yritä uudelleen" sends the same message.
            dispatcher.utter_message(response="text_handoff_failed", message=message)
            return [SlotSet(KEY_SLOT, key)]
        if created.to_substitute:
            dispatcher.utter_message(
                response="text_handoff_sent_substitute",
                worker=created.worker_first_name,
                own=created.own_worker_first_name,
                until=finnish_date(last_day(created.away_until)) if created.away_until else "",
            )
        else:
            dispatcher.utter_message(response="text_handoff_sent", worker=created.worker_first_name)
        return _reset()


class ActionStopHandoff(Action):
    def name(self) -> Text:
        return "action_stop_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="text_handoff_cancelled")
        return _reset()


class ActionCrisisHandoff(Action):
    """After the emergency contacts: "yes, tell my worker" → an urgent request."""

    def name(self) -> Text:
        return "action_crisis_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            created = handoffs.create_request(
                tracker.sender_id, handoffs.CRISIS_MESSAGE, "any", "urgent"
            )
        except handoffs.NotLinked:
            dispatcher.utter_message(response="utter_crisis_worker_not_linked")
            return []
        except Exception as error:  # noqa: BLE001
            _error("storing an urgent request", error)
            dispatcher.utter_message(response="text_crisis_handoff_failed")
            return []
        dispatcher.utter_message(response="text_crisis_handoff_sent", worker=created.worker_first_name)
        return []


class ActionDeliverWorkerReplies(Action):
    """Show the worker's replies that the chat has not shown yet.

    Triggered by the web app through Rasa's HTTP API: ``EXTERNAL_worker_reply``
    right after a worker replies (shown only if the young person's last
    message came from the widget, which is connected and shows it at once),
    and ``EXTERNAL_show_replies`` when the young person comes back or writes
    again. A reply is marked delivered when it is returned to the youth page,
    or, in the widget, when the widget says it has shown it.
    """

    def name(self) -> Text:
        return "action_deliver_worker_replies"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if _intent(tracker) == PUSH_INTENT and tracker.get_latest_input_channel() != WIDGET_CHANNEL:
            return []  # nobody to push to: shown on the next visit or message
        try:
            pending = handoffs.pending_replies(tracker.sender_id)
            ids = [reply.id for reply in pending]
            widget = tracker.get_latest_input_channel() == WIDGET_CHANNEL and bool(ids)
            if widget:
                # Rasa's socket.io channel emits a custom message's "data" as is.
                # The widget shows the messages between the two markers as the
                # worker's and acknowledges them (bot/channels/socketio.py);
                # until then they stay pending and are shown again on reconnect.
                dispatcher.utter_message(json_message={"data": {"worker_replies_begin": ids}})
            for reply in pending:
                dispatcher.utter_message(
                    response="text_worker_reply", worker=reply.worker_first_name, reply=reply.text
                )
            if widget:
                dispatcher.utter_message(json_message={"data": {"worker_replies": ids}})
            else:
                handoffs.mark_delivered(ids)
        except Exception as error:  # noqa: BLE001 - stays pending, shown next time
            _error("delivering worker replies", error)
        return []
