"""Public API: POST /v2/notifications/letter (accepted and stored; printing comes later)."""

from __future__ import annotations

import uuid

import pytest

from postroom.domain.printing import print_days, print_run
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


def test_letter_is_accepted_and_stored_with_a_clean_address(session, live_client, letter_template):
    response = _letter(live_client, letter_template, reference="letter-1")
    assert response.status_code == 201
    data = response.get_json()
    # As Notify's answer: the content filled in, and no postage (only precompiled letters say it).
    assert data["content"] == {"subject": "Your licence", "body": "Dear Ada Lovelace"}
    assert "postage" not in data
    stored = session.get(Notification, uuid.UUID(data["id"]))
    assert stored.to == "Ada Lovelace\n12 High Street\nSW1A 1AA"
    assert (stored.status, stored.notification_type, stored.postage) == (
        "created",
        "letter",
        "second",
    )


def test_trial_services_cannot_send_letters(session, live_client, live_service, letter_template):
    live_service.restricted = True  # a live key kept by a service put back into trial mode
    session.commit()
    response = _letter(live_client, letter_template)
    assert response.status_code == 403
    assert response.get_json()["errors"] == [
        {"error": "BadRequestError", "message": "Cannot send letters when service is in trial mode"}
    ]


def test_a_team_key_in_a_trial_service_meets_the_key_rule_first(session, trial_client, service):
    template = create_template(session, service, template_type="letter", subject="S", content="x")
    response = _letter(trial_client, template)
    assert response.status_code == 403
    assert response.get_json()["errors"][0]["message"] == "Cannot send letters with a team api key"


def test_trial_service_can_try_letters_with_a_test_key(session, api_app, service):
    template = create_template(session, service, template_type="letter", subject="S", content="x")
    client = ServiceClient(api_app, service.id, make_key(session, service, "test"))
    assert _letter(client, template).status_code == 201


def test_a_test_keys_letter_is_delivered_at_once_and_never_printed(
    session, test_key_client, letter_template
):
    response = _letter(test_key_client, letter_template)
    assert response.status_code == 201
    stored = session.get(Notification, uuid.UUID(response.get_json()["id"]))
    assert (stored.status, stored.billable_units) == ("delivered", 1)
    assert print_run.collate(session, print_days.print_day(stored.created_at)) == []


def test_team_keys_cannot_send_letters(session, team_client, letter_template):
    response = _letter(team_client, letter_template)
    assert response.status_code == 403
    assert response.get_json()["errors"][0]["message"] == "Cannot send letters with a team api key"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["A", "SW1A 1AA"], "Address must be at least 3 lines"),
        (["A\nB", "C", "D", "E", "F", "G", "SW1A 1AA"], "Address must be no more than 7 lines"),
        (["A", "1 High Street", "SW1A 1A"], "Must be a real UK postcode"),
        (["A", "1 Rue de Rivoli", "France"], "Must be a real UK postcode"),
        (
            ["=HYPERLINK()", "1 High Street", "SW1A 1AA"],
            "Address lines must not start with any of the following characters: "
            "@ ( ) = [ ] ” \\ / , < >",
        ),
        (["A", "No fixed abode", "SW1A 1AA"], "Must be a real address"),
        (["A", "NFA", "SW1A 1AA"], "Must be a real address"),
    ],
)
def test_address_problems_are_validation_errors_worded_as_notify(
    session, live_client, letter_template, lines, message
):
    personalisation = {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}
    response = _letter(live_client, letter_template, personalisation)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"error": "ValidationError", "message": message}]
    assert session.query(Notification).count() == 0


def test_a_bfpo_address_needs_no_postcode(session, live_client, letter_template):
    personalisation = {
        "address_line_1": "Sgt A Lovelace",
        "address_line_2": "Unit 4",
        "postcode": "BFPO 801",
    }
    response = _letter(live_client, letter_template, personalisation)
    assert response.status_code == 201
    stored = session.get(Notification, uuid.UUID(response.get_json()["id"]))
    assert stored.to == "Sgt A Lovelace\nUnit 4\nBFPO 801"


@pytest.mark.parametrize(
    ("country", "postage"),
    [("France", "europe"), ("REPUBLIC OF IRELAND", "europe"), ("Japan", "rest-of-world")],
)
def test_a_letter_abroad_goes_at_its_countrys_zone(
    session, live_client, live_service, letter_template, country, postage
):
    from postroom.models import ServicePermission

    live_service.permissions.append(ServicePermission(permission="international_letters"))
    session.commit()
    personalisation = {
        "address_line_1": "Ada Lovelace",
        "address_line_2": "1 Rue de la Paix",
        "address_line_3": country,
    }
    response = _letter(live_client, letter_template, personalisation)
    assert response.status_code == 201
    stored = session.get(Notification, uuid.UUID(response.get_json()["id"]))
    assert (stored.international, stored.postage) == (True, postage)
