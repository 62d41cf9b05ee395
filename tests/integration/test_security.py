"""Security hardening of the running system (issue 9), each item against the
real Rasa server, action server and web app of the shared ``system`` fixture.

Every test uses its own sender ids, so the rate limit never touches another
test's conversations.
"""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from bot.channels.limits import MAX_MESSAGE_CHARS, MAX_REQUEST_BYTES, RATE_LIMIT
from tests.integration.conftest import ACTION_PORT, RASA_PORT, WEB_PORT

GREETING = "Olen Rinnalla, chattibotti."


def sender() -> str:
    return f"security-{uuid.uuid4().hex}"


def post(system, body, **kwargs) -> requests.Response:
    return requests.post(f"{system.rasa_url}/webhooks/rest/webhook", json=body, timeout=60, **kwargs)


# (a) the HTTP API needs the token ------------------------------------------------


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/status", None),
    ("GET", "/conversations/someone/tracker", None),
    ("POST", "/conversations/someone/trigger_intent", {"name": "EXTERNAL_worker_reply"}),
    ("POST", "/model/parse", {"text": "moi"}),
    ("PUT", "/model", {"model_file": "/tmp/anything.tar.gz"}),
])
def test_rasa_http_api_refuses_requests_without_the_right_token(system, method, path, body):
    url = f"{system.rasa_url}{path}"
    for params in ({}, {"token": "wrong-token"}):
        response = requests.request(method, url, params=params, json=body, timeout=30)
        assert response.status_code in (401, 403), (method, path, params, response.status_code)


def test_rasa_http_api_answers_with_the_token(system):
    response = requests.get(f"{system.rasa_url}/status", params={"token": system.token}, timeout=30)
    assert response.status_code == 200 and response.json()["model_file"]


# (b) only localhost ----------------------------------------------------------------


def listening_addresses(port: int) -> list[str]:
    """Local addresses of the listening TCP sockets on ``port`` (from /proc/net)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table, encoding="ascii").read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            found.append(_ip(address))
    return found


def _ip(hex_address: str) -> str:
    import ipaddress

    raw = bytes.fromhex(hex_address)
    # /proc/net stores each 32-bit word in host (little-endian) order
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(words)
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ip)


def test_proc_net_addresses_are_decoded():
    assert _ip("0100007F") == "127.0.0.1"
    assert _ip("00000000") == "0.0.0.0"
    assert _ip("00000000000000000000000001000000") == "::1"
    assert _ip("0000000000000000FFFF00000100007F") == "127.0.0.1"


@pytest.mark.parametrize("name, port", [("Rasa", RASA_PORT), ("action server", ACTION_PORT), ("web app", WEB_PORT)])
def test_servers_listen_on_localhost_only(system, name, port):
    addresses = listening_addresses(port)
    assert addresses, f"nothing listens on the {name} port {port}"
    assert set(addresses) <= {"127.0.0.1", "::1"}, f"{name} listens on {addresses}"


# (c) CORS ---------------------------------------------------------------------------


def allowed_origins(system) -> list[str]:
    configured = system.env.get("CORS_ORIGINS", "").split()
    return configured or [f"http://localhost:{WEB_PORT}", f"http://127.0.0.1:{WEB_PORT}"]


def test_cors_allows_listed_origins_only(system):
    url = f"{system.rasa_url}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for origin in allowed_origins(system):
        answer = requests.options(url, headers={"Origin": origin, **preflight}, timeout=30)
        assert answer.headers.get("Access-Control-Allow-Origin") == origin, origin
        reply = post(system, {"sender": sender(), "message": "/greet"}, headers={"Origin": origin})
        assert reply.status_code == 200
        assert reply.headers.get("Access-Control-Allow-Origin") == origin
    for origin in ("https://evil.example", f"http://localhost:{WEB_PORT + 1}", "null"):
        answer = requests.options(url, headers={"Origin": origin, **preflight}, timeout=30)
        assert "Access-Control-Allow-Origin" not in answer.headers, origin
        reply = post(system, {"sender": sender(), "message": "/greet"}, headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in reply.headers, origin


# (d) size limits --------------------------------------------------------------------


def test_a_100_kb_rest_message_gets_a_finnish_refusal_and_the_server_goes_on(system):
    me = sender()
    response = post(system, {"sender": me, "message": "apua " * 20_000})  # 100 kB
    assert response.status_code == 200
    [answer] = response.json()
    assert "liian pitkä" in answer["text"] and "lyhyempinä" in answer["text"]
    assert f"{MAX_MESSAGE_CHARS} merkkiä" in answer["text"] and "112" in answer["text"]
    # the next normal message is answered by the model as usual
    assert any(GREETING in r.get("text", "") for r in system.chat(me, "moi"))


def test_bodies_over_the_server_limit_are_refused_before_any_handler(system):
    body = b'{"sender": "x", "message": "' + b"a" * MAX_REQUEST_BYTES + b'"}'
    response = requests.post(f"{system.rasa_url}/webhooks/rest/webhook", data=body,
                             headers={"Content-Type": "application/json"}, timeout=60)
    assert response.status_code == 413
    assert "Traceback" not in response.text
    assert system.chat(sender(), "/greet")


@pytest.mark.parametrize("data, reason", [
    ("ei json", "not_json"),
    ('{"message": "moi"}', "no_sender"),
    ('{"sender": "security-x", "message": "/EXTERNAL_show_replies"}', "not_allowed"),
])
def test_malformed_rest_requests_get_a_short_json_400(system, data, reason):
    response = requests.post(f"{system.rasa_url}/webhooks/rest/webhook", data=data,
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "reason": reason}


# (e) rate limit ----------------------------------------------------------------------


def test_rest_rate_limit_per_sender(system):
    flood, other = sender(), sender()
    answers = [post(system, {"sender": flood, "message": "/greet"}) for _ in range(RATE_LIMIT + 1)]
    assert [a.status_code for a in answers[:RATE_LIMIT]] == [200] * RATE_LIMIT
    refused = answers[RATE_LIMIT]
    assert refused.status_code == 429
    body = refused.json()
    assert body["reason"] == "rate_limited" and 0 < body["retry_after"] <= 60
    assert "Odota noin" in body["text"]
    assert int(refused.headers["Retry-After"]) >= 1
    # another conversation is not affected
    assert any(GREETING in r.get("text", "") for r in system.chat(other, "/greet"))


# (f) the no-JavaScript youth page ------------------------------------------------------


def youth_session(system):
    session = requests.Session()
    page = session.get(f"{system.web_url}/chat", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def send(message: str) -> requests.Response:
        return session.post(f"{system.web_url}/chat", data={"message": message, "csrf_token": token}, timeout=60)

    return send


def test_youth_page_refuses_a_100_kb_message_with_a_finnish_notice(system):
    send = youth_session(system)
    response = send("apua " * 20_000)
    assert response.status_code == 413
    assert "Viestisi oli niin pitkä, ettei sitä voitu ottaa vastaan." in response.text
    assert '<textarea id="message"' in response.text  # the chat form is right there
    assert GREETING in send("moi").text  # and the next message goes through


def test_youth_page_shows_the_rate_limit_and_keeps_the_text(system):
    send = youth_session(system)
    for _ in range(RATE_LIMIT):
        assert send("/greet").status_code == 200
    refused = send("tää jäi odottamaan")
    assert refused.status_code == 429
    assert "Lähetit monta viestiä vähän ajan sisällä. Odota noin" in refused.text
    assert "Tekstisi on tallessa alla." in refused.text
    assert ">tää jäi odottamaan</textarea>" in refused.text
