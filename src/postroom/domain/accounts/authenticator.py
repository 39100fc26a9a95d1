"""A second factor from an authenticator app (TOTP, RFC 6238): the secret is kept encrypted and
is only switched on once the user has typed a code it produced. Each code is accepted once: the
time step of the last accepted code is kept, and only a newer step is accepted (RFC 6238 §5.2)."""

from __future__ import annotations

from datetime import UTC

import pyotp
from pyotp.utils import strings_equal
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.vocabulary.users import AUTHENTICATOR_AUTH_TYPE
from postroom.infrastructure.encryption import decrypt, encrypt
from postroom.models import User

ISSUER = "Postroom"
WINDOW = 1  # steps either side of now, for phones whose clocks are a little out


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email_address, issuer_name=ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    """The newest time step in the window around now whose code is `code`, if any."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow().replace(tzinfo=UTC))  # the clock keeps naive UTC
    for step in range(now + WINDOW, now - WINDOW - 1, -1):
        if strings_equal(code.strip(), totp.generate_otp(step)):
            return step
    return None


def switch_on(user: User, secret: str, code: str) -> bool:
    """Use the app from now on, if `code` shows it was set up with `secret`."""
    step = _matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret = encrypt(runtime.settings().secret_key, secret)
    user.auth_type = AUTHENTICATOR_AUTH_TYPE
    # Steps seen with an earlier secret say nothing about this one; this code is now used.
    user.totp_last_step = step
    return True


def check_code(session: Session, user: User, code: str) -> bool:
    """Whether `code` is the app's and newer than the last code accepted, which it then becomes.
    The step is recorded by one conditional UPDATE, so of two sign-ins racing with the same code
    only one changes the row."""
    if user.auth_type != AUTHENTICATOR_AUTH_TYPE or not user.totp_secret:
        return False
    step = _matching_step(decrypt(runtime.settings().secret_key, user.totp_secret), code)
    if step is None:
        return False
    recorded = session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return recorded.rowcount == 1
