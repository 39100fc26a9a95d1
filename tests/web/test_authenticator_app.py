"""Signing in with a code from an authenticator app."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp

from postroom.clock import frozen, utcnow
from postroom.models import User
from tests.web.conftest import PASSWORD, WebClient

SET_UP_AT = datetime(2026, 3, 2, 9, 0, 0)  # naive UTC, as the clock keeps it
STEP = timedelta(seconds=30)


def _code(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at.replace(tzinfo=UTC))


def _set_up_app(client: WebClient) -> str:
    """Sets up an authenticator app at SET_UP_AT and gives back its secret."""
    page = client.page("/user-profile/authenticator-app")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    with frozen(SET_UP_AT):
        response = client.post(
            "/user-profile/authenticator-app", {"code": _code(secret, SET_UP_AT)}
        )
    assert response.status_code == 302
    return secret


def _enter_code(web_app, user: User, code: str, at: datetime):
    browser = WebClient(web_app)
    browser.post("/sign-in", {"email_address": user.email_address, "password": PASSWORD})
    with frozen(at):
        return browser.post("/two-factor", {"code": code})


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.location.endswith("/your-services")


def test_set_up_an_app_then_sign_in_with_it(signed_in, web_app, member, session):
    page = signed_in.page("/user-profile/authenticator-app")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert "otpauth://totp/" in page
    wrong = signed_in.post("/user-profile/authenticator-app", {"code": "000000"})
    assert "Code not found" in wrong.get_data(as_text=True)
    set_up_at = utcnow()
    with frozen(set_up_at):
        response = signed_in.post(
            "/user-profile/authenticator-app", {"code": _code(secret, set_up_at)}
        )
    assert response.status_code == 302
    session.expire_all()
    user = session.get(User, member.id)
    assert user.auth_type == "totp_auth" and secret not in (user.totp_secret or "")

    browser = WebClient(web_app)
    browser.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    page = browser.page("/two-factor")
    assert "Enter the code from your authenticator app" in page
    assert "Send a new code" not in page
    assert "Code not found" in browser.post("/two-factor", {"code": "123456"}).get_data(
        as_text=True
    )
    later = set_up_at + STEP  # the set-up code is used up
    with frozen(later):
        response = browser.post("/two-factor", {"code": _code(secret, later)})
    assert _signed_in(response)


def test_the_code_that_set_up_the_app_cannot_sign_in(signed_in, web_app, member):
    secret = _set_up_app(signed_in)
    response = _enter_code(web_app, member, _code(secret, SET_UP_AT), SET_UP_AT)
    assert "Code not found" in response.get_data(as_text=True)


def test_an_app_code_signs_in_once_only(signed_in, web_app, member, session):
    secret = _set_up_app(signed_in)
    now = SET_UP_AT + 2 * STEP
    assert _signed_in(_enter_code(web_app, member, _code(secret, now), now))

    # The same code again, still within its window: refused as a wrong code is, and counted.
    replayed = _enter_code(web_app, member, _code(secret, now), now + STEP)
    assert replayed.status_code == 200
    assert "Code not found" in replayed.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, member.id).failed_login_count == 1

    # The app's next code is newer, so it signs in (and clears the count).
    assert _signed_in(_enter_code(web_app, member, _code(secret, now + STEP), now + STEP))
    session.expire_all()
    assert session.get(User, member.id).failed_login_count == 0


def test_an_app_code_older_than_the_last_one_used_is_refused(signed_in, web_app, member):
    secret = _set_up_app(signed_in)
    now = SET_UP_AT + 5 * STEP
    # A phone running a step fast: its code is accepted, and the one before it is now too old,
    # though it is still inside the window.
    assert _signed_in(_enter_code(web_app, member, _code(secret, now + STEP), now))
    older = _enter_code(web_app, member, _code(secret, now - STEP), now)
    assert "Code not found" in older.get_data(as_text=True)
