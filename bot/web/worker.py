"""The worker dashboard (/worker/): requests, replies, young people, away.

A worker sees only the requests of their own young people and those routed to
them as a substitute (bot/services/handoffs.py decides; anything else is 404).
"""
from __future__ import annotations

import logging
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from bot import rasa_client
from bot.config import load_settings
from bot.services import handoffs, linking, workers
from bot.services.common import day_start, finnish_date, last_day, local_zone
from bot.web.auth import current_worker, login_required

log = logging.getLogger(__name__)
blueprint = Blueprint("worker", __name__, url_prefix="/worker")


@blueprint.app_template_filter("fi_datetime")
def _fi_datetime(value) -> str:
    if value is None:
        return ""
    local = value.astimezone(local_zone())
    return f"{local.day}.{local.month}.{local.year} klo {local.hour}.{local.minute:02d}"


@blueprint.get("/")
@login_required("worker")
def requests():
    worker = current_worker()
    show_done = request.args.get("valmiit") == "1"
    items = handoffs.list_for_worker(worker.id, done=show_done)
    return render_template("worker/requests.html", items=items, show_done=show_done)


def _request_or_404(request_id: int, via: str = "dashboard"):
    try:
        return handoffs.get_for_worker(current_worker().id, request_id, via=via)
    except handoffs.NotFound:
        abort(404)


@blueprint.get("/requests/<int:request_id>")
@login_required("worker")
def request_page(request_id: int):
    item = _request_or_404(request_id)
    return render_template(
        "worker/request.html", item=item, statuses=handoffs.STATUSES,
        max_reply=handoffs.MAX_REPLY_CHARS,
    )


@blueprint.post("/requests/<int:request_id>/status")
@login_required("worker")
def set_status(request_id: int):
    status = request.form.get("status", "")
    if status not in handoffs.STATUSES:
        abort(400)
    try:
        handoffs.set_status(current_worker().id, request_id, status)
    except handoffs.NotFound:
        abort(404)
    flash(f"Tila on nyt: {handoffs.STATUSES[status]}.")
    return redirect(url_for("worker.request_page", request_id=request_id))


def push_to_chat(sender_id: str) -> bool:
    """Ask the Rasa server to show waiting replies if the widget is connected."""
    try:
        rasa_client.trigger_intent(sender_id, "EXTERNAL_worker_reply", "latest", timeout=10)
        return True
    except rasa_client.RasaUnavailable as error:
        log.warning("could not push a reply to the chat: %s", error)
        return False


@blueprint.post("/requests/<int:request_id>/reply")
@login_required("worker")
def reply(request_id: int):
    text = request.form.get("reply", "").strip()
    if not text:
        flash("Kirjoita ensin vastaus.", "error")
        return redirect(url_for("worker.request_page", request_id=request_id))
    if len(text) > handoffs.MAX_REPLY_CHARS:
        flash(f"Vastaus on liian pitkä (enintään {handoffs.MAX_REPLY_CHARS} merkkiä).", "error")
        return redirect(url_for("worker.request_page", request_id=request_id))
    try:
        target = handoffs.add_reply(current_worker().id, request_id, text)
    except handoffs.NotFound:
        abort(404)
    if target.sender_id is None:
        flash(
            "Vastaus on tallessa, mutta nuoren chat ei ole enää yhdistetty sinuun, "
            "joten hän ei näe sitä. Ota häneen yhteyttä muuta kautta.", "error",
        )
    else:
        push_to_chat(target.sender_id)
        flash(
            "Vastaus on lähetetty. Nuori näkee sen chatissa heti, jos chat on auki, "
            "ja muuten, kun hän tulee chattiin seuraavan kerran."
        )
    return redirect(url_for("worker.request_page", request_id=request_id))


@blueprint.get("/youths")
@login_required("worker")
def youths():
    worker = current_worker()
    return render_template(
        "worker/youths.html", youths=linking.list_youths(worker.id),
        youth_url=f"{load_settings().public_web_url}/",
    )


@blueprint.post("/youths")
@login_required("worker")
def add_youth():
    worker = current_worker()
    try:
        youth = linking.add_youth(worker.id, request.form.get("name", ""))
    except workers.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("worker.youths"))
    handoffs.audit(worker.id, "youth_added", f"youth:{youth.id}")
    flash(f"{youth.display_name} on lisätty. Anna hänelle koodi {youth.invite_code}.")
    return redirect(url_for("worker.youths"))


def _change_youth(change, youth_id: int, audit_action: str) -> linking.YouthInfo:
    """Apply a change to one of the worker's own young people (404 otherwise), audited."""
    worker = current_worker()
    try:
        youth = change(worker.id, youth_id)
    except LookupError:
        abort(404)
    handoffs.audit(worker.id, audit_action, f"youth:{youth.id}")
    return youth


@blueprint.post("/youths/<int:youth_id>/code")
@login_required("worker")
def new_code(youth_id: int):
    youth = _change_youth(linking.new_code, youth_id, "invite_code_created")
    flash(f"Uusi koodi ({youth.display_name}): {youth.invite_code}. Vanha koodi ei enää toimi.")
    return redirect(url_for("worker.youths"))


@blueprint.post("/youths/<int:youth_id>/revoke")
@login_required("worker")
def revoke(youth_id: int):
    youth = _change_youth(linking.revoke_link, youth_id, "link_revoked")
    flash(f"Chatin yhteys on purettu ({youth.display_name}). Viestit eivät enää tule sinulle siitä chatista.")
    return redirect(url_for("worker.youths"))


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@blueprint.route("/away", methods=["GET", "POST"])
@login_required("worker")
def away():
    worker = current_worker()
    if request.method == "POST":
        if request.form.get("clear"):
            workers.set_away(worker.id, None, None, None)
            handoffs.audit(worker.id, "away_cleared")
            flash("Poissaolo on poistettu. Viestit tulevat taas sinulle.")
            return redirect(url_for("worker.away"))
        first, last = _parse_day(request.form.get("from", "")), _parse_day(request.form.get("until", ""))
        substitute = request.form.get("substitute", "")
        try:
            if first is None or last is None:
                raise workers.AccountError("Valitse poissaolon ensimmäinen ja viimeinen päivä.")
            workers.set_away(
                worker.id, day_start(first), day_start(last + timedelta(days=1)),
                int(substitute) if substitute.isdigit() else None,
            )
        except workers.AccountError as error:
            flash(str(error), "error")
            return redirect(url_for("worker.away"))
        handoffs.audit(worker.id, "away_set")
        flash("Poissaolo on tallessa. Sen aikana uudet viestit menevät sijaiselle.")
        return redirect(url_for("worker.away"))
    worker = workers.get_worker(worker.id)
    others = [w for w in workers.list_workers() if w.id != worker.id and w.active and w.role == "worker"]
    period = None
    if worker.away_from and worker.away_until:
        period = (
            finnish_date(worker.away_from.astimezone(local_zone()).date()),
            finnish_date(last_day(worker.away_until)),
        )
    return render_template("worker/away.html", worker=worker, others=others, period=period)


@blueprint.route("/token", methods=["GET", "POST"])
@login_required("worker")  # the API shows requests, which admins never read
def token():
    worker = current_worker()
    new_token = None
    if request.method == "POST":
        new_token = workers.issue_api_token(worker.id)
        handoffs.audit(worker.id, "api_token_created")
    return render_template("worker/token.html", token=new_token, has_token=worker.has_api_token)
