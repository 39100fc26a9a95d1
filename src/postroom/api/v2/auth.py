"""Authentication of the public API, as GOV.UK Notify's: a JWT whose `iss` is the service id,
signed with the secret of one of the service's API keys."""

from __future__ import annotations

import uuid

from flask import g

from postroom.api.auth import bearer_token, unverified_claims, verify_token
from postroom.api.v2.errors import AuthError
from postroom.db import db
from postroom.domain.sending import cached_reads
from postroom.domain.services.api_keys import decrypted_secret
from postroom.domain.vocabulary.errors import DomainError


def require_service_auth() -> None:
    """Sets `g.service` and `g.api_key`, or refuses with Notify's message."""
    try:
        token = bearer_token()
        claims = unverified_claims(token)
    except DomainError as error:
        raise AuthError(error.message, error.status_code) from error
    issuer = claims.get("iss")
    if issuer is None:
        raise AuthError("Invalid token: iss field not provided", 403)
    try:
        service_id = uuid.UUID(str(issuer))
    except ValueError as error:
        raise AuthError("Invalid token: service id is not the right data type", 403) from error
    service = cached_reads.service(db.session, service_id)
    if service is None:
        raise AuthError("Invalid token: service not found", 403)
    keys = cached_reads.api_keys(db.session, service.id)
    if not keys:
        raise AuthError("Invalid token: service has no API keys", 403)
    for key in keys:
        try:
            verify_token(token, decrypted_secret(key))
        except DomainError as error:
            if "clock" in str(error.message):
                raise AuthError(error.message, 403) from error
            continue
        if key.expiry_date is not None:
            raise AuthError("Invalid token: API key revoked", 403)
        if not service.active:
            raise AuthError("Invalid token: service is archived", 403)
        g.service, g.api_key = service, key
        return
    raise AuthError("Invalid token: API key not found", 403)
