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


def test_rate_limit_counts_per_conversation_and_says_when_to_try_again():
    from bot.channels.socketio import RateLimiter

    clock = [100.0]
    limiter = RateLimiter(limit=3, window=60.0, clock=lambda: clock[0])
    assert [limiter.wait("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.wait("a") == 60.0  # the fourth in the same minute waits
    assert limiter.wait("b") == 0.0  # another conversation is not affected
    clock[0] += 30
    assert limiter.wait("a") == 30.0
    clock[0] += 30.5
    assert limiter.wait("a") == 0.0  # the window moved on
