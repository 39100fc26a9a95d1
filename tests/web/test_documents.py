"""The download pages of files sent by email: every page checks the link's key, the address is
confirmed first when the service asked for that, the file comes with its type and name, and
nothing is available once its retention has ended."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from notifications_python_client import prepare_upload
from notifications_python_client.notifications import NotificationsAPIClient

from postroom import clock, runtime
from postroom.domain.sending import documents
from postroom.domain.services.api_keys import combined_key
from postroom.tasks.retention import remove_expired_data
from postroom.url_converters import uuid_to_base64
from postroom.web.views.documents import pretty_size
from tests.factories import create_service, create_template
from tests.files_to_send import small_csv, small_pdf
from tests.fixtures.service_api import make_key


def file_spec(content: bytes, **options) -> dict:
    return {"file": base64.b64encode(content).decode(), **options}


def sent_file(session, service, spec: dict, recipient: str = "ada@example.gov.uk") -> str:
    """The path (and key) of the download page of a file sent as the API would send it."""
    linked, _count = documents.with_links(session, service, "email", {"f": spec}, recipient)
    parts = urlsplit(linked["f"])
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def sender(session, service):
    service.contact_link = "help@council.example.gov.uk"
    session.commit()
    return service


@pytest.fixture
def pdf_page(session, sender):
    return sent_file(session, sender, file_spec(small_pdf(), filename="bill.pdf"))


def step(path: str, name: str) -> str:
    base, query = path.split("?")
    return f"{base}/{name}?{query}"


def test_the_address_is_confirmed_before_the_file_is_downloaded(web, pdf_page):
    landing = web.page(pdf_page)
    assert "sent you a file to download" in landing
    assert "mailto:help@council.example.gov.uk" in landing
    confirm = step(pdf_page, "confirm-email-address")
    assert confirm.replace("&", "&amp;") in landing

    # Neither the download page nor the file before the address is confirmed.
    for name in ("download", "file"):
        response = web.get(step(pdf_page, name))
        assert response.status_code == 302 and response.location.endswith(pdf_page)

    empty = web.post(confirm, {"email_address": ""})
    assert empty.status_code == 400
    assert "Enter your email address" in empty.get_data(as_text=True)

    wrong = web.post(confirm, {"email_address": "someone.else@example.gov.uk"})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "govuk-error-summary" in page
    assert "This is not the email address the file was sent to." in page

    right = web.post(confirm, {"email_address": " Ada@Example.gov.uk "})
    assert right.status_code == 302 and right.location.endswith(step(pdf_page, "download"))

    download = web.page(step(pdf_page, "download"))
    assert f"Download this PDF ({pretty_size(len(small_pdf()))}) to your device" in download
    assert "This file is available for download until" in download

    served = web.get(step(pdf_page, "file"))
    assert served.status_code == 200
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"] == "inline; filename=bill.pdf"
    assert served.data == small_pdf()


def test_without_confirmation_the_file_downloads_straight_away(web, session, sender):
    path = sent_file(session, sender, file_spec(small_csv(), confirm_email_before_download=False))
    assert step(path, "download").replace("&", "&amp;") in web.page(path)
    served = web.get(step(path, "file"))
    assert served.status_code == 200
    assert served.mimetype == "text/plain"  # no filename: told by the content, as Notify
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(".txt")
    assert served.data == small_csv()


@pytest.mark.parametrize("name", ["", "confirm-email-address", "download", "file"])
def test_every_page_needs_the_right_key(web, session, sender, pdf_page, name):
    base, query = (step(pdf_page, name) if name else pdf_page).split("?")
    other_key = sent_file(session, sender, file_spec(small_pdf())).split("?")[1]
    service_part = base.split("/")[2]
    other_service = uuid_to_base64(create_service(session).id)
    elsewhere = base.replace(service_part, other_service, 1)
    wrong = [base, f"{base}?key=", f"{base}?{other_key}", f"{base}?key=!!", f"{elsewhere}?{query}"]
    assert [web.get(path).status_code for path in wrong] == [404] * len(wrong)
    assert web.get(f"{base}?{query}").status_code in (200, 302)


def test_the_confirmation_attempts_are_limited(web, pdf_page, monkeypatch):
    monkeypatch.setattr(documents, "CONFIRM_ATTEMPTS", 2)
    confirm = step(pdf_page, "confirm-email-address")
    for _ in range(2):
        assert web.post(confirm, {"email_address": "x@example.gov.uk"}).status_code == 400
    refused = web.post(confirm, {"email_address": "ada@example.gov.uk"})
    assert refused.status_code == 429
    assert "too many attempts" in refused.get_data(as_text=True)


def test_nothing_is_available_once_the_retention_period_ends(web, session, sender):
    path = sent_file(
        session,
        sender,
        file_spec(small_pdf(), confirm_email_before_download=False, retention_period="1 week"),
    )
    assert web.get(step(path, "file")).status_code == 200
    with clock.frozen(clock.utcnow() + timedelta(days=6, hours=23)):
        assert web.get(step(path, "file")).status_code == 200
    with clock.frozen(clock.utcnow() + timedelta(weeks=1, minutes=1)):
        for name in ("", "download", "file"):
            gone = web.get(step(path, name) if name else path)
            assert gone.status_code == 410
            assert "No longer available" in gone.get_data(as_text=True)
        assert remove_expired_data.apply().result["files_deleted"] == 1
        assert web.get(path).status_code == 404


def test_the_link_in_the_email_sent_leads_to_the_file(
    web, session, sender, api_server, smtp_server, monkeypatch
):
    monkeypatch.setattr(
        runtime, "_settings", replace(runtime.settings(), smtp_url=smtp_server["url"])
    )
    sender.restricted = False
    session.commit()
    template = create_template(
        session, sender, template_type="email", subject="Your bill", content="Bill: ((bill))"
    )
    client = NotificationsAPIClient(
        combined_key("Files", sender.id, make_key(session, sender, "normal")), base_url=api_server
    )
    client.send_email_notification(
        email_address="ada@example.gov.uk",
        template_id=str(template.id),
        personalisation={"bill": prepare_upload(io.BytesIO(small_pdf()), filename="bill.pdf")},
    )
    [received] = smtp_server["inbox"].messages
    html = received.get_payload()[1].get_payload(decode=True).decode()
    link = re.search(r'href="([^"]+/d/[^"]+)"', html).group(1).replace("&amp;", "&")
    parts = urlsplit(link)
    path = f"{parts.path}?{parts.query}"
    web.post(step(path, "confirm-email-address"), {"email_address": "ada@example.gov.uk"})
    assert web.get(step(path, "file")).data == small_pdf()
