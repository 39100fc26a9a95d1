"""A second factor from an authenticator app (TOTP, RFC 6238): the secret is kept encrypted and
is only switched on once the user has typed a code it produced."""

from __future__ import annotations

import pyotp

from postroom import runtime
from postroom.domain.secrets import decrypt, encrypt
from postroom.models import User

AUTH_TYPE = "totp_auth"
ISSUER = "Postroom"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email_address, issuer_name=ISSUER)


def _accepts(secret: str, code: str) -> bool:
    # One step either side, for phones whose clocks are a little out.
    return pyotp.TOTP(secret).verify(code.strip(), valid_window=1)


def switch_on(user: User, secret: str, code: str) -> bool:
    """Use the app from now on, if `code` shows it was set up with `secret`."""
    if not _accepts(secret, code):
        return False
    user.totp_secret = encrypt(runtime.settings().secret_key, secret)
    user.auth_type = AUTH_TYPE
    return True


def check_code(user: User, code: str) -> bool:
    if user.auth_type != AUTH_TYPE or not user.totp_secret:
        return False
    return _accepts(decrypt(runtime.settings().secret_key, user.totp_secret), code)
