"""Public API, letters as PDFs: a templated letter's pages counted before the API answers (too
long refused, sheets billed, the contact block kept as sent), and GET /v2/notifications/{id}/pdf
with Notify's answers (reference 2.8)."""

from __future__ import annotations

import time
import uuid

import pytest

from postroom.domain.services import senders
from postroom.models import Notification
from tests.factories import create_notification, create_service, create_template
from tests.fixtures.letter_pdfs import page_count, text_of, text_within

ADDRESS = {
    "address_line_1": "Ada Lovelace",
    "address_line_2": "12 High Street",
    "address_line_3": "sw1a1aa",
}
TOO_LONG = (
    "Letters must be 10 pages or less (5 double-sided sheets of paper). "
    "Your letter is {} pages long."
)


def _letter(client, template, **personalisation):
    return client.post(
        "/v2/notifications/letter",
        json={"template_id": str(template.id), "personalisation": {**ADDRESS, **personalisation}},
    )


def _long_letter(session, service, paragraphs: int):
    content = "\n\n".join(f"((p)) {n}. " + "Words " * 60 for n in range(paragraphs))
    return create_template(session, service, template_type="letter", subject="S", content=content)


def test_a_letter_is_billed_by_its_sheets_and_keeps_its_contact_block(
    session, live_client, live_service
):
    senders.add_contact(
        session, senders.LETTER_CONTACTS, live_service.id, "Parking Office\n((team))", True
    )
    template = _long_letter(session, live_service, 10)  # 3 pages
    session.commit()
    response = _letter(live_client, template, p="Para", team="Permits team")
    assert response.status_code == 201
    stored = session.get(Notification, uuid.UUID(response.get_json()["id"]))
    assert (stored.billable_units, stored.reply_to_text) == (2, "Parking Office\n((team))")


def test_a_letter_over_10_pages_is_refused_before_it_is_accepted(
    session, live_client, live_service
):
    template = _long_letter(session, live_service, 60)
    session.commit()
    started = time.perf_counter()
    response = _letter(live_client, template, p="Para")
    assert response.status_code == 400
    [error] = response.get_json()["errors"]
    assert error["error"] == "BadRequestError"
    pages = int(error["message"].rsplit(" ", 3)[1])
    assert pages > 10 and error["message"] == TOO_LONG.format(pages)
    assert session.query(Notification).count() == 0
    assert time.perf_counter() - started < 5


def test_the_pdf_of_a_letter_is_the_printed_letter(session, live_client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="letter",
        subject="Your permit",
        content="Dear ((name))",
    )
    sent = _letter(live_client, template, name="Ada").get_json()
    response = live_client.get(f"/v2/notifications/{sent['id']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    assert page_count(pdf) == 1
    assert text_within(pdf, 24.6, 39.5, 120, 66.3) == "ADA LOVELACE\n12 HIGH STREET\nSW1A 1AA"
    assert "Your permit\nDear Ada" in text_of(pdf)
    assert text_within(pdf, 0, 0, 15, 5) == "POSTROOM"  # the print version


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("virus-scan-failed", "File did not pass the virus scan"),
        ("technical-failure", "PDF not available for letters in status technical-failure"),
        ("pending-virus-check", "PDF not available yet, try again later"),
    ],
)
def test_no_pdf_while_a_letter_has_none(session, live_client, live_service, status, message):
    template = create_template(session, live_service, template_type="letter", subject="S")
    letter = create_notification(session, template, status=status, to="A\nB\nSW1A 1AA")
    response = live_client.get(f"/v2/notifications/{letter.id}/pdf")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"error": "BadRequestError", "message": message}]


def test_a_text_message_has_no_pdf(session, live_client, live_service):
    text = create_notification(session, create_template(session, live_service))
    response = live_client.get(f"/v2/notifications/{text.id}/pdf")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"error": "BadRequestError", "message": "Notification is not a letter"}
    ]


def test_another_services_letter_is_not_found(session, live_client, user):
    other = create_service(session, user=user, restricted=False)
    template = create_template(session, other, template_type="letter", subject="S")
    theirs = create_notification(session, template, status="created", to="A\nB\nSW1A 1AA")
    assert live_client.get(f"/v2/notifications/{theirs.id}/pdf").status_code == 404
    assert live_client.get(f"/v2/notifications/{uuid.uuid4()}/pdf").status_code == 404
