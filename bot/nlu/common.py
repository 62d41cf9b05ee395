"""Helpers shared by the project's NLU components (safety net, input guard,
invite codes): replacing the predicted intent and adding an entity."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

FALLBACK_INTENT = "nlu_fallback"


class MessageRewriter(GraphComponent):
    """Base of the untrained components that correct a parsed message: built
    from their config alone (nothing to train, nothing to persist)."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageRewriter":
        return cls(config)


def set_intent(message: Message, name: Text, confidence: float) -> None:
    """Make `name` the message's intent and put it first in the ranking."""
    previous = message.get(INTENT) or {}
    intent = {"name": name, "confidence": confidence}
    ranking = [intent] + [
        r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking if previous else [intent], add_to_output=True)


def next_best(message: Message, exclude: set[str]) -> tuple[str, float]:
    """The best-ranked intent that is not in `exclude`."""
    for item in message.get(INTENT_RANKING_KEY) or []:
        if item.get("name") not in exclude:
            return item["name"], float(item.get("confidence") or 0.0)
    return FALLBACK_INTENT, 0.0


def set_entity(
    message: Message, entity: Text, value: Text, extractor: Text,
    start: int | None = None, end: int | None = None,
) -> None:
    """Replace any `entity` on the message with one value (the whole text by default)."""
    text = message.get(TEXT) or ""
    entities = [e for e in (message.get(ENTITIES) or []) if e.get("entity") != entity]
    entities.append(
        {
            "entity": entity,
            "value": value,
            "start": 0 if start is None else start,
            "end": len(text) if end is None else end,
            "confidence_entity": 1.0,
            "extractor": extractor,
        }
    )
    message.set(ENTITIES, entities, add_to_output=True)
