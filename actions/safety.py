"""Safety actions. The emergency reply itself is a response (utter_crisis), so
it never waits for the action server; these only count, without any text."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.safety.categories import known_category
from bot.services.events import record_event

log = logging.getLogger(__name__)

CRISIS_EVENT = "crisis_detected"
CHECK_IN_EVENT = "safety_check_in"


def _count(kind: str, detail: str | None = None) -> None:
    try:
        record_event(kind, detail)
    except Exception as error:  # noqa: BLE001 - counting must never break the chat
        log.error("could not count a %s event: %s", kind, error.__class__.__name__)


def count_crisis(category: object) -> None:
    _count(CRISIS_EVENT, known_category(category))


class ActionRecordCrisis(Action):
    """Count a crisis detection with its category, without text or sender."""

    def name(self) -> Text:
        return "action_record_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        count_crisis(tracker.get_slot("crisis_type"))
        return []


class ActionRecordCheckIn(Action):
    """Count a gentle check-in (stress, hyperbole), without text or sender."""

    def name(self) -> Text:
        return "action_record_check_in"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        _count(CHECK_IN_EVENT)
        return []
