"""Plain-text helpers shared by the web app and the NLU components."""
from __future__ import annotations

import re
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


# Common English words that are not also common Finnish words ("on", "me").
ENGLISH_WORDS = frozenset(
    "the a an i you your my is are am was can could would what how why where when who "
    "to of and or for with do does did help please get after this that it in about want "
    "need tell know not don't dont i'm im have has be will there their they he she".split()
)


# Young people mix English into Finnish ("can i bring my bestie to the tapaaminen
# with my sossu"). One of these Finnish words (or a word starting with one of
# the stems, written without ä/ö as on many phones) makes a message Finnish
# enough for the classifier, however many English words it has.
FINNISH_MARKERS = frozenset(
    "ja tai vai mut mutta et etta jos kun ku niin nii kans kanssa kaa vaan viel "
    "mun mulla mulle mua mun sun sulla sulle mie sie oon oot ois onks voiks saanks "
    "miks miten mita kuka kenelle apua rahaa tukea tuki tuen".split()
)
FINNISH_STEMS = (
    "sossu", "sosiaali", "jalkihuol", "jalkkar", "kela", "sijo", "sijais", "huostaan",
    "ohjaaj", "asiak", "tapaami", "palaveri", "verkosto", "suunnitel", "toimeentulo",
    "itsenai", "vuokra", "vakuu", "asumis", "asunto", "opinto", "opiskel",
    "lastensuojel", "lastenkoti", "hyvinvointi", "avohuol", "palvelutar", "perhehoi",
    "edunvalvo", "kantelu", "muistutu", "valitu", "oikaisu", "asiavastaa", "kohtel",
    "raha", "tuet",
)


def looks_english(text: str) -> bool:
    """Three or more common English words, 40 % of the words, and nothing Finnish."""
    words = re.findall(r"[\w']+", text.lower())
    if len(words) < 3 or re.search(r"[äöå]", text.lower()):
        return False
    if any(w in FINNISH_MARKERS or w.startswith(FINNISH_STEMS) for w in words):
        return False
    hits = sum(1 for w in words if w in ENGLISH_WORDS)
    return hits >= 3 and hits / len(words) >= 0.4
