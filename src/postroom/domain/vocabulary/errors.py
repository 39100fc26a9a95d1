"""Errors the domain raises; the API and the web interface turn them into their own shapes."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str | dict, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class InvalidRequest(DomainError):
    """The request asks for something the rules do not allow (400 unless said otherwise)."""


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "No result found") -> None:
        super().__init__(message)
