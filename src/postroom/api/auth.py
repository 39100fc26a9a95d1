"""Authentication of the admin API, as GOV.UK Notify's: a JWT signed with a shared client secret."""

from __future__ import annotations

import time

import jwt
from flask import request

from postroom import runtime
from postroom.domain.vocabulary.errors import DomainError

ADMIN_ISSUER = "notify-admin"
TOKEN_LEEWAY_SECONDS = 30


class AuthError(DomainError):
    status_code = 401


GENERAL_TOKEN_ERROR = (
    "Invalid token: make sure your API token matches the example at "
    "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header"
)
CLOCK_ERROR = "Error: Your system clock must be accurate to within 30 seconds"
KEY_NOT_FOUND = "Invalid token: API key not found"


class NotThisKey(Exception):
    """The token was not signed with this secret, or lacks `iss` or `iat`: try the next one."""


def bearer_token() -> str:
    # Stripped as an HTTP server strips a header's value, so tests see what clients would.
    header = request.headers.get("Authorization", "").strip()
    if not header:
        raise AuthError("Unauthorized: authentication token must be provided", 401)
    # As Notify: the first seven characters, in any case, must be "Bearer ".
    if header[:7].title() != "Bearer ":
        raise AuthError("Unauthorized: authentication bearer scheme must be used", 401)
    return header[7:]


def token_issuer(token: str):
    """The unverified `iss`, read to find whose secret signed the token (`verify_token` then
    checks the signature)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise AuthError(GENERAL_TOKEN_ERROR, 403) from error
    if "iss" not in claims:
        raise AuthError("Invalid token: iss field not provided", 403)
    return claims["iss"]


def verify_token(token: str, secret: str) -> None:
    """Check the signature and that `iat` is within 30 seconds of now, as Notify's clients'
    `decode_jwt_token` does; `NotThisKey` when another secret signed it."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], leeway=TOKEN_LEEWAY_SECONDS)
        if "iss" not in claims or "iat" not in claims:
            raise NotThisKey
        issued_at = int(claims["iat"])
    except (jwt.InvalidIssuedAtError, jwt.ImmatureSignatureError) as error:
        raise AuthError(CLOCK_ERROR, 403) from error
    except jwt.DecodeError as error:
        raise NotThisKey from error
    except jwt.InvalidAlgorithmError as error:
        raise AuthError("Invalid token: algorithm used is not HS256", 403) from error
    except (jwt.PyJWTError, TypeError, ValueError) as error:
        raise AuthError(GENERAL_TOKEN_ERROR, 403) from error
    # `iat` comes from the client's own clock (the official clients sign with time.time()), so
    # it is held against this machine's real clock, not Postroom's business clock, which tests
    # freeze or move to other days while real clients keep signing with the real time.
    if abs(int(time.time()) - issued_at) > TOKEN_LEEWAY_SECONDS:
        raise AuthError(CLOCK_ERROR, 403)


def require_admin_auth() -> None:
    """As Notify's admin API, a refusal names the token: `{"token": ["..."]}`."""
    try:
        _check_admin_token()
    except DomainError as error:
        raise AuthError({"token": [error.message]}, error.status_code) from error


def _check_admin_token() -> None:
    token = bearer_token()
    if token_issuer(token) != ADMIN_ISSUER:
        raise AuthError("Unauthorized: not allowed to perform this action", 401)
    for secret in runtime.settings().admin_client_secrets:
        try:
            verify_token(token, secret)
            return
        except NotThisKey:
            continue
    raise AuthError(KEY_NOT_FOUND, 403)
