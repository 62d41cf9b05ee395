"""Train a model only when its inputs changed since the last trained model."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bot.config import PROJECT_ROOT, run_rasa
from bot.nlu.backend import describe_backend

MODELS_DIR = PROJECT_ROOT / "models"
MODEL_NAME = "rinnalla"
MODEL_PATH = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / f"{MODEL_NAME}.fingerprint.json"

# Everything that changes what the trained model does: the content (from the
# folder editors change, see bot/content/topics.py) and the NLU code.
CONTENT_INPUTS = ("config.yml", "domain.yml", "data")
CODE_INPUTS = ("bot/nlu",)
FAQ_DIR_NAME = Path("data") / "faq"


def _files(root: Path, names: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts
            )
    return found


def _training_bytes(path: Path, relative: Path) -> bytes:
    """What of a file the model learns from.

    An FAQ topic's answer, sources and review date are read by the Rasa server
    from the file when a model is loaded (bot/content/nlg.py), so they are left
    out: correcting an answer needs no training, a new example does.
    """
    if relative.parent != FAQ_DIR_NAME or path.suffix != ".yml":
        return path.read_bytes()
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return path.read_bytes()
    learned = {
        "nlu": [
            {"intent": item.get("intent"), "examples": item.get("examples")}
            for item in data.get("nlu") or []
        ],
        "responses": sorted(data.get("responses") or {}),
    }
    return json.dumps(learned, ensure_ascii=False, sort_keys=True).encode()


def fingerprint(root: Path | None = None) -> dict[str, str]:
    from bot.content.topics import edit_root

    root = root or edit_root()
    digest = hashlib.sha256()
    for base, names in ((root, CONTENT_INPUTS), (PROJECT_ROOT, CODE_INPUTS)):
        for path in _files(base, names):
            relative = path.relative_to(base)
            digest.update(str(relative).encode())
            digest.update(b"\0")
            digest.update(_training_bytes(path, relative))
            digest.update(b"\0")
    # The NLU backend (spaCy model or blank tokenizer) changes the features too.
    return {"inputs": digest.hexdigest(), "nlu_backend": describe_backend()["id"]}


def model_is_current() -> bool:
    if not MODEL_PATH.exists() or not FINGERPRINT_PATH.exists():
        return False
    try:
        saved = json.loads(FINGERPRINT_PATH.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return saved == fingerprint()


def train(force: bool = False) -> bool:
    """Train when needed. Returns True when a new model was trained."""
    if not force and model_is_current():
        print(f"Model {MODEL_PATH.relative_to(PROJECT_ROOT)} is up to date; not training.")
        return False
    from bot.content.topics import edit_root

    root = edit_root()
    expected = fingerprint(root)
    MODELS_DIR.mkdir(exist_ok=True)
    print("Training the model (data or config changed)...", flush=True)
    run_rasa(
        [
            "train", "--config", str(root / "config.yml"), "--domain", str(root / "domain.yml"),
            "--data", str(root / "data"), "--out", str(MODELS_DIR), "--fixed-model-name", MODEL_NAME,
        ],
        check=True,
    )
    FINGERPRINT_PATH.write_text(json.dumps(expected), encoding="utf-8")
    return True


def write_fingerprint() -> None:
    """Record that models/ holds a model of the current inputs (after a publish)."""
    FINGERPRINT_PATH.write_text(json.dumps(fingerprint()), encoding="utf-8")
