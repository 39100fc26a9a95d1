"""Every public method of GOV.UK Notify's official Python client, against Postroom served over
HTTP, each checked for the answer Notify documents (docs.notifications.service.gov.uk and
notifications-api's app/v2). Where Postroom does not answer so yet, the test is a strict xfail
naming the difference: it turns into XPASS, failing the run, once Postroom answers as Notify.
This module: the methods that send, and received text messages.
"""

from __future__ import annotations

import io
import re
import uuid

from notifications_python_client.utils import prepare_upload

from postroom.domain.services import senders
from tests.factories import create_service, create_template
from tests.fixtures.official_client import (
    ADDRESS,
    NOTIFY_DATETIME,
    client_for,
    receive_texts,
    refused,
    send_letter,
    send_sms,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


# --- send_sms_notification -----------------------------------------------------------------


def test_send_sms_notification_answers_as_notify(session, client, api_server, sms_template):
    sender = senders.add_contact(
        session, senders.SMS_SENDERS, sms_template.service_id, "EXAMPLE", False
    )
    session.commit()
    sent = send_sms(client, sms_template, reference="sms-ref", sms_sender_id=str(sender.id))
    assert set(sent) == {"id", "reference", "content", "uri", "template", "scheduled_for"}
    assert sent["reference"] == "sms-ref" and sent["scheduled_for"] is None
    assert sent["uri"] == f"{api_server}/v2/notifications/{sent['id']}"
    assert sent["content"]["from_number"] == "EXAMPLE"
    assert (sent["template"]["id"], sent["template"]["version"]) == (str(sms_template.id), 1)


def test_send_sms_notification_body_has_no_service_name(client, sms_template):
    assert send_sms(client, sms_template)["content"]["body"] == "Hello Ada"


def test_post_responses_link_the_template_as_notify(client, api_server, sms_template):
    uri = send_sms(client, sms_template)["template"]["uri"]
    assert uri == f"{api_server}/services/{sms_template.service_id}/templates/{sms_template.id}"


def test_send_sms_notification_with_an_unknown_sender_is_refused(
    client, live_service, sms_template
):
    missing = uuid.uuid4()
    status, message = refused(lambda: send_sms(client, sms_template, sms_sender_id=str(missing)))
    assert status == 400
    assert message == [
        {
            "error": "BadRequestError",
            "message": f"sms_sender_id {missing} does not exist in database for service id "
            f"{live_service.id}",
        }
    ]


# --- send_email_notification ---------------------------------------------------------------


def test_send_email_notification_answers_as_notify(session, client, live_service, email_template):
    reply_to = senders.add_contact(
        session, senders.REPLY_TO, live_service.id, "replies@example.gov.uk", True
    )
    session.commit()
    unsubscribe = "https://example.gov.uk/unsubscribe?opaque=123"
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(email_template.id),
        personalisation={"name": "Ada"},
        reference="email-ref",
        email_reply_to_id=str(reply_to.id),
        one_click_unsubscribe_url=unsubscribe,
    )
    assert sent["reference"] == "email-ref"
    content = sent["content"]
    assert (content["subject"], content["body"]) == ("Hi Ada", "Hello Ada")
    assert content["from_email"].startswith(f"{live_service.email_sender_local_part}@")
    assert content["one_click_unsubscribe_url"] == unsubscribe
    fetched = client.get_notification_by_id(sent["id"])
    assert (fetched["type"], fetched["email_address"]) == ("email", "someone@example.gov.uk")
    assert (fetched["subject"], fetched["body"]) == ("Hi Ada", "Hello Ada")


def test_get_notification_by_id_shows_the_unsubscribe_url(client, email_template):
    unsubscribe = "https://example.gov.uk/unsubscribe?opaque=123"
    sent = client.send_email_notification(
        "someone@example.gov.uk",
        str(email_template.id),
        {"name": "Ada"},
        one_click_unsubscribe_url=unsubscribe,
    )
    assert client.get_notification_by_id(sent["id"])["one_click_unsubscribe_url"] == unsubscribe


def test_send_email_notification_with_an_unknown_reply_to_is_refused(
    client, live_service, email_template
):
    missing = uuid.uuid4()
    status, message = refused(
        lambda: client.send_email_notification(
            "someone@example.gov.uk", str(email_template.id), {"name": "A"}, None, str(missing)
        )
    )
    assert status == 400
    assert message == [
        {
            "error": "BadRequestError",
            "message": f"email_reply_to_id {missing} does not exist in database for service id "
            f"{live_service.id}",
        }
    ]


def test_send_email_notification_sanitises_only_what_notify_does(client, email_template):
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(email_template.id),
        personalisation={"name": "O'Brien, Jr:"},
        sanitise_content_for=["name"],
    )
    assert sent["content"]["body"] == "Hello O'Brien, Jr:"
    assert sent["content"]["subject"] == "Hi O'Brien, Jr:"


def test_send_email_notification_with_a_file(session, client, live_service):
    live_service.contact_link = "https://example.gov.uk/contact"
    template = create_template(
        session, live_service, template_type="email", content="Download it at ((link))"
    )
    upload = prepare_upload(io.BytesIO(b"a,b\n"), filename="report.csv", retention_period="4 weeks")
    sent = client.send_email_notification(
        "someone@example.gov.uk", str(template.id), {"link": upload}
    )
    assert upload["file"] not in sent["content"]["body"]
    assert re.fullmatch(r"Download it at https?://\S+", sent["content"]["body"])


# --- send_letter_notification --------------------------------------------------------------


def test_send_letter_notification_answers_as_notify(client, api_server, letter_template):
    sent = client.send_letter_notification(str(letter_template.id), ADDRESS, "letter-ref")
    assert sent["reference"] == "letter-ref" and sent["scheduled_for"] is None
    assert sent["content"]["subject"] == "Your licence"
    assert sent["uri"] == f"{api_server}/v2/notifications/{sent['id']}"
    assert (sent["template"]["id"], sent["template"]["version"]) == (str(letter_template.id), 1)


def test_send_letter_notification_body_is_filled_in(client, letter_template):
    assert send_letter(client, letter_template)["content"]["body"] == "Dear Ada Lovelace"


def test_send_letter_notification_has_no_postage(client, letter_template):
    assert "postage" not in send_letter(client, letter_template)


def test_send_letter_notification_from_a_trial_service_is_403(session, api_server, live_service):
    template = create_template(session, live_service, template_type="letter", content="x")
    client = client_for(session, api_server, live_service)  # a live key, kept back to trial
    live_service.restricted = True
    session.commit()
    status, message = refused(lambda: send_letter(client, template))
    assert status == 403
    assert message == [
        {"error": "BadRequestError", "message": "Cannot send letters when service is in trial mode"}
    ]


# --- send_precompiled_letter_notification --------------------------------------------------


def test_send_precompiled_letter_without_the_letter_permission(session, api_server, user):
    service = create_service(session, user=user, restricted=False, permissions=["sms", "email"])
    client = client_for(session, api_server, service)
    status, message = refused(
        lambda: client.send_precompiled_letter_notification("pdf-ref", io.BytesIO(PDF))
    )
    assert status == 400
    assert message == [
        {"error": "BadRequestError", "message": "Service is not allowed to send letters"}
    ]


def test_send_precompiled_letter_notification(client):
    sent = client.send_precompiled_letter_notification("pdf-ref", io.BytesIO(PDF), "first")
    assert set(sent) == {"id", "reference", "postage"}
    assert (sent["reference"], sent["postage"]) == ("pdf-ref", "first")


# --- get_received_texts, get_received_texts_iterator ---------------------------------------


def test_get_received_texts_and_their_iterator(session, client, live_service):
    receive_texts(session, live_service, "first", "second", "third")
    page = client.get_received_texts()
    newest, *_ = page["received_text_messages"]
    assert set(newest) == {
        "id",
        "created_at",
        "service_id",
        "notify_number",
        "user_number",
        "content",
    }
    assert (newest["content"], newest["service_id"]) == ("third", str(live_service.id))
    assert (newest["notify_number"], newest["user_number"]) == ("447700900500", "447700900123")
    assert NOTIFY_DATETIME.match(newest["created_at"])
    assert set(page["links"]) == {"current", "next"}
    older = client.get_received_texts(older_than=newest["id"])["received_text_messages"]
    assert [m["content"] for m in older] == ["second", "first"]
    assert [m["content"] for m in client.get_received_texts_iterator()] == [
        "third",
        "second",
        "first",
    ]
