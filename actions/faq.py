"""Actions around FAQ answers. The answer itself is Rasa's `utter_faq`."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import rasa_client
from bot.content.region import load_region
from bot.content.topics import load_topics
from bot.services.faq import (
    age_followup_answer,
    answered_topic,
    other_topic_in_clauses,
    ranking_from_parse_data,
    second_topic,
    split_clauses,
    suggested_topics,
)
from bot.text import looks_english

log = logging.getLogger(__name__)


class ActionAfterFaq(Action):
    """Remember the answered topic; offer a second topic the message also touched.

    A question written in English got the Finnish answer: say so in English.
    """

    def name(self) -> Text:
        return "action_after_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        parse_data = tracker.latest_message or {}
        topic = answered_topic(parse_data)
        if looks_english(parse_data.get("text") or ""):
            dispatcher.utter_message(response="text_answer_in_finnish")
        topics = load_topics()
        other = second_topic(ranking_from_parse_data(parse_data), topics)
        if other is None or other.id == topic:
            other = self._topic_in_other_part(parse_data.get("text") or "", topic, topics)
        if other is not None and other.id != topic and other.examples:
            dispatcher.utter_message(
                response="text_offer_second_topic",
                buttons=[{"title": other.title, "payload": other.examples[0]}],
            )
        return [SlotSet("last_faq_topic", topic)]

    @staticmethod
    def _topic_in_other_part(text: str, answered, topics):
        """Two questions in one message: parse each part on its own."""
        clauses = split_clauses(text)
        if len(clauses) < 2:
            return None
        try:
            parses = [rasa_client.parse(clause) for clause in clauses]
        except rasa_client.RasaUnavailable as error:
            log.warning("could not parse message parts: %s", error)
            return None
        return other_topic_in_clauses(parses, answered, topics)


class ActionAnswerAgeFollowup(Action):
    """ "entä jos oon 22?" right after an answer about the age limit."""

    def name(self) -> Text:
        return "action_answer_age_followup"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        value = next(tracker.get_latest_entity_values("age"), None)
        try:
            age = int(str(value).strip())
        except (TypeError, ValueError):
            dispatcher.utter_message(response="text_ask_age")
            return []
        text = age_followup_answer(age, load_region(), tracker.get_slot("last_faq_topic"))
        dispatcher.utter_message(text=text)
        return []


class ActionSuggestTopics(Action):
    """After "en ymmärtänyt": offer the likely topics of an unclear rights question."""

    def name(self) -> Text:
        return "action_suggest_topics"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        topics = suggested_topics(tracker.latest_message or {}, load_topics())
        if topics:
            dispatcher.utter_message(
                response="text_suggest_topics",
                buttons=[{"title": t.title, "payload": t.examples[0]} for t in topics],
            )
        return []
