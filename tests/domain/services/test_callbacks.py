"""Callbacks: one of each type per service, even when two requests set one up at once."""

from __future__ import annotations

from sqlalchemy import func, select

from postroom.domain.services import callbacks
from postroom.models import ServiceCallback
from tests.fixtures.clashes import in_a_session_of_its_own, outcomes


def test_two_callbacks_of_one_type_set_up_at_once_make_one(session, service, user, side_by_side):
    def set_up(own):
        return callbacks.create_callback(
            own,
            service.id,
            callbacks.DELIVERY_STATUS,
            url="https://service.example.gov.uk/callback",
            bearer_token="a-secret-token-123",
            updated_by_id=user.id,
        ).callback_type

    results = side_by_side("FROM service_callbacks", *[in_a_session_of_its_own(set_up)] * 2)
    assert outcomes(results) == ["InvalidRequest", "str"]
    assert "already has a" in next(r for r in results if not isinstance(r, str)).message
    assert session.scalar(select(func.count()).select_from(ServiceCallback)) == 1
