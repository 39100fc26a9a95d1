"""Authentication of the public API, as GOV.UK Notify's: a JWT whose `iss` is the service id,
signed with the secret of one of the service's API keys. The checks, and their order, are
Notify's: the service, whether it has keys, whether it is archived, then the keys."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import g

from postroom.api.auth import KEY_NOT_FOUND, NotThisKey, bearer_token, token_issuer, verify_token
from postroom.api.v2.errors import AuthError
from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.sending import cached_reads
from postroom.domain.services.api_keys import decrypted_secret
from postroom.domain.vocabulary.errors import DomainError
from postroom.models import ApiKey

# Notify stops looking at a revoked key a week after it was revoked.
REVOKED_KEYS_KEPT = timedelta(days=7)


def _keys_considered(keys: list[ApiKey]) -> list[ApiKey]:
    since = utcnow() - REVOKED_KEYS_KEPT
    return [k for k in keys if k.expiry_date is None or k.expiry_date.date() > since.date()]


def require_service_auth() -> None:
    """Sets `g.service` and `g.api_key`, or refuses with Notify's message."""
    try:
        token = bearer_token()
        issuer = token_issuer(token)
    except DomainError as error:
        raise AuthError(error.message, error.status_code) from error
    try:
        service_id = uuid.UUID(issuer)
    except (TypeError, ValueError, AttributeError) as error:
        raise AuthError("Invalid token: service id is not the right data type", 403) from error
    service = cached_reads.service(db.session, service_id)
    if service is None:
        raise AuthError("Invalid token: service not found", 403)
    keys = _keys_considered(cached_reads.api_keys(db.session, service.id))
    if not keys:
        raise AuthError("Invalid token: service has no API keys", 403)
    if not service.active:
        raise AuthError("Invalid token: service is archived", 403)
    for key in keys:
        try:
            verify_token(token, decrypted_secret(key))
        except NotThisKey:
            continue
        except DomainError as error:
            raise AuthError(error.message, 403) from error
        if key.expiry_date is not None:
            raise AuthError("Invalid token: API key revoked", 403)
        g.service, g.api_key = service, key
        return
    raise AuthError(KEY_NOT_FOUND, 403)
