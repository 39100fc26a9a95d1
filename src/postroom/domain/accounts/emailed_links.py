"""Links emailed to a user that act for them once opened (a password reset, a new email address).

A link carries the user's id and a few claims. It works once because it also carries a
fingerprint of what it changes: once that has changed, the link no longer matches."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.users import ACTIVE
from postroom.infrastructure import signed_links
from postroom.models import User

EXPIRED = "The link in the email we sent you has expired"
USED = "The link in the email we sent you has already been used"
INVALID = "The link in the email we sent you is not valid"


class LinkProblem(InvalidRequest):
    """The link cannot be used; the message says why."""


def sign(salt: str, user: User, claims: dict) -> str:
    """The secret part of a link for `user`."""
    return signed_links.sign(salt, {"user_id": str(user.id), **claims})


def open_link(session: Session, salt: str, token: str, lifetime: timedelta) -> tuple[User, dict]:
    """The active user a link was made for, and its claims."""
    try:
        claims = signed_links.open_signed(salt, token, lifetime)
        user = session.get(User, uuid.UUID(claims["user_id"]))
    except signed_links.LinkExpired as error:
        raise LinkProblem(EXPIRED) from error
    except (signed_links.LinkInvalid, ValueError, TypeError, KeyError) as error:
        raise LinkProblem(INVALID) from error
    if user is None or user.state != ACTIVE:
        raise LinkProblem(INVALID)
    return user, claims
