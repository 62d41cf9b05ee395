"""Dashboard login: e-mail and password, signed session cookie, lockout.

Passwords and lockout live in bot/services/workers.py (argon2). The session
holds only the worker's id and a session version; every request reloads the
worker, so logout, deactivation and a password change end old sessions at
once. CSRF protection is Flask-WTF's, on every form of the app.
"""
from __future__ import annotations

import functools
from typing import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from bot.services import handoffs, workers

blueprint = Blueprint("auth", __name__, url_prefix="/worker")

LOGIN_FAILED = "Sähköposti tai salasana on väärin."
LOCKED = (
    "Liian monta väärää yritystä. Tunnus on lukittu {minutes} minuutiksi. "
    "Yritä myöhemmin uudelleen tai pyydä ylläpitäjää apuun."
)


def current_worker() -> workers.WorkerInfo | None:
    if "worker" not in g:
        g.worker = None
        worker_id, version = session.get("worker_id"), session.get("worker_version")
        if worker_id is not None:
            worker = workers.get_worker(int(worker_id))
            if worker is not None and worker.active and worker.session_version == version:
                g.worker = worker
            else:
                session.clear()
    return g.worker


def login_required(role: str | None = None) -> Callable:
    """Only for logged-in workers; `role` limits a view to workers or admins."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            worker = current_worker()
            if worker is None:
                return redirect(url_for("auth.login", next=request.path))
            if role is not None and worker.role != role:
                # Admins manage accounts but never read requests, and back.
                return redirect(home_for(worker))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def home_for(worker) -> str:
    """Each role has its own pages: admins accounts, editors content, workers requests."""
    if worker.is_admin:
        return url_for("admin.workers")
    if worker.is_editor:
        return url_for("editor.topics")
    return url_for("worker.requests")


def _safe_next(target: str | None) -> str | None:
    # Only a path inside the dashboard: never an open redirect.
    if (target and target.startswith(("/worker/", "/editor/"))
            and "//" not in target and "\\" not in target):
        return target
    return None


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if current_worker() is not None:
            return redirect(home_for(current_worker()))
        return render_template("worker/login.html", next=request.args.get("next", ""))
    email = request.form.get("email", "")[:254]
    password = request.form.get("password", "")[:1024]
    result = workers.authenticate(email, password)
    if result.worker is None:
        if result.locked_until is not None:
            message = LOCKED.format(minutes=workers.LOCK_MINUTES)
        else:
            message = LOGIN_FAILED
        return render_template("worker/login.html", error=message, email=email,
                               next=request.form.get("next", "")), 401
    session.clear()  # a fresh session: no fixation
    session["worker_id"] = result.worker.id
    session["worker_version"] = result.worker.session_version
    session.permanent = True
    handoffs.audit(result.worker.id, "login")
    return redirect(_safe_next(request.form.get("next")) or home_for(result.worker))


@blueprint.post("/logout")
def logout():
    worker = current_worker()
    if worker is not None:
        workers.end_sessions(worker.id)
        handoffs.audit(worker.id, "logout")
    session.clear()
    flash("Olet kirjautunut ulos.")
    return redirect(url_for("auth.login"))


@blueprint.route("/password", methods=["GET", "POST"])
@login_required()
def password():
    worker = current_worker()
    if request.method == "POST":
        current = request.form.get("current", "")
        new = request.form.get("new", "")
        if workers.authenticate(worker.email, current).worker is None:
            return render_template("worker/password.html", error="Nykyinen salasana on väärin."), 400
        if new != request.form.get("again", ""):
            return render_template("worker/password.html", error="Uudet salasanat eivät ole samat."), 400
        try:
            workers.set_password(worker.id, new)
        except workers.AccountError as error:
            return render_template("worker/password.html", error=str(error)), 400
        handoffs.audit(worker.id, "password_changed")
        session.clear()
        flash("Salasana on vaihdettu. Kirjaudu sisään uudella salasanalla.")
        return redirect(url_for("auth.login"))
    return render_template("worker/password.html")
