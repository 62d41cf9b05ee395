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

# Everything that changes what the trained model does.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "bot/nlu")


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts
            )
    return found


def fingerprint(root: Path = PROJECT_ROOT) -> dict[str, str]:
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
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
    expected = fingerprint()
    MODELS_DIR.mkdir(exist_ok=True)
    print("Training the model (data or config changed)...", flush=True)
    run_rasa(
        [
            "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
            "--out", str(MODELS_DIR), "--fixed-model-name", MODEL_NAME,
        ],
        check=True,
    )
    FINGERPRINT_PATH.write_text(json.dumps(expected), encoding="utf-8")
    return True
