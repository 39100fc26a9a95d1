"""Users: accounts, passwords, and lookups."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.domain.errors import InvalidRequest, NotFound
from postroom.models import User

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def find_user_by_email(session: Session, email_address: str) -> User | None:
    return session.scalar(
        select(User).where(func.lower(User.email_address) == email_address.strip().lower())
    )


def create_user(
    session: Session,
    *,
    name: str,
    email_address: str,
    password: str,
    mobile_number: str | None = None,
    auth_type: str = "sms_auth",
    platform_admin: bool = False,
    state: str = "active",
) -> User:
    if find_user_by_email(session, email_address) is not None:
        raise InvalidRequest({"email_address": ["Email address already in use."]})
    user = User(
        name=name,
        email_address=email_address.strip(),
        mobile_number=mobile_number,
        password_hash=hash_password(password),
        auth_type=auth_type,
        platform_admin=platform_admin,
        state=state,
    )
    session.add(user)
    session.flush()
    return user
