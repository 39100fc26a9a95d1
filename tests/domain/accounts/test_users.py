"""Accounts: one email address, one account, even when two requests ask at the same moment."""

from __future__ import annotations

from postroom.domain.accounts import users
from postroom.models import User
from tests.factories import create_user
from tests.fixtures.clashes import in_a_session_of_its_own, outcomes

EMAIL_CHECK = "lower(users.email_address) ="  # in the query that checks an address is free
ADDRESS = "ada@example.gov.uk"


def _create(own):
    return users.create_user(
        own,
        name="Ada",
        email_address=ADDRESS,
        password="a long enough password",
        auth_type="email_auth",
    ).email_address


def test_two_accounts_made_at_once_for_one_address_make_one(session, side_by_side):
    results = side_by_side(EMAIL_CHECK, *[in_a_session_of_its_own(_create)] * 2)
    assert outcomes(results) == ["InvalidRequest", "str"]
    refused = next(r for r in results if not isinstance(r, str))
    assert refused.message == {"email_address": [users.EMAIL_IN_USE]}
    assert session.query(User).filter_by(email_address=ADDRESS).count() == 1


def test_two_accounts_changed_at_once_to_one_address(session, backend, side_by_side):
    ids = [create_user(session).id for _ in range(2)]
    session.commit()

    def change(own, user_id):
        return users.update_user(own, own.get(User, user_id), {"email_address": ADDRESS}).name

    # SQLite has one writer at a time: the second change's check already sees the first.
    check = EMAIL_CHECK if backend["name"] == "postgresql" else None
    results = side_by_side(check, *(in_a_session_of_its_own(change, i) for i in ids))
    assert outcomes(results) == ["InvalidRequest", "str"]
    assert session.query(User).filter_by(email_address=ADDRESS).count() == 1
