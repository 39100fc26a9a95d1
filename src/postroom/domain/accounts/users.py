"""Users: accounts, passwords, and lookups."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.recipient_format import normalise_email, normalise_phone_number
from postroom.domain.vocabulary.users import ACTIVE, SMS_AUTH_TYPE
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.models import Permission, Service, User

_hasher = PasswordHasher()
EMAIL_IN_USE = "Email address already in use."
USERS_TABLE = "users"


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
    auth_type: str = SMS_AUTH_TYPE,
    platform_admin: bool = False,
    state: str = ACTIVE,
) -> User:
    email_address = check_email_available(session, email_address)
    check_password_rules(password)
    user = User(
        name=name.strip(),
        email_address=email_address,
        mobile_number=check_mobile_number(mobile_number, auth_type),
        password_hash=hash_password(password),
        auth_type=auth_type,
        platform_admin=platform_admin,
        state=state,
    )
    with clash_raises(session, _email_in_use(), USERS_TABLE):  # taken meanwhile
        session.add(user)
    return user


MIN_PASSWORD_LENGTH = 8
# Passwords so common that they are guessed first; refused whatever their length.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "12345678",
        "123456789",
        "1234567890",
        "qwertyuiop",
        "iloveyou",
        "sunshine1",
        "letmein123",
        "football1",
        "baseball1",
        "welcome1",
        "passw0rd",
        "abc12345",
        "11111111",
        "00000000",
        "qwerty123",
    }
)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequest(
            {"password": [f"Password must be at least {MIN_PASSWORD_LENGTH} characters."]}
        )
    if password.lower() in COMMON_PASSWORDS:
        raise InvalidRequest({"password": ["Choose a password that’s harder to guess."]})


def check_mobile_number(mobile_number: str | None, auth_type: str) -> str | None:
    """Text-message sign-in needs a valid mobile number; it is stored in E.164 form."""
    if not mobile_number:
        if auth_type == SMS_AUTH_TYPE:
            raise InvalidRequest(
                {"mobile_number": ["Mobile number is required for text message sign-in."]}
            )
        return None
    try:
        return normalise_phone_number(mobile_number)
    except ValueError as error:
        raise InvalidRequest({"mobile_number": ["Not a valid phone number."]}) from error


def check_email_address(email_address: str) -> str:
    try:
        return normalise_email(email_address)
    except ValueError as error:
        raise InvalidRequest({"email_address": ["Not a valid email address."]}) from error


def check_email_available(session: Session, email_address: str, user: User | None = None) -> str:
    """A valid address that no other account has (`user` may keep their own), normalised."""
    email = check_email_address(email_address)
    existing = find_user_by_email(session, email)
    if existing is not None and (user is None or existing.id != user.id):
        raise _email_in_use()
    return email


def _email_in_use() -> InvalidRequest:
    return InvalidRequest({"email_address": [EMAIL_IN_USE]})


def update_user(session: Session, user: User, changes: dict) -> User:
    with clash_raises(session, _email_in_use(), USERS_TABLE):  # taken meanwhile
        if "email_address" in changes:
            user.email_address = check_email_available(session, changes["email_address"], user)
        if "name" in changes:
            user.name = changes["name"].strip()
        auth_type = changes.get("auth_type", user.auth_type)
        mobile = changes.get("mobile_number", user.mobile_number)
        user.mobile_number = check_mobile_number(mobile, auth_type)
        user.auth_type = auth_type
    return user


def service_permissions_of(session: Session, user: User) -> dict[str, list[str]]:
    """`{service id: [database permissions]}` for the active services the user belongs to."""
    rows = session.execute(
        select(Permission.service_id, Permission.permission)
        .join(Service, Service.id == Permission.service_id)
        .where(Permission.user_id == user.id, Service.active.is_(True))
        .order_by(Permission.permission)
    )
    result: dict[str, list[str]] = {}
    for service_id, permission in rows:
        result.setdefault(str(service_id), []).append(permission)
    return result
