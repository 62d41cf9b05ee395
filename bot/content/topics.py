"""FAQ topics: one file per topic in data/faq/ (examples, answer and content record)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

FAQ_DIR = PROJECT_ROOT / "data" / "faq"
RETRIEVAL_INTENT = "faq"


def edit_root() -> Path:
    """The folder editors change and publishing trains from (CONTENT_EDIT_DIR,
    default the project itself). The Rasa server reads the answers from here."""
    return Path(os.environ.get("CONTENT_EDIT_DIR", "").strip() or PROJECT_ROOT)


def faq_dir(root: Path | None = None) -> Path:
    return (root or edit_root()) / "data" / "faq"


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    answer: str
    examples: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: date | None
    county_dependent: bool
    path: Path = field(compare=False)

    @property
    def intent(self) -> str:
        return f"{RETRIEVAL_INTENT}/{self.id}"


def _examples(block: str) -> tuple[str, ...]:
    return tuple(
        line.strip()[2:].strip()
        for line in (block or "").splitlines()
        if line.strip().startswith("- ")
    )


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def read_topic(path: Path) -> Topic:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    item = (data.get("nlu") or [{}])[0]
    intent = str(item.get("intent", ""))
    topic_id = intent.split("/", 1)[1] if intent.startswith(f"{RETRIEVAL_INTENT}/") else path.stem
    metadata = item.get("metadata") or {}
    responses = data.get("responses") or {}
    variations = responses.get(f"utter_{RETRIEVAL_INTENT}/{topic_id}") or [{}]
    return Topic(
        id=topic_id,
        title=str(metadata.get("title", topic_id)),
        answer=str(variations[0].get("text", "")),
        examples=_examples(item.get("examples", "")),
        sources=tuple(metadata.get("sources") or ()),
        reviewed=_date(metadata.get("reviewed")),
        county_dependent=bool(metadata.get("county_dependent", False)),
        path=path,
    )


@lru_cache(maxsize=4)
def load_topics(directory: Path = FAQ_DIR) -> dict[str, Topic]:
    topics = {}
    for path in sorted(directory.glob("*.yml")):
        topic = read_topic(path)
        topics[topic.id] = topic
    return topics
