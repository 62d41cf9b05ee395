"""Secrets come only from the environment (or, on a laptop, from var/secrets/).

1. Nothing that would be committed (tracked files and new files git does not
   ignore) contains a secret: no literal value for a *TOKEN / *SECRET /
   *PASSWORD setting, no password inside a URL, no private key, no token of a
   well-known service. Tests may use invented values that say so ("test",
   "testi", "example", "salasana") or that are sentences.
2. bot/config.py takes RASA_API_TOKEN and SECRET_KEY from the environment, and
   only without them generates random ones into var/secrets/ (mode 0600).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from bot.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve()

NAME = r"[A-Z0-9_]*(?:TOKEN|SECRET|SECRET_KEY|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)[A-Z0-9_]*"
# NAME = value, NAME: value, "NAME": "value", export NAME=value
ASSIGNMENT = re.compile(
    r"""(?<![A-Za-z0-9_{$])["']?(?P<name>%s)["']?\s*[:=]\s*(?P<quote>["']?)(?P<value>[^\s"'#,;)]*)""" % NAME
)
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?P<value>[^@\s/'\"]+)@")
PRIVATE_KEY = re.compile("-----BEGIN [A-Z ]*" + "PRIVATE KEY-----")
SERVICE_TOKENS = re.compile(
    r"\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|sk-[A-Za-z0-9]{32,}|glpat-[A-Za-z0-9_-]{20})\b"
)
INVENTED = re.compile(r"test|example|salasana|invented", re.IGNORECASE)


def placeholder(value: str) -> bool:
    """${VAR}, $VAR, …, <…>, PASSWORD: a stand-in, not a value."""
    return (not value or value[0] in "$…<{" or value.startswith("...")
            or re.fullmatch(r"[A-Z_]+", value) is not None)


def _sentence(line: str, match: re.Match) -> bool:
    """The whole quoted literal has spaces: test prose ("Mun kämppis …"), not a key."""
    literal = line[match.start("value"):].split(match["quote"], 1)[0]
    return bool(match["quote"]) and " " in literal


def findings(path: str, text: str) -> list[str]:
    in_tests = path.startswith("tests/")
    python = path.endswith(".py")
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{number}"
        for match in ASSIGNMENT.finditer(line):
            value, quoted = match["value"], bool(match["quote"])
            if python and not quoted:
                continue  # an expression (os.environ[...], settings.secret_key), not a value
            if placeholder(value) or re.fullmatch(r"\d+", value):
                continue
            if in_tests and (INVENTED.search(value) or _sentence(line, match)):
                continue
            found.append(f"{where}: {match['name']} has a literal value")
        for match in URL_PASSWORD.finditer(line):
            if not placeholder(match["value"]) and not in_tests:
                found.append(f"{where}: a password inside a URL")
        if PRIVATE_KEY.search(line):
            found.append(f"{where}: a private key")
        if SERVICE_TOKENS.search(line):
            found.append(f"{where}: a service token")
    return found


def committable_files() -> list[str]:
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
        return [line for line in out.stdout.split("\0") if line]

    return sorted(set(git("ls-files", "-z")) | set(git("ls-files", "-z", "--others", "--exclude-standard")))


def test_no_secret_is_committed():
    problems = []
    for name in committable_files():
        path = ROOT / name
        if path.resolve() == THIS_FILE or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        problems += findings(name, text)
    assert not problems, "secrets belong in the environment:\n" + "\n".join(problems)


def test_local_secret_files_and_env_files_are_ignored_by_git():
    committable_files()  # skips outside a git checkout
    for name in ("var/secrets/rasa_api_token", "var/secrets/secret_key", ".env", ".venv-audit/bin/pip-audit"):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
        assert ignored.returncode == 0, f"{name} is not git-ignored"


@pytest.mark.parametrize("path, line", [
    ("bot/config.py", 'SECRET_KEY = "k3jd8Fh2nQp0xZ7wLr5T"'),
    ("deploy/app.env", "RASA_API_TOKEN=k3jd8Fh2nQp0xZ7wLr5T"),
    ("docker-compose.yml", "      POSTGRES_PASSWORD: hunter2hunter2"),
    ("bot/settings.py", 'env = {"SECRET_KEY": "k3jd8Fh2nQp0xZ7wLr5T"}'),
    ("docs/operations.md", "export DATABASE_URL=postgresql://rinnalla:Kissa123@db/rinnalla"),
    ("deploy/key.pem", "-----BEGIN RSA " + "PRIVATE KEY-----"),
    ("scripts/x.sh", "curl -H 'Authorization: token ghp_" + "a" * 36 + "'"),
    ("tests/unit/test_x.py", 'TOKEN = "k3jd8Fh2nQp0xZ7wLr5T"'),
])
def test_the_scan_finds_secret_looking_values(path, line):
    assert findings(path, line), line


@pytest.mark.parametrize("path, line", [
    ("docker-compose.yml", "      SECRET_KEY: ${SECRET_KEY:?set SECRET_KEY}"),
    ("docs/operations.md", "export POSTGRES_PASSWORD=… RASA_API_TOKEN=… SECRET_KEY=…"),
    ("docker-compose.yml", '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?set REDIS_PASSWORD}"]'),
    ("docs/operations.md", "export DATABASE_URL=postgresql://rinnalla:PASSWORD@localhost:5432/rinnalla"),
    ("bot/web/__init__.py", "        SECRET_KEY=settings.secret_key,"),
    ("bot/services/workers.py", "MIN_PASSWORD_CHARS = 12"),
    ("tests/integration/conftest.py", '"RASA_API_TOKEN": "integration-test-token-0123456789abcdef",'),
    ("tests/unit/test_dashboard.py", 'PASSWORD = "pitkä-salasana-1"'),
])
def test_the_scan_accepts_placeholders_code_and_invented_test_values(path, line):
    assert not findings(path, line), line


# --- bot/config.py --------------------------------------------------------------


def test_both_secrets_come_from_the_environment_and_no_file_is_written(monkeypatch, isolated_environment):
    monkeypatch.setenv("RASA_API_TOKEN", "token-from-the-environment")
    monkeypatch.setenv("SECRET_KEY", "key-from-the-environment")
    settings = load_settings()
    assert settings.rasa_api_token == "token-from-the-environment"
    assert settings.secret_key == "key-from-the-environment"
    assert not (isolated_environment / "secrets").exists()


def test_without_the_environment_random_secrets_are_generated_privately(isolated_environment, tmp_path, monkeypatch):
    settings = load_settings()
    token, key = settings.rasa_api_token, settings.secret_key
    folder = isolated_environment / "secrets"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for name, value in (("rasa_api_token", token), ("secret_key", key)):
        path = folder / name
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert path.read_text(encoding="utf-8") == value and len(value) >= 32
    # another machine (another var/) gets other values
    monkeypatch.setenv("RINNALLA_VAR_DIR", str(tmp_path / "other-var"))
    other = load_settings()
    assert other.rasa_api_token != token and other.secret_key != key
