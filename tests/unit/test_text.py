import pytest

from bot.text import MAX_MESSAGE_CHARS, classify_input, has_words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        (None, "empty"),
        ("😀😀😀", "no_words"),
        ("?!...", "no_words"),
        ("❤️ 👍", "no_words"),
        ("moi", "ok"),
        ("мне нужна помощь", "ok"),  # other scripts are words too
        ("<script>alert(1)</script>", "ok"),
        ("a" * (MAX_MESSAGE_CHARS + 1), "too_long"),
        ("a" * MAX_MESSAGE_CHARS, "ok"),
    ],
)
def test_classify_input(text, expected):
    assert classify_input(text) == expected


def test_digits_count_as_words():
    assert has_words("112")
    assert not has_words("🙂")
