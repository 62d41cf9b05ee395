"""Accounts for the integration tests: the CLI and a logged-in dashboard session."""
from __future__ import annotations

import re
import subprocess
import sys

import requests

from bot.config import PROJECT_ROOT

PASSWORD = "testi-salasana-123"


def cli(system, *args: str, stdin: str | None = None) -> str:
    """Run `python -m bot …` against the running system's database; return its last word."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=system.env,
        input=stdin, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.split()[-1]



class Dashboard:
    def __init__(self, system, email: str):
        self.url = system.web_url
        self.http = requests.Session()
        page = self.http.get(f"{self.url}/worker/login", timeout=30).text
        response = self.http.post(
            f"{self.url}/worker/login",
            data={"email": email, "password": PASSWORD, "csrf_token": self._token(page)},
            timeout=30,
        )
        assert response.status_code == 200 and "Kirjaudu ulos" in response.text, response.text[-500:]

    @staticmethod
    def _token(page: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.url}{path}", timeout=30)

    def post(self, path: str, data: dict) -> requests.Response:
        token = self._token(self.get(path if path.endswith("/") else "/worker/").text)
        return self.http.post(f"{self.url}{path}", data={**data, "csrf_token": token}, timeout=30)
