"""Compare NLU pipelines on held-out splits of our own Finnish data.

`python -m bot nlu-eval` (or `make nlu-eval`) splits data/nlu into train and test
parts per intent (`rasa data split nlu`, one split per seed), trains every config
on the train part only, tests it on the held-out part, and writes the averaged
table to docs/nlu-evaluation.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

from bot.config import PROJECT_ROOT, run_rasa, var_dir
from bot.evaluation import replace_section
from bot.nlu.backend import describe_backend

DEFAULT_CONFIGS = (
    "configs/nlu-baseline-documented.yml",
    "configs/nlu-baseline.yml",
    "configs/nlu-spacy-tokens.yml",
    "config.yml",
)


def _rasa(args: list[str]) -> None:
    run_rasa(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def _split(seed: int, test_fraction: float, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    _rasa([
        "data", "split", "nlu", "--nlu", "data",
        "--training-fraction", str(1 - test_fraction),
        "--random-seed", str(seed), "--out", str(out),
    ])
    return out / "training_data.yml", out / "test_data.yml"


TOPIC_SELECTORS = {"ResponseSelector", "bot.nlu.topic_selector.TopicSelector"}


def _intent_only_config(config: str, out: Path) -> Path:
    """The config without its topic selector: this comparison is about intents
    (tokenizer and featurizers); FAQ topic selection is measured by `make eval`."""
    import yaml

    data = yaml.safe_load((PROJECT_ROOT / config).read_text(encoding="utf-8"))
    data["pipeline"] = [c for c in data["pipeline"] if c.get("name") not in TOPIC_SELECTORS]
    data["policies"] = []
    path = out / "config.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _evaluate(
    config: str, train: Path, test: Path, out: Path, reuse: bool = False
) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    if not (reuse and (out / "model.tar.gz").exists()):
        _rasa([
            "train", "nlu", "--config", str(_intent_only_config(config, out)), "--nlu", str(train),
            "--out", str(out), "--fixed-model-name", "model",
        ])
    _rasa([
        "test", "nlu", "--model", str(out / "model.tar.gz"), "--nlu", str(test),
        "--out", str(out / "results"), "--no-plot",
    ])
    report = json.loads((out / "results" / "intent_report.json").read_text(encoding="utf-8"))
    crisis = report.get("crisis", {})
    return {
        "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "crisis_recall": crisis.get("recall", float("nan")),
    }


def _count_examples(path: Path) -> int:
    import yaml

    total = 0
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        total += sum(1 for line in item.get("examples", "").splitlines() if line.strip())
    return total


def main(args: argparse.Namespace) -> int:
    configs = args.configs or list(DEFAULT_CONFIGS)
    work = var_dir() / "nlu-eval"
    if not args.reuse:
        shutil.rmtree(work, ignore_errors=True)
    results: dict[str, list[dict[str, float]]] = {c: [] for c in configs}
    sizes = []
    for seed in args.seeds:
        train, test = _split(seed, args.test_fraction, work / f"split-{seed}")
        sizes.append((_count_examples(train), _count_examples(test)))
        for index, config in enumerate(configs):
            print(f"seed {seed}: {config}...", flush=True)
            results[config].append(
                _evaluate(config, train, test, work / f"run-{seed}-{index}", args.reuse)
            )

    def mean(config: str, key: str) -> float:
        return statistics.fmean(r[key] for r in results[config])

    def spread(config: str, key: str) -> str:
        values = [r[key] for r in results[config]]
        return f"{min(values):.3f}–{max(values):.3f}"

    lines = [
        "| config | intent accuracy | macro F1 (min–max) | weighted F1 | crisis recall |",
        "|---|---|---|---|---|",
    ]
    for config in configs:
        lines.append(
            f"| `{config}` | {mean(config, 'accuracy'):.3f} | {mean(config, 'macro_f1'):.3f} "
            f"({spread(config, 'macro_f1')}) | {mean(config, 'weighted_f1'):.3f} | "
            f"{mean(config, 'crisis_recall'):.3f} |"
        )
    table = "\n".join(lines)
    print(table)
    generated = (
        f"Measured {date.today().isoformat()} with "
        f"`python -m bot nlu-eval --seeds {' '.join(map(str, args.seeds))} "
        f"--test-fraction {args.test_fraction}"
        + (f" --configs {' '.join(configs)}" if args.configs else "")
        + "` (`make nlu-eval` runs all four configs with three seeds). "
        f"NLU path: {describe_backend()['label']}. Splits of all NLU data in `data/`: "
        + ", ".join(f"{a} train / {b} test" for a, b in sizes)
        + " examples.\nMean over the seeds; the FallbackClassifier's `nlu_fallback` counts "
        "as a miss.\n\n" + table + "\n"
    )
    replace_section(PROJECT_ROOT / args.out, "results", generated)
    return 0
