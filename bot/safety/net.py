"""The deterministic safety net: crisis phrases over folded text.

The NLU model (intent ``crisis``) learns from examples; this net does not
learn and does not guess. It fires on the phrases in content/safety/lexicon.yml
even when the model is unsure, and it tells hyperbole ("tää koulu tappaa mut")
from danger. ``assess`` is pure and fast; the Rasa component
bot.nlu.safety_net.SafetyNet applies it to every message.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.safety.categories import CATEGORIES
from bot.safety.matcher import BREAK, Phrase, Text, compile_phrase, expand_groups, tokens

LEXICON_FILE = PROJECT_ROOT / "content" / "safety" / "lexicon.yml"

CRISIS = "crisis"
CHECK_IN = "check_in"
NONE = "none"


@dataclass(frozen=True)
class Assessment:
    level: str  # CRISIS, CHECK_IN or NONE
    category: str | None = None  # the most urgent crisis category found
    harmless: bool = False  # an everyday use of a crisis-like word was recognised
    phrase: str | None = None  # the lexicon phrase that decided (for tests, never logged)

    @property
    def is_crisis(self) -> bool:
        return self.level == CRISIS


@dataclass(frozen=True)
class _Match:
    category: str
    phrase: str
    span: tuple[int, int]
    personal: bool = False  # from always_personal: never softened by _about_others


def _covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


class Lexicon:
    def __init__(self, data: dict) -> None:
        groups = {name: " ".join(str(v).split()) for name, v in (data.get("groups") or {}).items()}
        for name, value in groups.items():
            if " " in value or "@" in value:
                raise ValueError(f"group {name!r} must be alternatives only: a|b|c*")

        def phrase(source: str) -> Phrase:
            return compile_phrase(expand_groups(source, groups))

        self.priority: list[str] = list(data["priority"])
        self.crisis: dict[str, list[Phrase]] = {
            category: [phrase(p) for p in phrases]
            for category, phrases in data["crisis"].items()
        }
        if set(self.crisis) != set(CATEGORIES) or sorted(self.priority) != sorted(CATEGORIES):
            raise ValueError(
                f"crisis categories and priority must both be exactly {sorted(CATEGORIES)}"
            )
        # Crisis phrases that speak of the writer even in a question or a
        # "kysyn kaverin puolesta" (how to die, how deep to cut, hiding fresh
        # cuts): matched like the others, never softened by _about_others.
        personal = data.get("always_personal") or {}
        if not set(personal) <= set(CATEGORIES):
            raise ValueError(f"always_personal categories must be among {sorted(CATEGORIES)}")
        self._personal: set[int] = set()  # id() of the compiled always_personal phrases
        for category, phrases in personal.items():
            for source in phrases or []:
                compiled = phrase(source)
                self.crisis[category].append(compiled)
                self._personal.add(id(compiled))
        # Crisis phrases that count only when they are the whole message
        # ("anteeks kaikille" alone is a farewell; "anteeks kaikille et
        # myöhästyin" is not): no other word before or after them.
        alone = data.get("alone") or {}
        if not set(alone) <= set(CATEGORIES):
            raise ValueError(f"alone categories must be among {sorted(CATEGORIES)}")
        self.alone: dict[str, list[Phrase]] = {
            category: [phrase(p) for p in phrases or []] for category, phrases in alone.items()
        }
        self.check_in = [phrase(p) for p in data.get("check_in") or []]
        self.harmless = [phrase(p) for p in data.get("harmless") or []]
        self.past = [phrase(p) for p in data.get("past") or []]
        self.recovered = [phrase(p) for p in data.get("recovered") or []]
        self.relapse = [phrase(p) for p in data.get("relapse") or []]
        self.joke = set(data.get("joke") or [])
        self.joke_categories = set(data.get("joke_categories") or [])
        self.question_start = set(data.get("question_start") or [])
        self.about_others = [phrase(p) for p in data.get("about_others") or []]
        self.first_person = set(data.get("first_person") or [])
        self.topic_categories = set(data.get("topic_categories") or [])

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> "Lexicon":
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")))

    # -- assessment -------------------------------------------------------

    def assess(self, text: str) -> Assessment:
        words = tokens(text or "")
        if not any(w != BREAK for w in words):
            return Assessment(NONE)
        # one Text per message: each word is tested once per distinct
        # alternative list, however many phrases share it
        words = Text(words)
        # `alone` phrases count only as the whole message ("ANTEEKS KAIKILLE")
        matches = [
            _Match(category, phrase.source, span, id(phrase) in self._personal)
            for by_category, whole_only in ((self.crisis, False), (self.alone, True))
            for category, phrases in by_category.items()
            for phrase in phrases
            for span in phrase.spans(words)
            if not whole_only or _whole(words, span)
        ]
        check_in_spans = [s for p in self.check_in for s in p.spans(words)]
        harmless_spans = [s for p in self.harmless for s in p.spans(words)]

        def covered(match: _Match, spans: list[tuple[int, int]]) -> bool:
            return any(_covers(span, match.span) for span in spans)

        remaining = [
            m for m in matches if not covered(m, harmless_spans) and not covered(m, check_in_spans)
        ]
        soft = bool(check_in_spans) or len(remaining) < len(matches) and any(
            covered(m, check_in_spans) for m in matches
        )
        harmless = bool(harmless_spans)
        if not remaining:
            if soft:
                return Assessment(CHECK_IN, harmless=harmless, phrase=_first(self.check_in, words))
            return Assessment(NONE, harmless=harmless)

        if (
            self._resolved(words)
            or self._about_others(words, remaining)
            or self._joke(words, remaining)
        ):
            return Assessment(CHECK_IN, harmless=harmless, phrase=remaining[0].phrase)

        best = min(remaining, key=lambda m: self.priority.index(m.category))
        return Assessment(CRISIS, best.category, harmless, best.phrase)

    @staticmethod
    def _any(phrases: list[Phrase], words: list[str]) -> bool:
        return any(p.spans(words) for p in phrases)

    def _resolved(self, words: list[str]) -> bool:
        """'Ennen viiltelin, nyt menee hyvin': the hard thing is over.
        Never when the message also says it is happening again or today."""
        return (
            self._any(self.past, words)
            and self._any(self.recovered, words)
            and not self._any(self.relapse, words)
        )

    def _speaks_of_self(self, words: list[str], match: _Match) -> bool:
        start, end = match.span
        return any(w in self.first_person for w in words[max(0, start - 2):end])

    def _about_others(self, words: list[str], matches: list[_Match]) -> bool:
        """A question about services or a story, not about oneself."""
        if any(m.category not in self.topic_categories for m in matches):
            return False
        if any(m.personal for m in matches):
            return False
        if any(self._speaks_of_self(words, m) for m in matches):
            return False
        first = next((w for w in words if w != BREAK), "")
        return first in self.question_start or self._any(self.about_others, words)

    def _joke(self, words: list[str], matches: list[_Match]) -> bool:
        """'Kaveri kuristaa mut jos mä spoilaan, haha'."""
        return all(m.category in self.joke_categories for m in matches) and any(
            w in self.joke for w in words
        )


def _whole(words: "list[str] | Text", span: tuple[int, int]) -> bool:
    """True when the span holds every word of the message (breaks aside)."""
    start, end = span
    return all(w == BREAK for w in words[:start]) and all(w == BREAK for w in words[end:])


def _first(phrases: list[Phrase], words: list[str]) -> str | None:
    return next((p.source for p in phrases if p.spans(words)), None)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()


def assess(text: str) -> Assessment:
    return default_lexicon().assess(text)
