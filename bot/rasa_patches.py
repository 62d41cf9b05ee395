"""Small, measured fixes to Rasa 3.6 internals, applied in the Rasa server.

`apply()` is called when the Rasa server loads our response generator
(bot/content/nlg.py, configured in every endpoints file), so every Rasa
server process has them; it is idempotent.

1. Action server answers are checked against Rasa's JSON schema with
   `jsonschema.validate(result, schema)`, which first checks the *schema*
   against its meta-schema and builds a new validator, on every custom action
   call: 30–70 ms of CPU per call here, about a fifth of a Rasa server's CPU
   under load (py-spy, docs/performance.md). The same check with a validator
   built once takes about 1 ms. Valid and invalid answers are treated exactly
   as before (same ValidationError, same message).
"""
from __future__ import annotations

from typing import Any, Dict, Text

_applied = False


def _cached_validation() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error

    RemoteAction._validate_action_result = _validate_action_result


def apply() -> None:
    global _applied
    if _applied:
        return
    _cached_validation()
    _applied = True
