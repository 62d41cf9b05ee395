"""Runs last: one SIGINT (Ctrl-C) to `python -m bot run` stops all three processes."""
import signal
import socket

from tests.integration.conftest import ACTION_PORT, RASA_PORT, WEB_PORT


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_one_ctrl_c_stops_all_three(system):
    assert all(port_open(p) for p in (RASA_PORT, ACTION_PORT, WEB_PORT))
    system.process.send_signal(signal.SIGINT)
    assert system.process.wait(60) == 0
    assert not any(port_open(p) for p in (RASA_PORT, ACTION_PORT, WEB_PORT))
    assert f"Rinnalla is running. Open http://localhost:{WEB_PORT}" in system.log()
    assert "NLU path: spaCy" in system.log()
