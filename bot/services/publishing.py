"""Publishing edited content: check it, train a model, load it into the running
Rasa server through its HTTP API (``PUT /model``), without a restart.

One publish runs at a time. Its state lives in the ``publications`` table, so
every web-app thread (and a page reload) sees the same progress. The old model
keeps answering until the new one is loaded; a failure at any step leaves it
in place and says so in Finnish.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import select

from bot import training
from bot.config import PROJECT_ROOT, Settings, load_settings, rasa_environment, var_dir
from bot.content.topics import edit_root
from bot.db import session_scope
from bot.models import Publication, Worker
from bot.services.common import aware, now

log = logging.getLogger(__name__)

TRAIN_TIMEOUT = 90 * 60
LOAD_TIMEOUT = 10 * 60
STALE_AFTER = timedelta(hours=3)  # a run that never finished (the web app restarted)

STEP_TEXT = {
    "check": "Tarkistetaan sisältöä",
    "train": "Opetetaan uutta mallia. Tämä kestää muutamasta minuutista noin puoleen tuntiin.",
    "load": "Otetaan uusi malli käyttöön",
    "done": "Valmis",
}


class PublishBusy(RuntimeError):
    """A publish is already running."""


@dataclass(frozen=True)
class PublicationView:
    id: int
    status: str
    step: str
    message: str
    editor: str
    started_at: datetime
    finished_at: datetime | None

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def step_text(self) -> str:
        return STEP_TEXT.get(self.step, self.step)


def _is_stale(row: Publication) -> bool:
    return row.status == "running" and now() - aware(row.started_at) > STALE_AFTER


def latest(url: str | None = None) -> PublicationView | None:
    with session_scope(url) as session:
        row = session.execute(
            select(Publication, Worker.name)
            .join(Worker, Publication.worker_id == Worker.id, isouter=True)
            .order_by(Publication.id.desc()).limit(1)
        ).first()
        if row is None:
            return None
        publication, name = row
        if _is_stale(publication):
            publication.status, publication.finished_at = "failed", now()
            publication.message = "Julkaisu keskeytyi. Vanha malli on yhä käytössä. Julkaise uudelleen."
        return PublicationView(
            publication.id, publication.status, publication.step, publication.message or "",
            name or "", aware(publication.started_at),
            aware(publication.finished_at) if publication.finished_at else None,
        )


def start(editor_id: int, url: str | None = None) -> int:
    """Record a new run (refused while one is running) and return its id."""
    with session_scope(url) as session:
        running = session.execute(
            select(Publication).where(Publication.status == "running")
        ).scalars().all()
        if any(not _is_stale(r) for r in running):
            raise PublishBusy("Julkaisu on jo käynnissä.")
        for row in running:
            row.status, row.finished_at = "failed", now()
        publication = Publication(
            worker_id=editor_id, status="running", step="check", started_at=now()
        )
        session.add(publication)
        session.flush()
        return publication.id


def _update(publication_id: int, url: str | None, **fields) -> None:
    with session_scope(url) as session:
        row = session.get(Publication, publication_id)
        for key, value in fields.items():
            setattr(row, key, value)
        if fields.get("status") in ("done", "failed"):
            row.finished_at = now()


class _AcceptAll:
    """Spelling is for `make validate`; it never stops a publish."""

    def __call__(self, word: str) -> bool:
        return True

    def suggest(self, word: str) -> list[str]:
        return []


def check_content(root: Path) -> list[str]:
    """The errors of `make validate`'s content checks (Finnish, with file and line)."""
    from bot.content import checks

    contacts = root / "content" / "safety" / "contacts.yml"
    if not contacts.exists():  # an edit folder holds data/ and domain.yml only
        contacts = PROJECT_ROOT / "content" / "safety" / "contacts.yml"
    findings = checks.run_checks(root, speller=_AcceptAll(), contacts=contacts)
    return [f.format(root) for f in findings if f.is_error]


def run(publication_id: int, root: Path | None = None, settings: Settings | None = None,
        url: str | None = None) -> bool:
    """The whole publish; returns True when the new model answers."""
    root = root or edit_root()
    settings = settings or load_settings()
    try:
        problems = check_content(root)
        if problems:
            _update(publication_id, url, status="failed", message=(
                "Sisällössä on virheitä, joten mitään ei julkaistu. Korjaa nämä ja julkaise uudelleen:\n"
                + "\n".join(problems[:20])
            ))
            return False
        wanted = training.fingerprint(root)
        active = active_model(url)
        if active is not None and active[1] == wanted:
            # Only answers, sources or review dates changed: the Rasa server
            # reads those from the files when it loads the model again.
            model, trained = active[0], False
        else:
            _update(publication_id, url, step="train")
            model, trained = _train(publication_id, root), True
            if model is None:
                _update(publication_id, url, status="failed", message=(
                    "Mallin opettaminen epäonnistui. Vanha malli on yhä käytössä. "
                    f"Ylläpito näkee syyn lokista var/publish/publish-{publication_id}.log."
                ))
                return False
            _fingerprint_path(model).write_text(json.dumps(wanted), encoding="utf-8")
        _update(publication_id, url, step="load", model_file=str(model))
        problem = _load(model, settings)
        if problem:
            _update(publication_id, url, status="failed", message=problem)
            return False
        if trained and root.resolve() == PROJECT_ROOT.resolve():
            _keep_as_default(model)
        _update(publication_id, url, step="done", status="done", message=(
            "Uusi sisältö on käytössä chatissa. Malli opetettiin uudelleen, koska esimerkit muuttuivat."
            if trained else
            "Uudet vastaukset ovat käytössä chatissa. Mallia ei tarvinnut opettaa uudelleen."
        ))
        return True
    except Exception as error:  # noqa: BLE001 - recorded for the editor, logged for us
        log.exception("publish %s failed", publication_id)
        _update(publication_id, url, status="failed", message=(
            f"Julkaisu epäonnistui ({error.__class__.__name__}). Vanha malli on yhä käytössä."
        ))
        return False


def _fingerprint_path(model: Path) -> Path:
    return model.with_name(model.name.replace(".tar.gz", ".fingerprint.json"))


def active_model(url: str | None = None) -> tuple[Path, dict] | None:
    """The model the Rasa server runs (the last published one, else models/) and
    the training fingerprint it was made from."""
    with session_scope(url) as session:
        files = session.execute(
            select(Publication.model_file)
            .where(Publication.status == "done", Publication.model_file.is_not(None))
            .order_by(Publication.id.desc())
        ).scalars().all()
    candidates = [Path(f) for f in files] + [training.MODEL_PATH]
    for model in candidates:
        fingerprint = _fingerprint_path(model)
        if model.exists() and fingerprint.exists():
            try:
                return model, json.loads(fingerprint.read_text(encoding="utf-8"))
            except ValueError:
                continue
    return None


def run_in_background(publication_id: int, root: Path | None = None) -> threading.Thread:
    thread = threading.Thread(
        target=run, args=(publication_id, root), name=f"publish-{publication_id}", daemon=True
    )
    thread.start()
    return thread


def _train(publication_id: int, root: Path) -> Path | None:
    out = var_dir() / "publish"
    out.mkdir(parents=True, exist_ok=True)
    name = f"published-{publication_id}"
    log_path = out / f"publish-{publication_id}.log"
    with open(log_path, "w", encoding="utf-8") as log_file:
        # From the project folder, so Rasa's training cache (.rasa/) is reused:
        # only the parts of the model that the change touches are trained again.
        result = subprocess.run(
            [sys.executable, "-m", "rasa", "train",
             "--config", str(root / "config.yml"), "--domain", str(root / "domain.yml"),
             "--data", str(root / "data"), "--out", str(out), "--fixed-model-name", name],
            cwd=PROJECT_ROOT, env={**os.environ, **rasa_environment()},
            stdout=log_file, stderr=subprocess.STDOUT, timeout=TRAIN_TIMEOUT,
        )
    model = out / f"{name}.tar.gz"
    if result.returncode != 0 or not model.exists():
        return None
    return model


def _load(model: Path, settings: Settings) -> str | None:
    """Load the model into every Rasa server, one at a time; None when all took it.

    One at a time, so the other servers keep answering while one loads.
    """
    for number, url in enumerate(settings.rasa_instance_urls, start=1):
        several = len(settings.rasa_instance_urls) > 1
        which = f"Rasa-palvelin {number}" if several else "Rasa-palvelin"
        into = f"Rasa-palvelimeen {number}" if several else "Rasa-palvelimeen"
        try:
            response = requests.put(
                f"{url}/model", params={"token": settings.rasa_api_token},
                json={"model_file": str(model.resolve())}, timeout=LOAD_TIMEOUT,
            )
        except requests.RequestException:
            return (f"{into} ei saatu yhteyttä, joten uusi malli ei ole vielä käytössä siinä. "
                    "Malli on tallessa; julkaise uudelleen, kun palvelin toimii.")
        if response.status_code != 204:
            return (f"{which} ei ottanut uutta mallia käyttöön (vastaus {response.status_code}). "
                    "Vanha malli on yhä käytössä siinä.")
    return None


def _keep_as_default(model: Path) -> None:
    """The next start (`make run`) uses the published model without training again."""
    shutil.copyfile(model, training.MODEL_PATH)
    training.write_fingerprint()
