"""The guarded REST channel, served by a real Sanic server on a free port.

The channel is registered the way Rasa registers it (``register`` with the
``/webhooks/`` route); only the agent behind it is a stand-in that records
what reached "the model" and answers "vastaus". Sanic 21.12 can start only one
app per process (its start-up code rewriting fails the second time), so the
module shares one server; each test gets a fresh rate limiter and record.
"""
from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from pathlib import Path

import pytest
import requests
from rasa.core.channels.channel import register
from sanic import Sanic

from bot.channels.limits import MAX_MESSAGE_CHARS, MAX_REQUEST_BYTES, RATE_LIMIT, RateLimiter
from bot.channels.rest import GuardedRestInput

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class RecordingAgent:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    async def handle_message(self, message) -> None:
        self.seen.append((message.sender_id, message.text))
        await message.output_channel.send_text_message(message.sender_id, "vastaus")


class Server:
    def __init__(self, channel: GuardedRestInput) -> None:
        self.channel = channel
        self.app = Sanic(f"rest-test-{uuid.uuid4().hex}")
        self.agent = RecordingAgent()
        self.app.ctx.agent = self.agent
        register([channel], self.app, route="/webhooks/")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(self.app.create_server(
            host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False,
        ))
        self.loop.run_until_complete(server.startup())
        self.loop.run_until_complete(server.before_start())
        self.loop.run_until_complete(server.after_start())
        self._ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(server.before_stop())
        closing = server.close()
        if closing:
            self.loop.run_until_complete(closing)
        self.loop.run_until_complete(server.after_stop())

    def __enter__(self) -> "Server":
        self._thread.start()
        assert self._ready.wait(30), "the test server did not start"
        return self

    def __exit__(self, *_exc) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def post(self, **kwargs) -> requests.Response:
        return requests.post(self.url, timeout=10, **kwargs)


@pytest.fixture(scope="module")
def running_server():
    with Server(GuardedRestInput()) as running:
        yield running


@pytest.fixture
def server(running_server):
    running_server.channel.limiter = RateLimiter()
    running_server.agent.seen.clear()
    return running_server


def test_keeps_rasas_rest_url_and_normal_messages_reach_the_model(server):
    response = server.post(json={"sender": "nuori-1", "message": "  moi  "})
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": "nuori-1", "text": "vastaus"}]
    assert server.agent.seen == [("nuori-1", "moi")]
    assert GuardedRestInput.name() == "rest"
    assert requests.get(server.url.rsplit("/", 1)[0] + "/", timeout=10).json() == {"status": "ok"}


def test_a_100_kb_message_gets_a_finnish_refusal_without_the_model(server):
    response = server.post(json={"sender": "nuori-2", "message": "a" * 100_000})
    assert response.status_code == 200
    [answer] = response.json()
    assert answer["recipient_id"] == "nuori-2"
    assert "liian pitkä" in answer["text"] and "lyhyempinä" in answer["text"]
    assert str(MAX_MESSAGE_CHARS) in answer["text"] and "112" in answer["text"]
    assert server.agent.seen == []
    # exactly at the limit still goes through, and the server keeps answering
    assert server.post(json={"sender": "nuori-2", "message": "a" * MAX_MESSAGE_CHARS}).json()[0]["text"] == "vastaus"
    assert len(server.agent.seen) == 1


@pytest.mark.parametrize("body, reason", [
    ({"data": "{ei json"}, "not_json"),
    ({"data": ""}, "not_json"),
    ({"json": ["sender", "moi"]}, "not_json"),
    ({"json": {"message": "moi"}}, "no_sender"),
    ({"json": {"sender": "", "message": "moi"}}, "no_sender"),
    ({"json": {"sender": "x" * 129, "message": "moi"}}, "no_sender"),
    ({"json": {"sender": {"a": 1}, "message": "moi"}}, "no_sender"),
    ({"json": {"sender": "nuori-3"}}, "no_message"),
    ({"json": {"sender": "nuori-3", "message": 5}}, "no_message"),
    ({"json": {"sender": "nuori-3", "message": "/EXTERNAL_worker_reply"}}, "not_allowed"),
])
def test_malformed_requests_get_a_short_json_400(server, body, reason):
    response = server.post(**body)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "reason": reason}
    assert server.agent.seen == []


def test_numeric_sender_is_accepted_like_rasa_does(server):
    assert server.post(json={"sender": 12345, "message": "moi"}).status_code == 200
    assert server.agent.seen == [("12345", "moi")]


def test_rate_limit_per_sender_answers_429_with_retry_after_and_finnish_text(server):
    for _ in range(RATE_LIMIT):
        assert server.post(json={"sender": "tulva", "message": "moi"}).status_code == 200
    refused = server.post(json={"sender": "tulva", "message": "moi"})
    assert refused.status_code == 429
    body = refused.json()
    assert body["ok"] is False and body["reason"] == "rate_limited"
    assert 0 < body["retry_after"] <= 60
    assert "Odota noin" in body["text"] and "sekuntia" in body["text"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert len(server.agent.seen) == RATE_LIMIT  # the refused one never reached the model
    # another sender is not affected
    assert server.post(json={"sender": "toinen", "message": "moi"}).status_code == 200


def test_refused_messages_do_not_use_up_the_rate_limit(server):
    server.channel.limiter = RateLimiter(limit=2)
    for _ in range(5):
        server.post(json={"sender": "s", "message": "x" * (MAX_MESSAGE_CHARS + 1)})
        server.post(json={"sender": "s"})
    assert server.post(json={"sender": "s", "message": "moi"}).status_code == 200
    assert server.post(json={"sender": "s", "message": "moi"}).status_code == 200
    assert server.post(json={"sender": "s", "message": "moi"}).status_code == 429


def test_the_server_refuses_bodies_over_one_megabyte_before_any_handler(server):
    assert server.app.config.REQUEST_MAX_SIZE == MAX_REQUEST_BYTES
    response = server.post(data=b"{" + b"x" * (MAX_REQUEST_BYTES + 10), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "Traceback" not in response.text
    assert server.agent.seen == []
    assert server.post(json={"sender": "nuori-4", "message": "moi"}).status_code == 200


def test_credentials_use_the_guarded_channel_at_the_same_url():
    from rasa.core.run import create_http_input_channels

    channels = create_http_input_channels(None, str(PROJECT_ROOT / "credentials.yml"))
    rest = [c for c in channels if c.name() == "rest"]
    assert len(rest) == 1 and type(rest[0]) is GuardedRestInput
    assert rest[0].url_prefix() == "rest"


# --- the no-JavaScript youth page (/chat) in front of the same channel ---------


@pytest.fixture
def youth_page(server, migrated_db, monkeypatch):
    import re

    from bot.web import create_app

    monkeypatch.setenv("DATABASE_URL", migrated_db)
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{server.port}")
    client = create_app().test_client()
    page = client.get("/chat").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def send(text: str):
        return client.post("/chat", data={"message": text, "csrf_token": token})

    return send


def test_youth_page_shows_the_rate_limit_in_finnish_and_keeps_the_text(server, youth_page):
    server.channel.limiter = RateLimiter(limit=1)
    first = youth_page("moi")
    assert first.status_code == 200 and "vastaus" in first.get_data(as_text=True)
    refused = youth_page("toinen viesti <b>tässä</b>")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Lähetit monta viestiä vähän ajan sisällä. Odota noin" in page
    assert "Tekstisi on tallessa alla." in page
    assert ">toinen viesti &lt;b&gt;tässä&lt;/b&gt;</textarea>" in page
    assert len(server.agent.seen) == 1


def test_youth_page_refuses_a_100_kb_message_with_a_finnish_notice(server, youth_page):
    response = youth_page("a" * 100_000)  # over the web app's 64 kB body limit
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Viestisi oli niin pitkä, ettei sitä voitu ottaa vastaan." in page
    assert "lyhyempinä paloina" in page and '<textarea id="message"' in page
    assert server.agent.seen == []
