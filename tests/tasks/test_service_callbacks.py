"""Delivery status callbacks reach the service's URL with its bearer token, in Notify's shape."""

from __future__ import annotations

from collections import Counter

import pytest

from postroom.domain.services import callbacks
from postroom.tasks import service_callbacks
from postroom.tasks.delivery import dispatch
from postroom.tasks.service_callbacks import MAX_RETRIES
from tests.factories import create_template, stored


@pytest.fixture
def service_callback(live_service, service_calls_back):
    return service_calls_back(live_service, callbacks.DELIVERY_STATUS, "callback-token-123")


def _send(client, template, reference="ref-9"):
    return client.post(
        "/v2/notifications/sms",
        json={
            "phone_number": "07700900456",
            "template_id": str(template.id),
            "reference": reference,
        },
    ).get_json()


def test_service_hears_the_final_status(session, live_client, live_service, service_callback):
    template = create_template(session, live_service, content="Hello")
    sent = _send(live_client, template)
    [call] = service_callback["received"]
    assert call["headers"]["Authorization"] == "Bearer callback-token-123"
    body = call["json"]
    assert (body["id"], body["reference"], body["status"]) == (sent["id"], "ref-9", "delivered")
    assert body["to"] == "07700900456" and body["notification_type"] == "sms"
    assert body["template_id"] == str(template.id) and body["template_version"] == 1
    assert body["completed_at"] and body["sent_at"] and body["created_at"].endswith("Z")


def test_failed_callbacks_are_retried(session, live_client, live_service, service_callback):
    template = create_template(session, live_service, content="Hello")
    service_callback["answers"].extend([500, 503])
    _send(live_client, template)
    # Two failures, then the retry that succeeds (retries run at once in tests).
    assert len(service_callback["received"]) == 3
    assert all(c["json"]["status"] == "delivered" for c in service_callback["received"])


def test_no_callback_configured_sends_nothing(
    session, live_client, live_service, callback_receiver
):
    template = create_template(session, live_service, content="Hello")
    _send(live_client, template)
    assert callback_receiver["received"] == []


def test_callbacks_give_up_after_five_retries(session, live_client, live_service, service_callback):
    template = create_template(session, live_service, content="Hello")
    service_callback["answers"].extend([500] * 10)
    _send(live_client, template)
    assert len(service_callback["received"]) == 1 + MAX_RETRIES


def _deliver_batch(session, api_app, service, count: int) -> list[str]:
    """`count` messages of one service delivered as one batch (the simulated provider)."""
    template = create_template(session, service, content="Hello")
    ids = stored(session, api_app, service, template, count=count)
    assert dispatch() == 1
    return sorted(str(i) for i in ids)


def test_a_batch_of_statuses_is_posted_once_each_over_one_connection(
    session, api_app, live_service, service_callback
):
    ids = _deliver_batch(session, api_app, live_service, 5)
    received = service_callback["received"]
    assert sorted(call["json"]["id"] for call in received) == ids
    assert {call["json"]["status"] for call in received} == {"delivered"}
    assert len(service_callback["connections"]) == 1


def test_only_the_statuses_that_failed_are_posted_again(
    session, api_app, live_service, service_callback
):
    service_callback["answers"].extend([200, 500, 200, 200, 503])
    ids = _deliver_batch(session, api_app, live_service, 5)
    received = [call["json"]["id"] for call in service_callback["received"]]
    failed = {received[1], received[4]}
    # The retry (at once in tests) posts the two that failed, together, and nothing else.
    assert Counter(received) == {i: 2 if i in failed else 1 for i in ids}
    assert set(received[5:]) == failed
    assert len(service_callback["connections"]) == 2


def test_a_task_posts_a_bounded_batch(
    session, api_app, live_service, service_callback, monkeypatch
):
    monkeypatch.setattr(service_callbacks, "BATCH", 2)
    ids = _deliver_batch(session, api_app, live_service, 5)
    assert sorted(call["json"]["id"] for call in service_callback["received"]) == ids
    assert len(service_callback["connections"]) == 3


def test_received_texts_reach_the_inbound_callback(session, live_service, service_calls_back):
    from postroom.domain.activity import received_texts
    from postroom.models import InboundNumber
    from postroom.tasks.service_callbacks import queue_inbound_sms

    callback_receiver = service_calls_back(live_service, callbacks.INBOUND_SMS, "inbound-token-123")
    session.add(InboundNumber(number="447700900500", provider="smpp", service_id=live_service.id))
    session.commit()
    message = received_texts.receive(
        session,
        notify_number="447700900500",
        user_number="447700900123",
        content="YES",
        provider="smpp",
    )
    session.commit()
    queue_inbound_sms(message.id)
    [call] = callback_receiver["received"]
    assert call["headers"]["Authorization"] == "Bearer inbound-token-123"
    assert call["json"]["message"] == "YES"
    assert (call["json"]["source_number"], call["json"]["destination_number"]) == (
        "447700900123",
        "447700900500",
    )
