"""Text normalisation for the safety net: the same message typed in many ways.

Young people in distress type fast on a phone: ALL CAPS, no ä/ö, repeated
letters, no punctuation. Normalisation folds all of these to one form, so the
lexicon (content/safety/lexicon.yml) can be written once in plain Finnish.
"""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "o", "é": "e", "ü": "u", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"(.)\1{2,}")


def fold(text: str) -> str:
    """Lower case, compatibility-normalised, ä→a and ö→o, letter runs of three
    or more shortened to two ("haluuuun" → "haluun")."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    return _RUN.sub(r"\1\1", text)


def words(text: str) -> list[str]:
    """The folded words of a message; punctuation and emoji drop out."""
    return _WORD.findall(fold(text))
