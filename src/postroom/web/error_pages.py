"""The web interface's error pages, in GOV.UK style, for every error it answers with.

An unexpected error is logged with the request's id, and its page gives that id as a reference
to quote; the page is drawn without the database, which may be what failed."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from postroom.db import db
from postroom.http_requests import for_the_log, request_id
from postroom.infrastructure.outages import RETRY_AFTER_SECONDS, STORE_UNREACHABLE
from postroom.infrastructure.unique_clashes import clashing_table, is_unique_violation

logger = logging.getLogger(__name__)
BAD_REQUEST, CONFLICT, SERVER_ERROR, UNAVAILABLE = 400, 409, 500, 503
TITLES = {
    BAD_REQUEST: "Sorry, there is a problem with your request",
    403: "You do not have permission to view this page",
    404: "Page not found",
    405: "Sorry, this page cannot do that",
    CONFLICT: "Sorry, someone else changed this at the same time",
    413: "Sorry, what you sent is too big",
    SERVER_ERROR: "Sorry, there is a problem with Postroom",
    UNAVAILABLE: "Sorry, Postroom is not available at the moment",
}


def _page(code: int, title: str | None = None):
    fallback = BAD_REQUEST if code < SERVER_ERROR else SERVER_ERROR
    title = title or TITLES.get(code, TITLES[fallback])
    return render_template("error.html", title=title, code=code, request_id=request_id()), code


def _http_error(error: HTTPException):
    return _page(error.code or SERVER_ERROR)


def _clash(error: IntegrityError):
    """A unique constraint no rule turned into a form's error (they do, for the clashes they
    foresee)."""
    if not is_unique_violation(error):
        return _unexpected(error)
    logger.warning("Unique clash on %s, %s", clashing_table(error), for_the_log())
    db.session.rollback()
    return _page(CONFLICT)


def _unexpected(_error: Exception):
    logger.exception("Unexpected error, %s", for_the_log())
    db.session.rollback()
    g.user = g.service = None  # nothing on the page may need the database
    return _page(SERVER_ERROR)


def _unavailable(error: Exception):
    logger.error("Database or cache unreachable (%s), %s", type(error).__name__, for_the_log())
    db.session.rollback()
    g.user = g.service = None
    page, code = _page(UNAVAILABLE)
    return page, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _session_expired(_error: CSRFError):
    return _page(BAD_REQUEST, "Your session has expired")


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _session_expired)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IntegrityError, _clash)
    for kind in STORE_UNREACHABLE:
        app.register_error_handler(kind, _unavailable)
    app.register_error_handler(Exception, _unexpected)
