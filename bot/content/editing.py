"""Changing FAQ topics from the editor pages: answers, sources, review dates
and training examples, written back to ``data/faq/<topic>.yml``.

Every topic file has the same fixed layout (see any file in data/faq/), so a
topic is written back by rendering that layout again; ``render_topic`` of a
file that was just read gives the file byte for byte (tested for every topic).
Each change is recorded (who, when, before, after) in ``content_changes``.

The folder edited is ``CONTENT_EDIT_DIR`` (default: the project itself); the
publish step trains from the same folder, and the Rasa server's response
generator reads the answers from it (bot/content/nlg.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from bot.content.checks import MAX_ANSWER_WORDS, answer_words, url_problem
from bot.content.topics import RETRIEVAL_INTENT, Topic, edit_root, faq_dir, read_topic
from bot.db import session_scope
from bot.models import ContentChange, Worker
from bot.services.common import now

MAX_EXAMPLE_CHARS = 300


class EditError(ValueError):
    """A change that cannot be saved; the message is Finnish and says why."""


def list_topics(root: Path | None = None) -> list[Topic]:
    topics = [read_topic(path) for path in sorted(faq_dir(root).glob("*.yml"))]
    return sorted(topics, key=lambda t: t.title.casefold())


def get_topic(topic_id: str, root: Path | None = None) -> Topic | None:
    if not re.fullmatch(r"[a-z0-9_]{1,64}", topic_id or ""):
        return None
    path = faq_dir(root) / f"{topic_id}.yml"
    return read_topic(path) if path.exists() else None


def _quote(text: str) -> str:
    # YAML double-quoted scalars accept JSON string escapes.
    return json.dumps(text, ensure_ascii=False)


def render_topic(topic: Topic) -> str:
    lines = [
        'version: "3.1"',
        "nlu:",
        f"- intent: {RETRIEVAL_INTENT}/{topic.id}",
        "  metadata:",
        f"    title: {_quote(topic.title)}",
        f'    reviewed: "{topic.reviewed.isoformat() if topic.reviewed else ""}"',
        f"    county_dependent: {'true' if topic.county_dependent else 'false'}",
        "    sources:",
        *[f"    - {url}" for url in topic.sources],
        "  examples: |",
        *[f"    - {example}" for example in topic.examples],
        "responses:",
        f"  utter_{RETRIEVAL_INTENT}/{topic.id}:",
        f"  - text: {_quote(topic.answer)}",
    ]
    return "\n".join(lines) + "\n"


def check_answer(answer: str) -> str:
    answer = answer.replace("\r\n", "\n").strip()
    answer = re.sub(r"\n{2,}", "\n", answer)  # the chat shows one line break
    if not answer:
        raise EditError("Vastaus on tyhjä. Kirjoita vastaus.")
    words = answer_words(answer)
    if words > MAX_ANSWER_WORDS:
        raise EditError(
            f"Vastaus on liian pitkä: {words} sanaa. Enintään {MAX_ANSWER_WORDS} sanaa."
        )
    for placeholder in re.findall(r"\{([^}]*)\}", answer):
        if not placeholder.startswith("region_"):
            raise EditError(
                f"Aaltosulkeissa voi olla vain alueen tieto, esimerkiksi {{region_name}}, ei {{{placeholder}}}."
            )
    return answer


def check_sources(text: str) -> tuple[str, ...]:
    sources = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not sources:
        raise EditError("Lisää vähintään yksi lähde (verkko-osoite).")
    for url in sources:
        if url_problem(url):
            raise EditError(f"Lähde ei ole verkko-osoite: {url}. Osoitteen alku on https://")
    return sources


def _write(topic: Topic) -> None:
    path = topic.path
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(render_topic(topic), encoding="utf-8")
    tmp.replace(path)  # atomic: Rasa or a reader never sees half a file


def _record(session, editor_id: int, topic_id: str, field: str, before: str, after: str) -> None:
    session.add(ContentChange(
        worker_id=editor_id, topic=topic_id, field=field, before=before, after=after,
        created_at=now(),
    ))


def update_topic(
    topic_id: str, editor_id: int, answer: str, sources: str, mark_reviewed: bool,
    today: date | None = None, root: Path | None = None, url: str | None = None,
) -> list[str]:
    """Save an edited topic; returns the names of the fields that changed."""
    topic = get_topic(topic_id, root)
    if topic is None:
        raise EditError("Aihetta ei löydy.")
    new_answer = check_answer(answer)
    new_sources = check_sources(sources)
    reviewed = (today or date.today()) if mark_reviewed else topic.reviewed
    changes = []
    with session_scope(url) as session:
        if new_answer != topic.answer:
            _record(session, editor_id, topic.id, "answer", topic.answer, new_answer)
            changes.append("answer")
        if new_sources != topic.sources:
            _record(session, editor_id, topic.id, "sources",
                    "\n".join(topic.sources), "\n".join(new_sources))
            changes.append("sources")
        if reviewed != topic.reviewed:
            _record(session, editor_id, topic.id, "reviewed",
                    topic.reviewed.isoformat() if topic.reviewed else "", reviewed.isoformat())
            changes.append("reviewed")
        if changes:
            _write(Topic(
                id=topic.id, title=topic.title, answer=new_answer, examples=topic.examples,
                sources=new_sources, reviewed=reviewed, county_dependent=topic.county_dependent,
                path=topic.path,
            ))
    return changes


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def add_example(
    topic_id: str, text: str, editor_id: int, root: Path | None = None, url: str | None = None,
) -> None:
    """Add a young person's question as a training example of a topic."""
    topic = get_topic(topic_id, root)
    if topic is None:
        raise EditError("Valitse aihe, johon kysymys kuuluu.")
    example = re.sub(r"\s+", " ", text).strip()
    if not example:
        raise EditError("Esimerkki on tyhjä.")
    if len(example) > MAX_EXAMPLE_CHARS:
        raise EditError(f"Esimerkki on liian pitkä (yli {MAX_EXAMPLE_CHARS} merkkiä).")
    if example.startswith(("/", "|", ">")) or "\n" in text.strip():
        raise EditError("Esimerkki ei voi alkaa merkillä /, | tai >.")
    for other in list_topics(root):
        if any(_fold(e) == _fold(example) for e in other.examples):
            raise EditError(f"Sama esimerkki on jo aiheessa \"{other.title}\".")
    with session_scope(url) as session:
        _record(session, editor_id, topic.id, "example", "", example)
        _write(Topic(
            id=topic.id, title=topic.title, answer=topic.answer,
            examples=topic.examples + (example,), sources=topic.sources,
            reviewed=topic.reviewed, county_dependent=topic.county_dependent, path=topic.path,
        ))


@dataclass(frozen=True)
class ChangeView:
    created_at: datetime
    editor: str
    topic: str
    field: str
    before: str
    after: str


def list_changes(topic_id: str | None = None, limit: int = 100, url: str | None = None) -> list[ChangeView]:
    with session_scope(url) as session:
        query = select(ContentChange, Worker.name).join(Worker, ContentChange.worker_id == Worker.id)
        if topic_id:
            query = query.where(ContentChange.topic == topic_id)
        rows = session.execute(query.order_by(ContentChange.id.desc()).limit(limit)).all()
        return [
            ChangeView(c.created_at, name, c.topic, c.field, c.before or "", c.after or "")
            for c, name in rows
        ]
