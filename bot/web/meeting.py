"""The printable "Minun asiani" page: no login, an unguessable link that expires."""
from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template

from bot.services import meeting

blueprint = Blueprint("meeting", __name__)


@blueprint.get("/minun-asiani/<token>")
def printable(token: str):
    prep = meeting.get_shared(token)
    if prep is None:
        response = make_response(render_template("meeting_expired.html"), 404)
    else:
        response = make_response(
            render_template("meeting_print.html", answers=prep.answers, updated=prep.updated_at)
        )
    # Personal content: never cached, never indexed, never sent on as a referrer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@blueprint.get("/minun-asiani/")
def no_token():
    abort(404)
