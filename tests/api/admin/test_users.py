"""Admin API: users."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.accounts.users import check_password
from postroom.models import User
from tests.conftest import AdminClient
from tests.factories import create_service, create_user

NEW_USER = {
    "name": "Ada Lovelace",
    "email_address": "ada@example.gov.uk",
    "password": "analytical engine 1843",
    "mobile_number": "07700 900123",
}


def test_create_user(admin_client, session):
    response = admin_client.post("/user", json=NEW_USER)
    assert response.status_code == 201
    data = response.get_json()["data"]
    assert data["name"] == "Ada Lovelace"
    assert data["mobile_number"] == "+447700900123"
    assert data["auth_type"] == "sms_auth"
    assert data["platform_admin"] is False
    assert "password" not in data and "password_hash" not in data
    stored = session.get(User, uuid.UUID(data["id"]))
    assert stored.password_hash != NEW_USER["password"]
    assert check_password(stored, NEW_USER["password"])


def test_create_user_with_email_sign_in_needs_no_mobile(admin_client):
    body = {**NEW_USER, "auth_type": "email_auth", "mobile_number": None}
    assert admin_client.post("/user", json=body).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"email_address": "not-an-email"}, "email_address"),
        ({"mobile_number": "12"}, "mobile_number"),
        ({"mobile_number": None}, "mobile_number"),
        ({"auth_type": "carrier_pigeon"}, "auth_type"),
        ({"is_admin": True}, "is_admin"),
    ],
)
def test_create_user_says_what_is_wrong(admin_client, change, field):
    response = admin_client.post("/user", json={**NEW_USER, **change})
    assert response.status_code == 400
    assert field in response.get_json()["message"]


def test_create_user_refuses_an_email_address_in_use_whatever_its_case(admin_client):
    admin_client.post("/user", json=NEW_USER)
    response = admin_client.post("/user", json={**NEW_USER, "email_address": "ADA@example.gov.uk"})
    assert response.status_code == 400
    assert response.get_json()["message"] == {"email_address": ["Email address already in use."]}


def test_get_user_lists_services_and_permissions(admin_client, session, user):
    service = create_service(session, user=user)
    data = admin_client.get(f"/user/{user.id}").get_json()["data"]
    assert data["services"] == [str(service.id)]
    assert "send_texts" in data["permissions"][str(service.id)]


def test_get_user_leaves_out_archived_services(admin_client, session, user):
    service = create_service(session, user=user)
    admin_client.post(f"/service/{service.id}/archive")
    data = admin_client.get(f"/user/{user.id}").get_json()["data"]
    assert data["services"] == [] and data["permissions"] == {}


def test_get_unknown_user_is_404(admin_client):
    assert admin_client.get(f"/user/{uuid.uuid4()}").status_code == 404


def test_update_user(admin_client, user):
    response = admin_client.post(
        f"/user/{user.id}", json={"name": "New Name", "mobile_number": "+447700900456"}
    )
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert (data["name"], data["mobile_number"]) == ("New Name", "+447700900456")


def test_update_user_refuses_another_users_email(admin_client, session, user):
    other = create_user(session)
    response = admin_client.post(f"/user/{user.id}", json={"email_address": other.email_address})
    assert response.status_code == 400


def test_update_user_cannot_set_a_password(admin_client, user):
    response = admin_client.post(f"/user/{user.id}", json={"password": "new password 123"})
    assert response.status_code == 400
    assert response.get_json()["message"] == {"password": ["Unknown field."]}


def test_update_unknown_user_is_404(admin_client):
    assert admin_client.post(f"/user/{uuid.uuid4()}", json={"name": "x"}).status_code == 404


def test_find_user_by_email_ignores_case(admin_client, user):
    response = admin_client.post("/user/email", json={"email": user.email_address.upper()})
    assert response.status_code == 200
    assert response.get_json()["data"]["id"] == str(user.id)


def test_find_unknown_email_is_404(admin_client):
    response = admin_client.post("/user/email", json={"email": "nobody@example.gov.uk"})
    assert response.status_code == 404


def test_find_user_needs_an_email(admin_client):
    response = admin_client.post("/user/email", json={})
    assert response.status_code == 400
    assert response.get_json()["message"] == {"email": ["Missing data for required field."]}


def test_two_users_created_at_once_with_one_address(api_app, session, side_by_side):
    clients = [AdminClient(api_app), AdminClient(api_app)]
    responses = side_by_side(
        "lower(users.email_address) =",  # both past the check that the address is free
        *(lambda c=c: c.post("/user", json=NEW_USER) for c in clients),
    )
    assert sorted(r.status_code for r in responses) == [201, 400]
    refused = next(r for r in responses if r.status_code == 400).get_json()
    assert refused["message"] == {"email_address": ["Email address already in use."]}
