"""Public API: POST /v2/notifications/sms and /email."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.templates import templates
from postroom.models import GuestListRecipient, Notification, ServicePermission
from tests.factories import create_service, create_template
from tests.fixtures.service_api import ServiceClient, make_key

SMS_CONTENT = "Hi ((name)), your code is ((code))"


def _sms(client, template, **overrides):
    body = {
        "phone_number": "07700 900456",
        "template_id": str(template.id),
        "personalisation": {"name": "Ada", "code": "123"},
        **overrides,
    }
    return client.post("/v2/notifications/sms", json=body)


def _error(response) -> tuple[str, str]:
    error = response.get_json()["errors"][0]
    return error["error"], error["message"]


def test_send_sms_stores_the_notification_and_answers_like_notify(
    session, live_client, live_service
):
    template = create_template(session, live_service, content=SMS_CONTENT)
    response = _sms(live_client, template, reference="ref-1")
    assert response.status_code == 201
    data = response.get_json()
    assert data["content"] == {
        "body": "Hi Ada, your code is 123",
        "from_number": "POSTROOM",
    }
    assert data["reference"] == "ref-1"
    assert data["template"]["id"] == str(template.id) and data["template"]["version"] == 1
    assert data["uri"].endswith(f"/v2/notifications/{data['id']}")
    stored = session.get(Notification, uuid.UUID(data["id"]))
    assert (stored.key_type, stored.normalised_to) == ("normal", "447700900456")
    assert (stored.status, stored.sent_by) == ("delivered", "simulated-sms")
    assert stored.billable_units == 1
    assert personalisation_of(stored) == {"name": "Ada", "code": "123"}
    assert "Ada" not in (stored.personalisation or "")


def test_send_email(session, live_client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hello ((name))",
        content="Dear ((name))",
    )
    response = live_client.post(
        "/v2/notifications/email",
        json={
            "email_address": "someone@example.gov.uk",
            "template_id": str(template.id),
            "personalisation": {"name": "Ada"},
        },
    )
    assert response.status_code == 201
    content = response.get_json()["content"]
    assert (content["subject"], content["body"]) == ("Hello Ada", "Dear Ada")
    assert content["from_email"] == f"{live_service.email_sender_local_part}@postroom.localhost"


def test_an_emails_body_keeps_its_markdown_as_notify_returns_it(session, live_client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hello",
        content="# Your visit\n\nDear ((name)), see [the map](https://example.gov.uk/map)"
        "\n\n* ((items))",
    )
    body = {
        "email_address": "someone@example.gov.uk",
        "template_id": str(template.id),
        "personalisation": {"name": "Ada", "items": "coat"},
    }
    response = live_client.post("/v2/notifications/email", json=body)
    expected = "# Your visit\n\nDear Ada, see [the map](https://example.gov.uk/map)\n\n* coat"
    assert response.get_json()["content"]["body"] == expected
    notification_id = response.get_json()["id"]
    assert live_client.get(f"/v2/notifications/{notification_id}").get_json()["body"] == expected


def test_missing_personalisation_is_refused(session, live_client, live_service):
    template = create_template(session, live_service, content=SMS_CONTENT)
    response = _sms(live_client, template, personalisation={"name": "Ada"})
    assert response.status_code == 400
    assert _error(response) == ("BadRequestError", "Missing personalisation: code")
    assert session.query(Notification).count() == 0


def test_a_text_that_saved_can_be_sent_one_length_rule_for_both(session, live_client, live_service):
    """918 characters as written save and send, prefix aside; more, filled in, are refused."""
    full, personalised = (
        templates.create_template(  # placeholders count as written when a template is saved
            session,
            live_service,
            name=content[-5:],
            template_type="sms",
            content=content,
            created_by_id=live_service.created_by_id,
        )
        for content in ("[" * 918, "[" * 913 + "((x))")
    )
    session.commit()
    assert _sms(live_client, full, personalisation={}).status_code == 201
    assert _sms(live_client, personalised, personalisation={"x": "]]]]]"}).status_code == 201
    response = _sms(live_client, personalised, personalisation={"x": "]]]]]]"})
    assert response.status_code == 400
    assert _error(response) == (
        "BadRequestError",
        "Your message is too long. Text messages cannot be longer than 918 characters. "
        "Your message is 919 characters long.",
    )


@pytest.mark.parametrize("template_type", ["sms", "email"])
def test_a_message_that_fills_to_nothing_is_refused_as_empty(
    session, live_client, live_service, template_type
):
    template = create_template(
        session, live_service, template_type=template_type, subject="Hi", content="((a)) ((b))"
    )
    recipient = (
        {"phone_number": "07700900456"}
        if template_type == "sms"
        else {"email_address": "ada@example.gov.uk"}
    )
    response = live_client.post(
        f"/v2/notifications/{template_type}",
        json={"template_id": str(template.id), "personalisation": {"a": "", "b": " "}, **recipient},
    )
    assert response.status_code == 400
    assert _error(response) == ("BadRequestError", "Your message is empty.")
    assert session.query(Notification).count() == 0


def test_the_prefix_does_not_count_towards_a_texts_length(session, api_app, user):
    named = create_service(session, user=user, name="N" * 200, restricted=False)
    template = create_template(session, named, content="a" * 918)
    client = ServiceClient(api_app, named.id, make_key(session, named, "normal"))
    response = client.post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900456", "template_id": str(template.id)},
    )
    assert response.status_code == 201
    assert response.get_json()["content"]["body"] == "a" * 918


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone_number": "0770090012"}, "phone_number Not enough digits"),
        ({"phone_number": "07700 9OO 123"}, "phone_number Must not contain letters or symbols"),
        ({"phone_number": "+44 20 7946 000"}, "phone_number Not enough digits"),
        ({"phone_number": "+999 1234 5678"}, "phone_number Not a valid country prefix"),
        (
            {"phone_number": "06700 900123"},
            "phone_number Number is not valid – double check the phone number you entered",
        ),
        ({"phone_number": "0770090012345"}, "phone_number Too many digits"),
        ({"template_id": "nope"}, "template_id is not a valid UUID"),
        ({"sms_sender_id": "x"}, "sms_sender_id is not a valid UUID"),
    ],
)
def test_validation_errors_use_notifys_messages(
    session, live_client, live_service, overrides, message
):
    template = create_template(session, live_service, content=SMS_CONTENT)
    response = _sms(live_client, template, **overrides)
    assert response.status_code == 400
    assert _error(response) == ("ValidationError", message)


def test_required_fields(live_client):
    response = live_client.post("/v2/notifications/sms", json={})
    messages = {e["message"] for e in response.get_json()["errors"]}
    assert messages == {"phone_number is a required property", "template_id is a required property"}


def test_unknown_template_and_wrong_type(session, live_client, live_service):
    other = create_template(session, create_service(session), content="x")
    assert _error(_sms(live_client, other)) == ("BadRequestError", "Template not found")
    email = create_template(session, live_service, template_type="email", content="x")
    assert _error(_sms(live_client, email)) == (
        "BadRequestError",
        "email template is not suitable for sms notification",
    )


def test_service_without_sms_permission(session, api_app, user):
    from tests.fixtures.service_api import ServiceClient, make_key

    service = create_service(session, user=user, restricted=False, permissions=["email"])
    template = create_template(session, service, content="x")
    client = ServiceClient(api_app, service.id, make_key(session, service, "normal"))
    assert _error(_sms(client, template)) == (
        "BadRequestError",
        "Service is not allowed to send text messages",
    )


def test_team_key_sends_only_to_team_and_guest_list(session, team_client, live_service, user):
    template = create_template(session, live_service, content="Hello")
    refused = _sms(team_client, template, phone_number="07700 900999")
    assert refused.status_code == 400
    assert _error(refused)[1] == "Can’t send to this recipient using a team-only API key"
    assert _sms(team_client, template, phone_number=user.mobile_number).status_code == 201
    session.add(
        GuestListRecipient(
            service_id=live_service.id, recipient_type="mobile", recipient="+447700900999"
        )
    )
    session.commit()
    assert _sms(team_client, template, phone_number="07700900999").status_code == 201


def test_trial_service_cannot_send_to_strangers(session, trial_client, service):
    template = create_template(session, service, content="Hello")
    response = _sms(trial_client, template, phone_number="07700 900999")
    assert response.status_code == 400
    assert "Can’t send to this recipient" in _error(response)[1]


def test_trial_mode_is_checked_before_the_number_permissions_as_notify_does(
    session, trial_client, service
):
    service.permissions = [p for p in service.permissions if p.permission != "international_sms"]
    session.commit()
    template = create_template(session, service, content="Hello")
    for stranger in ("+33 6 12 34 56 78", "020 7946 0000"):  # abroad; a landline
        response = _sms(trial_client, template, phone_number=stranger)
        assert _error(response)[1].startswith("Can’t send to this recipient")


def test_the_content_is_checked_before_the_recipient_as_notify_does(session, trial_client, service):
    template = create_template(session, service, content="Hello ((name))")
    response = _sms(trial_client, template, phone_number="07700 900999", personalisation={})
    assert _error(response) == ("BadRequestError", "Missing personalisation: name")


def test_the_service_permission_is_checked_before_the_template(session, api_app, user):
    service = create_service(session, user=user, restricted=False, permissions=["email"])
    client = ServiceClient(api_app, service.id, make_key(session, service, "normal"))
    response = client.post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900456", "template_id": str(uuid.uuid4())},
    )
    assert _error(response) == ("BadRequestError", "Service is not allowed to send text messages")


def test_the_service_permission_is_checked_before_the_rate_limit(session, api_app, user):
    service = create_service(session, user=user, restricted=False, permissions=["email"])
    service.rate_limit = 1
    session.commit()
    template = create_template(session, service, content="x")
    client = ServiceClient(api_app, service.id, make_key(session, service, "normal"))
    for _ in range(2):  # refused for the permission each time, and no token taken
        assert _error(_sms(client, template))[0] == "BadRequestError"
    service.permissions = [*service.permissions, ServicePermission(permission="sms")]
    session.commit()
    assert _sms(client, template).status_code == 201


def test_test_key_sends_to_anyone_even_in_trial_mode(session, api_app, service):
    from tests.fixtures.service_api import ServiceClient, make_key

    client = ServiceClient(api_app, service.id, make_key(session, service, "test"))
    template = create_template(session, service, content="Hello")
    assert _sms(client, template, phone_number="07700 900999").status_code == 201


def test_daily_limit_is_a_429(session, live_client, live_service):
    live_service.sms_message_limit = 2
    session.commit()
    template = create_template(session, live_service, content="Hello")
    assert _sms(live_client, template).status_code == 201
    assert _sms(live_client, template).status_code == 201
    response = _sms(live_client, template)
    assert response.status_code == 429
    assert _error(response) == ("TooManyRequestsError", "Exceeded send limits (sms: 2) for today")


def test_a_refused_message_does_not_use_up_the_daily_limit(session, live_client, live_service):
    live_service.sms_message_limit = 1
    session.commit()
    template = create_template(session, live_service, content="Hello ((name))")
    assert _sms(live_client, template, phone_number="not a number").status_code == 400
    assert _sms(live_client, template, personalisation={}).status_code == 400  # missing name
    assert _sms(live_client, template).status_code == 201
    assert _sms(live_client, template).status_code == 429


def test_rate_limit_is_a_429(session, live_client, live_service):
    live_service.rate_limit = 1
    session.commit()
    template = create_template(session, live_service, content="Hello")
    assert _sms(live_client, template).status_code == 201
    response = _sms(live_client, template)
    assert response.status_code == 429
    assert _error(response) == (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 1 requests per 60 seconds",
    )


def test_international_numbers_need_the_permission(session, live_client, live_service):
    template = create_template(session, live_service, content="Hello")
    assert _sms(live_client, template, phone_number="+33 6 12 34 56 78").status_code == 201
    live_service.permissions = [
        p for p in live_service.permissions if p.permission != "international_sms"
    ]
    session.commit()
    response = _sms(live_client, template, phone_number="+33 6 12 34 56 78")
    assert _error(response) == ("BadRequestError", "Cannot send to international mobile numbers")


def test_sms_sender_id_must_belong_to_the_service(session, live_client, live_service):
    template = create_template(session, live_service, content="Hello")
    response = _sms(live_client, template, sms_sender_id=str(uuid.uuid4()))
    assert response.status_code == 400
    assert "does not exist in database for service id" in _error(response)[1]


@pytest.mark.parametrize(
    ("number", "prefix", "multiplier"),
    [
        ("07700 900456", "44", 1.0),
        ("+33 6 12 34 56 78", "33", 2.0),
        ("+49 151 2345 6789", "49", 4.0),
    ],
)
def test_billing_data_is_captured_when_a_text_is_accepted(
    session, live_client, live_service, number, prefix, multiplier
):
    template = create_template(session, live_service, content="x" * 200)  # two fragments
    response = live_client.post(
        "/v2/notifications/sms", json={"phone_number": number, "template_id": str(template.id)}
    )
    assert response.status_code == 201, response.get_json()
    stored = session.get(Notification, uuid.UUID(response.get_json()["id"]))
    assert (stored.billable_units, stored.phone_prefix, stored.rate_multiplier) == (
        2,
        prefix,
        multiplier,
    )
    assert stored.international is (prefix != "44")


def test_an_email_over_2_million_bytes_is_refused_counted_as_notify_counts(
    session, live_client, live_service
):
    """The content with its placeholders filled in, as bytes: é takes two."""
    template = create_template(
        session, live_service, template_type="email", subject="S", content="((body))"
    )

    def send(body: str):
        return live_client.post(
            "/v2/notifications/email",
            json={
                "email_address": "someone@example.gov.uk",
                "template_id": str(template.id),
                "personalisation": {"body": body},
            },
        )

    assert send("é" * 1_000_000).status_code == 201
    response = send("é" * 1_000_000 + "x")
    assert response.status_code == 400
    assert _error(response) == (
        "BadRequestError",
        "Your message is too long. Emails cannot be longer than 2000000 bytes. "
        "Your message is 2000001 bytes.",
    )


def test_trial_mode_is_refused_with_notifys_message_and_postroom_guidance(
    session, live_client, live_service
):
    from postroom import runtime

    # Trial services get no live keys; a service put back into trial mode keeps its own.
    live_service.restricted = True
    session.commit()
    template = create_template(session, live_service, content="Hello")
    response = _sms(live_client, template, phone_number="07700 900999")
    guidance = f"{runtime.settings().web_url}/using-postroom#trial-mode"
    assert response.status_code == 400
    assert _error(response) == (
        "BadRequestError",
        f"Can’t send to this recipient when service is in trial mode – see {guidance}",
    )
    # tests/web/test_guidance.py pins that page's `trial-mode` section.


def test_a_landline_without_the_permission_is_an_invalid_phone_error(
    session, live_client, live_service
):
    template = create_template(session, live_service, content="Hello")
    response = _sms(live_client, template, phone_number="020 7946 0000")
    assert response.status_code == 400
    assert _error(response) == ("InvalidPhoneError", "Not a UK mobile number")
    live_service.permissions.append(ServicePermission(permission="sms_to_uk_landlines"))
    session.commit()
    assert _sms(live_client, template, phone_number="020 7946 0000").status_code == 201


def test_the_rate_limit_is_notifys_token_bucket(session, live_client, live_service):
    from datetime import datetime, timedelta

    from postroom.clock import frozen

    live_service.rate_limit = 3  # a token every 20 seconds, a bucket of 2
    session.commit()
    template = create_template(session, live_service, content="Hello")
    start = datetime(2026, 3, 31, 23, 59, 50)
    with frozen(start):
        assert _sms(live_client, template).status_code == 201
        refused = _sms(live_client, template)
    assert refused.status_code == 429
    assert refused.get_json() == {
        "status_code": 429,
        "errors": [
            {
                "error": "RateLimitError",
                "message": "Exceeded rate limit for key type LIVE of 3 requests per 60 seconds",
            }
        ],
    }
    # No new minute opens at 00:00 as a fixed window would: the token back by then is taken by
    # the refused request, and only the two more of the next 40 seconds let one through.
    with frozen(start + timedelta(seconds=20)):
        assert _sms(live_client, template).status_code == 429
    with frozen(start + timedelta(seconds=60)):
        assert _sms(live_client, template).status_code == 201
