"""A tiny phrase matcher over folded words, robust to inflection and typos.

Phrase syntax (used in content/safety/lexicon.yml):

* Words are separated by spaces. Each space-separated part matches one word.
* ``a|b|c`` — any of the alternatives.
* ``kuol*`` — a stem: any word that starts with it ("kuolla", "kuolen").
* ``...`` — a longer gap: the next part may come up to ``LONG_GAP`` words later
  (otherwise at most ``GAP`` other words may come between two parts).
* ``+word`` — this part must come right after the previous one, no gap.
* ``$`` — the end of the message or of a sentence.
* ``@name`` — a named word group (``groups:`` in the lexicon), usable as an
  alternative: ``@pills|kamaa``.
* Alternatives of eight letters or more (stems or words) also match with one typo
  (a letter missing, extra, wrong or two letters swapped): "itsemurha" matches
  "itsmurha" and "itsemurah". Shorter ones must match exactly, because one typo
  in a short word often makes another real word ("raiska" / "raskas").

Everything is folded first (bot.safety.normalize): lower case, ä→a, ö→o.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.safety.normalize import fold

GAP = 2
LONG_GAP = 8
FUZZY_MIN = 8
BREAK = "."
_TOKEN = re.compile(r"[a-z0-9]+|[.!?\n]+")


def tokens(text: str) -> list[str]:
    """Folded words, with sentence breaks kept as ``.`` tokens."""
    return [t if t[0].isalnum() else BREAK for t in _TOKEN.findall(fold(text))]


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion,
    substitution or swap of two neighbouring letters."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer: deleting one letter of b gives a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


@dataclass(frozen=True)
class Alternative:
    text: str
    stem: bool

    def matches(self, word: str) -> bool:
        if word == BREAK:
            return False
        if self.stem:
            if word.startswith(self.text):
                return True
            if len(self.text) < FUZZY_MIN:
                return False
            n = len(self.text)
            return any(
                within_one_edit(word[:k], self.text) for k in (n - 1, n, n + 1) if k <= len(word)
            )
        if word == self.text:
            return True
        return len(self.text) >= FUZZY_MIN and within_one_edit(word, self.text)


class _Choice:
    """The alternatives of one part, prepared for fast matching: exact words in a
    set, stems in one ``str.startswith`` call, and only the long alternatives
    checked letter by letter for one typo. Equal alternative lists share one
    object (``_choice``), so a message's words are tested once per distinct
    list, not once per phrase (see ``Text``)."""

    __slots__ = ("key", "exact", "stems", "fuzzy_exact", "fuzzy_stems", "fuzzy_letters")

    def __init__(self, key: int, alternatives: tuple[Alternative, ...]) -> None:
        self.key = key
        self.exact = frozenset(a.text for a in alternatives if not a.stem)
        self.stems = tuple(a.text for a in alternatives if a.stem)
        self.fuzzy_exact = tuple(
            a.text for a in alternatives if not a.stem and len(a.text) >= FUZZY_MIN
        )
        self.fuzzy_stems = tuple(
            a.text for a in alternatives if a.stem and len(a.text) >= FUZZY_MIN
        )
        # One typo leaves the word's first or second letter equal to the
        # alternative's first or second letter; other words skip the slow check.
        self.fuzzy_letters = frozenset(
            t[i] for t in self.fuzzy_exact + self.fuzzy_stems for i in (0, 1)
        )

    def matches(self, word: str) -> bool:
        if word == BREAK:
            return False
        if word in self.exact or (self.stems and word.startswith(self.stems)):
            return True
        letters = self.fuzzy_letters
        if not letters or (word[0] not in letters and (len(word) < 2 or word[1] not in letters)):
            return False
        size = len(word)
        for text in self.fuzzy_exact:
            if abs(size - len(text)) <= 1 and within_one_edit(word, text):
                return True
        for text in self.fuzzy_stems:
            n = len(text)
            for k in (n - 1, n, n + 1):
                if k <= size and within_one_edit(word[:k], text):
                    return True
        return False


_CHOICES: dict[tuple[Alternative, ...], _Choice] = {}


def _choice(alternatives: tuple[Alternative, ...]) -> _Choice:
    found = _CHOICES.get(alternatives)
    if found is None:
        found = _CHOICES[alternatives] = _Choice(len(_CHOICES), alternatives)
    return found


class Text:
    """The tokens of one message, remembering which words each distinct
    alternative list matches. Build it once per message and pass it to every
    ``Phrase.spans``; the results are the same as with a plain token list."""

    __slots__ = ("words", "_unique", "_hits")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._unique = set(words)
        self._hits: dict[int, frozenset[str]] = {}

    # behaves as the token list where one is expected
    def __iter__(self):
        return iter(self.words)

    def __getitem__(self, index):
        return self.words[index]

    def __len__(self) -> int:
        return len(self.words)

    def hits(self, choice: _Choice) -> frozenset[str]:
        """The distinct words of the message that the alternatives match."""
        found = self._hits.get(choice.key)
        if found is None:
            found = self._hits[choice.key] = frozenset(
                w for w in self._unique if choice.matches(w)
            )
        return found


@dataclass(frozen=True)
class Part:
    alternatives: tuple[Alternative, ...]
    end: bool = False  # "$"
    gap_before: int = GAP
    choice: "_Choice | None" = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.end:
            object.__setattr__(self, "choice", _choice(self.alternatives))

    def matches(self, word: str) -> bool:
        return self.choice.matches(word)


@dataclass(frozen=True)
class Phrase:
    source: str
    parts: tuple[Part, ...]

    def spans(self, words: "list[str] | Text") -> list[tuple[int, int]]:
        """Every (start, end) word span where the phrase matches; end exclusive."""
        text = words if isinstance(words, Text) else Text(words)
        hits = []
        for part in self.parts:
            if part.end:
                hits.append(None)
                continue
            found = text.hits(part.choice)
            if not found:  # a part that matches no word: no span anywhere
                return []
            hits.append(found)
        words = text.words
        first = hits[0]
        found_spans = []
        memo: dict[tuple[int, int], int | None] = {}
        for start, word in enumerate(words):
            if word not in first:
                continue
            end = self._extend(words, hits, memo, 1, start + 1)
            if end is not None:
                found_spans.append((start, end))
        return found_spans

    def _extend(
        self, words: list[str], hits: list, memo: dict, index: int, position: int
    ) -> int | None:
        """Where the phrase ends if parts[index:] match from position on (the
        first way found, trying the nearest word first). Remembered per
        (index, position): long gaps would otherwise retry the same tails."""
        key = (index, position)
        if key not in memo:
            memo[key] = self._extend_uncached(words, hits, memo, index, position)
        return memo[key]

    def _extend_uncached(
        self, words: list[str], hits: list, memo: dict, index: int, position: int
    ) -> int | None:
        if index == len(self.parts):
            return position
        part = self.parts[index]
        if part.end:
            # the rest of the sentence must be empty
            if position == len(words) or words[position] == BREAK:
                # "$" counts as one more position, so that a longer phrase
                # ending at the same word never covers this one
                return self._extend(words, hits, memo, index + 1, position + 1)
            return None
        matching = hits[index]
        for at in range(position, min(len(words), position + part.gap_before + 1)):
            if words[at] in matching:
                end = self._extend(words, hits, memo, index + 1, at + 1)
                if end is not None:
                    return end
        return None


def expand_groups(source: str, groups: dict[str, str] | None) -> str:
    """Replace ``@name`` alternatives with the group's alternatives."""

    def part(raw: str) -> str:
        out = []
        for alt in raw.split("|"):
            if alt.startswith("@"):
                if not groups or alt[1:] not in groups:
                    raise ValueError(f"unknown group {alt!r} in phrase {source!r}")
                out.append(groups[alt[1:]])
            else:
                out.append(alt)
        return "|".join(out)

    return " ".join(part(raw) for raw in source.split())


@lru_cache(maxsize=None)
def compile_phrase(source: str) -> Phrase:
    parts: list[Part] = []
    gap = GAP
    for raw in source.split():
        if raw == "...":
            gap = LONG_GAP
            continue
        if raw.startswith("+") and len(raw) > 1:
            gap = 0
            raw = raw[1:]
        if raw == "$":
            parts.append(Part((), end=True))
            continue
        alternatives = []
        for alt in fold(raw).split("|"):
            stem = alt.endswith("*")
            text = alt.rstrip("*")
            if not re.fullmatch(r"[a-z0-9]+", text):
                raise ValueError(f"bad word {alt!r} in phrase {source!r}")
            alternatives.append(Alternative(text, stem))
        parts.append(Part(tuple(alternatives), gap_before=gap))
        gap = GAP
    if not parts or parts[0].end:
        raise ValueError(f"phrase must start with a word: {source!r}")
    return Phrase(source, tuple(parts))
