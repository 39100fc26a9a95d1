"""Authentication of the admin API, as GOV.UK Notify's: a JWT signed with a shared client secret."""

from __future__ import annotations

import binascii
import json
import time

import jwt
from flask import request
from jwt.utils import base64url_decode

from postroom import runtime
from postroom.domain.vocabulary.errors import DomainError

ADMIN_ISSUER = "notify-admin"
TOKEN_LEEWAY_SECONDS = 30


class AuthError(DomainError):
    status_code = 401


def bearer_token() -> str:
    header = request.headers.get("Authorization")
    if not header:
        raise AuthError("Unauthorized: authentication token must be provided", 401)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Unauthorized: authentication bearer scheme must be used", 401)
    return token.strip()


def unverified_claims(token: str) -> dict:
    """The claims, read to find whose secret signed the token (`verify_token` then checks the
    signature): only the payload is decoded, the signature is left to PyJWT."""
    try:
        _header, payload, _signature = token.split(".")
        claims = json.loads(base64url_decode(payload))
    except (ValueError, TypeError, binascii.Error) as error:
        raise AuthError("Invalid token: signature, api token is not valid", 403) from error
    if not isinstance(claims, dict):
        raise AuthError("Invalid token: signature, api token is not valid", 403)
    return claims


def verify_token(token: str, secret: str) -> dict:
    """Check the signature and that `iat` is within 30 seconds of now."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], options={"verify_iat": False, "require": ["iss"]}
        )
    except jwt.InvalidSignatureError as error:
        raise AuthError("Invalid token: signature, api token is not valid", 403) from error
    except jwt.PyJWTError as error:
        raise AuthError("Invalid token: signature, api token is not valid", 403) from error
    issued_at = claims.get("iat")
    if not isinstance(issued_at, int | float):
        raise AuthError("Invalid token: iat field not provided", 403)
    # `iat` comes from the client's own clock (the official clients sign with time.time()), so
    # it is held against this machine's real clock, not Postroom's business clock, which tests
    # freeze or move to other days while real clients keep signing with the real time.
    if abs(time.time() - issued_at) > TOKEN_LEEWAY_SECONDS:
        raise AuthError("Error: Your system clock must be accurate to within 30 seconds", 403)
    return claims


def require_admin_auth() -> None:
    token = bearer_token()
    claims = unverified_claims(token)
    issuer = claims.get("iss")
    if issuer is None:
        raise AuthError("Invalid token: iss field not provided", 403)
    if issuer != ADMIN_ISSUER:
        raise AuthError("Unauthorized: admin authentication token required", 401)
    last_error: AuthError | None = None
    for secret in runtime.settings().admin_client_secrets:
        try:
            verify_token(token, secret)
            return
        except AuthError as error:
            last_error = error
            # A clock error is only meaningful once the signature matched.
            if "clock" in str(error.message):
                raise
    raise last_error or AuthError("Invalid token: signature, api token is not valid", 403)
