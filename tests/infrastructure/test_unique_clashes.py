"""A unique constraint broken between a rule's check and the write becomes the rule's error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from postroom.infrastructure.unique_clashes import clash_raises
from postroom.models import User
from tests.factories import create_user

TAKEN = "taken@example.gov.uk"


class Taken(Exception):
    pass


def _user(email: str = TAKEN, name: str | None = "Someone") -> User:
    return User(name=name, email_address=email, password_hash="-")


def _users(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def test_a_clash_on_a_table_named_becomes_the_error_and_the_session_goes_on(session):
    create_user(session, email_address=TAKEN)
    session.commit()
    with pytest.raises(Taken), clash_raises(session, Taken(), "services", "users"):
        session.add(_user())
    session.add(_user("free@example.gov.uk"))
    session.commit()
    assert _users(session) == 2


def test_a_clash_on_another_table_is_left_alone(session):
    create_user(session, email_address=TAKEN)
    session.commit()
    with pytest.raises(IntegrityError), clash_raises(session, Taken(), "services"):
        session.add(_user())


def test_other_broken_constraints_are_left_alone(session):
    with pytest.raises(IntegrityError), clash_raises(session, Taken(), "users"):
        session.add(_user(name=None))


def test_the_writes_stay_the_callers_to_commit_or_roll_back(session):
    session.commit()  # nothing open: on SQLite the savepoint would have opened the transaction
    with clash_raises(session, Taken(), "users"):
        session.add(_user())
    session.rollback()
    assert _users(session) == 0
