"""Prints the CPU time Rasa spends checking one action server answer, before
and after bot.rasa_patches (run: .venv/bin/python scripts/bench_action_validation.py)."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

ROUNDS = 100
ANSWER = {
    "events": [{"event": "slot", "name": f"slot_{i}", "value": i} for i in range(5)],
    "responses": [{"response": "utter_ask_meeting_dreams"}],
}


def per_call(action: RemoteAction) -> float:
    start = time.process_time()
    for _ in range(ROUNDS):
        action._validate_action_result(ANSWER)
    return (time.process_time() - start) / ROUNDS * 1000


if __name__ == "__main__":
    action = RemoteAction("action_x", EndpointConfig("http://127.0.0.1:9"))
    before = per_call(action)
    from bot import rasa_patches

    rasa_patches.apply()
    after = per_call(action)
    print(f"action answer validation, CPU per call: Rasa {before:.1f} ms, patched {after:.2f} ms "
          f"({ROUNDS} calls each)")
