"""Received text messages: stored against the number's owner, listed by the public API."""

from __future__ import annotations

import pytest
from notifications_python_client.notifications import NotificationsAPIClient

from postroom.domain.activity import received_texts
from postroom.domain.services.api_keys import combined_key
from postroom.domain.vocabulary.errors import NotFound
from postroom.models import InboundNumber, InboundSms
from tests.factories import create_service
from tests.fixtures.service_api import make_key


@pytest.fixture
def inbound_number(session, live_service):
    number = InboundNumber(number="447700900500", provider="smpp", service_id=live_service.id)
    session.add(number)
    session.commit()
    return number


def _receive(session, content, number="447700900500", sender="447700900123"):
    message = received_texts.receive(
        session, notify_number=number, user_number=sender, content=content, provider="smpp"
    )
    session.commit()
    return message


def test_messages_are_stored_encrypted_for_the_numbers_owner(session, live_service, inbound_number):
    message = _receive(session, "YES please")
    assert message.service_id == live_service.id
    assert "YES" not in session.get(InboundSms, message.id).content
    assert received_texts.content_of(message) == "YES please"


def test_a_number_nobody_owns_is_refused(session):
    with pytest.raises(NotFound):
        _receive(session, "hello", number="447700900999")


def test_api_lists_newest_first(session, live_client, inbound_number):
    first, second = _receive(session, "first"), _receive(session, "second")
    data = live_client.get("/v2/received-text-messages").get_json()
    assert [m["content"] for m in data["received_text_messages"]] == ["second", "first"]
    older = live_client.get(f"/v2/received-text-messages?older_than={second.id}").get_json()
    assert [m["id"] for m in older["received_text_messages"]] == [str(first.id)]


def test_other_services_messages_are_not_listed(
    session, api_app, user, live_client, inbound_number
):
    _receive(session, "for the live service")
    other = create_service(session, user=user, restricted=False)
    from tests.fixtures.service_api import ServiceClient

    other_client = ServiceClient(api_app, other.id, make_key(session, other, "normal"))
    assert other_client.get("/v2/received-text-messages").get_json()["received_text_messages"] == []


def test_official_client_iterates_received_texts(session, api_server, live_service, inbound_number):
    for n in range(3):
        _receive(session, f"message {n}")
    client = NotificationsAPIClient(
        combined_key("k", live_service.id, make_key(session, live_service, "normal")),
        base_url=api_server,
    )
    assert [m["content"] for m in client.get_received_texts_iterator()] == [
        "message 2",
        "message 1",
        "message 0",
    ]
