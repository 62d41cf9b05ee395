"""County-specific facts from one deployment file (content/region.yml by default).

Answers use them as placeholders such as ``{region_age_limit}``; the Rasa server
fills them in (bot/content/nlg.py), so one file switches the deployment to
another wellbeing services county without retraining.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

FIELDS = {
    "name": str,
    "age_limit": int,
    "aftercare_contact": str,
    "office_hours": str,
    "social_emergency": str,
    "ombudsman": str,
    "website": str,
}
EXAMPLE_MARKER = "Esimerkin"


class RegionFileError(ValueError):
    """The region file is missing, broken or incomplete (message in Finnish)."""


@dataclass(frozen=True)
class Region:
    name: str
    age_limit: int
    aftercare_contact: str
    office_hours: str
    social_emergency: str
    ombudsman: str
    website: str

    def placeholders(self) -> dict[str, str]:
        """Values for the ``{region_*}`` placeholders in responses."""
        return {f"region_{key}": str(getattr(self, key)) for key in FIELDS}

    @property
    def is_example(self) -> bool:
        return EXAMPLE_MARKER in self.name


def region_path() -> Path:
    return Path(os.environ.get("REGION_FILE", "").strip() or PROJECT_ROOT / "content" / "region.yml")


def load_region(path: Path | None = None) -> Region:
    path = path or region_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise RegionFileError(f"{path}: tiedostoa ei löydy.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", rivi {mark.line + 1}" if mark else ""
        raise RegionFileError(f"{path}{line}: YAML-muoto on rikki.") from error
    if not isinstance(data, dict):
        raise RegionFileError(f"{path}: tiedostossa pitää olla avain: arvo -rivejä.")
    values = {}
    for key, kind in FIELDS.items():
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RegionFileError(f"{path}: kenttä '{key}' puuttuu tai on tyhjä.")
        if not isinstance(value, kind):
            expected = "numero" if kind is int else "teksti"
            raise RegionFileError(f"{path}: kentän '{key}' pitää olla {expected}.")
        values[key] = value
    if not 18 <= values["age_limit"] <= 30:
        raise RegionFileError(f"{path}: age_limit {values['age_limit']} ei ole uskottava ikäraja.")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RegionFileError(f"{path}: tuntemattomia kenttiä: {', '.join(unknown)}.")
    return Region(**values)
