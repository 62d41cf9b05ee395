"""Rasa NLU component: the crisis safety net (second detection layer).

Runs after the FallbackClassifier and before the InputGuard. For every message:

* If the lexicon (bot.safety.net) finds a crisis, the intent becomes ``crisis``
  with full confidence, whatever the classifier said, also when the classifier
  was unsure (``nlu_fallback``) or a form is waiting for a free-text answer.
* If the classifier's best real intent is ``crisis`` (even below the fallback
  threshold, down to ``classifier_threshold``) but the lexicon found nothing,
  the intent is ``crisis_unsure``: outside a form it gets the same emergency
  reply; inside a form the bot asks first instead of stopping the form, since
  the classifier alone also fires on answers such as "EI isäpuolta". If the
  lexicon recognised hyperbole or an everyday use ("tää koulu tappaa mut",
  "kuolin nauruun"), the message is answered with a check-in or normally.
* If the lexicon recognised hyperbole about stress, the intent becomes
  ``feeling_down`` (a gentle check-in, never the emergency script).

A ``crisis_type`` entity (the category, or ``general``) lets the emergency
reply fit the situation; the ``safety`` key in the parse result says which
layer decided (for evaluation; it never contains the text).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.common import FALLBACK_INTENT, MessageRewriter, next_best, set_entity, set_intent
from bot.safety.categories import GENERAL
from bot.safety.net import CHECK_IN, Lexicon, default_lexicon

CRISIS_INTENT = "crisis"
UNSURE_INTENT = "crisis_unsure"
CHECK_IN_INTENT = "feeling_down"
CATEGORY_ENTITY = "crisis_type"
SAFETY_KEY = "safety"


def classifier_choice(message: Message) -> tuple[str | None, float]:
    """The classifier's best intent, looking past the FallbackClassifier."""
    for item in message.get(INTENT_RANKING_KEY) or []:
        if item.get("name") != FALLBACK_INTENT:
            return item.get("name"), float(item.get("confidence") or 0.0)
    intent = message.get(INTENT) or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)




@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyNet(MessageRewriter):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # classifier_threshold: the classifier alone decides "crisis" from this
        # confidence up (lower than the fallback threshold on purpose).
        # fallback_threshold: as the FallbackClassifier's, for intents that
        # replace a misread crisis.
        return {"classifier_threshold": 0.4, "fallback_threshold": 0.6}

    def __init__(self, config: Dict[Text, Any], lexicon: Lexicon | None = None) -> None:
        self._threshold = float(config["classifier_threshold"])
        self._fallback_threshold = float(config["fallback_threshold"])
        self._lexicon = lexicon or default_lexicon()


    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            assessment = self._lexicon.assess(text)
            best, confidence = classifier_choice(message)
            classifier_crisis = best == CRISIS_INTENT and confidence >= self._threshold
            info = {
                "level": assessment.level,
                "classifier_crisis": classifier_crisis,
                "classifier_confidence": round(confidence if best == CRISIS_INTENT else 0.0, 3),
            }

            if assessment.is_crisis:
                set_intent(message, CRISIS_INTENT, 1.0)
                set_entity(message, CATEGORY_ENTITY, assessment.category or GENERAL, "SafetyNet")
                info["source"] = "both" if classifier_crisis else "lexicon"
            elif classifier_crisis and not (assessment.level == CHECK_IN or assessment.harmless):
                set_intent(message, UNSURE_INTENT, confidence)
                set_entity(message, CATEGORY_ENTITY, GENERAL, "SafetyNet")
                info["source"] = "classifier"
            elif assessment.level == CHECK_IN:
                set_intent(message, CHECK_IN_INTENT, 1.0)
                info["source"] = "lexicon"
            elif best == CRISIS_INTENT and assessment.harmless:
                # an everyday word that the classifier took for a crisis
                # ("kuolin nauruun"): answer what the message is really about
                name, score = next_best(message, {CRISIS_INTENT, FALLBACK_INTENT})
                if score < self._fallback_threshold:
                    name = FALLBACK_INTENT
                set_intent(message, name, score)
            message.set(SAFETY_KEY, info, add_to_output=True)
        return messages
