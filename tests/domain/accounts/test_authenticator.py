"""Authenticator-app codes: each is accepted once, even by sign-ins racing each other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy.orm import Session

from postroom.clock import frozen
from postroom.db import db
from postroom.domain.accounts import authenticator
from postroom.models import User

NOW = datetime(2026, 3, 2, 9, 0, 0)
STEP = timedelta(seconds=30)
SECRET = pyotp.random_base32()


def _code(at: datetime) -> str:
    return pyotp.TOTP(SECRET).at(at.replace(tzinfo=UTC))


def _app_user(session, user) -> User:
    with frozen(NOW - 10 * STEP):
        assert authenticator.switch_on(user, SECRET, _code(NOW - 10 * STEP))
    session.commit()
    return user


def test_a_code_is_accepted_once_then_only_newer_ones(session, user):
    _app_user(session, user)
    with frozen(NOW):
        assert authenticator.check_code(session, user, _code(NOW))
        assert not authenticator.check_code(session, user, _code(NOW))
        assert not authenticator.check_code(session, user, _code(NOW - STEP))
        assert authenticator.check_code(session, user, _code(NOW + STEP))
        assert not authenticator.check_code(session, user, _code(NOW + 2 * STEP))  # too far on


def test_two_sign_ins_racing_with_one_code_let_only_one_in(session, user):
    _app_user(session, user)
    started = threading.Barrier(2)

    def sign_in() -> bool:
        with Session(db.engine) as own:
            own_user = own.get(User, user.id)  # both load the user before either records
            started.wait()
            accepted = authenticator.check_code(own, own_user, _code(NOW))
            own.commit()
            return accepted

    with frozen(NOW), ThreadPoolExecutor(2) as pool:
        results = [future.result() for future in [pool.submit(sign_in) for _ in range(2)]]
    assert sorted(results) == [False, True]
