"""Provider reports over HTTP: email events, text message receipts and inbound texts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from postroom import runtime
from postroom.models import Complaint, InboundNumber, InboundSms, Notification
from tests.factories import create_notification, create_template

TOKEN = "provider-token-" + "y" * 20
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def receipt_tokens(monkeypatch):
    settings = replace(runtime.settings(), receipt_tokens=("older-token", TOKEN))
    monkeypatch.setattr(runtime, "_settings", settings)


def _sent(session, service, template_type: str, reference: str) -> Notification:
    template = create_template(session, service, template_type=template_type, subject="Hi")
    notification = create_notification(session, template, status="sending")
    notification.reference = reference
    session.commit()
    return notification


def _status(session, notification) -> str:
    session.expire_all()
    return session.get(Notification, notification.id).status


@pytest.mark.parametrize(
    ("event", "status"),
    [
        ({"event": "delivered"}, "delivered"),
        ({"event": "bounce", "bounce_type": "permanent"}, "permanent-failure"),
        ({"event": "bounce", "bounce_type": "transient"}, "temporary-failure"),
    ],
)
def test_email_events_move_the_status_on(session, anonymous_client, live_service, event, status):
    notification = _sent(session, live_service, "email", "abc.123@postroom.localhost")
    response = anonymous_client.post(
        "/providers/relay/email-receipts",
        json={"reference": "<abc.123@postroom.localhost>", **event},
        headers=HEADERS,
    )
    assert response.status_code == 204
    assert _status(session, notification) == status


def test_a_complaint_is_kept_and_changes_no_status(session, anonymous_client, live_service):
    notification = _sent(session, live_service, "email", "m-1@postroom.localhost")
    response = anonymous_client.post(
        "/providers/relay/email-receipts",
        json={
            "reference": "m-1@postroom.localhost",
            "event": "complaint",
            "complaint_type": "abuse",
            "complaint_id": "c-77",
            "timestamp": "2026-11-25T12:00:00+02:00",
        },
        headers=HEADERS,
    )
    assert response.status_code == 204
    [complaint] = session.scalars(select(Complaint)).all()
    assert (complaint.notification_id, complaint.service_id) == (notification.id, live_service.id)
    assert (complaint.complaint_type, complaint.provider_complaint_id) == ("abuse", "c-77")
    assert complaint.complaint_date.isoformat() == "2026-11-25T10:00:00"
    assert _status(session, notification) == "sending"


def test_a_bounce_needs_its_type(anonymous_client):
    response = anonymous_client.post(
        "/providers/relay/email-receipts",
        json={"reference": "m-1", "event": "bounce"},
        headers=HEADERS,
    )
    assert response.status_code == 400
    assert "bounce_type" in str(response.get_json()["message"])


def test_a_bad_timestamp_is_refused(anonymous_client):
    response = anonymous_client.post(
        "/providers/relay/email-receipts",
        json={"reference": "m-1", "event": "complaint", "timestamp": "yesterday"},
        headers=HEADERS,
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {"timestamp": ["Not a valid ISO 8601 date and time."]}


def test_sms_receipts_move_the_status_on(session, anonymous_client, live_service):
    notification = _sent(session, live_service, "sms", "sms-ref-9")
    response = anonymous_client.post(
        "/providers/textco/sms-receipts",
        json={"reference": "sms-ref-9", "status": "temporary-failure", "detail": "phone off"},
        headers=HEADERS,
    )
    assert response.status_code == 204
    assert _status(session, notification) == "temporary-failure"


def test_a_report_for_an_unknown_reference_is_taken_and_changes_nothing(
    session, anonymous_client, live_service
):
    notification = _sent(session, live_service, "sms", "known")
    response = anonymous_client.post(
        "/providers/textco/sms-receipts",
        json={"reference": "unknown", "status": "delivered"},
        headers=HEADERS,
    )
    assert response.status_code == 204
    assert _status(session, notification) == "sending"


def test_inbound_texts_are_stored_for_the_numbers_owner(session, anonymous_client, live_service):
    session.add(InboundNumber(number="447700900500", provider="textco", service_id=live_service.id))
    session.commit()
    response = anonymous_client.post(
        "/providers/textco/inbound-sms",
        json={"to": "+447700900500", "from": "447700900123", "content": "STOP", "reference": "r1"},
        headers=HEADERS,
    )
    assert response.status_code == 204
    [message] = session.scalars(select(InboundSms)).all()
    assert (message.service_id, message.provider, message.provider_reference) == (
        live_service.id,
        "textco",
        "r1",
    )


@pytest.mark.parametrize(
    ("headers", "status_code"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic x"}, 401)],
)
def test_reports_need_a_provider_token(
    session, anonymous_client, live_service, headers, status_code
):
    notification = _sent(session, live_service, "sms", "sms-ref-1")
    response = anonymous_client.post(
        "/providers/textco/sms-receipts",
        json={"reference": "sms-ref-1", "status": "delivered"},
        headers=headers,
    )
    assert response.status_code == status_code
    assert _status(session, notification) == "sending"


def test_without_tokens_reports_are_refused(monkeypatch, anonymous_client):
    monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), receipt_tokens=()))
    response = anonymous_client.post(
        "/providers/textco/sms-receipts",
        json={"reference": "r", "status": "delivered"},
        headers=HEADERS,
    )
    assert response.status_code == 403
    assert "POSTROOM_RECEIPT_TOKENS" in response.get_json()["message"]


def test_provider_names_are_checked(anonymous_client):
    response = anonymous_client.post(
        "/providers/Bad_Name/sms-receipts",
        json={"reference": "r", "status": "delivered"},
        headers=HEADERS,
    )
    assert response.status_code == 400
