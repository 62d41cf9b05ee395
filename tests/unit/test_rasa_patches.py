"""The cached action-answer validation accepts and refuses exactly what Rasa's does."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import rasa_patches

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "linked", "value": True}],
     "responses": [{"text": "Hei", "buttons": []}]},
    {"events": [{"event": "action", "name": "action_listen"}], "responses": [{"response": "utter_greet"}]},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 1}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "x"},
]


@pytest.mark.parametrize("answer", GOOD + BAD)
def test_same_verdict_as_rasas_own_check(answer):
    action = RemoteAction("action_x", EndpointConfig("http://127.0.0.1:9"))
    try:
        validate(answer, RemoteAction.action_response_format_spec())
        expected = True
    except ValidationError:
        expected = False
    rasa_patches.apply()
    rasa_patches.apply()  # idempotent
    if expected:
        assert action._validate_action_result(answer) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(answer)
    assert RemoteAction._validate_action_result.__module__ == "bot.rasa_patches"
