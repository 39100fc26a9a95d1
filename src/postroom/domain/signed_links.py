"""Links emailed to a user that act for them once opened (a password reset, a new email address).

A link carries the user's id and a few claims, signed with the secret key and dated by Postroom's
clock, so that it ages with it (and with tests' frozen time). It works once because it also
carries a fingerprint of what it changes: once that has changed, the link no longer matches."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.errors import InvalidRequest
from postroom.models import User

EXPIRED = "The link in the email we sent you has expired"
USED = "The link in the email we sent you has already been used"
INVALID = "The link in the email we sent you is not valid"


class LinkProblem(InvalidRequest):
    """The link cannot be used; the message says why."""


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().replace(tzinfo=UTC).timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(runtime.settings().secret_key, salt=salt, signer=_ClockSigner)


def fingerprint(value: str) -> str:
    """Enough of a hash to tell whether `value` changed, without putting it in the link."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def sign(salt: str, user: User, claims: dict) -> str:
    """The secret part of a link for `user`; `salt` keeps one kind of link from passing for
    another."""
    return _serializer(salt).dumps({"user_id": str(user.id), **claims})


def open_link(session: Session, salt: str, token: str, lifetime: timedelta) -> tuple[User, dict]:
    """The active user a link was made for, and its claims."""
    try:
        claims = _serializer(salt).loads(token, max_age=int(lifetime.total_seconds()))
        user = session.get(User, uuid.UUID(claims["user_id"]))
    except SignatureExpired as error:
        raise LinkProblem(EXPIRED) from error
    except (BadSignature, ValueError, TypeError, KeyError) as error:
        raise LinkProblem(INVALID) from error
    if user is None or user.state != "active":
        raise LinkProblem(INVALID)
    return user, claims
