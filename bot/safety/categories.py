"""The crisis categories: one emergency reply variation and one count each."""
from __future__ import annotations

GENERAL = "general"
CATEGORIES = (
    "suicide",
    "self_harm",
    "violence",
    "sexual_violence",
    "threat",
    "no_place_to_sleep",
    "overdose",
    "substance_crisis",
)
ALL = (GENERAL,) + CATEGORIES


def known_category(value: object) -> str:
    """The category if it is one we know, otherwise ``general``."""
    return value if isinstance(value, str) and value in ALL else GENERAL
