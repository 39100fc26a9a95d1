"""Error shapes of GOV.UK Notify's admin API: `{"result": "error", "message": ...}`; below
`/v2/`, errors that no view raised (no such route or method, a body too big, a bug) come in the
public API's shape instead, as its own errors do (see `v2.errors`)."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from postroom.api.v2.errors import V2Error, v2_error_response
from postroom.domain.vocabulary.errors import DomainError
from postroom.http_requests import for_the_log, request_id
from postroom.infrastructure.outages import RETRY_AFTER_SECONDS, STORE_UNREACHABLE
from postroom.infrastructure.unique_clashes import clashing_table, is_unique_violation

logger = logging.getLogger(__name__)
PUBLIC_API_PREFIX = "/v2/"
HTTP_MESSAGES = {
    404: "Resource not found",
    405: "The method is not allowed for the requested URL.",
    413: "The request is too large.",
}
# A unique constraint no rule turned into its own error (they do, for the clashes they foresee).
CHANGED_MEANWHILE = "Another request changed the same thing at the same moment: try again."
# A request that met an outage stored nothing (a message is accepted only once it is stored),
# so the client can send it again.
UNAVAILABLE = "Service temporarily unavailable: try again in a few seconds."


def error_response(message, status_code: int):
    return jsonify(result="error", message=message), status_code


def _answer(message: str, status_code: int, error_name: str):
    if not request.path.startswith(PUBLIC_API_PREFIX):
        return error_response(message, status_code)
    error = V2Error(message, status_code)
    error.error = error_name
    return v2_error_response(error)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.message, error.status_code)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = HTTP_MESSAGES.get(error.code, error.description)
        return _answer(message, error.code or 500, type(error).__name__)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        if not is_unique_violation(error):
            return unexpected(error)
        logger.warning("Unique clash on %s, %s", clashing_table(error), for_the_log())
        return _answer(CHANGED_MEANWHILE, 409, "ConflictError")

    def store_unreachable(error: Exception):
        logger.error("Database or cache unreachable (%s), %s", type(error).__name__, for_the_log())
        response, status = _answer(UNAVAILABLE, 503, "ServiceUnavailableError")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response, status

    for kind in STORE_UNREACHABLE:
        app.register_error_handler(kind, store_unreachable)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        logger.exception("Unexpected error, %s", for_the_log())
        return _answer(
            f"Internal server error (request id {request_id()})", 500, "InternalServerError"
        )
