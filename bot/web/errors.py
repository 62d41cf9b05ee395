"""Finnish error pages: never a stack trace to a user."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

MESSAGES = {
    400: "Pyyntö ei ollut kelvollinen. Palaa etusivulle ja yritä uudelleen.",
    404: "Sivua ei löytynyt.",
    405: "Tätä sivua ei voi käyttää näin.",
    413: "Viesti oli liian pitkä. Kirjoita lyhyempi viesti.",
}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        text = "Lomake vanheni. Lataa sivu uudelleen ja lähetä viesti sitten uudestaan."
        return render_template("error.html", message=text), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        text = MESSAGES.get(code, "Jokin meni vikaan. Yritä hetken päästä uudelleen.")
        return render_template("error.html", message=text), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.error("unhandled error in web app: %s", error.__class__.__name__, exc_info=error)
        text = "Jokin meni vikaan. Yritä hetken päästä uudelleen."
        return render_template("error.html", message=text), 500
