"""Invite codes: short, unambiguous, typed on a phone.

Seven characters from an alphabet without look-alikes (no 0/O, 1/I/L, 8/B,
S, Z), always at least two letters and two digits, so that a code is easy to
read aloud and hard to confuse with an ordinary word. 27^7 ≈ 10^10 codes;
guessing is also rate-limited (bot/services/linking.py).

Pure functions only: the NLU component (bot/nlu/invite_code.py) and the
services both use them.
"""
from __future__ import annotations

import re
import secrets

LETTERS = "ACDEFGHJKMNPQRTUVWXY"
DIGITS = "2345679"
ALPHABET = LETTERS + DIGITS
LENGTH = 7

# A candidate: exactly seven letters/digits as one word, at least one digit and
# one letter (whatever the alphabet: a mistyped code still counts as a try).
_CANDIDATE = re.compile(r"(?<![\w-])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{7}(?![\w-])")


def generate() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        letters = sum(c in LETTERS for c in code)
        if 2 <= letters <= LENGTH - 2:
            return code


def normalize(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def is_well_formed(code: str) -> bool:
    code = normalize(code)
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def find_code(text: str) -> str | None:
    """The invite code a message is giving, or None.

    A seven-character word counts when it is the whole message, when the
    message mentions a code ("mun koodi on k7pq2xw"), or when it is typed in
    capitals from the code alphabet ("tässä K7PQ2XW").
    """
    if not text:
        return None
    stripped = text.strip()
    for match in _CANDIDATE.finditer(stripped):
        word = match.group(0)
        alone = stripped.strip(" .!?:;,\"'") == word
        mentions_code = "koodi" in stripped.lower()
        typed_as_code = word == word.upper() and is_well_formed(word)
        if alone or mentions_code or typed_as_code:
            return word.upper()
    return None
