"""Finnish base forms and compound parts from Voikko (Debian libvoikko1 +
voikko-fi, PyPI libvoikko), for the topic selector's word features.

"vuokravakuuteen" has the base form "vuokravakuus" and the parts "vuokra" and
"vakuus", so it meets "vuokra" and "vakuusmaksu" in the training examples.
Words Voikko does not know (puhekieli such as "jälkkäri", typos) get None, and
the caller keeps its own stem for them.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import NamedTuple, Optional, Tuple


class VoikkoUnavailable(RuntimeError):
    """Voikko or its Finnish dictionary cannot be loaded."""


def open_voikko():
    """A Voikko handle for Finnish, or VoikkoUnavailable saying what to install."""
    try:
        import libvoikko
    except ImportError as error:
        raise VoikkoUnavailable("Python-paketti libvoikko puuttuu (aja make setup)") from error
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as error:
        raise VoikkoUnavailable(
            f"Voikko tai sen suomen sanakirja puuttuu ({error}); asenna: bash scripts/setup-speller.sh"
        ) from error


class Analysis(NamedTuple):
    base: str
    parts: Tuple[str, ...]  # two or more for a compound, else empty


_lock = threading.Lock()  # a Voikko handle must not be used by two threads at once
_handle = None


def _voikko():
    global _handle
    if _handle is None:
        _handle = open_voikko()
    return _handle


def available() -> bool:
    try:
        _voikko()
    except VoikkoUnavailable:
        return False
    return True


# WORDBASES: "+mielen(mieli)+terve(terve)+ys(+ys)+palvel(palvella)+u(+u)".
# Each piece is surface text with its base in parentheses (sometimes none:
# "+sosiaali"); a base starting with "+" is a derivational suffix, which
# belongs to the word before it ("terve" + "ys" = "terveys").
_PIECE = re.compile(r"(\+?)([^+()]*)(?:\(([^)]*)\))?")


def _parts(wordbases: str) -> Tuple[str, ...]:
    """The words of a compound ("mielenterveyspalvelut" -> "mielen",
    "terveys", "palvelu"); empty when the word is not a compound."""
    parts: list = []
    for _, surface, base in _PIECE.findall(wordbases):
        surface = surface.replace("=", "").lower()
        if not surface:
            continue
        if (base or "").startswith("+") and parts:
            parts[-1] += surface
        else:
            parts.append(surface)
    parts = [part for i, part in enumerate(parts) if len(part) >= 3 and part not in parts[:i]]
    return tuple(parts) if len(parts) > 1 else ()


@lru_cache(maxsize=50_000)
def analyse(word: str) -> Optional[Analysis]:
    """The word's first base form and compound parts, or None when unknown."""
    if not word or len(word) > 60 or not word.isalpha():
        return None
    with _lock:
        analyses = _voikko().analyze(word)
    if not analyses:
        return None
    first = analyses[0]
    base = (first.get("BASEFORM") or word).lower()
    return Analysis(base, _parts(first.get("WORDBASES") or ""))
