""""poista tietoni": delete this conversation after the young person said yes.

Thin: the app's data is deleted by bot.services.privacy; the conversation's
events by the tracker store (bot/tracker_store.py) at the end of this turn,
when this action has set the marker slot.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.services import privacy

log = logging.getLogger(__name__)

YES_INTENT = "affirm"


def confirmed(tracker: Tracker) -> bool:
    """Did the young person just say yes to the question "poistetaanko?"

    The rule (data/rules/privacy.yml) runs this action only then; checking it
    here too means nothing is deleted if the dialogue ever predicts the action
    elsewhere.
    """
    events = list(tracker.events or [])
    last_user = next(
        (i for i in range(len(events) - 1, -1, -1) if events[i].get("event") == "user"), None
    )
    if last_user is None:
        return False
    intent = ((events[last_user].get("parse_data") or {}).get("intent") or {}).get("name")
    if intent != YES_INTENT:
        return False
    before = next(
        (
            event.get("name")
            for event in reversed(events[:last_user])
            if event.get("event") == "action" and event.get("name") != "action_listen"
        ),
        None,
    )
    return before == privacy.CONFIRM_RESPONSE


class ActionForgetMe(Action):
    """Deletes the app's data, says so, and marks the conversation for deletion."""

    def name(self) -> Text:
        return privacy.FORGET_ACTION

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not confirmed(tracker):
            dispatcher.utter_message(response="text_forget_not_confirmed")
            return []
        try:
            result = privacy.forget_conversation(tracker.sender_id)
        except Exception as error:  # noqa: BLE001 - nothing deleted; say so honestly
            log.error("forgetting a conversation failed: %s", error.__class__.__name__)
            dispatcher.utter_message(response="text_forget_failed")
            return []
        log.info("a conversation was forgotten on request")
        dispatcher.utter_message(response="text_forget_done")
        if result.was_linked:
            dispatcher.utter_message(response="text_forget_unlinked")
        # Rasa's socket.io channel emits a custom message's "data" as is.
        dispatcher.utter_message(json_message={"data": dict(privacy.WIDGET_MESSAGE)})
        return [SlotSet(privacy.FORGET_SLOT, True)]
