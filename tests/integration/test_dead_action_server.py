"""The Rasa server and the web app without a running action server.

Emergency contacts are responses of the Rasa server itself, so they must
arrive even then; anything that needs the action server ends in a clear
Finnish notice on the youth page, never in silence or a stack trace.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests

from bot.config import PROJECT_ROOT

RASA_PORT = int(os.environ.get("TEST_DEAD_RASA_PORT", "15105"))
WEB_PORT = int(os.environ.get("TEST_DEAD_WEB_PORT", "18100"))
CLOSED_PORT = 9


@pytest.fixture(scope="module")
def no_actions(system, tmp_path_factory):
    """Rasa and the web app on their own ports; the action URL leads nowhere."""
    env = {
        **system.env,
        "RASA_PORT": str(RASA_PORT), "WEB_PORT": str(WEB_PORT),
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{CLOSED_PORT}",
        "TRACKER_DB_URL": f"sqlite:///{tmp_path_factory.mktemp('dead') / 'tracker.db'}",
    }
    log = open(system.var_dir / "dead.log", "w", encoding="utf-8")  # noqa: SIM115
    processes = [
        subprocess.Popen([sys.executable, "-m", "bot", "serve", name], cwd=PROJECT_ROOT, env=env,
                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        for name in ("rasa", "web")
    ]
    deadline = time.monotonic() + 300
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{RASA_PORT}/status",
                            params={"token": env["RASA_API_TOKEN"]}, timeout=3).json().get("model_file"):
                break
        except (requests.RequestException, ValueError):
            pass
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            pytest.fail((system.var_dir / "dead.log").read_text(encoding="utf-8")[-3000:])
        time.sleep(1)
    yield f"http://127.0.0.1:{RASA_PORT}", f"http://127.0.0.1:{WEB_PORT}"
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(60)
    log.close()


def test_crisis_reply_comes_without_the_action_server(no_actions):
    rasa_url, _ = no_actions
    replies = requests.post(f"{rasa_url}/webhooks/rest/webhook",
                            json={"sender": "dead-1", "message": "mä haluun kuolla"}, timeout=60).json()
    text = " ".join(r.get("text", "") for r in replies)
    assert "112" in text and "Olen botti" in text


def test_youth_page_never_leaves_silence(no_actions):
    _, web_url = no_actions
    http = requests.Session()
    page = http.get(f"{web_url}/chat", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = http.post(f"{web_url}/chat", data={"message": "haluun puhua mun työntekijän kanssa",
                                              "csrf_token": token}, timeout=60)
    assert response.status_code == 200
    # the handoff needs the action server: the Rasa server's own fallback says
    # so and gives the county's contact, instead of "I did not understand"
    assert "En pysty nyt jatkamaan tätä" in response.text
    assert "Testilän jälkihuolto, puh. 040 123 0000" in response.text and "112" in response.text
    assert "En ihan ymmärtänyt" not in response.text
    assert "Traceback" not in response.text
