"""`make eval`: the trained model against held-out examples it never saw.

Held-out examples live in tests/nlu/*.yml (never under data/, so they are never
trained on). Every example is parsed by the real trained model; an FAQ example
counts as correct only when the intent is `faq` and the topic selector picks
its topic. Per-label precision, recall and F1 and the most confused pairs go to
docs/nlu-evaluation.md; the command fails when a target is missed.
"""
from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.safety import evaluation as safety_eval

HELDOUT_DIR = PROJECT_ROOT / "tests" / "nlu"
DOC = PROJECT_ROOT / "docs" / "nlu-evaluation.md"
TARGET_ACCURACY = 0.95
TARGET_TOPIC_RECALL = 0.85


@dataclass(frozen=True)
class Example:
    text: str
    label: str


def _clean(example: str) -> str:
    # "[22](age)" -> "22": entity annotations are not part of the text.
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", example)


def load_heldout(directory: Path = HELDOUT_DIR) -> list[Example]:
    examples = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    examples.append(Example(_clean(line.strip()[2:].strip()), item["intent"]))
    return examples


def predicted_label(parse: dict) -> str:
    intent = (parse.get("intent") or {}).get("name") or "none"
    if intent == "faq":
        selected = parse.get("response_selector", {}).get("faq", {}).get("response", {})
        key = selected.get("intent_response_key")
        return key or "faq/?"
    return intent


async def _parse_all(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


@dataclass
class Report:
    accuracy: float
    topic_accuracy: float
    topic_wrong: float
    topic_fallback: float
    per_label: dict[str, dict[str, float]]
    confused: list[tuple[tuple[str, str], int]]
    total: int

    def failures(
        self, accuracy: float = TARGET_ACCURACY, recall: float = TARGET_TOPIC_RECALL
    ) -> list[str]:
        problems = []
        if self.topic_accuracy < accuracy:
            problems.append(f"topic accuracy {self.topic_accuracy:.3f} < {accuracy}")
        for label, row in self.per_label.items():
            if label.startswith("faq/") and row["support"] and row["recall"] < recall:
                problems.append(f"{label} recall {row['recall']:.2f} < {recall}")
        return problems


def score(examples: list[Example], predictions: list[str]) -> Report:
    labels = sorted({e.label for e in examples} | set(predictions))
    per_label = {}
    for label in labels:
        tp = sum(1 for e, p in zip(examples, predictions) if e.label == label and p == label)
        fp = sum(1 for e, p in zip(examples, predictions) if e.label != label and p == label)
        fn = sum(1 for e, p in zip(examples, predictions) if e.label == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": precision, "recall": recall, "f1": f1, "support": tp + fn,
        }
    correct = [e.label == p for e, p in zip(examples, predictions)]
    topic = [c for e, c in zip(examples, correct) if e.label.startswith("faq/")]
    topic_predictions = [p for e, p in zip(examples, predictions) if e.label.startswith("faq/")]
    fallbacks = sum(1 for p in topic_predictions if p == "nlu_fallback")
    wrong = len(topic) - sum(topic) - fallbacks
    confused = Counter(
        (e.label, p) for e, p in zip(examples, predictions) if e.label != p
    ).most_common(10)
    return Report(
        accuracy=sum(correct) / len(correct) if correct else 0.0,
        topic_accuracy=sum(topic) / len(topic) if topic else 0.0,
        topic_wrong=wrong / len(topic) if topic else 0.0,
        topic_fallback=fallbacks / len(topic) if topic else 0.0,
        per_label=per_label,
        confused=confused,
        total=len(examples),
    )


def render(report: Report) -> str:
    lines = [
        f"Measured {date.today().isoformat()} with `make eval` on {report.total} held-out "
        f"examples (`tests/nlu/`), using the trained model `models/rinnalla.tar.gz`.",
        "",
        f"- FAQ topic accuracy: **{report.topic_accuracy:.3f}** (target ≥ {TARGET_ACCURACY})",
        f"- FAQ examples answered with a wrong topic: {report.topic_wrong:.3f}; "
        f"asked to rephrase (fallback, with topic suggestions): {report.topic_fallback:.3f}",
        f"- All held-out examples: {report.accuracy:.3f}",
        f"- Lowest topic recall: **{min((r['recall'] for l, r in report.per_label.items() if l.startswith('faq/') and r['support']), default=0):.2f}** "
        f"(target ≥ {TARGET_TOPIC_RECALL})",
        "",
        "| label | precision | recall | F1 | examples |",
        "|---|---|---|---|---|",
    ]
    for label, row in report.per_label.items():
        if not row["support"] and not row["precision"]:
            continue
        lines.append(
            f"| `{label}` | {row['precision']:.2f} | {row['recall']:.2f} | "
            f"{row['f1']:.2f} | {row['support']} |"
        )
    lines += ["", "Most confused (expected → predicted, count):", ""]
    if report.confused:
        lines += [f"- `{a}` → `{b}`: {n}" for (a, b), n in report.confused]
    else:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def replace_section(path: Path, name: str, content: str) -> None:
    """Replace the text between <!-- name:start --> and <!-- name:end --> markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{content}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + f"\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main(
    model: Path,
    write_doc: bool = True,
    min_accuracy: float = TARGET_ACCURACY,
    min_recall: float = TARGET_TOPIC_RECALL,
    min_crisis_recall: float = safety_eval.TARGET_RECALL,
    min_crisis_precision: float = safety_eval.TARGET_PRECISION,
) -> int:
    examples = load_heldout()
    safety_sets = safety_eval.load_sets()
    if not examples or not safety_sets:
        print(f"No held-out examples in {HELDOUT_DIR} or no sets in {safety_eval.SETS_DIR}.")
        return 1
    safety_texts = [case.text for cases in safety_sets.values() for case in cases]
    parses = asyncio.run(_parse_all(model, [e.text for e in examples] + safety_texts))
    faq_parses, safety_parses = parses[: len(examples)], parses[len(examples):]

    report = score(examples, [predicted_label(p) for p in faq_parses])
    text = render(report)
    print(text)

    safety_reports, offset = [], 0
    for name, cases in safety_sets.items():
        chunk = safety_parses[offset: offset + len(cases)]
        safety_reports.append(safety_eval.score_set(name, cases, chunk))
        offset += len(cases)
    safety_text = safety_eval.render(safety_reports, date.today().isoformat())
    print(safety_text)

    if write_doc:
        replace_section(DOC, "heldout", text)
        replace_section(safety_eval.DOC, "safety-eval", safety_text)
    problems = report.failures(min_accuracy, min_recall) + safety_eval.failures(
        safety_reports, min_crisis_recall, min_crisis_precision
    )
    for problem in problems:
        print(f"TARGET MISSED: {problem}")
    return 1 if problems else 0
