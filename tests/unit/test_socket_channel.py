"""The widget's socket.io channel: the checks it makes before Rasa sees anything."""
from bot.channels.socketio import WidgetSocketIOInput, allowed_origin, valid_session_id

ORIGINS = ("http://localhost:8000", "https://rinnalla.example/")


def test_only_listed_browser_origins_may_connect():
    assert allowed_origin("http://localhost:8000", ORIGINS)
    assert allowed_origin("https://rinnalla.example", ORIGINS)  # trailing slash ignored
    assert not allowed_origin("https://evil.example", ORIGINS)
    assert not allowed_origin("http://localhost:8001", ORIGINS)
    assert not allowed_origin("null", ORIGINS)  # sandboxed frames, file:// pages
    assert allowed_origin(None, ORIGINS)  # not a browser: CORS is a browser rule
    assert allowed_origin("https://any.example", ("*",))


def test_session_ids_are_short_and_alphanumeric():
    assert valid_session_id("a" * 32)
    for bad in ("", None, 123, "a" * 65, "abc def", "../../etc", "x;drop"):
        assert not valid_session_id(bad), bad


def test_the_channel_keeps_rasas_name_so_latest_output_channel_works():
    assert WidgetSocketIOInput.name() == "socketio"
    channel = WidgetSocketIOInput.from_credentials({"session_persistence": True})
    assert channel.session_persistence is True
