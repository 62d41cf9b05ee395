"""Questions the assistant could not answer, for content editors.

Read from Rasa's SQL tracker store (endpoints.yml, ``TRACKER_DB_URL``): the
``events`` table that Rasa's ``SQLTrackerStore`` writes, one row per event with
``sender_id``, ``type_name``, ``timestamp`` (epoch seconds) and ``data`` (the
event as JSON: ``text``, ``parse_data.intent``, ``parse_data.intent_ranking``).

A user message is *unanswered* when

* its intent is ``nlu_fallback`` (the FallbackClassifier, or the InputGuard
  turning an unsure FAQ topic or a very long message into a fallback) or
  ``out_of_scope``, or
* its intent's confidence is below the FallbackClassifier threshold of
  config.yml (0.6),

and it is none of these, which are never shown to editors:

* safety: ``crisis``, ``crisis_unsure``, ``feeling_down``, or a message in which
  the safety net saw anything (a lexicon match, a harmless everyday use of a
  crisis word, or a classifier leaning to crisis);
* personal: ``link_code`` (invite codes), and anything typed while a form was
  active (meeting preparation answers, the message to the worker) or stored
  word for word into a slot;
* not a question: button payloads ("/intent"), ``EXTERNAL_*`` intents sent by
  the web app, ``no_words``, and the short dialogue intents of domain.yml
  (greetings, yes/no, thanks, form commands: ``DIALOGUE_INTENTS``).

The texts are masked (invite-code-like words, e-mail addresses, phone numbers
and personal identity codes become ``[poistettu]``) and grouped by similarity.
Sender ids are read only to follow each conversation's state and never leave
this module.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from bot.config import PROJECT_ROOT, load_settings
from bot.invite_code import ALPHABET, LENGTH
from bot.safety.normalize import fold

FALLBACK_INTENT = "nlu_fallback"
UNANSWERED_INTENTS = frozenset({FALLBACK_INTENT, "out_of_scope"})

# Safety first: these never appear in an editors' list, whatever the confidence.
SAFETY_INTENTS = frozenset({"crisis", "crisis_unsure", "feeling_down"})
# Personal: the message gives an invite code.
PERSONAL_INTENTS = frozenset({"link_code"})
# Short dialogue moves of domain.yml: not questions, even when the classifier
# was unsure about them.
DIALOGUE_INTENTS = frozenset(
    {
        "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "start_over",
        "ask_capabilities", "no_words", "skip_question", "stop_form", "meeting_keep",
        "meeting_print", "change_answer", "choose_meeting_field",
    }
)
EXCLUDED_INTENTS = SAFETY_INTENTS | PERSONAL_INTENTS | DIALOGUE_INTENTS

# The FallbackClassifier's threshold in config.yml, used when it cannot be read.
DEFAULT_THRESHOLD = 0.6
# Two phrasings belong to one group from this similarity up (0..1).
SIMILARITY = 0.6
MAX_VARIANTS = 10
REMOVED = "[poistettu]"

_EVENT_TYPES = ("user", "active_loop", "slot", "restart", "session_started")

_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("timestamp", sa.Float),
    sa.column("data", sa.Text),
)


@dataclass(frozen=True)
class UnansweredGroup:
    text: str  # the most frequent phrasing (masked)
    count: int  # messages in the group
    variants: tuple[str, ...]  # distinct phrasings, most frequent first (masked)
    last_seen: datetime  # UTC


# --- personal data ---------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Finnish personal identity code: DDMMYY, century sign, three digits, check character.
_HETU = re.compile(r"(?<!\w)\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?!\w)")
# A phone number: seven or more digits, possibly with +, spaces, dashes, brackets.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s()\-/]{5,}\d(?!\w)")
# Anything that looks like an invite code (bot/invite_code.py): a word of seven
# letters and digits with at least one of each (also a mistyped code), or a code
# typed in two pieces ("K7P-Q2XW", "k7pq 2xw") from the code alphabet.
_WORD7 = re.compile(r"(?<![\w-])[A-Za-z0-9]{7}(?![\w-])")
_SPLIT_CODE = re.compile(r"(?<![\w-])[A-Za-z0-9]{3,4}[ -][A-Za-z0-9]{3,4}(?![\w-])")


def _phone(match: re.Match) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return REMOVED if digits >= 7 else match.group(0)


def _word_code(match: re.Match) -> str:
    word = match.group(0)
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        return REMOVED
    return word


def _split_code(match: re.Match) -> str:
    code = re.sub(r"[ -]", "", match.group(0)).upper()
    digits = sum(ch.isdigit() for ch in code)
    if len(code) == LENGTH and all(ch in ALPHABET for ch in code) and 2 <= digits <= LENGTH - 2:
        return REMOVED
    return match.group(0)


def mask(text: str) -> str:
    """The text with personal details replaced by ``[poistettu]``, on one line."""
    text = " ".join((text or "").split())
    text = _EMAIL.sub(REMOVED, text)
    text = _HETU.sub(REMOVED, text)
    text = _PHONE.sub(_phone, text)
    text = _SPLIT_CODE.sub(_split_code, text)
    return _WORD7.sub(_word_code, text)


# --- similarity ------------------------------------------------------------

# Question words, pronouns, "olla" and particles: they say little about what
# was asked ("mitä on X" and "mikä on X?" are the same question). Folded (ä→a).
_STOPWORDS = frozenset(
    """
    mika mita mitka miten mihin mista missa milloin miksi miks kuka kenelle keneen kuinka
    paljonko montako mites enta entas onko onks oliko voiko voinko voiks saako saanko saanks
    pitaako tarviiko tarvitseeko kannattaako
    ma maa mie mina sa saa sie sina se ne me te he mun sun mulle sulle mua sua minun sinun
    mulla sulla mut sut minulle sinulle minulla sinulla
    on oon olen olet ole oo ois olis olisi oli ollut
    ja tai et etta jos kun mutta vai vaan myos sit sitten kans ihan vahan niinku siis no nyt
    toi taa tama tuo tassa siita sen sita niin jo viela kylla ei en et eika
    hm hmm ai aa okei ok eli
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+|\d+")


@lru_cache(maxsize=1)
def _stemmer():
    try:
        import snowballstemmer

        return snowballstemmer.stemmer("finnish")
    except Exception:  # noqa: BLE001 - grouping still works on whole words
        return None


def _key(text: str) -> str:
    """One phrasing's identity: case, ä/ö, punctuation, emoji and spacing folded."""
    return " ".join(_WORD.findall(fold(text)))


def _content(text: str) -> frozenset[str]:
    """The stems of the words that carry the question's content."""
    stemmer = _stemmer()
    stems = set()
    for word in _WORD.findall(text.lower()):
        if fold(word) in _STOPWORDS or word == "poistettu":
            continue
        stem = stemmer.stemWord(word) if stemmer and not word.isdigit() else word
        stems.add(fold(stem))
    return frozenset(stems)


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.85)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity in which words with a small typo count as the same."""
    if not a or not b:
        return 0.0
    matched = sum(1 for word in a if any(_same_word(word, other) for other in b))
    return matched / (len(a) + len(b) - matched)


def similarity(first: str, second: str) -> float:
    """How alike two messages are (0..1): content words, or else the whole text."""
    a, b = _content(first), _content(second)
    if a and b:
        return _jaccard(a, b)
    return SequenceMatcher(None, _key(first), _key(second)).ratio()


# --- reading the tracker store ---------------------------------------------


@lru_cache(maxsize=4)
def fallback_threshold(config_path: Path = PROJECT_ROOT / "config.yml") -> float:
    """The FallbackClassifier's threshold in config.yml (0.6 if not found)."""
    try:
        import yaml

        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
        for component in config.get("pipeline") or []:
            if component.get("name") == "FallbackClassifier":
                return float(component.get("threshold", DEFAULT_THRESHOLD))
    except Exception:  # noqa: BLE001 - a missing or odd config keeps the default
        pass
    return DEFAULT_THRESHOLD


def _safety_flagged(parse_data: dict) -> bool:
    """The safety net saw something, or the classifier leaned to a crisis."""
    safety = parse_data.get("safety") or {}
    if safety.get("level") not in (None, "none") or safety.get("classifier_crisis"):
        return True
    if safety.get("harmless") or float(safety.get("classifier_confidence") or 0.0) > 0:
        return True
    for item in parse_data.get("intent_ranking") or []:
        name = item.get("name")
        if name != FALLBACK_INTENT:
            return name in SAFETY_INTENTS  # the best real intent
    return False


def is_unanswered(data: dict, threshold: float | None = None) -> bool:
    """Whether one stored user event counts as an unanswered question."""
    text = (data.get("text") or "").strip()
    if not text or text.startswith("/"):
        return False
    parse_data = data.get("parse_data") or {}
    intent = parse_data.get("intent") or {}
    name = intent.get("name") or ""
    if name in EXCLUDED_INTENTS or name.startswith("EXTERNAL_"):
        return False
    if _safety_flagged(parse_data):
        return False
    if name in UNANSWERED_INTENTS:
        return True
    limit = fallback_threshold() if threshold is None else threshold
    return float(intent.get("confidence") or 0.0) < limit


@dataclass
class _Message:
    text: str
    timestamp: float
    personal: bool = False  # stored word for word into a slot


def _engine(url: str) -> sa.engine.Engine | None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or not Path(database).exists():
            return None  # nothing stored yet; do not create an empty file
    engine = sa.create_engine(url)
    if not sa.inspect(engine).has_table("events"):
        engine.dispose()
        return None
    return engine


def _unanswered_messages(url: str, cutoff: float, threshold: float) -> list[_Message]:
    engine = _engine(url)
    if engine is None:
        return []
    recent_senders = (
        sa.select(_events.c.sender_id)
        .where(_events.c.type_name == "user", _events.c.timestamp >= cutoff)
        .distinct()
    )
    query = (
        sa.select(_events.c.sender_id, _events.c.type_name, _events.c.timestamp, _events.c.data)
        .where(_events.c.type_name.in_(_EVENT_TYPES), _events.c.sender_id.in_(recent_senders))
        .order_by(_events.c.sender_id, _events.c.id)
    )
    found: list[_Message] = []
    try:
        with engine.connect() as connection:
            sender = None
            active_loop = None
            last: _Message | None = None  # this conversation's latest candidate
            for row in connection.execute(query):
                if row.sender_id != sender:
                    sender, active_loop, last = row.sender_id, None, None
                try:
                    data = json.loads(row.data or "{}")
                except ValueError:
                    continue
                if row.type_name in ("restart", "session_started"):
                    active_loop = None
                elif row.type_name == "active_loop":
                    active_loop = data.get("name")
                elif row.type_name == "slot":
                    value = data.get("value")
                    if last is not None and isinstance(value, str) and value.strip() == last.text.strip():
                        last.personal = True  # an answer kept word for word
                elif row.type_name == "user":
                    last = None
                    if (row.timestamp or 0.0) < cutoff or active_loop:
                        continue  # too old, or an answer inside a form
                    if is_unanswered(data, threshold):
                        last = _Message(data["text"], float(row.timestamp))
                        found.append(last)
    finally:
        engine.dispose()
    return [m for m in found if not m.personal]


# --- grouping --------------------------------------------------------------


def group(messages: list[tuple[str, float]], threshold: float = SIMILARITY) -> list[UnansweredGroup]:
    """Greedy grouping of (masked text, timestamp) pairs by similarity.

    Phrasings are taken most frequent first; each joins the first group whose
    first (most frequent) phrasing is similar enough, or starts a new group.
    """
    by_key: dict[str, Counter] = defaultdict(Counter)
    last_seen: dict[str, float] = {}
    for text, timestamp in messages:
        key = _key(text) or text
        by_key[key][text] += 1
        last_seen[key] = max(last_seen.get(key, 0.0), timestamp)
    phrasings = sorted(
        by_key, key=lambda k: (-sum(by_key[k].values()), -last_seen[k], k)
    )
    clusters: list[list[str]] = []
    for key in phrasings:
        text = by_key[key].most_common(1)[0][0]
        for cluster in clusters:
            seed = by_key[cluster[0]].most_common(1)[0][0]
            if similarity(seed, text) >= threshold:
                cluster.append(key)
                break
        else:
            clusters.append([key])
    groups = []
    for cluster in clusters:
        shown = [by_key[key].most_common(1)[0][0] for key in cluster]
        counts = [sum(by_key[key].values()) for key in cluster]
        order = sorted(range(len(cluster)), key=lambda i: (-counts[i], -last_seen[cluster[i]]))
        groups.append(
            UnansweredGroup(
                text=shown[order[0]],
                count=sum(counts),
                variants=tuple(shown[i] for i in order[:MAX_VARIANTS]),
                last_seen=datetime.fromtimestamp(
                    max(last_seen[key] for key in cluster), tz=timezone.utc
                ),
            )
        )
    groups.sort(key=lambda g: (-g.count, -g.last_seen.timestamp(), g.text))
    return groups


def report(
    since: timedelta, tracker_url: str | None = None, limit: int = 50
) -> list[UnansweredGroup]:
    """Unanswered questions of the last ``since``, grouped, biggest group first.

    ``tracker_url`` defaults to ``TRACKER_DB_URL`` (bot/config.py). No sender
    ids, masked texts only.
    """
    url = tracker_url or load_settings().tracker_db_url
    cutoff = (datetime.now(timezone.utc) - since).timestamp()
    messages = _unanswered_messages(url, cutoff, fallback_threshold())
    groups = group([(mask(m.text), m.timestamp) for m in messages])
    return groups[: max(limit, 0)]


_PERIOD = re.compile(r"^\s*(\d+)\s*([dh])\s*$", re.IGNORECASE)


def parse_period(value: str) -> timedelta:
    """"7d" → 7 days, "12h" → 12 hours."""
    match = _PERIOD.match(value or "")
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"not a period like 7d or 12h: {value!r}")
    amount = int(match.group(1))
    return timedelta(days=amount) if match.group(2).lower() == "d" else timedelta(hours=amount)


def describe_period(period: timedelta) -> str:
    """A period in Finnish: "7 päivää", "1 päivä", "12 tuntia"."""
    hours = int(period.total_seconds() // 3600)
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} päivä" if days == 1 else f"{days} päivää"
    return f"{hours} tunti" if hours == 1 else f"{hours} tuntia"
