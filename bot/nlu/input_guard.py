"""The last word on the intent, for messages the classifier cannot judge well.

* Messages without words (empty, emoji only, punctuation only) get the intent
  ``no_words`` with full confidence, so the dialogue kindly asks for words
  (rule in data/rules/fallback.yml) instead of guessing.
* A message classified as ``faq`` whose topic the topic selector picked with
  low confidence becomes ``nlu_fallback``: the bot asks to rephrase rather than
  give an answer about the wrong right.
* A very long message (over ``max_chars``) that is not a crisis message
  becomes ``nlu_fallback``: the bot asks to say it shortly instead of guessing
  a topic from a wall of text. Crisis detection is never overridden.
* A message clearly in English ("Can you tell me what help I can get?") gets
  ``other_language`` ("I only understand Finnish"), unless it is a rights
  question whose topic the topic selector picked with at least
  ``english_faq_threshold`` (0.5, above the Finnish 0.3: someone who writes in
  English may not be able to tell a wrong answer). Such a question ("am i
  eligible for aftercare") gets the Finnish answer, and ``action_after_faq``
  adds a line in English. Crisis messages in English are caught by the safety
  net first and kept.
* "lopeta", "ohita" and the like are short commands. A longer message that
  the classifier took for one ("Aino istuu vieressä ja pidetään tauko tunnin
  jälkeen" → stop) is an answer, not a command: the guard takes the next best
  intent, so the meeting form keeps it as the answer.
* A message that is just one greeting word ("moi", "Moiii!", "hei 🙂") is a
  greeting. In Finnish the same short words also say goodbye ("moi moi"), and
  the classifier splits its confidence between the two; the first message of
  almost every chat must not get "en ymmärtänyt".
* "Ei kiitos" (a no and nothing but thanks) is a no. The classifier splits
  it between ``deny`` and ``thank``; after "Haluatko, että työntekijällesi
  menee tieto?" it must not become "en ymmärtänyt".

Runs after the FallbackClassifier, as the last NLU component.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.common import FALLBACK_INTENT, MessageRewriter, next_best, set_intent
from bot.text import MAX_MESSAGE_CHARS, has_words, looks_english

NO_WORDS_INTENT = "no_words"
GREETING_WORDS = (
    "moi", "hei", "moro", "terve", "moikka", "moikku", "heippa", "heissan", "morjens",
    "moikkelis", "huomenta", "iltaa", "päivää", "hello", "hi", "hey", "hoi",
)


def _squeeze(word: str) -> str:
    """'Moiii' -> 'moi', 'heiii' -> 'hei': repeated letters collapse."""
    return re.sub(r"(.)\1+", r"\1", word.lower())


GREETINGS = {_squeeze(w) for w in GREETING_WORDS}

REFUSAL_WORDS = {"ei", "en", "no", "nope"}  # squeezed forms: "eii" -> "ei"
THANKS_WORDS = ("kiitos", "kiitti", "kiitoksia", "kiitokset", "kitos", "kiitsi", "thanks", "thx")
THANKS = {_squeeze(w) for w in THANKS_WORDS}


def is_polite_no(text: str) -> bool:
    """'Ei kiitos', 'ei kiitti!', 'no thanks': a no and thanks, nothing else."""
    words = [_squeeze(w) for w in re.findall(r"\w+", text.lower())]
    return (
        2 <= len(words) <= 3
        and words[0] in REFUSAL_WORDS
        and any(w in THANKS for w in words[1:])
        and all(w in THANKS or w == "nyt" for w in words[1:])
    )

def is_single_greeting(text: str) -> bool:
    words = re.findall(r"\w+", text.lower())
    return len(words) == 1 and _squeeze(words[0]) in GREETINGS


def _top_topic_confidence(message: Message, retrieval_intent: str) -> float | None:
    selector = (message.get("response_selector") or {}).get(retrieval_intent)
    if not selector:
        return None
    return float(selector.get("response", {}).get("confidence") or 0.0)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class InputGuard(MessageRewriter):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent": NO_WORDS_INTENT,
            "retrieval_intent": "faq",
            "faq_threshold": 0.0,
            "greeting_intent": "greet",
            "refusal_intent": "deny",
            "max_chars": MAX_MESSAGE_CHARS,
            "protected_intents": ["crisis", "crisis_unsure"],
            "language_intent": "other_language",
            "english_faq_threshold": 0.5,
            "command_intents": ["stop_form", "skip_question"],
            "command_max_words": 4,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = config["intent"]
        self._retrieval_intent = config["retrieval_intent"]
        self._faq_threshold = float(config["faq_threshold"])
        self._greeting_intent = config["greeting_intent"]
        self._refusal_intent = config["refusal_intent"]
        self._max_chars = int(config["max_chars"])
        self._protected = set(config["protected_intents"])
        self._language_intent = config["language_intent"]
        self._english_faq_threshold = float(config["english_faq_threshold"])
        self._commands = set(config["command_intents"])
        self._command_max_words = int(config["command_max_words"])


    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text is None:
                continue
            if not has_words(text):
                set_intent(message, self._intent, 1.0)
                continue
            if self._greeting_intent and is_single_greeting(text):
                set_intent(message, self._greeting_intent, 1.0)
                continue
            intent = (message.get(INTENT) or {}).get("name")
            if intent in self._protected:
                continue
            if self._refusal_intent and is_polite_no(text):
                set_intent(message, self._refusal_intent, 1.0)
                continue
            if intent in self._commands and len(re.findall(r"\w+", text)) > self._command_max_words:
                set_intent(message, *next_best(message, self._commands | {FALLBACK_INTENT}))
                continue
            if (
                self._language_intent
                and looks_english(text)
                and not self._confident_topic(message, intent, self._english_faq_threshold)
            ):
                set_intent(message, self._language_intent, 1.0)
                continue
            if len(text) > self._max_chars:
                confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
                set_intent(message, FALLBACK_INTENT, confidence)
                continue
            if intent == self._retrieval_intent and self._faq_threshold > 0:
                confidence = _top_topic_confidence(message, self._retrieval_intent)
                if confidence is not None and confidence < self._faq_threshold:
                    set_intent(message, FALLBACK_INTENT, confidence)
        return messages

    def _confident_topic(self, message: Message, intent: Text | None, threshold: float) -> bool:
        """An FAQ question whose topic the topic selector picked with at least `threshold`."""
        if intent != self._retrieval_intent:
            return False
        confidence = _top_topic_confidence(message, self._retrieval_intent)
        return confidence is not None and confidence >= threshold
