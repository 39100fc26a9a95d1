"""Public API: GET /v2/notifications/<id>."""

from __future__ import annotations

import uuid

from tests.factories import create_service, create_template
from tests.fixtures.service_api import ServiceClient, make_key


def test_get_notification_shows_the_message_as_sent(session, live_client, live_service):
    template = create_template(session, live_service, content="Hi ((name))")
    sent = live_client.post(
        "/v2/notifications/sms",
        json={
            "phone_number": "07700900456",
            "template_id": str(template.id),
            "personalisation": {"name": "Ada"},
        },
    ).get_json()
    # A later edit to the template does not change what the message said.
    template.content = "Changed"
    session.commit()
    data = live_client.get(f"/v2/notifications/{sent['id']}").get_json()
    assert data["body"] == "Hi Ada"  # as Notify: the service-name prefix is only sent
    # The simulated provider's receipt has already come back (tasks run eagerly in tests).
    assert (data["type"], data["status"], data["phone_number"]) == (
        "sms",
        "delivered",
        "07700900456",
    )
    assert data["sent_at"] is not None and data["completed_at"] is not None


def test_another_services_notification_is_404(session, api_app, live_client, live_service, user):
    template = create_template(session, live_service, content="Hi")
    sent = live_client.post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900456", "template_id": str(template.id)},
    ).get_json()
    other = create_service(session, user=user, restricted=False)
    other_client = ServiceClient(api_app, other.id, make_key(session, other, "normal"))
    response = other_client.get(f"/v2/notifications/{sent['id']}")
    assert response.status_code == 404


def test_unknown_notification_is_404(live_client):
    response = live_client.get(f"/v2/notifications/{uuid.uuid4()}")
    assert response.status_code == 404
