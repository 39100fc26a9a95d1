"""Changing your own email address, as GOV.UK Notify does: the new address gets a link, and the
address changes only when its owner opens it, signed in, within an hour.

The link names the user and the new address, and carries a fingerprint of the current one, so
that it works once: after any change of address it no longer matches."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.accounts import emailed_links, users
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.infrastructure.signed_links import fingerprint
from postroom.models import User

LINK_LIFETIME = timedelta(hours=1)
_SALT = "postroom-email-change"

ALREADY_YOURS = "This is already your email address"
WRONG_ACCOUNT = "This link is for a different Postroom account"
NOW_TAKEN = "Another Postroom account now uses this email address"


def new_address(session: Session, user: User, email_address: str) -> str:
    """The address `user` asks to change to, normalised: valid, and nobody's yet."""
    email = users.check_email_available(session, email_address, user)
    if email.lower() == user.email_address.lower():
        raise InvalidRequest({"email_address": [ALREADY_YOURS]})
    return email


def _fingerprint(user: User) -> str:
    return fingerprint(user.email_address.lower())


def token_for(user: User, email_address: str) -> str:
    """The secret part of the link sent to the new address."""
    return emailed_links.sign(
        _SALT, user, {"email_address": email_address, "current": _fingerprint(user)}
    )


def confirm(session: Session, user: User, token: str) -> None:
    """Gives `user` the address in their link; a link for someone else, an old one or one
    already used changes nothing."""
    owner, claims = emailed_links.open_link(session, _SALT, token, LINK_LIFETIME)
    if owner.id != user.id:
        raise emailed_links.LinkProblem(WRONG_ACCOUNT, status_code=403)
    if claims.get("current") != _fingerprint(user):
        raise emailed_links.LinkProblem(emailed_links.USED)
    try:
        users.update_user(session, user, {"email_address": claims["email_address"]})
    except InvalidRequest as error:  # taken by someone else since the link was sent
        raise emailed_links.LinkProblem(NOW_TAKEN) from error
    # Opening the link proves the user reads this mailbox.
    user.email_access_validated_at = utcnow()
    session.flush()
