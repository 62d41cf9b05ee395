"""Editor pages (/editor/): FAQ topics with review dates and sources, editing an
answer with a preview, questions the assistant could not answer, and publishing.

Only accounts with the role "editor". Every change is saved to the content
files and recorded (bot/content/editing.py); nothing reaches the chat before
"Julkaise" (bot/services/publishing.py).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from bot.content import editing
from bot.content.region import load_region
from bot.services import publishing, retention
from bot.services.handoffs import audit
from bot.web.auth import current_worker, login_required

blueprint = Blueprint("editor", __name__, url_prefix="/editor")

REVIEW_AGE = timedelta(days=365)
FIELD_LABELS = {
    "answer": "Vastaus", "sources": "Lähteet", "reviewed": "Tarkistuspäivä",
    "example": "Uusi esimerkkikysymys",
}


@blueprint.app_template_filter("field_label")
def _field_label(value: str) -> str:
    return FIELD_LABELS.get(value, value)


def _preview(answer: str) -> list[str]:
    """The answer as the chat shows it: county facts filled in, one line per row."""
    try:
        values = load_region().placeholders()
    except Exception:  # noqa: BLE001 - a preview without the county facts still helps
        values = {}
    values.update(retention.placeholders())
    text = re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), answer)
    return text.split("\n")


@blueprint.get("/")
@login_required("editor")
def topics():
    today = date.today()
    items = editing.list_topics()
    old = {t.id for t in items if t.reviewed is None or today - t.reviewed > REVIEW_AGE}
    return render_template(
        "editor/topics.html", topics=items, old=old, publication=publishing.latest()
    )


@blueprint.route("/topics/<topic_id>", methods=["GET", "POST"])
@login_required("editor")
def topic(topic_id: str):
    item = editing.get_topic(topic_id)
    if item is None:
        abort(404)
    answer = request.form.get("answer", item.answer)[:5000]
    sources = request.form.get("sources", "\n".join(item.sources))[:5000]
    error = None
    if request.method == "POST" and request.form.get("action") == "save":
        try:
            changed = editing.update_topic(
                item.id, current_worker().id, answer, sources,
                mark_reviewed=bool(request.form.get("reviewed")),
            )
        except editing.EditError as problem:
            error = str(problem)
        else:
            if changed:
                audit(current_worker().id, "content.edit", item.id)
                flash("Tallennettu. Muutos näkyy chatissa, kun julkaiset sen.", "ok")
            else:
                flash("Et muuttanut mitään.", "ok")
            return redirect(url_for("editor.topic", topic_id=item.id))
    return render_template(
        "editor/topic.html", topic=item, answer=answer, sources=sources, error=error,
        preview=_preview(answer), words=editing.answer_words(answer),
        max_words=editing.MAX_ANSWER_WORDS, changes=editing.list_changes(item.id, limit=20),
    )


@blueprint.get("/unanswered")
@login_required("editor")
def unanswered():
    from bot.services import unanswered as report

    days = request.args.get("days", "7")
    days = int(days) if days.isdigit() and 0 < int(days) <= 365 else 7
    settings = current_app.config["RINNALLA_SETTINGS"]
    try:
        groups = report.report(timedelta(days=days), tracker_url=settings.tracker_db_url)
        error = None
    except Exception:  # noqa: BLE001 - say so, never a stack trace
        current_app.logger.exception("unanswered report failed")
        groups, error = [], "Keskusteluja ei juuri nyt saatu luettua. Yritä hetken päästä uudelleen."
    return render_template(
        "editor/unanswered.html", groups=groups, days=days, error=error,
        topics=editing.list_topics(),
    )


@blueprint.post("/unanswered/example")
@login_required("editor")
def add_example():
    text = request.form.get("text", "")[:1000]
    topic_id = request.form.get("topic", "")
    try:
        editing.add_example(topic_id, text, current_worker().id)
    except editing.EditError as problem:
        flash(str(problem), "error")
    else:
        audit(current_worker().id, "content.example", topic_id)
        flash("Esimerkki lisätty. Se vaikuttaa chattiin, kun julkaiset.", "ok")
    return redirect(url_for("editor.unanswered", days=request.form.get("days", "7")))


@blueprint.route("/publish", methods=["GET", "POST"])
@login_required("editor")
def publish():
    if request.method == "POST":
        try:
            publication_id = publishing.start(current_worker().id)
        except publishing.PublishBusy as busy:
            flash(str(busy), "error")
        else:
            audit(current_worker().id, "content.publish", str(publication_id))
            publishing.run_in_background(publication_id)
        return redirect(url_for("editor.publish"))
    return render_template("editor/publish.html", publication=publishing.latest())


@blueprint.get("/changes")
@login_required("editor")
def changes():
    return render_template("editor/changes.html", changes=editing.list_changes(limit=200))
