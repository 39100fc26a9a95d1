"""Admin API: the guest list of a trial-mode service."""

from __future__ import annotations

import uuid

import pytest


def test_new_service_has_an_empty_guest_list(admin_client, service):
    response = admin_client.get(f"/service/{service.id}/guest-list")
    assert response.get_json() == {"email_addresses": [], "phone_numbers": []}


def test_put_replaces_the_guest_list_and_normalises_numbers(admin_client, service):
    body = {
        "email_addresses": ["test1@example.gov.uk", "test2@example.gov.uk"],
        "phone_numbers": ["07700 900123", "+447700900456"],
    }
    assert admin_client.put(f"/service/{service.id}/guest-list", json=body).status_code == 204
    data = admin_client.get(f"/service/{service.id}/guest-list").get_json()
    assert sorted(data["email_addresses"]) == ["test1@example.gov.uk", "test2@example.gov.uk"]
    assert sorted(data["phone_numbers"]) == ["+447700900123", "+447700900456"]

    admin_client.put(
        f"/service/{service.id}/guest-list",
        json={"email_addresses": [], "phone_numbers": ["+447700900999"]},
    )
    data = admin_client.get(f"/service/{service.id}/guest-list").get_json()
    assert data == {"email_addresses": [], "phone_numbers": ["+447700900999"]}


def test_invalid_entry_changes_nothing(admin_client, service):
    admin_client.put(
        f"/service/{service.id}/guest-list",
        json={"email_addresses": ["keep@example.gov.uk"], "phone_numbers": []},
    )
    response = admin_client.put(
        f"/service/{service.id}/guest-list",
        json={"email_addresses": ["fine@example.gov.uk", "not an email"], "phone_numbers": []},
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        'Invalid guest list: "not an email" is not a valid email address or phone number'
    )
    data = admin_client.get(f"/service/{service.id}/guest-list").get_json()
    assert data["email_addresses"] == ["keep@example.gov.uk"]


def test_invalid_phone_number_is_refused(admin_client, service):
    response = admin_client.put(
        f"/service/{service.id}/guest-list",
        json={"email_addresses": [], "phone_numbers": ["12"]},
    )
    assert response.status_code == 400
    assert '"12"' in response.get_json()["message"]


def test_guest_list_needs_both_lists(admin_client, service):
    response = admin_client.put(f"/service/{service.id}/guest-list", json={"email_addresses": []})
    assert response.status_code == 400
    assert response.get_json()["message"] == {"phone_numbers": ["Missing data for required field."]}


def test_guest_list_of_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}/guest-list").status_code == 404
    response = admin_client.put(
        f"/service/{uuid.uuid4()}/guest-list", json={"email_addresses": [], "phone_numbers": []}
    )
    assert response.status_code == 404


def test_guest_list_keeps_each_entry_once_and_takes_international_numbers(admin_client, service):
    body = {
        "email_addresses": ["a@example.gov.uk", "a@example.gov.uk"],
        "phone_numbers": ["+1 202 555 0123", "07700900123", "+447700900123"],
    }
    admin_client.put(f"/service/{service.id}/guest-list", json=body)
    data = admin_client.get(f"/service/{service.id}/guest-list").get_json()
    assert data["email_addresses"] == ["a@example.gov.uk"]
    assert sorted(data["phone_numbers"]) == ["+12025550123", "+447700900123"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"email_addresses": "a@b.gov.uk", "phone_numbers": []}, "email_addresses", "list"),
        ({"email_addresses": [], "phone_numbers": [7700900123]}, "phone_numbers.0", "string"),
        ({"email_addresses": [], "phone_numbers": [], "notes": ""}, "notes", "Unknown field."),
    ],
)
def test_guest_list_says_which_field_is_wrong(admin_client, service, body, field, message):
    response = admin_client.put(f"/service/{service.id}/guest-list", json=body)
    assert response.status_code == 400
    assert message in response.get_json()["message"][field][0]
