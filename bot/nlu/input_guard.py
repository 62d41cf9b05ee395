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
  ``other_language``: the classifier, trained on Finnish, would otherwise pick
  a Finnish topic from one shared word ("foster care" → sijaishuolto). Crisis
  messages in English are caught by the safety net first and kept.
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
from bot.text import MAX_MESSAGE_CHARS, has_words

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

# Common English words that are not also common Finnish words ("on", "me").
ENGLISH_WORDS = frozenset(
    "the a an i you your my is are am was can could would what how why where when who "
    "to of and or for with do does did help please get after this that it in about want "
    "need tell know not don't dont i'm im have has be will there their they he she".split()
)


# Young people mix English into Finnish ("can i bring my bestie to the tapaaminen
# with my sossu"). One of these Finnish words (or a word starting with one of
# the stems, written without ä/ö as on many phones) makes a message Finnish
# enough for the classifier, however many English words it has.
FINNISH_MARKERS = frozenset(
    "ja tai vai mut mutta et etta jos kun ku niin nii kans kanssa kaa vaan viel "
    "mun mulla mulle mua mun sun sulla sulle mie sie oon oot ois onks voiks saanks "
    "miks miten mita kuka kenelle apua rahaa tukea tuki tuen".split()
)
FINNISH_STEMS = (
    "sossu", "sosiaali", "jalkihuol", "jalkkar", "kela", "sijo", "sijais", "huostaan",
    "ohjaaj", "asiak", "tapaami", "palaveri", "verkosto", "suunnitel", "toimeentulo",
    "itsenai", "vuokra", "vakuu", "asumis", "asunto", "opinto", "opiskel",
    "lastensuojel", "lastenkoti", "hyvinvointi", "avohuol", "palvelutar", "perhehoi",
    "edunvalvo", "kantelu", "muistutu", "valitu", "oikaisu", "asiavastaa", "kohtel",
    "raha", "tuet",
)


def looks_english(text: str) -> bool:
    """Three or more common English words, 40 % of the words, and nothing Finnish."""
    words = re.findall(r"[\w']+", text.lower())
    if len(words) < 3 or re.search(r"[äöå]", text.lower()):
        return False
    if any(w in FINNISH_MARKERS or w.startswith(FINNISH_STEMS) for w in words):
        return False
    hits = sum(1 for w in words if w in ENGLISH_WORDS)
    return hits >= 3 and hits / len(words) >= 0.4


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
            if self._language_intent and looks_english(text):
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
