"""`python -m bot run`: start the Rasa server, the action server and the web app.

One Ctrl-C (SIGINT) or SIGTERM stops all three. If one of them dies, the others
are stopped too, so a half-running system never looks healthy.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from bot import db
from bot.config import PROJECT_ROOT, Settings, load_settings, rasa_environment, redact_url
from bot.health import check_all
from bot.nlu.backend import describe_backend
from bot.training import MODEL_PATH


@dataclass
class Child:
    name: str
    process: subprocess.Popen


def rasa_server_command(settings: Settings, model: str = str(MODEL_PATH)) -> list[str]:
    command = [
        sys.executable, "-m", "rasa", "run",
        "--model", model,
        "--endpoints", settings.endpoints_file,
        "--credentials", "credentials.yml",
        "--interface", settings.rasa_host,
        "--port", str(settings.rasa_port),
        "--enable-api",
        "--auth-token", settings.rasa_api_token,
    ]
    if settings.cors_origins:
        command += ["--cors", *settings.cors_origins]
    return command


def action_server_command(settings: Settings) -> list[str]:
    return [
        sys.executable, "-m", "rasa_sdk",
        "--actions", "actions",
        "--port", str(settings.action_port),
    ]


def web_command() -> list[str]:
    return [sys.executable, "-m", "bot", "serve", "web"]


def child_environment(settings: Settings) -> dict[str, str]:
    env = {**os.environ, **rasa_environment(settings)}
    # The generated secrets must be the same in every process.
    env["RASA_API_TOKEN"] = settings.rasa_api_token
    env["SECRET_KEY"] = settings.secret_key
    # rasa-sdk reads its listening address only from SANIC_HOST; it has no
    # authentication, so it listens on localhost unless told otherwise.
    env["SANIC_HOST"] = settings.action_host
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Third-party deprecation noise hides the lines that matter in the log.
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning,ignore::UserWarning:sanic_cors")
    return env


def _start(name: str, command: list[str], env: dict[str, str]) -> Child:
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, start_new_session=True
    )
    return Child(name, process)


def stop_all(children: list[Child], timeout: float = 15.0) -> None:
    for child in children:
        if child.process.poll() is None:
            try:
                os.killpg(child.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    for child in children:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.process.wait(remaining)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(child.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.process.wait()


def _hint_first_account() -> None:
    from bot.services.workers import list_workers

    try:
        if not list_workers():
            print(
                "\nNo dashboard accounts yet. Make the first one with:\n"
                "  .venv/bin/python -m bot worker add --email you@example.fi --name \"Your Name\" --role admin",
                flush=True,
            )
    except Exception:  # noqa: BLE001 - only a hint
        pass


def run(ready_timeout: float = 240.0) -> int:
    settings = load_settings()
    if not MODEL_PATH.exists():
        print(f"No trained model at {MODEL_PATH}. Run `make run` (it trains first).")
        return 2
    print(f"NLU path: {describe_backend()['label']}")
    print(f"App database: {redact_url(settings.database_url)}")
    print(f"Tracker store: {redact_url(settings.tracker_db_url)}")
    db.upgrade(settings.database_url)

    env = child_environment(settings)
    children = [
        _start("action server", action_server_command(settings), env),
        _start("Rasa server", rasa_server_command(settings), env),
        _start("web app", web_command(), env),
    ]
    stopping = {"now": False}

    def _on_signal(signum, _frame):
        stopping["now"] = True

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)

    started = time.monotonic()
    announced = False
    exit_code = 0
    try:
        while not stopping["now"]:
            dead = [c for c in children if c.process.poll() is not None]
            if dead:
                for child in dead:
                    print(f"The {child.name} stopped (exit code {child.process.returncode}).")
                exit_code = 1
                break
            if not announced:
                if check_all(settings)["ok"]:
                    announced = True
                    _hint_first_account()
                    print(
                        f"\nRinnalla is running. Open {settings.public_web_url}\n"
                        f"Rasa REST channel: {settings.rasa_url}/webhooks/rest/webhook\n"
                        "Press Ctrl-C once to stop all three processes.\n",
                        flush=True,
                    )
                elif time.monotonic() - started > ready_timeout:
                    print("The system did not become healthy in time; stopping.")
                    exit_code = 1
                    break
            time.sleep(1.0)
    finally:
        print("Stopping Rinnalla...", flush=True)
        stop_all(children)
        print("Stopped.")
    return exit_code
