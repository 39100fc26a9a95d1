"""Admin API: API keys."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.services.api_keys import combined_key, decrypted_secret
from postroom.models import ApiKey, ApiKeyHistory
from tests.factories import create_service


def _create(admin_client, service, user, key_type="team", name="Integration"):
    return admin_client.post(
        f"/service/{service.id}/api-key",
        json={"name": name, "key_type": key_type, "created_by": str(user.id)},
    )


def test_create_key_shows_its_secret_once_and_stores_it_encrypted(
    admin_client, session, service, user
):
    response = _create(admin_client, service, user)
    assert response.status_code == 201
    secret = response.get_json()["data"]
    uuid.UUID(secret)
    key = session.query(ApiKey).one()
    assert key.secret != secret
    assert decrypted_secret(key) == secret
    listed = admin_client.get(f"/service/{service.id}/api-keys").get_json()["apiKeys"]
    assert secret not in str(listed)


@pytest.mark.parametrize("key_type", ["team", "test"])
def test_trial_service_can_create_team_and_test_keys(admin_client, service, user, key_type):
    assert _create(admin_client, service, user, key_type=key_type).status_code == 201


def test_trial_service_cannot_create_a_live_key(admin_client, service, user):
    response = _create(admin_client, service, user, key_type="normal")
    assert response.status_code == 400
    assert "key_type" in response.get_json()["message"]


def test_live_service_can_create_a_live_key(admin_client, session, user):
    service = create_service(session, user=user, restricted=False)
    assert _create(admin_client, service, user, key_type="normal").status_code == 201


def test_archived_service_cannot_create_keys(admin_client, service, user):
    admin_client.post(f"/service/{service.id}/archive")
    assert _create(admin_client, service, user).status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key_type": "team"}, "name"),
        ({"name": "k", "key_type": "root"}, "key_type"),
        ({"name": "k", "key_type": "team", "created_by": "me"}, "created_by"),
    ],
)
def test_create_key_says_which_field_is_wrong(admin_client, service, body, field):
    response = admin_client.post(f"/service/{service.id}/api-key", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["message"]


def test_list_and_get_keys(admin_client, session, service, user):
    _create(admin_client, service, user, name="One")
    _create(admin_client, service, user, name="Two", key_type="test")
    keys = admin_client.get(f"/service/{service.id}/api-keys").get_json()["apiKeys"]
    assert [(k["name"], k["key_type"]) for k in keys] == [("One", "team"), ("Two", "test")]
    one = admin_client.get(f"/service/{service.id}/api-keys/{keys[0]['id']}").get_json()
    assert one["apiKeys"][0]["name"] == "One"


def test_revoke_key_sets_expiry_and_keeps_history(admin_client, session, service, user):
    _create(admin_client, service, user)
    key = session.query(ApiKey).one()
    url = f"/service/{service.id}/api-key/revoke/{key.id}"
    assert admin_client.post(url).status_code == 202
    listed = admin_client.get(f"/service/{service.id}/api-keys").get_json()["apiKeys"]
    assert listed[0]["expiry_date"] is not None
    assert session.query(ApiKeyHistory).filter_by(id=key.id).count() == 2


def test_another_services_key_is_404(admin_client, session, service, user):
    other = create_service(session, user=user)
    _create(admin_client, other, user)
    key = session.query(ApiKey).one()
    assert admin_client.get(f"/service/{service.id}/api-keys/{key.id}").status_code == 404
    assert admin_client.post(f"/service/{service.id}/api-key/revoke/{key.id}").status_code == 404


def test_combined_key_has_notifys_format():
    service_id = uuid.UUID("7d3f3e6b-1b9a-4f5c-8d2e-2b7e1e0f9a11")
    secret = "0f4e0d5c-6b7a-4c3d-9e8f-1a2b3c4d5e6f"
    key = combined_key("My Key", service_id, secret)
    assert key == f"my_key-{service_id}-{secret}"
    # The official clients read the secret and service id from the end of the key.
    assert key[-36:] == secret and key[-73:-37] == str(service_id)
