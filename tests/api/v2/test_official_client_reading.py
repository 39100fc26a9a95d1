"""Every public method of GOV.UK Notify's official Python client, against Postroom served over
HTTP, each checked for the answer Notify documents (docs.notifications.service.gov.uk and
notifications-api's app/v2). Where Postroom does not answer so yet, the test is a strict xfail
naming the difference: it turns into XPASS, failing the run, once Postroom answers as Notify.
This module: the methods that read notifications and templates.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from postroom.domain.reporting import rates
from postroom.infrastructure.version_history import save_version
from tests.factories import create_notification, create_service, create_template
from tests.fixtures.official_client import (
    ADDRESS,
    NOTIFY_DATETIME,
    client_for,
    refused,
    send_letter,
    send_sms,
)

# The keys of Notify's Notification.serialize(), for every type (letters add estimated_delivery).
NOTIFICATION_KEYS = {
    "id", "reference", "email_address", "phone_number",
    "line_1", "line_2", "line_3", "line_4", "line_5", "line_6", "postcode",
    "type", "status", "template", "body", "subject",
    "created_at", "created_by_name", "sent_at", "completed_at", "scheduled_for",
    "postage", "one_click_unsubscribe_url",
    "cost_in_pounds", "is_cost_data_ready", "cost_details",
}  # fmt: skip
TEMPLATE_KEYS = {
    "id", "name", "type", "created_at", "updated_at", "version", "created_by",
    "body", "subject", "letter_contact_block", "postage", "personalisation",
}  # fmt: skip

# --- get_notification_by_id ----------------------------------------------------------------


def test_get_notification_by_id_answers_as_notify(client, api_server, sms_template):
    sent = send_sms(client, sms_template, reference="sms-ref")
    fetched = client.get_notification_by_id(sent["id"])
    assert (fetched["id"], fetched["reference"], fetched["type"]) == (sent["id"], "sms-ref", "sms")
    assert (fetched["phone_number"], fetched["email_address"]) == ("+447700900123", None)
    assert (fetched["status"], fetched["subject"], fetched["scheduled_for"]) == (
        "delivered",
        None,
        None,
    )
    assert fetched["template"] == {
        "id": str(sms_template.id),
        "version": 1,
        "uri": f"{api_server}/v2/template/{sms_template.id}/version/1",
    }
    for field in ("created_at", "sent_at", "completed_at"):
        assert NOTIFY_DATETIME.match(fetched[field]), (field, fetched[field])


def test_get_notification_by_id_body_has_no_service_name(client, sms_template):
    assert (
        client.get_notification_by_id(send_sms(client, sms_template)["id"])["body"] == "Hello Ada"
    )


def test_get_notification_by_id_has_every_field_notify_returns(session, client, sms_template):
    rates.add_sms_rate(session, date(2020, 1, 1), 0.0227)
    session.commit()
    fetched = client.get_notification_by_id(send_sms(client, sms_template)["id"])
    assert set(fetched) == NOTIFICATION_KEYS
    assert fetched["is_cost_data_ready"] is True
    assert set(fetched["cost_details"]) == {
        "billable_sms_fragments",
        "international_rate_multiplier",
        "sms_rate",
    }
    assert fetched["cost_details"]["sms_rate"] == 0.0227


def test_get_notification_by_id_for_a_letter(client, letter_template):
    fetched = client.get_notification_by_id(send_letter(client, letter_template)["id"])
    assert (fetched["type"], fetched["status"], fetched["postage"]) == (
        "letter",
        "accepted",
        "second",
    )
    assert [fetched[f"line_{n}"] for n in range(1, 7)] == [*ADDRESS.values(), None, None, None]
    assert NOTIFY_DATETIME.match(fetched["estimated_delivery"])


def test_get_notification_by_id_not_found(client):
    assert refused(lambda: client.get_notification_by_id(str(uuid.uuid4()))) == (
        404,
        [{"error": "NoResultFound", "message": "No result found"}],
    )


def test_get_notification_by_id_malformed(client):
    assert refused(lambda: client.get_notification_by_id("not-a-uuid")) == (
        400,
        [{"error": "ValidationError", "message": "notification_id is not a valid UUID"}],
    )


def test_get_notification_by_id_never_shows_another_services(session, api_server, user, client):
    other = create_service(session, user=user, restricted=False)
    theirs = create_notification(session, create_template(session, other, content="Hi"))
    assert refused(lambda: client.get_notification_by_id(str(theirs.id)))[0] == 404


# --- get_pdf_for_letter --------------------------------------------------------------------


def test_get_pdf_for_letter_of_a_text_message(client, sms_template):
    sent = send_sms(client, sms_template)
    assert refused(lambda: client.get_pdf_for_letter(sent["id"])) == (
        400,
        [{"error": "BadRequestError", "message": "Notification is not a letter"}],
    )


def test_get_pdf_for_letter(client, letter_template):
    sent = send_letter(client, letter_template)
    assert client.get_pdf_for_letter(sent["id"]).read().startswith(b"%PDF")


# --- get_all_notifications, get_all_notifications_iterator ---------------------------------


@pytest.fixture
def mixed(session, client, sms_template, email_template):
    """Newest first: an email, a failed text, a delivered text with reference "ref", and one
    sent from a spreadsheet (a job)."""
    from_job = create_notification(session, sms_template, job_id=uuid.uuid4(), status="delivered")
    delivered = send_sms(client, sms_template, reference="ref")
    failed = create_notification(session, sms_template, status="permanent-failure")
    email = client.send_email_notification(
        "someone@example.gov.uk", str(email_template.id), {"name": "Ada"}
    )
    return {"job": str(from_job.id), "delivered": delivered["id"], "failed": str(failed.id)} | {
        "email": email["id"]
    }


def _ids(page):
    return [n["id"] for n in page["notifications"]]


def test_get_all_notifications_newest_first_without_jobs(client, mixed):
    page = client.get_all_notifications()
    assert _ids(page) == [mixed["email"], mixed["failed"], mixed["delivered"]]
    assert set(page["links"]) == {"current", "next"}


def test_get_all_notifications_by_template_type(client, mixed):
    assert _ids(client.get_all_notifications(template_type="email")) == [mixed["email"]]
    page = client.get_all_notifications(template_type="sms")
    assert _ids(page) == [mixed["failed"], mixed["delivered"]]
    assert "template_type=sms" in page["links"]["next"]


def test_get_all_notifications_by_status(client, mixed):
    page = client.get_all_notifications(status="permanent-failure")
    assert _ids(page) == [mixed["failed"]]
    assert "status=permanent-failure" in page["links"]["next"]
    # `failed` is Notify's name for every failure status.
    assert _ids(client.get_all_notifications(status="failed")) == [mixed["failed"]]


def test_get_all_notifications_by_several_statuses(client, mixed):
    # The client sends a list as repeated parameters; Notify honours each.
    page = client.get_all_notifications(status=["delivered", "permanent-failure"])
    assert _ids(page) == [mixed["email"], mixed["failed"], mixed["delivered"]]


def test_get_all_notifications_by_several_statuses_keeps_them_all(client, mixed):
    page = client.get_all_notifications(status=["delivered", "permanent-failure"])
    assert "status=delivered" in page["links"]["next"]
    assert "status=permanent-failure" in page["links"]["next"]


def test_get_all_notifications_by_reference(client, mixed):
    assert _ids(client.get_all_notifications(reference="ref")) == [mixed["delivered"]]


def test_get_all_notifications_older_than(client, mixed):
    page = client.get_all_notifications(older_than=mixed["failed"])
    assert _ids(page) == [mixed["delivered"]]


def test_get_all_notifications_including_jobs(client, mixed):
    # The client sends include_jobs=True (Python's spelling), which Notify accepts.
    page = client.get_all_notifications(include_jobs=True)
    assert _ids(page) == [mixed["email"], mixed["failed"], mixed["delivered"], mixed["job"]]


def test_get_all_notifications_letters_by_notifys_status(client, letter_template):
    sent = send_letter(client, letter_template)
    assert _ids(client.get_all_notifications(status="accepted", template_type="letter")) == [
        sent["id"]
    ]


def test_get_all_notifications_iterator_with_filters(client, mixed):
    assert [n["id"] for n in client.get_all_notifications_iterator(template_type="sms")] == [
        mixed["failed"],
        mixed["delivered"],
    ]
    assert [n["id"] for n in client.get_all_notifications_iterator(older_than=mixed["email"])] == [
        mixed["failed"],
        mixed["delivered"],
    ]


# --- post_template_preview -----------------------------------------------------------------


def test_post_template_preview_of_an_email(client, email_template):
    preview = client.post_template_preview(str(email_template.id), {"name": "Ada"})
    assert (preview["id"], preview["type"], preview["version"]) == (
        str(email_template.id),
        "email",
        1,
    )
    assert (preview["subject"], preview["body"], preview["postage"]) == (
        "Hi Ada",
        "Hello Ada",
        None,
    )
    assert "Hello Ada" in preview["html"]


def test_post_template_preview_of_a_text_message(client, sms_template):
    preview = client.post_template_preview(str(sms_template.id), {"name": "Ada"})
    assert (preview["type"], preview["body"], preview["subject"]) == ("sms", "Hello Ada", None)


def test_post_template_preview_with_personalisation_missing(client, sms_template):
    assert refused(lambda: client.post_template_preview(str(sms_template.id), {})) == (
        400,
        [{"error": "BadRequestError", "message": "Missing personalisation: name"}],
    )


def test_post_template_preview_of_an_unknown_template(client):
    assert refused(lambda: client.post_template_preview(str(uuid.uuid4()), {})) == (
        404,
        [{"error": "NoResultFound", "message": "No result found"}],
    )


# --- get_template, get_template_version, get_all_templates, get_all_template_versions ------


def test_get_template_answers_as_notify(client, user, email_template):
    template = client.get_template(str(email_template.id))
    assert set(template) - {"personalisation"} == TEMPLATE_KEYS - {"personalisation"}
    assert (template["id"], template["type"], template["version"]) == (
        str(email_template.id),
        "email",
        1,
    )
    assert (template["subject"], template["body"]) == ("Hi ((name))", "Hello ((name))")
    assert template["created_by"] == user.email_address
    assert NOTIFY_DATETIME.match(template["created_at"]) and template["updated_at"] is None
    assert template["letter_contact_block"] is None


def test_get_template_lists_its_placeholders(client, email_template):
    template = client.get_template(str(email_template.id))
    assert template["personalisation"] == {"name": {"required": True}}


def test_get_template_not_found(client):
    assert refused(lambda: client.get_template(str(uuid.uuid4()))) == (
        404,
        [{"error": "NoResultFound", "message": "No result found"}],
    )


def test_get_template_version(session, client, sms_template):
    sms_template.content = "Goodbye ((name))"
    save_version(session, sms_template)
    session.commit()
    assert client.get_template(str(sms_template.id))["version"] == 2
    first = client.get_template_version(str(sms_template.id), 1)
    assert (first["version"], first["body"]) == (1, "Hello ((name))")
    assert refused(lambda: client.get_template_version(str(sms_template.id), 3))[0] == 404


def test_get_all_templates_by_type(client, sms_template, email_template, letter_template):
    everything = client.get_all_templates()["templates"]
    assert {t["id"] for t in everything} == {
        str(sms_template.id),
        str(email_template.id),
        str(letter_template.id),
    }
    assert [t["id"] for t in client.get_all_templates("letter")["templates"]] == [
        str(letter_template.id)
    ]


def test_get_all_templates_of_an_unknown_type(client):
    assert refused(lambda: client.get_all_templates("fax")) == (
        400,
        [{"error": "ValidationError", "message": "type fax is not one of [sms, email, letter]"}],
    )


def test_get_all_templates_of_a_type_with_none(session, api_server, user):
    service = create_service(session, user=user, restricted=False)
    assert client_for(session, api_server, service).get_all_templates("sms") == {"templates": []}


def test_get_all_template_versions_needs_an_admin_token(client, sms_template):
    # The method calls an admin route, which refuses a service's key.
    assert refused(lambda: client.get_all_template_versions(str(sms_template.id))) == (
        401,
        {"token": ["Unauthorized: not allowed to perform this action"]},
    )
