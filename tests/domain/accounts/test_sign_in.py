"""Signing in: a password, then a code; ten wrong attempts of either lock the account."""

from __future__ import annotations

import pytest

from postroom.domain.accounts import sign_in, verify_codes
from postroom.domain.vocabulary.users import INACTIVE
from tests.factories import create_user

PASSWORD = "correct horse battery staple"


def test_a_wrong_password_or_an_unknown_address_say_the_same_and_count(session):
    user = create_user(session, email_address="ada@example.gov.uk")
    for address, password in (("ada@example.gov.uk", "wrong"), ("eve@example.gov.uk", PASSWORD)):
        with pytest.raises(sign_in.SignInRefused) as refused:
            sign_in.check_password(session, address, password)
        assert refused.value.message == sign_in.WRONG_DETAILS
    assert user.failed_login_count == 1
    assert sign_in.check_password(session, "ADA@example.gov.uk", PASSWORD) is user


def test_an_inactive_account_cannot_sign_in_even_with_its_password(session):
    user = create_user(session, email_address="old@example.gov.uk")
    user.state = INACTIVE
    with pytest.raises(sign_in.SignInRefused, match="incorrect"):
        sign_in.check_password(session, "old@example.gov.uk", PASSWORD)


def test_ten_wrong_attempts_lock_the_account_until_the_password_is_reset(session):
    user = create_user(session, email_address="ada@example.gov.uk")
    for _ in range(verify_codes.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(sign_in.SignInRefused):
            sign_in.check_security_code(session, user, "000000")
    with pytest.raises(sign_in.SignInRefused, match="incorrect"):
        sign_in.check_password(session, "ada@example.gov.uk", "wrong")
    for attempt in (
        lambda: sign_in.check_password(session, "ada@example.gov.uk", PASSWORD),
        lambda: sign_in.check_security_code(session, user, "123456"),
    ):
        with pytest.raises(sign_in.SignInRefused) as refused:
            attempt()
        assert refused.value.message == sign_in.LOCKED


def test_the_right_code_signs_in_and_clears_the_count(session):
    user = create_user(session)
    assert sign_in.code_method(user) == verify_codes.SMS
    code = verify_codes.create_code(session, user, verify_codes.SMS)
    with pytest.raises(sign_in.SignInRefused, match="Code not found"):
        sign_in.check_security_code(session, user, "x" + code[1:])
    sign_in.check_security_code(session, user, code)
    assert user.failed_login_count == 0


def test_a_new_session_ends_the_one_before_and_signing_out_ends_it_everywhere(session):
    user = create_user(session)
    first = str(sign_in.start_session(user))
    second = str(sign_in.start_session(user))
    assert not sign_in.is_current_session(user, first)
    assert sign_in.is_current_session(user, second)
    sign_in.end_sessions(user)
    assert not sign_in.is_current_session(user, second)
    assert not sign_in.is_current_session(None, second)
