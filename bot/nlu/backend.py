"""Which Finnish language backend the NLU pipeline uses, and loading it.

Two paths, chosen at start-up:

* ``fi_core_news_sm`` installed (the Docker image installs it): spaCy's trained
  Finnish pipeline tokenizes and gives each token its lemma.
* not installed (developer machines and CI here, where it cannot be downloaded):
  spaCy's rule-based Finnish tokenizer (``spacy.blank("fi")``) tokenizes, and
  the Snowball Finnish stemmer gives each token a stem as its lemma.

``RINNALLA_SPACY_MODEL`` names another installed spaCy package; setting it to
``none`` forces the blank path.
"""
from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

log = logging.getLogger(__name__)

DEFAULT_MODEL = "fi_core_news_sm"


def _wanted_model() -> str | None:
    name = os.environ.get("RINNALLA_SPACY_MODEL", DEFAULT_MODEL).strip()
    return None if name.lower() in ("", "none", "blank") else name


def _installed_version(package: str) -> str | None:
    if importlib.util.find_spec(package) is None:
        return None
    try:
        from importlib.metadata import version

        return version(package)
    except Exception:  # noqa: BLE001 - a package without metadata still counts
        return "unknown"


def describe_backend() -> dict[str, str]:
    """A short, stable description of the active path (used in logs and fingerprints)."""
    model = _wanted_model()
    version = _installed_version(model) if model else None
    if model and version:
        return {
            "id": f"spacy-model:{model}-{version}",
            "label": f"spaCy model {model} {version} (tokens and lemmas from spaCy)",
        }
    reason = "disabled by RINNALLA_SPACY_MODEL" if not model else f"{model} is not installed"
    return {
        "id": "spacy-blank-fi+snowball",
        "label": f"spaCy blank Finnish tokenizer + Snowball stemmer ({reason})",
    }


@dataclass
class FinnishAnalyzer:
    """Tokenizes Finnish text; `lemma` maps a spaCy token to its lemma or stem."""

    nlp: object
    lemma: Callable[[object], str]
    description: dict[str, str]


@lru_cache(maxsize=2)
def load_analyzer() -> FinnishAnalyzer:
    import spacy

    description = describe_backend()
    model = _wanted_model()
    if description["id"].startswith("spacy-model:") and model:
        nlp = spacy.load(model, disable=["parser", "ner"])

        def model_lemma(token) -> str:
            return (token.lemma_ or token.text).lower()

        log.info("Finnish NLU backend: %s", description["label"])
        return FinnishAnalyzer(nlp=nlp, lemma=model_lemma, description=description)

    import snowballstemmer

    stemmer = snowballstemmer.stemmer("finnish")
    nlp = spacy.blank("fi")

    def stem_lemma(token) -> str:
        return stemmer.stemWord(token.text.lower())

    log.info("Finnish NLU backend: %s", description["label"])
    return FinnishAnalyzer(nlp=nlp, lemma=stem_lemma, description=description)
