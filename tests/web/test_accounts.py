"""Signing in with a password and a security code, and signing out."""

from __future__ import annotations

from postroom.domain.accounts import verify_codes
from postroom.models import User
from tests.factories import create_user
from tests.web.conftest import PASSWORD


def test_the_home_page_offers_to_sign_in(web):
    page = web.page("/")
    assert "<title>Send emails, text messages and letters – Postroom</title>" in page
    assert 'href="/sign-in"' in page
    assert "GDS Transport" not in web.get("/static/postroom.css").get_data(as_text=True)


def test_signing_in_takes_a_password_then_a_code_by_text(web, member, session):
    response = web.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/two-factor")
    assert "Check your phone" in web.page("/two-factor")
    assert web.get("/your-services").status_code == 302  # not signed in yet

    code = web.latest_code(member.mobile_number)
    response = web.post("/two-factor", {"code": code})
    assert response.status_code == 302 and response.location.endswith("/your-services")
    assert "Your services" in web.page("/your-services")


def test_email_auth_users_get_their_code_by_email(web, session):
    user = create_user(session, name="Bea Email", password=PASSWORD)
    user.auth_type = "email_auth"
    session.commit()
    web.sign_in(user)
    assert "Your services" in web.page("/your-services")


def test_a_wrong_password_is_refused_with_an_error_summary(web, member, session):
    response = web.post("/sign-in", {"email_address": member.email_address, "password": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Sign in – Postroom</title>" in page
    assert 'href="#password"' in page
    assert "The email address or password you entered is incorrect." in page
    session.expire_all()
    assert session.get(User, member.id).failed_login_count == 1


def test_an_unknown_address_gets_the_same_answer(web):
    response = web.post("/sign-in", {"email_address": "nobody@example.gov.uk", "password": "x"})
    assert "The email address or password you entered is incorrect." in response.get_data(
        as_text=True
    )


def test_empty_fields_are_named_in_the_error_summary(web):
    page = web.post("/sign-in", {}).get_data(as_text=True)
    assert 'href="#email_address"' in page and "Enter your email address" in page
    assert 'href="#password"' in page and "Enter your password" in page


def test_a_wrong_code_is_refused(web, member):
    web.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    page = web.post("/two-factor", {"code": "000000"}).get_data(as_text=True)
    assert "Code not found" in page and 'href="#code"' in page
    page = web.post("/two-factor", {"code": "12ab"}).get_data(as_text=True)
    assert "Security code must be 6 digits" in page
    assert web.get("/your-services").status_code == 302


def test_too_many_failures_lock_the_account(web, member, session):
    member.failed_login_count = verify_codes.MAX_FAILED_ATTEMPTS
    session.commit()
    page = web.post(
        "/sign-in", {"email_address": member.email_address, "password": PASSWORD}
    ).get_data(as_text=True)
    assert "Your account has been locked" in page


def test_a_code_works_once(web, member):
    web.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    code = web.latest_code(member.mobile_number)
    assert web.post("/two-factor", {"code": code}).status_code == 302
    web.get("/sign-out")
    web.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    page = web.post("/two-factor", {"code": code}).get_data(as_text=True)
    assert "Code not found" in page


def test_signing_out_ends_the_session(signed_in):
    assert signed_in.get("/sign-out").status_code == 302
    response = signed_in.get("/your-services")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_signing_in_elsewhere_ends_the_earlier_session(web_app, web, member):
    from tests.web.conftest import WebClient

    web.sign_in(member)
    WebClient(web_app).sign_in(member)
    assert web.get("/your-services").status_code == 302


def test_after_signing_in_the_page_asked_for_opens(web, member):
    response = web.get("/add-service")
    assert response.status_code == 302 and "next=/add-service" in response.location
    web.post(
        "/sign-in?next=/add-service",
        {"email_address": member.email_address, "password": PASSWORD},
        token_from="/sign-in",
    )
    code = web.latest_code(member.mobile_number)
    response = web.post("/two-factor", {"code": code})
    assert response.location.endswith("/add-service")


def test_next_never_leaves_the_site(web, member):
    web.post(
        "/sign-in?next=//evil.example/x",
        {"email_address": member.email_address, "password": PASSWORD},
        token_from="/sign-in",
    )
    response = web.post("/two-factor", {"code": web.latest_code(member.mobile_number)})
    assert response.location.endswith("/your-services")


def test_forms_without_a_csrf_token_are_refused(web, member):
    response = web.client.post(
        "/sign-in", data={"email_address": member.email_address, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Your session has expired" in response.get_data(as_text=True)
