"""Your account: changing your name, email address, mobile number and password; and resetting a
forgotten password from an emailed link."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import unquote

from postroom.clock import frozen, utcnow
from postroom.domain import users, verify_codes
from postroom.models import User
from tests.factories import create_user
from tests.web.conftest import PASSWORD, WebClient

NEW_PASSWORD = "a different passphrase"


def _fresh(session, user) -> User:
    session.expire_all()
    return session.get(User, user.id)


def test_your_profile_shows_your_details(signed_in, member):
    page = signed_in.page("/user-profile")
    assert "<title>Your profile – Postroom</title>" in page
    assert "Ada Member" in page and member.email_address in page and "+447700900986" in page
    for path in ("name", "email", "mobile-number", "password"):
        assert f'href="/user-profile/{path}"' in page


def test_changing_your_name(signed_in, session, member):
    assert 'value="Ada Member"' in signed_in.page("/user-profile/name")
    response = signed_in.post("/user-profile/name", {"name": "  Ada Lovelace "})
    assert response.status_code == 302 and response.location.endswith("/user-profile")
    assert "Your name has been changed" in signed_in.page("/user-profile")
    assert _fresh(session, member).name == "Ada Lovelace"
    page = signed_in.post("/user-profile/name", {"name": ""}).get_data(as_text=True)
    assert "Enter your name" in page and 'href="#name"' in page


def test_changing_your_mobile_number_needs_your_password(signed_in, session, member):
    page = signed_in.post(
        "/user-profile/mobile-number", {"mobile_number": "07700 900123", "password": "wrong"}
    ).get_data(as_text=True)
    assert "Incorrect password" in page and 'href="#password"' in page
    assert _fresh(session, member).failed_login_count == 1
    page = signed_in.post(
        "/user-profile/mobile-number", {"mobile_number": "12", "password": PASSWORD}
    ).get_data(as_text=True)
    assert "Not a valid phone number" in page and 'href="#mobile_number"' in page
    response = signed_in.post(
        "/user-profile/mobile-number", {"mobile_number": "07700 900123", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _fresh(session, member).mobile_number == "+447700900123"


def test_changing_your_email_address_needs_your_password(signed_in, session, member):
    taken = create_user(session, name="Taken", email_address="taken@example.gov.uk")
    session.commit()
    page = signed_in.post(
        "/user-profile/email", {"email_address": taken.email_address, "password": PASSWORD}
    ).get_data(as_text=True)
    assert "Email address already in use" in page and 'href="#email_address"' in page
    page = signed_in.post(
        "/user-profile/email", {"email_address": "ada@example.gov.uk", "password": "no"}
    ).get_data(as_text=True)
    assert "Incorrect password" in page
    response = signed_in.post(
        "/user-profile/email", {"email_address": "Ada@Example.gov.uk", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _fresh(session, member).email_address.lower() == "ada@example.gov.uk"


def test_changing_your_password(web_app, signed_in, session, member):
    page = signed_in.post(
        "/user-profile/password", {"current_password": "nope", "new_password": NEW_PASSWORD}
    ).get_data(as_text=True)
    assert "Incorrect password" in page and 'href="#current_password"' in page
    page = signed_in.post(
        "/user-profile/password", {"current_password": PASSWORD, "new_password": "short"}
    ).get_data(as_text=True)
    assert "at least 8 characters" in page and 'href="#new_password"' in page
    response = signed_in.post(
        "/user-profile/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert users.check_password(_fresh(session, member), NEW_PASSWORD)
    WebClient(web_app).sign_in(member, password=NEW_PASSWORD)


def test_too_many_wrong_passwords_lock_changes_too(signed_in, session, member):
    fresh = _fresh(session, member)
    fresh.failed_login_count = verify_codes.MAX_FAILED_ATTEMPTS
    session.commit()
    page = signed_in.post("/user-profile/name", {"name": "Still fine"}).get_data(
        as_text=True
    )  # a name needs no password
    assert _fresh(session, member).name == "Still fine", page
    page = signed_in.post(
        "/user-profile/email", {"email_address": "a@example.gov.uk", "password": PASSWORD}
    ).get_data(as_text=True)
    assert "Your account has been locked" in page


# A forgotten password.


def reset_path(web: WebClient, email: str) -> str:
    """The path of the link in the newest password reset email to `email`, from the outbox."""
    outbox = html.unescape(web.page("/_dev/outbox"))
    card = outbox.split(f'data-recipient="{email}"', 1)[1]
    return unquote(re.search(r"https?://[^/\s]+(/new-password/[\w.%\-]+)", card).group(1))


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(web, member):
    known = web.post("/forgot-password", {"email_address": member.email_address})
    unknown = web.post("/forgot-password", {"email_address": "nobody@example.gov.uk"})
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert "Check your email" in web.page(known.location)
    outbox = web.page("/_dev/outbox")
    assert member.email_address in outbox and "nobody@example.gov.uk" not in outbox
    page = web.post("/forgot-password", {}).get_data(as_text=True)
    assert "Enter your email address" in page


def test_a_reset_link_sets_a_new_password_unlocks_and_asks_for_a_code(web, session, member):
    member.failed_login_count = verify_codes.MAX_FAILED_ATTEMPTS
    session.commit()
    web.post("/forgot-password", {"email_address": member.email_address.upper()})
    link = reset_path(web, member.email_address)
    assert "Create a new password" in web.page(link)
    page = web.post(link, {"password": "password1"}).get_data(as_text=True)
    assert "harder to guess" in page and 'href="#password"' in page

    response = web.post(link, {"password": NEW_PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/two-factor")
    assert web.get("/your-services").status_code == 302  # not signed in without the code
    response = web.post("/two-factor", {"code": web.latest_code(member.mobile_number)})
    assert response.location.endswith("/your-services")
    fresh = _fresh(session, member)
    assert fresh.failed_login_count == 0 and users.check_password(fresh, NEW_PASSWORD)

    response = web.get(link)
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)


def test_a_reset_link_expires_after_24_hours(web, member):
    with frozen(utcnow() - timedelta(hours=24, minutes=1)):
        web.post("/forgot-password", {"email_address": member.email_address})
    response = web.get(reset_path(web, member.email_address))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "has expired" in page and 'href="/forgot-password"' in page


def test_a_made_up_reset_link_is_refused(web):
    response = web.get("/new-password/made-up-token")
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)
