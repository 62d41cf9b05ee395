"""Rasa NLU component: a message that gives an invite code.

"K7PQ2XW", "mun koodi on k7pq2xw": the intent becomes ``link_code`` with the
code as the ``invite_code`` entity, whatever the classifier guessed (a code is
not language). A crisis found by the safety net always wins.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.invite_code import find_code
from bot.nlu.common import MessageRewriter, set_entity, set_intent

LINK_INTENT = "link_code"
CODE_ENTITY = "invite_code"


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
            if (message.get(INTENT) or {}).get("name") in self._protected:
                continue
            text = message.get(TEXT) or ""
            code = find_code(text)
            if code:
                start = text.upper().find(code)
                set_intent(message, LINK_INTENT, 1.0)
                set_entity(message, CODE_ENTITY, code, "InviteCodeDetector", start, start + len(code))
        return messages
