"""The print run on the HTTP provider, against a real print service: each request field by
field, signing in (again when the token is refused), the errors worth trying again and those
not, and the printer's despatch reports with good and bad tokens."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from postroom import clock
from postroom.models import Notification
from postroom.tasks import printing as printing_tasks
from tests.domain.printing.test_print_run import WINTER, local, run_print


@pytest.fixture
def letter(make_letter, letter_pdfs, http_printer):
    return make_letter(local(WINTER, 9), postage="first", sheets=2)


def _status(session, notification) -> str:
    session.expire_all()
    return session.get(Notification, notification.id).status


def test_each_letter_is_one_print_request_with_its_pdf_address_and_despatch_method(
    session, make_letter, letter, letter_pdfs, http_printer, service
):
    abroad = make_letter(
        local(WINTER, 10),
        postage="europe",
        to="Jean Dupont\n1 rue de la Paix\n75002 Paris\nFrance",
        international=True,
    )
    second = make_letter(
        local(WINTER, 11),
        to=f"A Person\n{'1 High Street ' * 4}\n2\n3\n4\n5\nSW1A 1AA",
    )

    run_print(local(WINTER, 17, 50))

    first_request, second_request, abroad_request = http_printer["print_requests"]  # by postage
    session.expire_all()
    assert first_request["id"] == str(letter.id)
    assert first_request["standardParams"] == {
        "jobType": "NOTIFY",
        "templateReference": "NOTIFY",
        "businessIdentifier": letter.reference,
        "recipientName": "A Person",
        "address": {
            "unstructuredAddress": {
                "line1": "1 High Street",
                "line2": "London",
                "postcode": "SW1A 1AA",
            }
        },
        "despatchMethod": "FIRST",
    }
    pdf, organisation, service_id = first_request["customParams"]
    assert pdf["key"] == "pdfContent"
    assert base64.b64decode(pdf["value"]) == letter_pdfs[letter.id]
    assert organisation == {"key": "organisationIdentifier", "value": ""}
    assert service_id == {"key": "serviceIdentifier", "value": str(service.id)}
    callback = first_request["callbackParams"]
    assert callback["retryParams"] == {"enabled": True, "maxRetryWindow": 10800}
    target = urlsplit(callback["target"])
    assert (target.netloc, target.path) == ("localhost:6011", "/notifications/letter/status")
    assert parse_qs(target.query)["token"]

    assert abroad_request["standardParams"]["despatchMethod"] == "INTERNATIONAL_EU"
    assert abroad_request["standardParams"]["address"] == {
        "internationalAddress": {
            "line1": "1 rue de la Paix",
            "line2": "75002 Paris",
            "country": "France",
        }
    }
    assert "despatchMethod" not in second_request["standardParams"]  # second class: the default
    assert second_request["standardParams"]["address"]["unstructuredAddress"] == {
        "line1": ("1 High Street " * 4)[:45],
        "line2": "2",
        "line3": "3",
        "line4": "4",
        "line5": "5",
        "postcode": "SW1A 1AA",
    }
    assert http_printer["sign_ins"] == 1  # one token for the run
    assert [_status(session, n) for n in (letter, abroad, second)] == ["sending"] * 3
    assert session.get(Notification, letter.id).sent_by == "print-api"


@pytest.mark.parametrize("answer", [500, 503, 429])
def test_a_busy_or_failing_printer_is_tried_again(session, letter, http_printer, answer):
    http_printer["answers"].extend([answer, answer])

    run_print(local(WINTER, 17, 50))

    assert len(http_printer["print_requests"]) == 3
    assert _status(session, letter) == "sending"


def test_a_refused_token_is_renewed_and_the_letter_sent(session, letter, http_printer):
    http_printer["provider"]._sign_in()
    http_printer["tokens"].append("token-2")  # the service rotated its tokens

    run_print(local(WINTER, 17, 50))

    assert http_printer["sign_ins"] == 2
    assert len(http_printer["print_requests"]) == 1
    assert _status(session, letter) == "sending"


def test_a_printer_that_never_comes_back_leaves_a_technical_failure(session, letter, http_printer):
    http_printer["answers"].extend([503] * (printing_tasks.MAX_RETRIES + 1))

    run_print(local(WINTER, 17, 50))

    assert len(http_printer["print_requests"]) == printing_tasks.MAX_RETRIES + 1
    assert _status(session, letter) == "technical-failure"


def test_a_request_the_printer_calls_wrong_is_not_tried_again(session, letter, http_printer):
    http_printer["answers"].append(400)

    run_print(local(WINTER, 17, 50))

    assert len(http_printer["print_requests"]) == 1
    assert _status(session, letter) == "technical-failure"


def test_a_letter_the_printer_has_already_is_sent(session, letter, http_printer):
    http_printer["answers"].append(409)

    run_print(local(WINTER, 17, 50))

    assert _status(session, letter) == "sending"


def despatch_report(notification_id, status: str = "DESPATCHED") -> dict:
    return {
        "specVersion": "1",
        "type": "uk.gov.dvla.osl.osldatadictionaryservice.v1.events.PrintJobStatusEvent",
        "id": "event-1",
        "time": "2026-01-15T14:00:00Z",
        "data": {
            "jobId": str(notification_id),
            "jobType": "NOTIFY",
            "jobStatus": status,
            "templateReference": "NOTIFY",
            "transitionDate": "2026-01-15T14:00:00Z",
            "despatchProperties": [
                {"key": "totalSheets", "value": "2"},
                {"key": "postageClass", "value": "1ST"},
                {"key": "mailingProduct", "value": "MM UNSORTED"},
            ],
        },
        "metadata": {"correlationId": "correlation-1"},
    }


def _printed(session, letter, http_printer) -> str:
    """The letter printed; the token the printer was given for it."""
    run_print(local(WINTER, 17, 50))
    target = http_printer["print_requests"][-1]["callbackParams"]["target"]
    return parse_qs(urlsplit(target).query)["token"][0]


@pytest.mark.parametrize(
    ("report", "status"), [("DESPATCHED", "delivered"), ("REJECTED", "technical-failure")]
)
def test_the_printers_report_settles_the_letter_and_a_later_one_changes_nothing(
    session, anonymous_client, letter, http_printer, report, status
):
    token = _printed(session, letter, http_printer)

    with clock.frozen(local(WINTER.replace(day=15), 14)):
        response = anonymous_client.post(
            f"/notifications/letter/status?token={token}", json=despatch_report(letter.id, report)
        )
    assert response.status_code == 204, response.get_json()
    assert _status(session, letter) == status

    other = "REJECTED" if report == "DESPATCHED" else "DESPATCHED"
    with clock.frozen(local(WINTER.replace(day=16), 14)):
        response = anonymous_client.post(
            f"/notifications/letter/status?token={token}", json=despatch_report(letter.id, other)
        )
    assert response.status_code == 204
    assert _status(session, letter) == status


@pytest.mark.parametrize("token", ["", "?token=", "?token=not-a-token"])
def test_a_report_without_a_valid_token_is_refused(session, anonymous_client, letter, token):
    response = anonymous_client.post(
        f"/notifications/letter/status{token}", json=despatch_report(letter.id)
    )
    assert response.status_code == 403
    assert response.get_json()["message"] == "A valid token must be provided in the query string"
    assert _status(session, letter) == "created"


def test_a_report_about_another_letter_than_its_tokens_is_refused(
    session, anonymous_client, make_letter, letter, http_printer
):
    token = _printed(session, letter, http_printer)
    other = make_letter(local(WINTER, 9))

    with clock.frozen(local(WINTER, 18)):
        response = anonymous_client.post(
            f"/notifications/letter/status?token={token}", json=despatch_report(other.id)
        )
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Notification ID in letter callback data does not match ID in token"
    )


def test_a_report_not_in_the_printers_shape_is_refused(
    session, anonymous_client, letter, http_printer
):
    token = _printed(session, letter, http_printer)
    report = despatch_report(letter.id, "LOST")

    with clock.frozen(local(WINTER, 18)):
        response = anonymous_client.post(f"/notifications/letter/status?token={token}", json=report)

    assert response.status_code == 400
    assert _status(session, letter) == "sending"


def test_the_service_hears_its_letter_was_posted(
    session, anonymous_client, letter, http_printer, service, service_calls_back
):
    from postroom.domain.services import callbacks

    receiver = service_calls_back(service, callbacks.DELIVERY_STATUS, "status-token-123")
    token = _printed(session, letter, http_printer)

    with clock.frozen(local(WINTER.replace(day=15), 14)):
        anonymous_client.post(
            f"/notifications/letter/status?token={token}", json=despatch_report(letter.id)
        )

    statuses = [(r["json"]["id"], r["json"]["status"]) for r in receiver["received"]]
    assert statuses[-1] == (str(letter.id), "delivered")


def test_a_bfpo_letter_is_addressed_by_its_number_and_a_long_name_cut():
    from datetime import date

    from postroom.providers.print_base import LetterToPrint
    from postroom.providers.print_http import print_request

    letter = LetterToPrint(
        notification_id="n",
        reference="ABCDEFGHIJKLMNOP",
        postage="second",
        address_lines=("S" * 300, "Unit 4", "BFPO 801"),
        international=False,
        pdf=b"%PDF",
        pages=1,
        sheets=1,
        file_name="f.PDF",
        print_day=date(2026, 1, 14),
        service_id="s",
        organisation_id=None,
        callback_url="https://api.example/notifications/letter/status?token=t",
    )
    standard = print_request(letter)["standardParams"]
    assert standard["address"] == {"bfpoAddress": {"line1": "Unit 4", "bfpoNumber": 801}}
    assert standard["recipientName"] == "S" * 255
