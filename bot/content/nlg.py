"""Rasa response generator that fills the county's ``{region_*}`` placeholders.

Configured in endpoints.yml (``nlg: type: bot.content.nlg.RegionResponseGenerator``).
It runs inside the Rasa server, so county facts appear in answers even when the
action server is down. Slot values still fill ``{slot}`` placeholders as usual.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.content.region import load_region

log = logging.getLogger(__name__)


class RegionResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig, domain: Domain) -> None:
        super().__init__(domain.responses)
        region = load_region()  # fail at start-up, not in the middle of a chat
        self._region_values = region.placeholders()
        log.info("County facts loaded for %s", region.name)

    def _response_variables(  # type: ignore[override]
        self, filled_slots: Dict[Text, Any], kwargs: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        values = super()._response_variables(filled_slots, kwargs)
        return {**self._region_values, **values}
