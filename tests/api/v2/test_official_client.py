"""GOV.UK Notify's official Python client, from PyPI, against Postroom served over HTTP."""

from __future__ import annotations

import pytest
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from postroom.domain.services.api_keys import combined_key
from tests.factories import create_template


def test_send_sms_then_read_it_back(session, client, live_service):
    template = create_template(session, live_service, content="Your code is ((code))")
    sent = client.send_sms_notification(
        phone_number="+447700900123",
        template_id=str(template.id),
        personalisation={"code": "4321"},
        reference="my-ref",
    )
    assert sent["content"]["body"] == "Your code is 4321"  # the prefix is added when sent
    fetched = client.get_notification_by_id(sent["id"])
    assert (fetched["reference"], fetched["status"]) == ("my-ref", "delivered")


def test_send_email(session, client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hi ((name))",
        content="Hello ((name))",
    )
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(template.id),
        personalisation={"name": "Ada"},
    )
    assert sent["content"]["subject"] == "Hi Ada"


def test_errors_reach_the_client_as_notify_errors(session, client, live_service):
    template = create_template(session, live_service, content="Your code is ((code))")
    with pytest.raises(HTTPError) as error:
        client.send_sms_notification(phone_number="+447700900123", template_id=str(template.id))
    assert error.value.status_code == 400
    assert error.value.message == [
        {"error": "BadRequestError", "message": "Missing personalisation: code"}
    ]


def test_bad_key_is_a_403_for_the_client(api_server, live_service):
    import uuid

    stranger = NotificationsAPIClient(
        combined_key("x", live_service.id, str(uuid.uuid4())), base_url=api_server
    )
    with pytest.raises(HTTPError) as error:
        stranger.get_notification_by_id(str(uuid.uuid4()))
    assert error.value.status_code == 403


def test_iterating_every_notification(session, client, live_service):
    template = create_template(session, live_service, content="Hello")
    for n in range(3):
        client.send_sms_notification(
            phone_number="+447700900123", template_id=str(template.id), reference=f"r{n}"
        )
    references = [n["reference"] for n in client.get_all_notifications_iterator()]
    assert references == ["r2", "r1", "r0"]


def test_send_email_with_content_sanitised(session, client, live_service, smtp_server, monkeypatch):
    from dataclasses import replace

    from postroom import runtime

    monkeypatch.setattr(
        runtime, "_settings", replace(runtime.settings(), smtp_url=smtp_server["url"])
    )
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hello ((name))",
        content="Dear ((name)),\n\n((note))\n\n((signed))",
    )
    typed = "[Pay here](https://evil.example/pay) or www.evil.example\n# Urgent"
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(template.id),
        personalisation={
            "name": typed,
            "note": "[a](https://fine.example)",
            "signed": "O'Brien, Jr:",
        },
        sanitise_content_for=["NAME", "signed"],
    )
    sanitised = "\\[Pay here\\]\\(\\) or www\\.evil\\.example\n\\# Urgent"
    # As Notify: what changed, before and after; a value that needed nothing is not listed.
    assert sent["sanitised_content"] == {"name": {"unsanitised": typed, "sanitised": sanitised}}
    assert sent["content"]["body"].endswith("O'Brien, Jr:")
    assert "https://evil.example" not in sent["content"]["body"]
    [received] = smtp_server["inbox"].messages
    html = received.get_payload()[1].get_payload(decode=True).decode()
    assert "https://evil.example" not in html
    assert "[Pay here]() or www.evil.example" in html  # shown as typed, not a link
    assert "<h2" not in html and html.count("<a ") == 1
    assert 'href="https://fine.example"' in html  # only the named values are sanitised
    assert "O'Brien, Jr:" in html or "O&#x27;Brien, Jr:" in html


def test_sanitised_content_is_always_in_an_emails_answer(session, client, live_service):
    template = create_template(
        session, live_service, template_type="email", subject="To ((who))", content="Hi ((who))"
    )
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(template.id),
        personalisation={"who": "O'Brien, Jr:"},
        sanitise_content_for=["who"],
    )
    assert sent["sanitised_content"] == {}
    assert (sent["content"]["subject"], sent["content"]["body"]) == (
        "To O'Brien, Jr:",
        "Hi O'Brien, Jr:",
    )
    plain = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(template.id),
        personalisation={"who": "[x](https://x.example)"},
    )
    assert plain["sanitised_content"] == {}
    assert plain["content"]["body"] == "Hi [x](https://x.example)"


def test_the_template_uri_in_an_answer_is_built_as_notify_builds_it(
    session, client, live_service, api_server
):
    template = create_template(session, live_service, content="Hello")
    sent = client.send_sms_notification(phone_number="+447700900123", template_id=str(template.id))
    assert sent["template"] == {
        "id": str(template.id),
        "version": 1,
        "uri": f"{api_server}/services/{live_service.id}/templates/{template.id}",
    }


def test_templates_list_their_personalisation_as_notify(session, client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hi ((First name))",
        content="Dear ((First name)), your ((ref)) is ready ((urgent??today))",
    )
    create_template(session, live_service, content="No placeholders")
    wanted = {
        "First name": {"required": True},
        "ref": {"required": True},
        "urgent": {"required": True},
    }
    assert client.get_template(str(template.id))["personalisation"] == wanted
    assert client.get_template_version(str(template.id), 1)["personalisation"] == wanted
    listed = {t["id"]: t["personalisation"] for t in client.get_all_templates()["templates"]}
    assert listed[str(template.id)] == wanted
    assert {} in listed.values()  # a template with no placeholders has an empty map


def test_previewing_a_template_through_the_client(session, client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="letter",
        subject="About ((ref))",
        content="Hi ((name))",
    )
    preview = client.post_template_preview(str(template.id), {"name": "Ada", "ref": "A1"})
    assert (preview["subject"], preview["body"]) == ("About A1", "Hi Ada")


def test_sending_a_letter_through_the_client(session, client, live_service):
    template = create_template(
        session, live_service, template_type="letter", subject="Licence", content="Dear ((name))"
    )
    sent = client.send_letter_notification(
        template_id=str(template.id),
        personalisation={
            "name": "Ada",
            "address_line_1": "Ada Lovelace",
            "address_line_2": "12 High Street",
            "postcode": "SW1A 1AA",
        },
    )
    assert sent["content"] == {"body": "Dear Ada", "subject": "Licence"}
    assert "postage" not in sent


def test_the_rate_limit_reaches_the_client_as_notifys_error(session, client, live_service):
    from datetime import datetime

    from postroom.clock import frozen

    live_service.rate_limit = 1
    session.commit()
    template = create_template(session, live_service, content="Hello")
    with frozen(datetime(2026, 6, 1, 12, 0)), pytest.raises(HTTPError) as error:
        for _ in range(2):
            client.send_sms_notification(phone_number="07700900123", template_id=str(template.id))
    assert error.value.status_code == 429
    assert error.value.message == [
        {
            "error": "RateLimitError",
            "message": "Exceeded rate limit for key type LIVE of 1 requests per 60 seconds",
        }
    ]
