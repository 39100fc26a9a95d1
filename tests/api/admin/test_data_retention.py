"""Admin API: data retention per message type."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.services.retention_periods import days_of_retention
from tests.factories import create_service


def _create(client, service, notification_type="sms", days=30):
    return client.post(
        f"/service/{service.id}/data-retention",
        json={"notification_type": notification_type, "days_of_retention": days},
    )


def test_default_is_seven_days(session, service):
    assert days_of_retention(session, service.id, "email") == 7


def test_create_and_read_retention(admin_client, session, service):
    response = _create(admin_client, service)
    assert response.status_code == 201
    created = response.get_json()["result"]
    assert (created["notification_type"], created["days_of_retention"]) == ("sms", 30)
    assert days_of_retention(session, service.id, "sms") == 30
    assert days_of_retention(session, service.id, "email") == 7
    listed = admin_client.get(f"/service/{service.id}/data-retention").get_json()
    assert [r["id"] for r in listed] == [created["id"]]
    one = admin_client.get(f"/service/{service.id}/data-retention/{created['id']}").get_json()
    assert one["days_of_retention"] == 30
    by_type = admin_client.get(f"/service/{service.id}/data-retention/notification-type/sms")
    assert by_type.get_json()["id"] == created["id"]


def test_type_without_retention_gives_an_empty_object(admin_client, service):
    response = admin_client.get(f"/service/{service.id}/data-retention/notification-type/letter")
    assert response.status_code == 200 and response.get_json() == {}


def test_unknown_type_is_404(admin_client, service):
    response = admin_client.get(f"/service/{service.id}/data-retention/notification-type/fax")
    assert response.status_code == 404


def test_second_retention_for_a_type_is_refused(admin_client, service):
    _create(admin_client, service)
    response = _create(admin_client, service, days=10)
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Service already has data retention for sms notification type"
    )


@pytest.mark.parametrize("days", [2, 91, "7"])
def test_days_must_be_between_3_and_90(admin_client, service, days):
    response = _create(admin_client, service, days=days)
    assert response.status_code == 400
    assert "days_of_retention" in response.get_json()["message"]


def test_update_retention(admin_client, session, service):
    created = _create(admin_client, service).get_json()["result"]
    url = f"/service/{service.id}/data-retention/{created['id']}"
    assert admin_client.post(url, json={"days_of_retention": 60}).status_code == 204
    assert days_of_retention(session, service.id, "sms") == 60
    assert admin_client.post(url, json={"days_of_retention": 100}).status_code == 400


def test_another_services_retention_is_404(admin_client, session, service):
    other = create_service(session)
    created = _create(admin_client, other).get_json()["result"]
    url = f"/service/{service.id}/data-retention/{created['id']}"
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, json={"days_of_retention": 10}).status_code == 404


def test_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}/data-retention").status_code == 404
    assert _create(admin_client, type("S", (), {"id": uuid.uuid4()})).status_code == 404


def test_the_domain_refuses_a_retention_out_of_range_whoever_asks(session, service):
    from postroom.domain.services import retention_periods
    from postroom.domain.vocabulary.errors import InvalidRequest

    for days in (2, 91):
        with pytest.raises(InvalidRequest, match="between 3 and 90"):
            retention_periods.add_retention(session, service.id, "sms", days)
    retention = retention_periods.add_retention(session, service.id, "sms", 3)
    with pytest.raises(InvalidRequest, match="between 3 and 90"):
        retention_periods.update_retention(session, service.id, retention.id, 0)
