"""Rasa NLU component: a message that gives an invite code.

"K7PQ2XW", "mun koodi on k7pq2xw": the intent becomes ``link_code`` with the
code as the ``invite_code`` entity, whatever the classifier guessed (a code is
not language). A crisis found by the safety net wins, with one exception: the
classifier can take a random code for a crisis word (its character n-grams
mean nothing), so when the message is only a code and a few words around it
("mun koodi on k7pq2xw") and the crisis lexicon finds nothing in those words,
the code wins. Any crisis word next to a code keeps the crisis answer.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.invite_code import find_code
from bot.safety.net import CRISIS, CHECK_IN, assess
from bot.safety.normalize import words
from bot.nlu.common import MessageRewriter, set_entity, set_intent

LINK_INTENT = "link_code"
CODE_ENTITY = "invite_code"
# "mun koodi on", "tässä on mun koodi": words a code message has besides the code.
MAX_WORDS_AROUND_CODE = 6


def only_a_code(text: str, code: str) -> bool:
    """The message gives a code and says nothing the crisis lexicon reacts to."""
    start = text.upper().find(code)
    rest = (text[:start] + " " + text[start + len(code):]) if start >= 0 else text
    if len(words(rest)) > MAX_WORDS_AROUND_CODE:
        return False
    return assess(rest).level not in (CRISIS, CHECK_IN)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class InviteCodeDetector(MessageRewriter):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"protected_intents": ["crisis", "crisis_unsure"]}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._protected = set(config.get("protected_intents") or [])


    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            code = find_code(text)
            protected = (message.get(INTENT) or {}).get("name") in self._protected
            if code and (not protected or only_a_code(text, code)):
                start = text.upper().find(code)
                set_intent(message, LINK_INTENT, 1.0)
                set_entity(message, CODE_ENTITY, code, "InviteCodeDetector", start, start + len(code))
        return messages
