"""The last word on the intent, for messages the classifier cannot judge well.

* Messages without words (empty, emoji only, punctuation only) get the intent
  ``no_words`` with full confidence, so the dialogue kindly asks for words
  (rule in data/rules/fallback.yml) instead of guessing.
* A message classified as ``faq`` whose topic the ResponseSelector picked with
  low confidence becomes ``nlu_fallback``: the bot asks to rephrase rather than
  give an answer about the wrong right.

Runs after the FallbackClassifier, as the last NLU component.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text import has_words

NO_WORDS_INTENT = "no_words"
FALLBACK_INTENT = "nlu_fallback"


def _top_topic_confidence(message: Message, retrieval_intent: str) -> float | None:
    selector = (message.get("response_selector") or {}).get(retrieval_intent)
    if not selector:
        return None
    return float(selector.get("response", {}).get("confidence") or 0.0)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class InputGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": NO_WORDS_INTENT, "retrieval_intent": "faq", "faq_threshold": 0.0}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = config["intent"]
        self._retrieval_intent = config["retrieval_intent"]
        self._faq_threshold = float(config["faq_threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls(config)

    def _override(self, message: Message, name: Text, confidence: float) -> None:
        previous = message.get(INTENT) or {}
        intent = {"name": name, "confidence": confidence}
        ranking = [intent] + [
            r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != name
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking if previous else [intent], add_to_output=True)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text is None:
                continue
            if not has_words(text):
                self._override(message, self._intent, 1.0)
                continue
            intent = (message.get(INTENT) or {}).get("name")
            if intent == self._retrieval_intent and self._faq_threshold > 0:
                confidence = _top_topic_confidence(message, self._retrieval_intent)
                if confidence is not None and confidence < self._faq_threshold:
                    self._override(message, FALLBACK_INTENT, confidence)
        return messages
