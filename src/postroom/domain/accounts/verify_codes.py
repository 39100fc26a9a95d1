"""Second-factor codes: six digits sent by text message or email, kept hashed, valid for a short
while and used once. Too many wrong codes or passwords lock the account until its password is
reset, as GOV.UK Notify does."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.models import User, VerifyCode

CODE_LIFETIME = timedelta(minutes=15)
MAX_FAILED_ATTEMPTS = 10
SMS, EMAIL = "sms", "email"

CODE_NOT_FOUND = "Code not found"
CODE_EXPIRED = "Code has expired"


def _hash(user: User, code: str) -> str:
    key = runtime.settings().secret_key.encode()
    return hmac.new(key, f"{user.id}:{code}".encode(), hashlib.sha256).hexdigest()


def create_code(session: Session, user: User, code_type: str) -> str:
    """A new code for `user`; earlier unused ones stay valid until they expire, because a text
    can arrive after the one asked for next."""
    code = f"{secrets.randbelow(10**6):06d}"
    session.add(
        VerifyCode(
            user_id=user.id,
            code_hash=_hash(user, code),
            code_type=code_type,
            expiry_datetime=utcnow() + CODE_LIFETIME,
        )
    )
    session.flush()
    return code


def is_locked(user: User) -> bool:
    return user.failed_login_count >= MAX_FAILED_ATTEMPTS


def record_failed_attempt(user: User) -> None:
    user.failed_login_count += 1


def check_code(session: Session, user: User, code: str, code_type: str) -> str | None:
    """None when `code` is right (it is then used up); otherwise what is wrong with it."""
    found = session.scalar(
        select(VerifyCode).where(
            VerifyCode.user_id == user.id,
            VerifyCode.code_type == code_type,
            VerifyCode.code_hash == _hash(user, code.strip()),
            VerifyCode.code_used.is_(False),
        )
    )
    if found is None:
        record_failed_attempt(user)
        return CODE_NOT_FOUND
    if found.expiry_datetime < utcnow():
        record_failed_attempt(user)
        return CODE_EXPIRED
    found.code_used = True
    session.execute(
        update(VerifyCode)
        .where(VerifyCode.user_id == user.id, VerifyCode.code_used.is_(False))
        .values(code_used=True)
    )
    user.failed_login_count = 0
    return None
