"""Errors of the public API v2, in GOV.UK Notify's shape:
`{"status_code": 400, "errors": [{"error": "BadRequestError", "message": "..."}]}`."""

from __future__ import annotations

from flask import jsonify

from postroom.domain.vocabulary.errors import DomainError, NotFound


class V2Error(DomainError):
    error = "BadRequestError"


class ValidationError(V2Error):
    error = "ValidationError"


class AuthError(V2Error):
    error = "AuthError"
    status_code = 403


def v2_error_response(error: DomainError):
    """Any domain error in the v2 shape; field errors become one `ValidationError` each."""
    if hasattr(error, "messages"):
        errors = [{"error": "ValidationError", "message": m} for m in error.messages]
    elif isinstance(error, NotFound):
        errors = [{"error": "NoResultFound", "message": "No result found"}]
    elif isinstance(error.message, dict):
        errors = [
            {"error": "ValidationError", "message": f"{field} {message}"}
            for field, messages in error.message.items()
            for message in messages
        ]
    else:
        errors = [{"error": getattr(error, "error", "BadRequestError"), "message": error.message}]
    return jsonify(status_code=error.status_code, errors=errors), error.status_code
