"""Returned letters: the printer's references reported through the admin API (kept letters and
those already in history), one row a letter by the day it was last reported, the service's
summaries and the returned-letter callback, received by a real HTTP receiver."""

from __future__ import annotations

import pytest

from postroom import clock
from postroom.domain.printing import returned
from postroom.domain.services import callbacks
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Notification, NotificationHistory, ReturnedLetter
from tests.domain.printing.test_print_run import WINTER, local
from tests.factories import create_job

REPORTED = local(WINTER.replace(day=20), 10)


@pytest.fixture
def printed(session, make_letter, user):
    """Letters printed on 14 January: references AAAA…0 to AAAA…n."""

    def make(count: int = 1, **kwargs):
        letters = []
        for n in range(count):
            letter = make_letter(local(WINTER, 9), status="delivered", **kwargs)
            letter.reference = f"{'A' * 15}{n}"
            letter.sent_at = local(WINTER, 17, 50)
            letter.created_by_id = user.id
            letters.append(letter)
        session.commit()
        return letters

    return make


def report(admin_client, references, at=REPORTED):
    with clock.frozen(at):
        return admin_client.post("/letters/returned", json={"references": references})


def test_returned_letters_are_marked_and_listed_by_the_day_they_were_reported(
    session, admin_client, printed, service
):
    kept, moved = printed(2)
    session.add(
        NotificationHistory(
            **{c: getattr(moved, c) for c in ("id", "service_id", "template_id")},
            **{
                c: getattr(moved, c)
                for c in (
                    "template_version",
                    "key_type",
                    "notification_type",
                    "created_at",
                    "reference",
                    "status",
                )
            },
        )
    )
    session.delete(moved)
    session.commit()

    response = report(admin_client, [kept.reference, moved.reference, "ZZZZZZZZZZZZZZZZ"])

    assert response.status_code == 200
    assert response.get_json() == {
        "references": [kept.reference, moved.reference, "ZZZZZZZZZZZZZZZZ"]
    }
    session.expire_all()
    assert session.get(Notification, kept.id).status == "returned-letter"
    assert session.get(NotificationHistory, moved.id).status == "returned-letter"
    rows = session.query(ReturnedLetter).all()
    assert {(r.notification_id, r.reported_at.isoformat()) for r in rows} == {
        (kept.id, "2026-01-20"),
        (moved.id, "2026-01-20"),
    }
    assert returned.summary(session, service.id) == [
        {"returned_letter_count": 2, "reported_at": "2026-01-20"}
    ]


def test_a_letter_reported_again_keeps_one_row_of_its_latest_report(
    session, admin_client, printed, service
):
    (letter,) = printed()
    report(admin_client, [letter.reference])
    report(admin_client, [letter.reference], local(WINTER.replace(day=22), 10))

    (row,) = session.query(ReturnedLetter).all()
    assert row.reported_at.isoformat() == "2026-01-22"
    with clock.frozen(local(WINTER.replace(day=23), 10)):
        response = admin_client.get(f"/service/{service.id}/returned-letter-statistics")
    assert response.get_json() == {"returned_letter_count": 1, "most_recent_report": "2026-01-22"}
    with clock.frozen(local(WINTER.replace(day=30), 10)):
        response = admin_client.get(f"/service/{service.id}/returned-letter-statistics")
    assert response.get_json() == {"returned_letter_count": 0, "most_recent_report": "2026-01-22"}


@pytest.mark.parametrize(
    "references", [[], ["abcdefghijklmnop"], ["A" * 15], ["A" * 17], "AAAAAAAAAAAAAAAA"]
)
def test_only_real_references_are_taken(session, admin_client, references):
    assert report(admin_client, references).status_code == 400


def test_pasted_references_lose_the_printers_prefix_and_blank_lines():
    pasted = "NOTIFY004AAAAAAAAAAAAAAAA\n\n  BBBBBBBBBBBBBBBB  \n"
    assert returned.references_in(pasted) == ["AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"]
    with pytest.raises(InvalidRequest) as refused:
        returned.references_in("AAAAAAAAAAAAAAAA\nnot-one\nNOTIFY0011234")
    assert refused.value.message == "Invalid references: not-one, 1234"


def test_the_service_hears_of_each_returned_letter_at_its_callback(
    session, admin_client, printed, service, user, service_calls_back, letter_template
):
    callback_receiver = service_calls_back(service, callbacks.RETURNED_LETTER, "returned-token-123")
    (letter,) = printed()
    job = create_job(session, letter_template, notification_count=1)
    letter.job_id, letter.job_row_number = job.id, 4
    session.commit()

    report(admin_client, [letter.reference])

    (received,) = callback_receiver["received"]
    assert received["headers"]["Authorization"] == "Bearer returned-token-123"
    assert received["json"] == {
        "notification_id": str(letter.id),
        "reference": None,  # sent from a spreadsheet, not through the API
        "date_sent": "2026-01-14T17:50:00.000000Z",
        "sent_by": user.email_address,
        "template_name": letter_template.name,
        "template_id": str(letter_template.id),
        "template_version": letter_template.version,
        "spreadsheet_file_name": "letters.csv",
        "spreadsheet_row_number": 5,
        "upload_letter_file_name": None,
    }
    with clock.frozen(REPORTED):
        listed = admin_client.get(
            f"/service/{service.id}/returned-letters?reported_at=2026-01-20"
        ).get_json()
    assert listed == [received["json"]]


def test_a_service_without_a_returned_letter_callback_is_not_called(
    session, admin_client, printed, callback_receiver
):
    (letter,) = printed()
    assert report(admin_client, [letter.reference]).status_code == 200
    assert callback_receiver["received"] == []
