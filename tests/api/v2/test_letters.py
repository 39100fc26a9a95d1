"""Public API: POST /v2/notifications/letter (accepted and stored; printing comes later)."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.sending.postal_address import address_from, normalise_postcode
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Notification
from tests.factories import create_template
from tests.fixtures.service_api import ServiceClient, make_key

ADDRESS = {
    "address_line_1": "Ada Lovelace",
    "address_line_2": "12 High Street",
    "address_line_3": "sw1a1aa",
}


def _letter(client, template, personalisation=None, **extra):
    return client.post(
        "/v2/notifications/letter",
        json={
            "template_id": str(template.id),
            "personalisation": personalisation or ADDRESS,
            **extra,
        },
    )


@pytest.fixture
def letter_template(session, live_service):
    return create_template(
        session,
        live_service,
        template_type="letter",
        subject="Your licence",
        content="Dear ((address_line_1))",
    )


def test_letter_is_accepted_and_stored_with_a_clean_address(session, live_client, letter_template):
    response = _letter(live_client, letter_template, reference="letter-1")
    assert response.status_code == 201
    data = response.get_json()
    assert data["content"]["subject"] == "Your licence" and data["postage"] == "second"
    stored = session.get(Notification, uuid.UUID(data["id"]))
    assert stored.to == "Ada Lovelace\n12 High Street\nSW1A 1AA"
    assert (stored.status, stored.notification_type) == ("created", "letter")


def test_trial_services_cannot_send_letters(session, trial_client, service):
    template = create_template(session, service, template_type="letter", subject="S", content="x")
    response = _letter(trial_client, template)
    # A team key in a trial service: the key rule speaks first.
    assert response.status_code == 403


def test_trial_service_can_try_letters_with_a_test_key(session, api_app, service):
    template = create_template(session, service, template_type="letter", subject="S", content="x")
    client = ServiceClient(api_app, service.id, make_key(session, service, "test"))
    assert _letter(client, template).status_code == 201


def test_team_keys_cannot_send_letters(session, team_client, letter_template):
    response = _letter(team_client, letter_template)
    assert response.status_code == 403
    assert response.get_json()["errors"][0]["message"] == "Cannot send letters with a team api key"


def test_address_problems_are_validation_errors(session, live_client, letter_template):
    response = _letter(
        live_client, letter_template, {"address_line_1": "A", "address_line_2": "SW1A 1AA"}
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0] == {
        "error": "ValidationError",
        "message": "personalisation Address must be at least 3 lines",
    }


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("sw1a1aa", "SW1A 1AA"), (" EC1A 1BB ", "EC1A 1BB"), ("m11ae", "M1 1AE"), ("NOPE", None)],
)
def test_postcodes(raw, clean):
    assert normalise_postcode(raw) == clean


def test_international_addresses_need_the_permission():
    lines = {"address_line_1": "A", "address_line_2": "1 Rue de Rivoli", "address_line_3": "France"}
    assert address_from(lines, allow_international=True).international
    with pytest.raises(InvalidRequest) as error:
        address_from(lines, allow_international=False)
    assert error.value.message == "Must be a real UK postcode"
