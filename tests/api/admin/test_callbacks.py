"""Admin API: delivery status and received text message callbacks."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.delivery.service_callbacks import bearer_token_of
from postroom.models import ServiceCallback, ServiceCallbackHistory
from tests.factories import create_service

PATHS = ["delivery-receipt-api", "inbound-api"]


def _body(user, **overrides):
    return {
        "url": "https://service.example.gov.uk/callback",
        "bearer_token": "a-secret-token-123",
        "updated_by_id": str(user.id),
        **overrides,
    }


@pytest.mark.parametrize("path", PATHS)
def test_create_get_update_and_delete_a_callback(admin_client, session, service, user, path):
    response = admin_client.post(f"/service/{service.id}/{path}", json=_body(user))
    assert response.status_code == 201
    created = response.get_json()["data"]
    assert "bearer_token" not in created
    stored = session.get(ServiceCallback, uuid.UUID(created["id"]))
    assert stored.bearer_token != "a-secret-token-123"
    assert bearer_token_of(stored) == "a-secret-token-123"

    url = f"/service/{service.id}/{path}/{created['id']}"
    assert admin_client.get(url).get_json()["data"]["url"] == created["url"]
    changed = admin_client.post(
        url, json={"url": "https://new.example.gov.uk/cb", "updated_by_id": str(user.id)}
    )
    assert changed.get_json()["data"]["url"] == "https://new.example.gov.uk/cb"
    assert session.query(ServiceCallbackHistory).filter_by(id=stored.id).count() == 2

    assert admin_client.delete(url).status_code == 204
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_only_one_callback_of_each_kind(admin_client, service, user, path):
    admin_client.post(f"/service/{service.id}/{path}", json=_body(user))
    again = admin_client.post(f"/service/{service.id}/{path}", json=_body(user))
    assert again.status_code == 400


@pytest.mark.parametrize(
    "url", ["http://service.example.gov.uk/cb", "ftp://x", "not a url", "http://127.0.0.1:9/cb"]
)
def test_url_must_be_https(admin_client, service, user, url):
    response = admin_client.post(
        f"/service/{service.id}/delivery-receipt-api", json=_body(user, url=url)
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {"url": ["url is not a valid https url"]}


def test_bearer_token_needs_ten_characters(admin_client, service, user):
    response = admin_client.post(
        f"/service/{service.id}/delivery-receipt-api", json=_body(user, bearer_token="short")
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {"bearer_token": ["Must be at least 10 characters."]}


def test_unknown_updater_is_404(admin_client, service, user):
    response = admin_client.post(
        f"/service/{service.id}/inbound-api", json=_body(user, updated_by_id=str(uuid.uuid4()))
    )
    assert response.status_code == 404


def test_delivery_callback_is_not_reachable_as_inbound(admin_client, service, user):
    created = admin_client.post(
        f"/service/{service.id}/delivery-receipt-api", json=_body(user)
    ).get_json()["data"]
    assert admin_client.get(f"/service/{service.id}/inbound-api/{created['id']}").status_code == 404


def test_another_services_callback_is_404(admin_client, session, service, user):
    other = create_service(session, user=user)
    created = admin_client.post(
        f"/service/{other.id}/delivery-receipt-api", json=_body(user)
    ).get_json()["data"]
    url = f"/service/{service.id}/delivery-receipt-api/{created['id']}"
    assert admin_client.get(url).status_code == 404
    assert admin_client.delete(url).status_code == 404


def test_http_to_this_machine_only_when_allowed(session, service, user, monkeypatch):
    from dataclasses import replace

    from postroom import runtime
    from postroom.domain.services.callbacks import check_url
    from postroom.domain.vocabulary.errors import InvalidRequest

    with pytest.raises(InvalidRequest):
        check_url("http://localhost:8000/cb")
    monkeypatch.setattr(
        runtime, "_settings", replace(runtime.settings(), allow_http_callbacks=True)
    )
    assert check_url("http://localhost:8000/cb") == "http://localhost:8000/cb"
    with pytest.raises(InvalidRequest):
        check_url("http://service.example.gov.uk/cb")
