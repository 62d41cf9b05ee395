"""The production topology for real: `python -m bot prod up` on test ports.

PostgreSQL and Redis (Debian's packages, installed by scripts/setup-prod.sh),
two Rasa servers with the Redis lock store and the PostgreSQL tracker store,
one action server, the web app and nginx in front. Everything lives in a
temporary folder and is stopped with `python -m bot prod down` at the end.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import requests

from bot.config import PROJECT_ROOT
from bot.training import MODEL_PATH
from tests.integration.conftest import TEST_REGION

PORTS = {
    "PROD_HTTP_PORT": "16080", "PROD_API_PORT": "16081", "PROD_RASA_PORTS": "16006 16007",
    "PROD_ACTION_PORT": "16056", "PROD_WEB_PORT": "16001", "PROD_PG_PORT": "16433",
    "PROD_REDIS_PORT": "16380",
}


@dataclass
class Stack:
    env: dict
    dir: Path

    def state(self) -> dict:
        import json

        return json.loads((self.dir / "state.json").read_text(encoding="utf-8"))

    @property
    def url(self) -> str:
        return self.state()["url"]

    @property
    def rasa_urls(self) -> list[str]:
        return self.state()["rasa_urls"]

    @property
    def token(self) -> str:
        return self.env["RASA_API_TOKEN"]

    def prod(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "prod", *args], cwd=PROJECT_ROOT, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    def prod_env(self) -> dict:
        """The environment the stack's own processes get (database URLs etc.)."""
        lines = self.prod("env").stdout.splitlines()
        values = dict(line.removeprefix("export ").split("=", 1) for line in lines)
        return {**self.env, **{k: v.strip("'") for k, v in values.items()}}

    def chat(self, sender: str, text: str, base: str | None = None) -> list[dict]:
        response = requests.post(
            f"{base or self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text}, timeout=90,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def sql(self, database: str, query: str, params: tuple = ()) -> list[tuple]:
        url = self.prod_env()["DATABASE_URL"].rsplit("/", 1)[0] + f"/{database}"
        connection = psycopg2.connect(url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()


def new_sender() -> str:
    return f"prod-{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def stack() -> Stack:
    if not MODEL_PATH.exists():
        pytest.fail(f"No trained model at {MODEL_PATH}: run `make train` (make test does).")
    # Not under pytest's private tmp (mode 0700): PostgreSQL runs as its own user.
    folder = Path(tempfile.mkdtemp(prefix="rinnalla-prod-test-"))
    folder.chmod(0o755)
    region = folder / "region.yml"
    region.write_text(TEST_REGION, encoding="utf-8")
    env = {
        **os.environ, **PORTS,
        "PROD_VAR_DIR": str(folder / "prod"),
        "RINNALLA_VAR_DIR": str(folder / "var"),
        "REGION_FILE": str(region),
        "RASA_API_TOKEN": "prod-test-token-0123456789abcdef",
        "SECRET_KEY": "prod-test-secret-0123456789abcdef",
    }
    running = Stack(env=env, dir=folder / "prod")
    try:
        running.prod("up", timeout=900)
        # This test process reads the stack's databases with the same keys.
        with pytest.MonkeyPatch.context() as patch:
            for name in ("SECRET_KEY", "RASA_API_TOKEN", "RINNALLA_VAR_DIR", "REGION_FILE"):
                patch.setenv(name, env[name])
            patch.setenv("DATABASE_URL", running.prod_env()["DATABASE_URL"])
            yield running
    finally:
        subprocess.run([sys.executable, "-m", "bot", "prod", "down"], cwd=PROJECT_ROOT, env=env,
                       capture_output=True, timeout=300)
