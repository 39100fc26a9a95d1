"""Text messages end to end over SMPP: the API accepts, the worker submits to a real SMPP peer,
its receipts (gathered into batches) move the status on and its inbound messages reach the
service."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import select

from postroom import runtime
from postroom.domain.services import inbound_numbers
from postroom.models import InboundSms, Notification
from postroom.tasks import receipts
from postroom.tasks.delivery import unbind_from_smsc
from postroom.tasks.receipts import gathered_receipts
from postroom.text import gsm
from tests.factories import create_template
from tests.fixtures.smpp import wait_until


@pytest.fixture
def use_smsc(monkeypatch, smsc):
    monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), smpp_url=smsc.url))
    return smsc


def _status(session, notification_id) -> str:
    session.expire_all()
    return session.scalar(
        select(Notification.status).where(Notification.id == uuid.UUID(str(notification_id)))
    )


def test_a_text_goes_to_the_smsc_and_its_receipt_delivers_it(
    session, live_client, live_service, use_smsc
):
    template = create_template(session, live_service, content="Your code is ((code))")
    response = live_client.post(
        "/v2/notifications/sms",
        json={
            "phone_number": "07700 900123",
            "template_id": str(template.id),
            "personalisation": {"code": "1234"},
        },
    )
    assert response.status_code == 201, response.get_json()
    notification_id = response.get_json()["id"]
    [submitted] = use_smsc.submitted
    assert submitted.destination_addr == "447700900123"
    # The service-name prefix goes to the phone, though the API's answer shows the text without it.
    assert gsm.decode(submitted.short_message) == f"{live_service.name}: Your code is 1234"
    assert response.get_json()["content"]["body"] == "Your code is 1234"
    notification = session.get(Notification, uuid.UUID(notification_id))
    assert (notification.status, notification.sent_by, notification.reference) == (
        "sending",
        "smpp",
        submitted.message_id,
    )

    use_smsc.send_receipt(submitted.message_id, "UNDELIV")
    wait_until(lambda: _status(session, notification_id) == "permanent-failure", what="the receipt")


def test_texts_to_the_services_number_are_stored_and_listed(
    session, live_client, live_service, use_smsc
):
    inbound_numbers.add_numbers(session, ["07700 900500"], "smpp")
    inbound_numbers.allocate(session, live_service.id)  # now the service's default sender too
    session.commit()
    template = create_template(session, live_service, content="Reply YES to confirm")
    live_client.post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900123", "template_id": str(template.id)},
    )
    [submitted] = use_smsc.submitted
    assert submitted.source_addr == "447700900500"
    use_smsc.send_inbound("447700900999", "447700900123", gsm.encode("nobody owns this number"))
    use_smsc.send_inbound("447700900500", "447700900123", gsm.encode("YES"))

    def received():
        session.expire_all()
        return session.scalars(select(InboundSms)).all()

    [message] = wait_until(received, what="the inbound message")
    assert (message.service_id, message.user_number, message.provider) == (
        live_service.id,
        "447700900123",
        "smpp",
    )
    listed = live_client.get("/v2/received-text-messages").get_json()["received_text_messages"]
    assert [m["content"] for m in listed] == ["YES"]


def _send_texts(client, template, count: int) -> list[str]:
    return [
        client.post(
            "/v2/notifications/sms",
            json={"phone_number": "07700900123", "template_id": str(template.id)},
        ).get_json()["id"]
        for _ in range(count)
    ]


@pytest.fixture
def gathered(monkeypatch):
    """The sizes of the groups of receipts queued as one task each; no group waits for time."""
    sizes: list[int] = []

    def queue(group):
        receipts.queue_receipts(group)  # the task runs here (eagerly)
        sizes.append(len(group))

    monkeypatch.setattr(gathered_receipts, "hand_on", queue)
    monkeypatch.setattr(gathered_receipts, "wait_seconds", 3600)
    return sizes


def test_receipts_from_the_smsc_are_applied_a_batch_at_a_time(
    session, live_client, live_service, use_smsc, gathered, monkeypatch
):
    monkeypatch.setattr(gathered_receipts, "size", 3)
    template = create_template(session, live_service, content="Hello")
    ids = _send_texts(live_client, template, 3)
    for submitted, stat in zip(use_smsc.submitted, ["DELIVRD", "UNDELIV", "DELIVRD"], strict=True):
        use_smsc.send_receipt(submitted.message_id, stat)
    wait_until(lambda: gathered, what="the receipts to be applied")
    assert gathered == [3]
    assert [_status(session, i) for i in ids] == ["delivered", "permanent-failure", "delivered"]


def test_a_worker_that_stops_queues_the_receipts_it_gathered(
    session, live_client, live_service, use_smsc, gathered
):
    template = create_template(session, live_service, content="Hello")
    [notification_id] = _send_texts(live_client, template, 1)
    use_smsc.send_receipt(use_smsc.submitted[0].message_id, "DELIVRD")
    assert gathered == []  # waiting for more, or for its time
    unbind_from_smsc()
    assert gathered == [1]
    assert _status(session, notification_id) == "delivered"
