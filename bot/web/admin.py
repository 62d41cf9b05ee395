"""Administration (/worker/admin/): worker accounts and the audit log.

Admins do not read requests or conversations: those views are for workers only.
"""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from bot.services import handoffs, workers
from bot.web.auth import current_worker, login_required

blueprint = Blueprint("admin", __name__, url_prefix="/worker/admin")


@blueprint.get("/", endpoint="workers")
@login_required("admin")
def list_workers():
    return render_template("worker/admin_workers.html", workers=workers.list_workers(), roles=workers.ROLES)


@blueprint.post("/")
@login_required("admin")
def add_worker():
    admin = current_worker()
    temporary = secrets.token_urlsafe(12)
    try:
        created = workers.create_worker(
            request.form.get("email", ""), request.form.get("name", ""), temporary,
            request.form.get("role", "worker"),
        )
    except workers.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.workers"))
    handoffs.audit(admin.id, "worker_added", f"worker:{created.id}")
    return render_template("worker/admin_created.html", created=created, password=temporary)


@blueprint.post("/<int:worker_id>/active")
@login_required("admin")
def set_active(worker_id: int):
    admin = current_worker()
    if worker_id == admin.id:
        flash("Et voi poistaa omaa tunnustasi käytöstä.", "error")
        return redirect(url_for("admin.workers"))
    active = request.form.get("active") == "1"
    try:
        workers.set_active(worker_id, active)
    except workers.AccountError:
        abort(404)
    handoffs.audit(admin.id, "worker_activated" if active else "worker_deactivated", f"worker:{worker_id}")
    flash("Tunnus on otettu käyttöön." if active else "Tunnus on poistettu käytöstä.")
    return redirect(url_for("admin.workers"))


@blueprint.post("/<int:worker_id>/password")
@login_required("admin")
def reset_password(worker_id: int):
    """A new one-time password (also opens a locked account); shown once."""
    admin = current_worker()
    temporary = secrets.token_urlsafe(12)
    try:
        workers.set_password(worker_id, temporary)
    except workers.AccountError:
        abort(404)
    handoffs.audit(admin.id, "password_reset", f"worker:{worker_id}")
    return render_template(
        "worker/admin_created.html", created=workers.get_worker(worker_id), password=temporary,
        reset=True,
    )


@blueprint.get("/audit")
@login_required("admin")
def audit():
    return render_template("worker/admin_audit.html", entries=handoffs.list_audit(limit=500))
