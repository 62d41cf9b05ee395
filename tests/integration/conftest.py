"""Start the whole real system once (`python -m bot run`) on test ports.

The Rasa server, the action server and the web app run as they do for a
developer, on their own SQLite files in a temporary folder. The last test
(test_zz_shutdown.py) stops them the way a developer does: one SIGINT.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bot.config import PROJECT_ROOT
from bot.training import MODEL_PATH

RASA_PORT = int(os.environ.get("TEST_RASA_PORT", "15005"))
ACTION_PORT = int(os.environ.get("TEST_ACTION_PORT", "15055"))
WEB_PORT = int(os.environ.get("TEST_WEB_PORT", "18000"))
START_TIMEOUT = 300

TEST_REGION = """\
name: "Testilän hyvinvointialue"
age_limit: 25
aftercare_contact: "Testilän jälkihuolto, puh. 040 123 0000"
office_hours: "ma–to klo 10–14"
social_emergency: "040 123 0001"
ombudsman: "Testilän sosiaaliasiavastaava, puh. 040 123 0002"
website: "https://testila.example/jalkihuolto"
"""


@dataclass
class RunningSystem:
    process: subprocess.Popen
    var_dir: Path
    log_path: Path
    env: dict

    rasa_url: str = f"http://127.0.0.1:{RASA_PORT}"
    action_url: str = f"http://127.0.0.1:{ACTION_PORT}"
    web_url: str = f"http://127.0.0.1:{WEB_PORT}"

    @property
    def token(self) -> str:
        return self.env["RASA_API_TOKEN"]

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def chat(self, sender: str, text) -> list[dict]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def system(tmp_path_factory) -> RunningSystem:
    if not MODEL_PATH.exists():
        pytest.fail(f"No trained model at {MODEL_PATH}: run `make train` (make test does).")
    var_dir = tmp_path_factory.mktemp("system-var")
    env = {
        **os.environ,
        "RINNALLA_VAR_DIR": str(var_dir),
        "RASA_PORT": str(RASA_PORT),
        "ACTION_SERVER_PORT": str(ACTION_PORT),
        "WEB_PORT": str(WEB_PORT),
        "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ACTION_PORT}",
        "DATABASE_URL": f"sqlite:///{var_dir / 'rinnalla.db'}",
        "TRACKER_DB_URL": f"sqlite:///{var_dir / 'tracker.db'}",
        "RASA_API_TOKEN": "integration-test-token-0123456789abcdef",
        "SECRET_KEY": "integration-test-secret-0123456789abcdef",
    }
    # Editors change a copy of the content, never the repository's own files.
    content = var_dir / "content"
    shutil.copytree(PROJECT_ROOT / "data", content / "data")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, content / name)
    env["CONTENT_EDIT_DIR"] = str(content)
    # A county file with distinctive values, so tests can see them in answers.
    region = var_dir / "region.yml"
    region.write_text(TEST_REGION, encoding="utf-8")
    env["REGION_FILE"] = str(region)
    log_path = var_dir / "system.log"
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    running = RunningSystem(process=process, var_dir=var_dir, log_path=log_path, env=env)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"`python -m bot run` exited early:\n{running.log()[-4000:]}")
        try:
            if requests.get(f"{running.web_url}/healthz", timeout=3).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"the system did not become healthy:\n{running.log()[-4000:]}")
        time.sleep(1)
    yield running
    if process.poll() is None:  # the shutdown test did not run
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    log_file.close()
