"""Plain-text helpers shared by the web app and the NLU components."""
from __future__ import annotations

import unicodedata

# Longest message the web form relays to the assistant. Rasa itself accepts longer
# messages (the NLU guard answers them kindly); the form refuses them without
# losing the text, so the young person can shorten it.
MAX_MESSAGE_CHARS = 2000


def has_words(text: str) -> bool:
    """True when the text contains at least one letter or digit (in any script)."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def classify_input(text: str | None) -> str:
    """'empty', 'no_words' (emoji, punctuation), 'too_long' or 'ok'."""
    stripped = (text or "").strip()
    if not stripped:
        return "empty"
    if not has_words(stripped):
        return "no_words"
    if len(stripped) > MAX_MESSAGE_CHARS:
        return "too_long"
    return "ok"


_QUESTION_WORDS = {
    "mika", "mita", "mitka", "miten", "mihin", "mista", "missa", "milloin", "miksi", "miks",
    "kuka", "kenelle", "keneen", "kuinka", "paljonko", "montako", "voiko", "saako", "onko",
    "pitaako", "kannattaako", "tarviiko", "tarvitseeko", "voinko", "saanko", "mites", "entä",
    "enta", "entas",
}


def looks_like_question(text: str) -> bool:
    """A question rather than a statement: "saanks mä...", "mitä jos...", "...?".

    Used inside the meeting form: a rights question asked there is answered,
    while a statement that mentions the same things is the young person's answer.
    """
    stripped = (text or "").strip()
    if stripped.endswith("?"):
        return True
    from bot.safety.normalize import words

    tokens = words(stripped)
    if not tokens:
        return False
    first = tokens[0]
    return first in _QUESTION_WORDS or (
        len(first) > 3 and first.endswith(("ko", "ks", "kse", "kos")) and first not in {"ekso"}
    )
