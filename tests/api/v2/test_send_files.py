"""Sending files by email through the official Python client's `prepare_upload`, against a
real running server: the file is stored, the email carries a link to its download page, and
every rule refuses with GOV.UK Notify's message."""

from __future__ import annotations

import base64
import io
import re
import uuid

import pytest
from notifications_python_client import prepare_upload
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy import func, select

from postroom import runtime
from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.services.api_keys import combined_key
from postroom.models import Document, Notification
from tests.factories import create_template
from tests.files_to_send import small_csv, small_pdf
from tests.fixtures.service_api import make_key

LINK = re.compile(r"(http://\S+/d/[\w-]{22}/[\w-]{22}\?key=[\w-]{43})")


@pytest.fixture
def files_service(session, live_service):
    live_service.contact_link = "https://www.example.gov.uk/contact"
    session.commit()
    return live_service


@pytest.fixture
def client(session, api_server, files_service):
    secret = make_key(session, files_service, "normal")
    return NotificationsAPIClient(
        combined_key("Files test", files_service.id, secret), base_url=api_server
    )


@pytest.fixture
def email_template(session, files_service):
    return create_template(
        session,
        files_service,
        template_type="email",
        subject="Your bill",
        content="Bill: ((bill))\n\nDetails: ((details))",
    )


def refusal(client, template, personalisation) -> tuple[int, list]:
    with pytest.raises(HTTPError) as error:
        client.send_email_notification(
            email_address="ada@example.gov.uk",
            template_id=str(template.id),
            personalisation=personalisation,
        )
    return error.value.status_code, error.value.message


def test_a_pdf_and_a_csv_are_sent_as_links_to_their_download_pages(session, client, email_template):
    sent = client.send_email_notification(
        email_address="Ada@example.gov.uk",
        template_id=str(email_template.id),
        personalisation={
            "bill": prepare_upload(io.BytesIO(small_pdf()), filename="bill.pdf"),
            "details": prepare_upload(io.BytesIO(small_csv()), confirm_email_before_download=False),
        },
    )
    links = LINK.findall(sent["content"]["body"])
    assert len(links) == 2
    assert all(link.startswith(runtime.settings().web_url) for link in links)

    # What is kept and read back has the links, never the files.
    fetched = client.get_notification_by_id(sent["id"])
    assert LINK.findall(fetched["body"]) == links
    notification = session.get(Notification, uuid.UUID(sent["id"]))
    stored = personalisation_of(notification)
    assert notification.document_download_count == 2
    assert set(stored.values()) == set(links)
    assert base64.b64encode(small_pdf()).decode()[:40] not in repr(stored)

    documents = session.scalars(select(Document).order_by(Document.mimetype)).all()
    assert [(d.mimetype, d.size, d.confirm_email) for d in documents] == [
        ("application/pdf", len(small_pdf()), True),
        ("text/plain", len(small_csv()), False),  # no filename, no is_csv: plain text, as Notify
    ]
    assert all(small_pdf()[:20] not in (d.content or b"") for d in documents)  # sealed


def test_is_csv_makes_plain_text_a_csv_file(session, client, email_template):
    upload = {**prepare_upload(io.BytesIO(small_csv())), "is_csv": True}
    client.send_email_notification(
        email_address="ada@example.gov.uk",
        template_id=str(email_template.id),
        personalisation={"bill": upload, "details": "none"},
    )
    assert session.scalar(select(Document.mimetype)) == "text/csv"


SUPPORTED = (
    "'.csv', '.doc', '.docx', '.jpeg', '.jpg', '.json', '.odt', '.pdf', '.png', '.rtf', '.txt', "
    "'.xlsx'"
)
RETENTION = "Supported periods are from 1 to 78 weeks."
BOOLEAN = "Use a boolean true or false value."


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            {"retention_period": "79 weeks"},
            f"Unsupported value for retention_period '79 weeks'. {RETENTION}",
        ),
        (
            {"retention_period": "3 days"},
            f"Unsupported value for retention_period '3 days'. {RETENTION}",
        ),
        (
            {"confirm_email_before_download": "yes"},
            f"Unsupported value for confirm_email_before_download: 'yes'. {BOOLEAN}",
        ),
        (
            {"filename": "bill"},
            "`filename` must end with a file extension. For example, filename.csv",
        ),
        ({"filename": "a" * 97 + ".pdf"}, "`filename` cannot be longer than 100 characters"),
        (
            {"filename": "bill.exe"},
            f"Unsupported file type '.exe'. Supported types are: {SUPPORTED}",
        ),
        ({"file": "not base64!"}, "Document is not base64 encoded"),
        (
            {"file": base64.b64encode(b"\x00\x01binary").decode()},
            f"Unsupported file type 'application/octet-stream'. Supported types are: {SUPPORTED}",
        ),
        (
            {"file": base64.b64encode(b"%PDF-" + b"a" * (2 * 1024 * 1024 + 1024)).decode()},
            "Uploaded file exceeds file size limit",
        ),
    ],
)
def test_each_rule_refuses_with_notifys_message(session, client, email_template, upload, message):
    personalisation = {"bill": {**prepare_upload(io.BytesIO(small_pdf())), **upload}}
    assert refusal(client, email_template, {**personalisation, "details": "x"}) == (
        400,
        [{"error": "BadRequestError", "message": message}],
    )
    assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_files_need_the_services_contact_details(session, client, files_service, email_template):
    files_service.contact_link = None
    session.commit()
    status, errors = refusal(
        client,
        email_template,
        {"bill": prepare_upload(io.BytesIO(small_pdf())), "details": "x"},
    )
    assert (status, errors[0]["error"]) == (400, "BadRequestError")
    assert errors[0]["message"] == (
        "Send files by email has not been set up - add contact details for your service at "
        f"{runtime.settings().web_url}/services/{files_service.id}/service-settings/contact-link"
    )


ONLY_BY_EMAIL = [{"error": "BadRequestError", "message": "Can only send a file by email"}]


def test_a_file_cannot_go_by_text_message(session, client, files_service):
    sms = create_template(session, files_service, content="Bill: ((bill))")
    with pytest.raises(HTTPError) as error:
        client.send_sms_notification(
            phone_number="+447700900123",
            template_id=str(sms.id),
            personalisation={"bill": prepare_upload(io.BytesIO(small_pdf()))},
        )
    assert (error.value.status_code, error.value.message) == (400, ONLY_BY_EMAIL)


def test_a_file_cannot_go_by_letter(session, client, files_service):
    letter = create_template(
        session, files_service, template_type="letter", subject="Bill", content="((bill))"
    )
    address = {
        "address_line_1": "A Person",
        "address_line_2": "1 High Street",
        "postcode": "SW1A 1AA",
    }
    with pytest.raises(HTTPError) as error:
        client.send_letter_notification(
            template_id=str(letter.id),
            personalisation={**address, "bill": prepare_upload(io.BytesIO(small_pdf()))},
        )
    assert (error.value.status_code, error.value.message) == (400, ONLY_BY_EMAIL)


def test_the_client_refuses_a_file_over_2mb_itself():
    with pytest.raises(ValueError, match="File is larger than 2MB"):
        prepare_upload(io.BytesIO(b"a" * (2 * 1024 * 1024 + 1)))
