"""Signing in, as GOV.UK Notify has it: an active user's password, then a security code (sent by
text message or email, or from an authenticator app). Every wrong password or code counts; ten
lock the account until its password is reset. A successful sign-in starts a new session and
ends any other; signing out ends it everywhere."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.accounts import authenticator, users, verify_codes
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.users import ACTIVE, AUTHENTICATOR_AUTH_TYPE, SMS_AUTH_TYPE
from postroom.models import User

WRONG_DETAILS = "The email address or password you entered is incorrect."
LOCKED = (
    "Your account has been locked after too many attempts to sign in. "
    "Reset your password to unlock it."
)
APP = "app"  # the code comes from an authenticator app: nothing is sent


class SignInRefused(InvalidRequest):
    """The password or code is wrong, or the account is locked; `message` says which."""


def check_password(session: Session, email_address: str, password: str) -> User:
    """The first step: the active user with this address and password. Never says which of
    the two was wrong."""
    user = users.find_user_by_email(session, email_address)
    if user is not None and verify_codes.is_locked(user):
        raise SignInRefused(LOCKED)
    if user is None or user.state != ACTIVE or not users.check_password(user, password):
        if user is not None:
            verify_codes.record_failed_attempt(user)
        raise SignInRefused(WRONG_DETAILS)
    return user


def code_method(user: User) -> str:
    """How the user gets their code: APP, or the kind of message it is sent in."""
    if user.auth_type == AUTHENTICATOR_AUTH_TYPE:
        return APP
    return verify_codes.SMS if user.auth_type == SMS_AUTH_TYPE else verify_codes.EMAIL


def check_security_code(session: Session, user: User, code: str) -> None:
    """The second step; refused with what is wrong with the code."""
    if verify_codes.is_locked(user):
        raise SignInRefused(LOCKED)
    method = code_method(user)
    if method != APP:
        problem = verify_codes.check_code(session, user, code, method)
        if problem is not None:
            raise SignInRefused(problem)
        return
    if not authenticator.check_code(session, user, code):
        verify_codes.record_failed_attempt(user)
        raise SignInRefused(verify_codes.CODE_NOT_FOUND)
    user.failed_login_count = 0


def start_session(user: User) -> uuid.UUID:
    """A new session for the signed-in user; a session started before it no longer counts."""
    user.current_session_id = uuid.uuid4()
    user.logged_in_at = utcnow()
    return user.current_session_id


def end_sessions(user: User) -> None:
    """Signed out everywhere the session was copied."""
    user.current_session_id = None


def is_current_session(user: User | None, session_id: str) -> bool:
    """Whether a browser's session still stands for an active user."""
    return user is not None and user.state == ACTIVE and str(user.current_session_id) == session_id
