"""Signed, dated tokens for links: claims signed with the secret key and dated by Postroom's
clock, so that a link ages with it (and with tests' frozen time)."""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from postroom import runtime
from postroom.clock import utcnow


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(runtime.settings().secret_key, salt=salt, signer=_ClockSigner)


def fingerprint(value: str) -> str:
    """Enough of a hash to tell whether `value` changed, without putting it in the link."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def sign(salt: str, claims: dict) -> str:
    """`salt` keeps one kind of link from passing for another."""
    return _serializer(salt).dumps(claims)


def open_signed(salt: str, token: str, lifetime: timedelta) -> dict:
    """The claims of a token signed with `salt` no longer than `lifetime` ago."""
    try:
        claims = _serializer(salt).loads(token, max_age=int(lifetime.total_seconds()))
    except SignatureExpired as error:
        raise LinkExpired() from error
    except BadSignature as error:
        raise LinkInvalid() from error
    if not isinstance(claims, dict):
        raise LinkInvalid()
    return claims
