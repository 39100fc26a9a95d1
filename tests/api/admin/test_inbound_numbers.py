"""Admin API: inbound numbers, added, listed, given to a service and switched off, at GOV.UK
Notify's paths; texts to a number then reach the service that has it."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import select

from postroom import runtime
from postroom.models import InboundNumber, InboundSms, ServiceSmsSender
from tests.conftest import CheckedClient
from tests.factories import create_service


def _add(client, number: str, **extra):
    return client.post("/inbound-number/add", json={"inbound_number": number, **extra})


def _numbers(client, path: str = "/inbound-number") -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_json()["data"]


def _senders(session, service) -> list[tuple[str, bool, bool]]:
    session.expire_all()
    rows = session.scalars(
        select(ServiceSmsSender).where(
            ServiceSmsSender.service_id == service.id, ServiceSmsSender.archived.is_(False)
        )
    )
    return sorted((s.sms_sender, s.is_default, s.inbound_number_id is not None) for s in rows)


def test_adding_a_number_stores_it_unallocated_and_active(admin_client):
    response = _add(admin_client, "07700 900500", provider="smpp")
    assert response.status_code == 201
    assert response.get_json() == {"data": "447700900500"}
    [listed] = _numbers(admin_client)
    assert (listed["number"], listed["provider"], listed["service"], listed["active"]) == (
        "447700900500",
        "smpp",
        None,
        True,
    )
    assert _numbers(admin_client, "/inbound-number/available") == [listed]


def test_without_a_provider_the_number_is_the_configured_one(admin_client):
    _add(admin_client, "60060")
    assert _numbers(admin_client)[0]["provider"] == "simulated-sms"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, {"inbound_number": ["Missing data for required field."]}),
        ({"inbound_number": "not a number"}, None),
        ({"inbound_number": 447700900500}, None),
        ({"inbound_number": "447700900500", "colour": "red"}, None),
    ],
)
def test_bad_numbers_are_refused(admin_client, body, message):
    response = admin_client.post("/inbound-number/add", json=body)
    assert response.status_code == 400
    assert response.get_json()["result"] == "error"
    if message:
        assert response.get_json()["message"] == message
    assert _numbers(admin_client) == []


def test_the_same_number_written_another_way_is_refused(admin_client):
    _add(admin_client, "447700900500")
    response = _add(admin_client, "+44 7700 900500")
    assert response.status_code == 400
    assert response.get_json()["message"] == {
        "inbound_number": ["447700900500 is already an inbound number"]
    }


def test_every_route_needs_the_admin_token(api_app, service):
    client = CheckedClient(api_app)
    for method, path in [
        ("GET", "/inbound-number"),
        ("GET", "/inbound-number/available"),
        ("POST", "/inbound-number/add"),
        ("GET", f"/inbound-number/service/{service.id}"),
        ("POST", f"/inbound-number/service/{service.id}"),
        ("POST", f"/inbound-number/service/{service.id}/off"),
    ]:
        assert client.open(method, path, json={}).status_code == 401, path


def test_allocating_replaces_a_single_sender_with_the_number(admin_client, session, service):
    _add(admin_client, "447700900500")
    response = admin_client.post(f"/inbound-number/service/{service.id}", json={})
    assert response.status_code == 201
    sender = response.get_json()
    assert (sender["sms_sender"], sender["is_default"]) == ("447700900500", True)
    assert _senders(session, service) == [("447700900500", True, True)]
    mine = admin_client.get(f"/inbound-number/service/{service.id}").get_json()["data"]
    assert mine["service"] == {"id": str(service.id), "name": service.name}
    assert mine["id"] == sender["inbound_number_id"]
    assert _numbers(admin_client, "/inbound-number/available") == []


def test_a_sender_added_with_an_inbound_number_allocates_it_as_notify(
    admin_client, session, service
):
    # ServiceAPIClient.add_sms_sender(..., inbound_number_id=...) in Notify's admin
    _add(admin_client, "447700900500")
    [number] = _numbers(admin_client)
    body = {"sms_sender": "447700900500", "is_default": True, "inbound_number_id": number["id"]}
    response = admin_client.post(f"/service/{service.id}/sms-sender", json=body)
    assert response.status_code == 201
    assert response.get_json()["data"]["inbound_number_id"] == number["id"]
    assert _senders(session, service) == [("447700900500", True, True)]  # replaced, not added
    assert _numbers(admin_client, "/inbound-number/available") == []

    other = create_service(session, user=service.users[0], restricted=False)
    taken = admin_client.post(f"/service/{other.id}/sms-sender", json=body)
    assert taken.status_code == 400
    assert taken.get_json()["message"] == f"Inbound number: {number['id']} is not available"


def test_allocating_adds_the_number_as_default_beside_several_senders(
    admin_client, session, service
):
    admin_client.post(
        f"/service/{service.id}/sms-sender", json={"sms_sender": "Parking", "is_default": False}
    )
    _add(admin_client, "447700900500")
    response = admin_client.post(f"/inbound-number/service/{service.id}", json={})
    assert response.status_code == 201
    assert _senders(session, service) == [
        ("447700900500", True, True),
        ("POSTROOM", False, False),
        ("Parking", False, False),
    ]


def test_allocating_a_chosen_number(admin_client, session, service):
    _add(admin_client, "447700900500")
    _add(admin_client, "447700900501")
    chosen = next(n for n in _numbers(admin_client) if n["number"] == "447700900501")
    response = admin_client.post(
        f"/inbound-number/service/{service.id}", json={"inbound_number_id": chosen["id"]}
    )
    assert response.status_code == 201
    assert response.get_json()["inbound_number_id"] == chosen["id"]
    assert [n["number"] for n in _numbers(admin_client, "/inbound-number/available")] == [
        "447700900500"
    ]


def test_with_no_number_available_allocating_is_refused(admin_client, session, service):
    response = admin_client.post(f"/inbound-number/service/{service.id}", json={})
    assert response.status_code == 409
    assert response.get_json()["message"] == "There are no available inbound numbers"
    assert _senders(session, service) == [("POSTROOM", True, False)]


def test_one_service_cannot_take_another_services_number(admin_client, session, service):
    other = create_service(session)
    _add(admin_client, "447700900500")
    admin_client.post(f"/inbound-number/service/{other.id}", json={})
    taken = _numbers(admin_client)[0]["id"]
    response = admin_client.post(
        f"/inbound-number/service/{service.id}", json={"inbound_number_id": taken}
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == f"Inbound number: {taken} is not available"
    assert admin_client.get(f"/inbound-number/service/{service.id}").get_json() == {"data": {}}
    assert _senders(session, service) == [("POSTROOM", True, False)]


def test_a_service_with_a_number_cannot_take_a_second(admin_client, service):
    _add(admin_client, "447700900500")
    _add(admin_client, "447700900501")
    admin_client.post(f"/inbound-number/service/{service.id}", json={})
    free = _numbers(admin_client, "/inbound-number/available")[0]["id"]
    response = admin_client.post(
        f"/inbound-number/service/{service.id}", json={"inbound_number_id": free}
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "This service already has an inbound number"


@pytest.mark.parametrize(
    "body", [{"inbound_number_id": "nope"}, {"inbound_number_id": None}, {"x": 1}, []]
)
def test_bad_allocation_bodies_are_refused(admin_client, service, body):
    _add(admin_client, "447700900500")
    response = admin_client.post(f"/inbound-number/service/{service.id}", json=body)
    assert response.status_code == 400
    assert len(_numbers(admin_client, "/inbound-number/available")) == 1


def test_allocating_to_an_unknown_service_is_404(admin_client):
    _add(admin_client, "447700900500")
    assert admin_client.post(f"/inbound-number/service/{uuid.uuid4()}", json={}).status_code == 404
    assert admin_client.post("/inbound-number/service/not-a-uuid", json={}).status_code == 404


def test_switching_off_then_on_again_keeps_the_services_number(admin_client, session, service):
    _add(admin_client, "447700900500")
    _add(admin_client, "447700900501")
    number_id = admin_client.post(f"/inbound-number/service/{service.id}", json={}).get_json()[
        "inbound_number_id"
    ]
    assert admin_client.post(f"/inbound-number/service/{service.id}/off").status_code == 204
    off = admin_client.get(f"/inbound-number/service/{service.id}").get_json()["data"]
    assert (off["id"], off["active"]) == (number_id, False)
    again = admin_client.post(f"/inbound-number/service/{service.id}", json={}).get_json()
    assert again["inbound_number_id"] == number_id
    assert session.get(InboundNumber, uuid.UUID(number_id)).active is True
    assert _senders(session, service) == [("447700900500", True, True)]


def test_switching_off_a_service_without_a_number_is_404(admin_client, service):
    response = admin_client.post(f"/inbound-number/service/{service.id}/off")
    assert response.status_code == 404
    assert response.get_json()["message"] == "This service has no inbound number"


TOKEN = "provider-token-" + "z" * 20


@pytest.fixture
def provider_token(monkeypatch):
    monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), receipt_tokens=(TOKEN,)))


def _text_to(client, number: str, content: str):
    return client.post(
        "/providers/textco/inbound-sms",
        json={"to": number, "from": "447700900123", "content": content},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


def test_texts_to_an_allocated_number_reach_its_service_only(
    admin_client, anonymous_client, session, service, provider_token
):
    other = create_service(session)
    _add(admin_client, "07700 900500")
    _add(admin_client, "07700 900501")
    admin_client.post(f"/inbound-number/service/{service.id}", json={})
    admin_client.post(f"/inbound-number/service/{other.id}", json={})
    assert _text_to(anonymous_client, "+447700900500", "for the first").status_code == 204
    assert _text_to(anonymous_client, "447700900501", "for the other").status_code == 204
    session.expire_all()
    received = {(m.service_id, m.notify_number) for m in session.scalars(select(InboundSms))}
    assert received == {(service.id, "447700900500"), (other.id, "447700900501")}

    admin_client.post(f"/inbound-number/service/{service.id}/off")
    _text_to(anonymous_client, "447700900500", "after switching off")
    session.expire_all()
    assert len(session.scalars(select(InboundSms)).all()) == 2


def test_a_sender_sending_from_the_inbound_number_keeps_the_number(admin_client, service):
    _add(admin_client, "60060")
    sender = admin_client.post(f"/inbound-number/service/{service.id}", json={}).get_json()
    url = f"/service/{service.id}/sms-sender/{sender['id']}"
    changed = admin_client.post(url, json={"sms_sender": "Council", "is_default": True})
    assert changed.status_code == 400
    assert changed.get_json()["message"] == (
        f"You can not change the inbound number for service {service.id}"
    )
    same = admin_client.post(url, json={"sms_sender": "60060", "is_default": True})
    assert same.status_code == 200
    assert same.get_json()["data"]["sms_sender"] == "60060"
