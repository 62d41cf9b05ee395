"""Safety actions. The emergency reply itself is a response (utter_crisis)."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.services.events import record_event

log = logging.getLogger(__name__)

CRISIS_EVENT = "crisis_detected"


class ActionRecordCrisis(Action):
    """Count a crisis detection without the message text or the sender."""

    def name(self) -> Text:
        return "action_record_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            record_event(CRISIS_EVENT)
        except Exception as error:  # noqa: BLE001 - counting must never break the chat
            log.error("could not count a crisis detection: %s", error.__class__.__name__)
        return []
