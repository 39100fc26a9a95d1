"""Admin API: text message senders, email reply-to addresses and letter contact blocks."""

from __future__ import annotations

import uuid

import pytest

from postroom.models import InboundNumber, Template
from tests.factories import create_service, create_template

KINDS = {
    "sms-sender": ("sms_sender", "Council", "Parking", "Permits"),
    "email-reply-to": (
        "email_address",
        "help@example.gov.uk",
        "other@example.gov.uk",
        "changed@example.gov.uk",
    ),
    "letter-contact": ("contact_block", "Town Hall\nHigh Street", "Civic Centre", "Library"),
}


def _add(client, service, path, value, is_default=True):
    field = KINDS[path][0]
    return client.post(
        f"/service/{service.id}/{path}", json={field: value, "is_default": is_default}
    )


def test_new_service_has_the_default_sms_sender_only(admin_client, service):
    senders = admin_client.get(f"/service/{service.id}/sms-sender").get_json()
    assert [(s["sms_sender"], s["is_default"]) for s in senders] == [("POSTROOM", True)]


@pytest.mark.parametrize("path", ["email-reply-to", "letter-contact"])
def test_new_service_has_no_reply_to_or_letter_contact(admin_client, service, path):
    assert admin_client.get(f"/service/{service.id}/{path}").get_json() == []


@pytest.mark.parametrize("path", list(KINDS))
def test_adding_a_default_makes_it_the_only_default(admin_client, service, path):
    field, first, second, _changed = KINDS[path]
    _add(admin_client, service, path, first)
    response = _add(admin_client, service, path, second)
    assert response.status_code == 201
    listed = admin_client.get(f"/service/{service.id}/{path}").get_json()
    defaults = [c[field] for c in listed if c["is_default"]]
    assert defaults == [second]


@pytest.mark.parametrize("path", list(KINDS))
def test_get_update_and_archive_one(admin_client, service, path):
    field, first, second, changed = KINDS[path]
    _add(admin_client, service, path, first)
    created = _add(admin_client, service, path, second, is_default=False).get_json()["data"]
    url = f"/service/{service.id}/{path}/{created['id']}"
    assert admin_client.get(url).get_json()[field] == created[field]
    updated = admin_client.post(url, json={field: changed, "is_default": False})
    assert updated.status_code == 200
    assert updated.get_json()["data"][field] == changed
    archived = admin_client.post(f"{url}/archive")
    assert archived.status_code == 200 and archived.get_json()["data"]["archived"] is True
    listed = admin_client.get(f"/service/{service.id}/{path}").get_json()
    assert created["id"] not in {c["id"] for c in listed}


@pytest.mark.parametrize("path", list(KINDS))
def test_another_services_contact_is_404(admin_client, session, service, path):
    other = create_service(session)
    created = _add(admin_client, other, path, KINDS[path][1]).get_json()["data"]
    url = f"/service/{service.id}/{path}/{created['id']}"
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(f"{url}/archive").status_code == 404
    field = KINDS[path][0]
    assert admin_client.post(url, json={field: "x", "is_default": True}).status_code == 404


@pytest.mark.parametrize("path", list(KINDS))
def test_unknown_service_is_404(admin_client, path):
    assert admin_client.get(f"/service/{uuid.uuid4()}/{path}").status_code == 404


@pytest.mark.parametrize("path", list(KINDS))
def test_missing_fields_are_named(admin_client, service, path):
    response = admin_client.post(f"/service/{service.id}/{path}", json={})
    assert response.status_code == 400
    assert set(response.get_json()["message"]) == {KINDS[path][0], "is_default"}


def test_first_reply_to_address_must_be_the_default(admin_client, service):
    response = _add(admin_client, service, "email-reply-to", "a@example.gov.uk", is_default=False)
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "You must have at least one reply to email address as the default."
    )


def test_reply_to_address_must_be_valid_and_not_a_duplicate(admin_client, service):
    bad = _add(admin_client, service, "email-reply-to", "not an address")
    assert bad.status_code == 400
    _add(admin_client, service, "email-reply-to", "help@example.gov.uk")
    again = _add(admin_client, service, "email-reply-to", "HELP@example.gov.uk")
    assert again.status_code == 400
    assert "already uses" in again.get_json()["message"]


def test_default_reply_to_cannot_be_archived_while_others_exist(admin_client, service):
    first = _add(admin_client, service, "email-reply-to", "a@example.gov.uk").get_json()["data"]
    _add(admin_client, service, "email-reply-to", "b@example.gov.uk", is_default=False)
    response = admin_client.post(f"/service/{service.id}/email-reply-to/{first['id']}/archive")
    assert response.status_code == 400


def test_only_reply_to_can_be_archived_even_though_default(admin_client, service):
    only = _add(admin_client, service, "email-reply-to", "a@example.gov.uk").get_json()["data"]
    response = admin_client.post(f"/service/{service.id}/email-reply-to/{only['id']}/archive")
    assert response.status_code == 200


def test_default_cannot_be_made_not_default(admin_client, service):
    created = _add(admin_client, service, "email-reply-to", "a@example.gov.uk").get_json()["data"]
    response = admin_client.post(
        f"/service/{service.id}/email-reply-to/{created['id']}",
        json={"email_address": "a@example.gov.uk", "is_default": False},
    )
    assert response.status_code == 400


def test_default_sms_sender_cannot_be_archived(admin_client, service):
    default = admin_client.get(f"/service/{service.id}/sms-sender").get_json()[0]
    response = admin_client.post(f"/service/{service.id}/sms-sender/{default['id']}/archive")
    assert response.status_code == 400
    assert response.get_json()["message"] == "You cannot delete a default SMS sender"


@pytest.mark.parametrize("sender", ["AB", "TWELVE CHARS", "!!!", "12"])
def test_sms_sender_must_be_3_to_11_characters_or_a_number(admin_client, service, sender):
    response = _add(admin_client, service, "sms-sender", sender)
    assert response.status_code == 400
    assert "sms_sender" in response.get_json()["message"]


def test_sms_sender_can_be_a_phone_number(admin_client, service):
    response = _add(admin_client, service, "sms-sender", "07700 900123")
    assert response.get_json()["data"]["sms_sender"] == "447700900123"


def test_sms_sender_from_an_inbound_number_claims_the_number(admin_client, session, service):
    number = InboundNumber(number="447700900500", provider="smpp")
    session.add(number)
    session.commit()
    _add(admin_client, service, "sms-sender", "Parking", is_default=False)  # two senders: added
    response = admin_client.post(
        f"/service/{service.id}/sms-sender",
        json={"sms_sender": "ignored", "is_default": True, "inbound_number_id": str(number.id)},
    )
    data = response.get_json()["data"]
    assert (data["sms_sender"], data["inbound_number_id"]) == ("447700900500", str(number.id))
    session.expire_all()
    assert session.get(InboundNumber, number.id).service_id == service.id
    second = admin_client.get(f"/service/{service.id}/sms-sender").get_json()
    other = next(s for s in second if s["id"] != data["id"])
    admin_client.post(
        f"/service/{service.id}/sms-sender/{other['id']}",
        json={"sms_sender": other["sms_sender"], "is_default": True},
    )
    response = admin_client.post(f"/service/{service.id}/sms-sender/{data['id']}/archive")
    assert response.status_code == 400
    assert response.get_json()["message"] == "You cannot delete an inbound number"


def test_another_services_inbound_number_is_refused(admin_client, session, service):
    number = InboundNumber(
        number="447700900501", provider="smpp", service_id=create_service(session).id
    )
    session.add(number)
    session.commit()
    response = admin_client.post(
        f"/service/{service.id}/sms-sender",
        json={"sms_sender": "x", "is_default": False, "inbound_number_id": str(number.id)},
    )
    assert response.status_code == 400


def test_archiving_a_letter_contact_takes_it_off_templates(admin_client, session, service):
    contact = _add(admin_client, service, "letter-contact", "Town Hall").get_json()["data"]
    template = create_template(session, service, template_type="letter")
    template.service_letter_contact_id = uuid.UUID(contact["id"])
    session.commit()
    admin_client.post(f"/service/{service.id}/letter-contact/{contact['id']}/archive")
    session.expire_all()
    assert session.get(Template, template.id).service_letter_contact_id is None


def test_letter_contact_needs_no_default(admin_client, service):
    response = _add(admin_client, service, "letter-contact", "Town Hall", is_default=False)
    assert response.status_code == 201


def test_letter_contact_of_more_than_ten_lines_is_refused(admin_client, service):
    response = _add(admin_client, service, "letter-contact", "\n".join(["line"] * 11))
    assert response.status_code == 400
