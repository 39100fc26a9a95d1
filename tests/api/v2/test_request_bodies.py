"""How the public API reads request bodies and words schema errors, as GOV.UK Notify's does:
JSON whatever the Content-Type, `scheduled_for` checked then ignored, messages without quotes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import requests
from notifications_python_client.notifications import NotificationsAPIClient

from postroom.clock import frozen, utcnow
from postroom.domain.services.api_keys import combined_key
from tests.factories import create_template
from tests.fixtures.service_api import make_key, service_token

INVALID_JSON = ("BadRequestError", "Invalid JSON supplied in POST data")
BAD_DATETIME = (
    "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, "
    "https://en.wikipedia.org/wiki/ISO_8601"
)


def _errors(response) -> list[tuple[str, str]]:
    body = response.get_json()
    assert body["status_code"] == response.status_code
    return [(e["error"], e["message"]) for e in body["errors"]]


@pytest.fixture
def template(session, live_service):
    return create_template(session, live_service, content="Hello")


def _sms_body(template, **fields) -> dict:
    return {"phone_number": "07700 900123", "template_id": str(template.id), **fields}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_json_body_is_read_whatever_its_content_type(live_client, template, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = live_client.post(
        "/v2/notifications/sms", data=json.dumps(_sms_body(template)), headers=headers
    )
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("data", ["", "{not json", "template_id=dont-convert-to-json"])
def test_a_body_that_is_not_json_is_refused_with_notifys_message(live_client, data):
    response = live_client.post(
        "/v2/notifications/sms", data=data, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert _errors(response) == [INVALID_JSON]


@pytest.mark.parametrize("data", ["null", "[]", '""', "0"])
def test_an_empty_json_value_is_taken_as_an_empty_object(live_client, data):
    response = live_client.post("/v2/notifications/email", data=data)
    assert _errors(response) == [
        ("ValidationError", "email_address is a required property"),
        ("ValidationError", "template_id is a required property"),
    ]


def test_over_http_a_body_sent_as_text_is_read_as_json(session, api_server, live_service, template):
    token = service_token(live_service.id, make_key(session, live_service, "normal"))
    response = requests.post(
        f"{api_server}/v2/notifications/sms",
        data=json.dumps(_sms_body(template)),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"},
        timeout=10,
    )
    assert response.status_code == 201
    broken = requests.post(
        f"{api_server}/v2/notifications/sms",
        data="{",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert broken.status_code == 400
    assert broken.json()["errors"] == [{"error": INVALID_JSON[0], "message": INVALID_JSON[1]}]


def test_the_admin_api_keeps_its_own_message(admin_client):
    response = admin_client.post("/service", data="{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["message"] == "Invalid JSON supplied."


NOW = datetime(2026, 3, 31, 23, 30)


@pytest.mark.parametrize(
    "scheduled_for",
    [
        None,
        "2026-04-01 10:00",
        "2026-04-01T23:29:59Z",
        "2026-03-31T23:30:00.5",
        "20260401T0900",
        "2026-04-01T10:00:00+05:00",  # the zone is dropped, not converted, as Notify does
    ],
)
@pytest.mark.parametrize("kind", ["sms", "email"])
def test_scheduled_for_within_the_next_day_is_accepted_and_ignored(
    session, live_client, live_service, kind, scheduled_for
):
    template = create_template(session, live_service, template_type=kind, content="Hi")
    recipient = {"sms": {"phone_number": "07700 900123"}, "email": {"email_address": "a@b.gov.uk"}}
    body = {"template_id": str(template.id), "scheduled_for": scheduled_for, **recipient[kind]}
    with frozen(NOW):
        response = live_client.post(f"/v2/notifications/{kind}", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["scheduled_for"] is None


@pytest.mark.parametrize(
    ("scheduled_for", "message"),
    [
        ("2026-03-31 23:29", "scheduled_for datetime can not be in the past"),
        ("2026-04-01T23:30:01", "scheduled_for datetime can only be 24 hours in the future"),
        ("2026-04-02", "scheduled_for datetime can only be 24 hours in the future"),
        ("tomorrow", BAD_DATETIME),
        ("2026-02-30 10:00", BAD_DATETIME),
        ("202604", BAD_DATETIME),
        (20260401, "scheduled_for 20260401 is not of type string, null"),
    ],
)
def test_scheduled_for_is_validated_with_notifys_messages(
    live_client, template, scheduled_for, message
):
    with frozen(NOW):
        response = live_client.post(
            "/v2/notifications/sms", json=_sms_body(template, scheduled_for=scheduled_for)
        )
    assert response.status_code == 400
    assert _errors(response) == [("ValidationError", message)]


def test_scheduled_for_is_not_taken_by_letters(session, live_client, live_service):
    template = create_template(session, live_service, template_type="letter", content="Hi")
    response = live_client.post(
        "/v2/notifications/letter",
        json={
            "template_id": str(template.id),
            "personalisation": {
                "address_line_1": "A",
                "address_line_2": "B",
                "postcode": "SW1A 1AA",
            },
            "scheduled_for": utcnow().isoformat(),
        },
    )
    assert _errors(response) == [
        ("ValidationError", "Additional properties are not allowed (scheduled_for was unexpected)")
    ]


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        (
            {"colour": "blue"},
            ["Additional properties are not allowed (colour was unexpected)"],
        ),
        ({"reference": 12}, ["reference 12 is not of type string, null"]),
        ({"personalisation": "x"}, ["personalisation x is not of type object"]),
        ({"template_id": 12}, ["template_id is not a valid UUID"]),
        ({"reference": "x" * 1001}, [f"reference {'x' * 1001} is too long"]),
        (
            {"phone_number": None, "template_id": None},
            ["phone_number None is not of type string", "template_id is not a valid UUID"],
        ),
    ],
)
def test_schema_errors_are_worded_as_notifys_without_added_quotes(
    live_client, template, fields, messages
):
    response = live_client.post("/v2/notifications/sms", json=_sms_body(template, **fields))
    assert response.status_code == 400
    assert _errors(response) == [("ValidationError", m) for m in messages]


def test_the_official_client_can_send_scheduled_for(session, api_server, live_service, template):
    """The official client has no argument for it, but posts any body it is given."""
    client = NotificationsAPIClient(
        combined_key("Test", live_service.id, make_key(session, live_service, "normal")),
        base_url=api_server,
    )
    later = (utcnow() + timedelta(hours=1)).isoformat()
    sent = client.post("/v2/notifications/sms", _sms_body(template, scheduled_for=later))
    assert sent["scheduled_for"] is None


def test_recipients_are_checked_with_the_schema_so_all_errors_come_together(live_client):
    response = live_client.post(
        "/v2/notifications/sms", json={"phone_number": "0770090012", "template_id": "nope"}
    )
    assert _errors(response) == [
        ("ValidationError", "phone_number Not enough digits"),
        ("ValidationError", "template_id is not a valid UUID"),
    ]
    response = live_client.post(
        "/v2/notifications/email", json={"email_address": "not an address", "template_id": "x"}
    )
    assert _errors(response) == [
        ("ValidationError", "email_address Not a valid email address"),
        ("ValidationError", "template_id is not a valid UUID"),
    ]
