"""Postroom's own service, which sends its users their codes and invitations."""

from __future__ import annotations

from postroom.domain.sending import messages_to_users
from tests.fixtures.clashes import in_a_session_of_its_own, outcomes


def test_two_first_messages_at_once_make_one_own_service(session, side_by_side):
    def own_service_id(own):
        return str(messages_to_users.own_service(own)[0].id)

    results = side_by_side(
        "services.created_by_id =",  # both find no own service yet
        *[in_a_session_of_its_own(own_service_id)] * 2,
    )
    assert outcomes(results) == ["str", "str"]
    assert results[0] == results[1]
