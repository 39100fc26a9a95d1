"""Public API: precompiled letters, POST /v2/notifications/letter with `content`: Notify's rules
and answer, then the virus scan, checks and sanitising (run at once in the tests)."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta

import pypdfium2 as pdfium
import pytest

from postroom import clock
from postroom.domain.letters import pdf_checks, precompiled
from postroom.domain.letters.pdfs import PdfNotAvailable
from postroom.domain.templates.templates import is_precompiled_letter
from postroom.models import LetterFile, Notification, Template
from postroom.tasks.retention import remove_expired_data
from tests.factories import create_service
from tests.fixtures.clamd import INFECTED, free_port
from tests.fixtures.service_api import ServiceClient, make_key
from tests.letter_pdfs import address_block, letter, pdf


def _post(client, content: bytes | str, **extra):
    encoded = content if isinstance(content, str) else base64.b64encode(content).decode()
    return client.post(
        "/v2/notifications/letter", json={"reference": "ref-1", "content": encoded, **extra}
    )


def _errors(response, status: int) -> list[dict]:
    assert response.status_code == status, response.get_json()
    return response.get_json()["errors"]


def _stored(session, response) -> Notification:
    session.expire_all()
    return session.get(Notification, uuid.UUID(response.get_json()["id"]))


def test_a_letter_is_answered_as_notify_then_checked_and_addressed(session, live_client):
    response = _post(live_client, letter(pages=3), postage="first")
    assert response.status_code == 201
    answer = response.get_json()
    assert set(answer) == {"id", "reference", "postage"}
    assert (answer["reference"], answer["postage"]) == ("ref-1", "first")
    stored = _stored(session, response)
    assert (stored.status, stored.postage, stored.billable_units) == ("created", "first", 2)
    assert stored.to == "Ada Lovelace\n12 High Street\nLondon\nSW1A 1AA"
    template = session.get(Template, stored.template_id)
    assert is_precompiled_letter(template) and template.name == "Pre-compiled PDF"
    assert live_client.get(f"/v2/notifications/{stored.id}").get_json()["status"] == "accepted"


def test_every_letter_of_a_service_has_the_one_hidden_template(session, live_client):
    first, second = (_stored(session, _post(live_client, letter())) for _ in range(2))
    assert first.template_id == second.template_id


def test_the_letter_waits_for_its_scan_as_provided_as_pdf(session, live_client, monkeypatch):
    queued = []
    monkeypatch.setattr("postroom.tasks.letters_precompiled.queue_scan", queued.append)
    response = _post(live_client, letter())
    stored = _stored(session, response)
    assert (stored.status, stored.to, stored.postage) == (
        "pending-virus-check",
        "Provided as PDF",
        "second",
    )
    assert queued == [stored.id]
    with pytest.raises(PdfNotAvailable, match="PDF not available yet, try again later"):
        precompiled.stored_pdf(session, stored)


def test_a_letter_that_fails_its_checks_is_validation_failed(session, live_client):
    content = pdf([[*address_block(), ("Stray", 3, 150)], [("Page 2", 20, 294)]])
    stored = _stored(session, _post(live_client, content))
    assert stored.status == "validation-failed"
    file = session.get(LetterFile, stored.id)
    assert (file.message, precompiled.invalid_pages_of(file)) == (
        "content-outside-printable-area",
        [1, 2],
    )
    read = live_client.get(f"/v2/notifications/{stored.id}").get_json()
    assert read["status"] == "validation-failed"


def test_an_unreadable_file_is_accepted_then_fails(session, live_client):
    stored = _stored(session, _post(live_client, b"%PDF-1.4 not really"))
    assert stored.status == "validation-failed"
    assert session.get(LetterFile, stored.id).message == "unable-to-read-the-file"


def test_the_printable_pdf_is_the_sanitised_one(session, live_client):
    stored = _stored(session, _post(live_client, letter()))
    printable = precompiled.stored_pdf(session, stored)
    assert pdf_checks.has_print_tag(pdfium.PdfDocument(printable)[0])


def test_another_country_with_the_permission(session, api_app, user):
    service = create_service(
        session, user=user, restricted=False, permissions=["letter", "international_letters"]
    )
    client = ServiceClient(api_app, service.id, make_key(session, service, "normal"))
    content = pdf([[*address_block(("Ada", "1 Rue de la Paix", "75002 Paris", "France"))]])
    stored = _stored(session, _post(client, content))
    assert (stored.status, stored.international, stored.postage) == ("created", True, "europe")


BAD_BODIES = {
    "bad base64": (
        {"content": "not base64!"},
        "BadRequestError",
        "Cannot decode letter content (invalid base64 encoding)",
    ),
    "no reference": (
        {"reference": None},
        "ValidationError",
        "reference None is not of type string",
    ),
    "postage abroad": (
        {"postage": "europe"},
        "ValidationError",
        "postage invalid. It must be either first, second or economy.",
    ),
    "a template too": (
        {"template_id": str(uuid.uuid4())},
        "ValidationError",
        "Additional properties are not allowed (template_id was unexpected)",
    ),
}


@pytest.mark.parametrize(("change", "error", "message"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_bodies_are_refused(session, live_client, change, error, message):
    body = {"reference": "ref-1", "content": base64.b64encode(letter()).decode(), **change}
    response = live_client.post("/v2/notifications/letter", json=body)
    assert _errors(response, 400) == [{"error": error, "message": message}]
    assert session.query(Notification).count() == 0


def test_a_team_key_is_refused(session, team_client):
    assert _errors(_post(team_client, "not base64!"), 403) == [
        {"error": "BadRequestError", "message": "Cannot send letters with a team api key"}
    ]


def test_a_trial_service_is_refused(session, live_client, live_service):
    live_service.restricted = True
    session.commit()
    assert _errors(_post(live_client, letter()), 403) == [
        {"error": "BadRequestError", "message": "Cannot send letters when service is in trial mode"}
    ]


def test_a_test_key_may_send_from_a_trial_service(session, test_key_client, live_service):
    live_service.restricted = True
    session.commit()
    # Checked, then delivered at once: a test key's letter is never printed.
    assert _stored(session, _post(test_key_client, letter())).status == "delivered"


# --- with a real clamd ---------------------------------------------------------------------


def test_an_infected_file_fails_its_scan(session, live_client, clamd_url):
    stored = _stored(session, _post(live_client, INFECTED))
    assert stored.status == "virus-scan-failed"
    with pytest.raises(PdfNotAvailable, match="File did not pass the virus scan"):
        precompiled.stored_pdf(session, stored)


def test_a_clean_file_passes_its_scan(session, live_client, clamd_url):
    assert _stored(session, _post(live_client, letter())).status == "created"


def test_an_unreachable_scanner_is_tried_again_then_a_technical_failure(
    session, live_client, clamd_url, caplog
):
    clamd_url(f"tcp://127.0.0.1:{free_port()}")
    stored = _stored(session, _post(live_client, letter()))
    assert stored.status == "technical-failure"
    with pytest.raises(PdfNotAvailable, match="PDF not available for letters in status"):
        precompiled.stored_pdf(session, stored)


def test_the_hidden_template_is_not_listed(session, live_client):
    _post(live_client, letter())
    assert live_client.get("/v2/templates").get_json()["templates"] == []
    assert live_client.get("/v2/templates?type=letter").get_json()["templates"] == []


def test_files_no_longer_kept_are_removed_nightly(session, live_client, live_service):
    sent = _stored(session, _post(live_client, letter()))
    unsent = precompiled.store(session, live_service.id, letter(), file_name="draft.pdf")
    fresh = precompiled.store(session, live_service.id, letter(), file_name="new.pdf")
    session.commit()
    fresh.created_at = clock.utcnow() + timedelta(days=1)
    session.commit()
    unsent_id, fresh_id = unsent.id, fresh.id
    with clock.frozen(clock.utcnow() + timedelta(days=1, minutes=1)):
        assert remove_expired_data.apply().result["letter_files_deleted"] == 1
        session.expire_all()
        assert session.get(LetterFile, unsent_id) is None
        assert session.get(LetterFile, sent.id) and session.get(LetterFile, fresh_id)
        session.delete(sent)  # gone to history with the service's retention
        session.commit()
        assert remove_expired_data.apply().result["letter_files_deleted"] == 1
        assert session.get(LetterFile, fresh_id) is not None
