"""Passwords after an account exists: resetting a forgotten one from an emailed link, changing
it, and asking for it again before a change to the account.

A reset link is signed with the secret key, lasts 24 hours and works once: it carries a
fingerprint of the password it replaces, so setting a new password spends it. Resetting also
unlocks an account locked by too many failed attempts, as GOV.UK Notify does."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.accounts import emailed_links, users, verify_codes
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.infrastructure.signed_links import fingerprint
from postroom.models import User

LINK_LIFETIME = timedelta(hours=24)
_SALT = "postroom-password-reset"

WRONG_PASSWORD = "Incorrect password"
LOCKED = "Your account has been locked after too many attempts. Reset your password to unlock it."


class WrongPassword(InvalidRequest):
    """The password given to confirm a change was wrong (and counted as a failed attempt)."""


def _fingerprint(user: User) -> str:
    return fingerprint(user.password_hash)


def token_for(user: User) -> str:
    """The secret part of the link in the password reset email."""
    return emailed_links.sign(_SALT, user, {"password": _fingerprint(user)})


def user_for_token(session: Session, token: str) -> User:
    user, claims = emailed_links.open_link(session, _SALT, token, LINK_LIFETIME)
    if claims.get("password") != _fingerprint(user):
        raise emailed_links.LinkProblem(emailed_links.USED)
    return user


def _set_password(user: User, password: str, field: str) -> None:
    try:
        users.check_password_rules(password)
    except InvalidRequest as error:
        raise InvalidRequest({field: next(iter(error.message.values()))}) from error
    user.password_hash = users.hash_password(password)
    user.password_changed_at = utcnow()


def reset_password(session: Session, user: User, password: str) -> None:
    """A new password from a reset link: it unlocks the account and ends its sessions."""
    _set_password(user, password, "password")
    user.failed_login_count = 0
    user.current_session_id = None
    session.flush()


def confirm_password(user: User, password: str, field: str = "password") -> None:
    """Asks for the password again before a change; a wrong one counts towards locking the
    account (the caller commits that before showing the error)."""
    if verify_codes.is_locked(user):
        raise WrongPassword({field: [LOCKED]})
    if not users.check_password(user, password):
        verify_codes.record_failed_attempt(user)
        raise WrongPassword({field: [WRONG_PASSWORD]})


def change_password(session: Session, user: User, current: str, new: str) -> None:
    confirm_password(user, current, "current_password")
    _set_password(user, new, "new_password")
    session.flush()
