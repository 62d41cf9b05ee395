"""Rasa response generator: FAQ answers from the content files, with the
county's ``{region_*}`` placeholders filled in.

Configured in endpoints.yml (``nlg: type: bot.content.nlg.RegionResponseGenerator``).
It runs inside the Rasa server, so county facts appear in answers even when the
action server is down. Slot values still fill ``{slot}`` placeholders as usual.

The answers of the FAQ topics are read from ``data/faq/*.yml`` (in
``CONTENT_EDIT_DIR``) whenever a model is loaded, not taken from the model:
an editor's corrected answer goes live by loading the model again
(``PUT /model``, what "Julkaise" does), without training. Which topic a
question belongs to still comes from the trained model, so new examples need
training (bot/training.py leaves answers out of the training fingerprint).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.content.region import load_region
from bot.content.topics import RETRIEVAL_INTENT, faq_dir, read_topic

log = logging.getLogger(__name__)


class RegionResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig, domain: Domain) -> None:
        from bot import rasa_patches
        from bot.services import retention

        # Created once in every Rasa server process: the place to apply them.
        rasa_patches.apply()
        super().__init__(domain.responses if domain else {})
        region = load_region()  # fail at start-up, not in the middle of a chat
        self._region_values = {**region.placeholders(), **retention.placeholders()}
        log.info("County facts loaded for %s", region.name)

    # Rasa sets `responses` again from the model's domain whenever it loads a
    # model (Agent.load_model), so the answers are read from the files here.
    @property
    def responses(self) -> Dict[Text, Any]:
        return self._responses

    @responses.setter
    def responses(self, value: Dict[Text, Any]) -> None:
        self._responses = current_answers(value or {})

    def _response_variables(  # type: ignore[override]
        self, filled_slots: Dict[Text, Any], kwargs: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        values = super()._response_variables(filled_slots, kwargs)
        return {**self._region_values, **values}


def current_answers(responses: Dict[Text, Any]) -> Dict[Text, Any]:
    """The model's responses with every FAQ answer replaced by the one in its file."""
    updated = dict(responses)
    replaced = 0
    if not any(key.startswith(f"utter_{RETRIEVAL_INTENT}/") for key in updated):
        return updated  # no model loaded yet
    for path in sorted(faq_dir().glob("*.yml")):
        try:
            topic = read_topic(path)
        except Exception:  # noqa: BLE001 - a broken file keeps the model's answer
            log.warning("FAQ file %s could not be read; the model's answer is used", path.name)
            continue
        key = f"utter_{RETRIEVAL_INTENT}/{topic.id}"
        if key in updated and topic.answer:
            updated[key] = [{**updated[key][0], "text": topic.answer}]
            replaced += 1
    log.info("FAQ answers read from the content files: %d", replaced)
    return updated
