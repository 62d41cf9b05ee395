import subprocess
import sys
import time

from bot.config import load_settings
from bot.launcher import Child, action_server_command, rasa_server_command, stop_all


def test_rasa_api_needs_a_token_and_listens_on_localhost():
    command = rasa_server_command(load_settings())
    assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert "--enable-api" in command
    token = command[command.index("--auth-token") + 1]
    assert token == load_settings().rasa_api_token and len(token) >= 32
    assert "http://localhost:8000" in command[command.index("--cors") + 1 :]


def test_action_server_listens_on_localhost_by_default():
    from bot.launcher import child_environment

    assert child_environment(load_settings())["SANIC_HOST"] == "127.0.0.1"


def test_action_server_port(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_PORT", "15999")
    command = action_server_command(load_settings())
    assert command[command.index("--port") + 1] == "15999"


def test_stop_all_stops_whole_process_groups():
    # A parent that starts a grandchild: both must be gone after stop_all.
    script = "import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)"
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    time.sleep(0.5)
    stop_all([Child("test", process)], timeout=5)
    assert process.poll() is not None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        leftover = subprocess.run(
            ["pgrep", "-g", str(process.pid)], capture_output=True, text=True
        ).stdout.strip()
        if not leftover:
            break
        time.sleep(0.1)
    assert leftover == ""
