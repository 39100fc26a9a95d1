"""Your account: changing your name, email address (confirmed from a link sent to the new one),
mobile number and password; and resetting a forgotten password from an emailed link."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import unquote

from postroom.clock import frozen, utcnow
from postroom.domain.accounts import email_changes, users, verify_codes
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


def emailed_path(web: WebClient, email: str, prefix: str = "/new-password/") -> str:
    """The path of the link starting `prefix` in the newest email to `email`, from the outbox."""
    outbox = html.unescape(web.page("/_dev/outbox"))
    card = outbox.split(f'data-recipient="{email}"', 1)[1]
    found = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[\w.%\-]+)", card)
    return unquote(found.group(1))


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
    link = emailed_path(web, member.email_address)
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
    response = web.get(emailed_path(web, member.email_address))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "has expired" in page and 'href="/forgot-password"' in page


def test_a_made_up_reset_link_is_refused(web):
    response = web.get("/new-password/made-up-token")
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)


# A new email address, confirmed from a link sent to it.

NEW_EMAIL = "ada.new@example.gov.uk"
CONFIRM = "/user-profile/email/confirm/"


def emails_to(web: WebClient, email: str) -> list[str]:
    """The cards of the outbox addressed to `email`, newest first."""
    cards = html.unescape(web.page("/_dev/outbox")).split("data-recipient=")[1:]
    return [card for card in cards if card.startswith(f'"{email}"')]


def ask_for_new_email(web: WebClient, email: str = NEW_EMAIL) -> str:
    """Asks to change the signed-in user's address to `email`; the path of the emailed link."""
    response = web.post("/user-profile/email", {"email_address": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return emailed_path(web, email, CONFIRM)


def test_a_new_email_address_is_checked_with_your_password(signed_in, session, member):
    page = signed_in.page("/user-profile/email")
    assert 'name="csrf_token"' in page and "Your address changes when you open the link" in page
    taken = create_user(session, name="Taken", email_address="taken@example.gov.uk")
    session.commit()
    for address, error in (
        (taken.email_address.upper(), "Email address already in use"),
        ("not an address", "Not a valid email address"),
        (member.email_address, "This is already your email address"),
    ):
        page = signed_in.post(
            "/user-profile/email", {"email_address": address, "password": PASSWORD}
        ).get_data(as_text=True)
        assert "<title>Error: Change your email address" in page
        assert "govuk-error-summary" in page and 'href="#email_address"' in page
        assert error in page, address
    page = signed_in.post(
        "/user-profile/email", {"email_address": taken.email_address, "password": "no"}
    ).get_data(as_text=True)
    assert "Email address already in use" in page and "Incorrect password" in page
    assert _fresh(session, member).failed_login_count == 1
    outbox = signed_in.page("/_dev/outbox")
    assert taken.email_address not in outbox and "not an address" not in outbox
    assert _fresh(session, member).email_address == member.email_address


def test_changing_your_email_address_needs_a_csrf_token(signed_in, session, member):
    response = signed_in.client.post(
        "/user-profile/email", data={"email_address": NEW_EMAIL, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert NEW_EMAIL not in signed_in.page("/_dev/outbox")


def test_a_new_email_address_changes_only_once_its_link_is_opened(signed_in, session, member):
    old, validated_before = member.email_address, member.email_access_validated_at
    response = signed_in.post(
        "/user-profile/email", {"email_address": NEW_EMAIL, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.location.endswith("/user-profile/email/check-your-email")
    assert "ada.new" not in response.location
    page = signed_in.page(response.location)
    assert "Check your email" in page and f"<strong>{NEW_EMAIL}</strong>" in page
    assert _fresh(session, member).email_address == old

    [email] = emails_to(signed_in, NEW_EMAIL)
    assert "Confirm your new email address for Postroom" in email
    assert "Hi Ada Member" in email and "expires in 1 hour" in email
    link = emailed_path(signed_in, NEW_EMAIL, CONFIRM)
    assert link in email
    assert not any(CONFIRM in sent for sent in emails_to(signed_in, old))

    response = signed_in.get(link)
    assert response.status_code == 302 and response.location.endswith("/user-profile")
    page = signed_in.page("/user-profile")
    assert "Your email address has been changed" in page and NEW_EMAIL in page
    fresh = _fresh(session, member)
    assert fresh.email_address == NEW_EMAIL
    assert fresh.email_access_validated_at > validated_before  # the link proves the mailbox

    response = signed_in.get(link)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "already been used" in page and 'href="/user-profile/email"' in page
    assert _fresh(session, member).email_address == NEW_EMAIL


def test_an_email_change_link_lasts_an_hour(signed_in, session, member):
    with frozen(utcnow() - timedelta(hours=1, minutes=1)):
        expired = ask_for_new_email(signed_in, "late@example.gov.uk")
    with frozen(utcnow() - timedelta(minutes=59)):
        in_time = ask_for_new_email(signed_in)
    response = signed_in.get(expired)
    assert response.status_code == 400 and "has expired" in response.get_data(as_text=True)
    assert _fresh(session, member).email_address == member.email_address
    assert signed_in.get(in_time).status_code == 302
    assert _fresh(session, member).email_address == NEW_EMAIL


def test_a_tampered_email_change_link_is_refused(signed_in, session, member):
    link = ask_for_new_email(signed_in)
    # Another address in the claims, under the signature of the real ones.
    payload, signed_at, signature = link.removeprefix(CONFIRM).rsplit(".", 2)
    other = email_changes.token_for(member, "mallory@example.gov.uk").rsplit(".", 2)[0]
    assert other != payload
    for forged in (f"{CONFIRM}{other}.{signed_at}.{signature}", f"{CONFIRM}made-up", link + "x"):
        response = signed_in.get(forged)
        assert response.status_code == 400, forged
        assert "not valid" in response.get_data(as_text=True)
    assert _fresh(session, member).email_address == member.email_address


def test_another_signed_in_user_cannot_use_your_email_change_link(
    web_app, signed_in, session, member
):
    link = ask_for_new_email(signed_in)
    other = create_user(session, name="Someone Else", password=PASSWORD)
    session.commit()
    theirs = WebClient(web_app)
    theirs.sign_in(other)
    response = theirs.get(link)
    assert response.status_code == 403
    assert "This link is for a different Postroom account" in response.get_data(as_text=True)
    assert _fresh(session, member).email_address == member.email_address
    assert _fresh(session, other).email_address == other.email_address
    assert signed_in.get(link).status_code == 302  # still good for its owner
    assert _fresh(session, member).email_address == NEW_EMAIL


def test_signed_out_an_email_change_link_asks_you_to_sign_in_first(
    web_app, signed_in, session, member
):
    link = ask_for_new_email(signed_in)
    web = WebClient(web_app)
    response = web.get(link)
    assert response.status_code == 302 and "/sign-in?next=" in response.location
    assert _fresh(session, member).email_address == member.email_address
    sign_in = response.location
    response = web.post(sign_in, {"email_address": member.email_address, "password": PASSWORD})
    assert response.location.endswith("/two-factor")
    response = web.post("/two-factor", {"code": web.latest_code(member.mobile_number)})
    assert response.location == link
    assert web.get(link).location.endswith("/user-profile")
    assert _fresh(session, member).email_address == NEW_EMAIL


def test_an_email_change_link_is_refused_once_someone_else_has_the_address(
    signed_in, session, member
):
    link = ask_for_new_email(signed_in)
    create_user(session, name="Quicker", email_address=NEW_EMAIL)
    session.commit()
    response = signed_in.get(link)
    assert response.status_code == 400
    assert "Another Postroom account now uses this email address" in response.get_data(as_text=True)
    assert _fresh(session, member).email_address == member.email_address


def test_check_your_email_needs_a_request_first(signed_in):
    response = signed_in.get("/user-profile/email/check-your-email")
    assert response.status_code == 302 and response.location.endswith("/user-profile/email")
