"""Signing in with a code from an authenticator app."""

from __future__ import annotations

import re

import pyotp

from postroom.models import User
from tests.web.conftest import PASSWORD


def test_set_up_an_app_then_sign_in_with_it(signed_in, web_app, member, session):
    from tests.web.conftest import WebClient

    page = signed_in.page("/user-profile/authenticator-app")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert "otpauth://totp/" in page
    wrong = signed_in.post("/user-profile/authenticator-app", {"code": "000000"})
    assert "Code not found" in wrong.get_data(as_text=True)
    response = signed_in.post("/user-profile/authenticator-app", {"code": pyotp.TOTP(secret).now()})
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
    response = browser.post("/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.location.endswith("/your-services")
