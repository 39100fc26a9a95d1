"""Error shapes of GOV.UK Notify's admin API: `{"result": "error", "message": ...}`."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from postroom.domain.vocabulary.errors import DomainError

logger = logging.getLogger(__name__)


def error_response(message, status_code: int):
    return jsonify(result="error", message=message), status_code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.message, error.status_code)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            404: "Resource not found",
            405: "The method is not allowed for the requested URL.",
        }
        return error_response(messages.get(error.code, error.description), error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        logger.exception("Unhandled error")
        return error_response("Internal server error", 500)
