"""Cancelling a letter, and a whole letter job, through the admin API: Notify's rule (until the
letter's print run starts, never once two days old) on both sides of 5:30pm, its messages, and
today's letter count given back."""

from __future__ import annotations

import pytest

from postroom import clock
from postroom.domain.sending import limits
from postroom.models import Job, Notification
from tests.domain.printing.test_print_run import SUMMER, WINTER, local
from tests.factories import create_job, create_notification, create_template

NEXT_DAY = WINTER.replace(day=15)


def cancel(admin_client, letter, at):
    with clock.frozen(at):
        return admin_client.post(f"/service/{letter.service_id}/notifications/{letter.id}/cancel")


@pytest.mark.parametrize(
    ("created", "cancelled"),
    [
        (local(WINTER, 10), local(WINTER, 17, 29, 59)),
        (local(SUMMER, 10), local(SUMMER, 17, 29, 59)),
        (local(WINTER, 17, 30), local(NEXT_DAY, 17, 29)),  # after the cut-off: the next run's
    ],
)
def test_a_letter_can_be_cancelled_until_its_print_run_starts(
    session, admin_client, make_letter, created, cancelled
):
    letter = make_letter(created)

    response = cancel(admin_client, letter, cancelled)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["id"] == str(letter.id)
    session.expire_all()
    assert session.get(Notification, letter.id).status == "cancelled"


@pytest.mark.parametrize(
    ("created", "cancelled", "started"),
    [
        (local(WINTER, 10), local(WINTER, 17, 30), "today"),
        (local(SUMMER, 10), local(SUMMER, 17, 30), "today"),
        (local(WINTER, 17, 30), local(NEXT_DAY, 17, 30), "today"),
        (local(WINTER, 10), local(NEXT_DAY, 9), "on 14 January"),
        (local(WINTER, 10), local(WINTER.replace(day=17), 9), "on 14 January"),
    ],
)
def test_after_its_print_run_starts_it_is_too_late_to_cancel_a_letter(
    session, admin_client, make_letter, created, cancelled, started
):
    letter = make_letter(created)

    response = cancel(admin_client, letter, cancelled)

    assert response.status_code == 400
    assert response.get_json()["message"] == (
        f"It’s too late to cancel this letter. Printing started {started} at 5.30pm"
    )
    session.expire_all()
    assert session.get(Notification, letter.id).status == "created"


def test_a_letter_being_checked_for_viruses_can_be_cancelled(session, admin_client, make_letter):
    letter = make_letter(local(WINTER, 10), status="pending-virus-check")
    assert cancel(admin_client, letter, local(WINTER, 11)).status_code == 200


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("cancelled", "This letter has already been cancelled."),
        (
            "validation-failed",
            "We could not cancel this letter. "
            "Letter status: validation-failed, created_at: 2026-01-14 10:00:00",
        ),
    ],
)
def test_a_letter_no_longer_waiting_cannot_be_cancelled(
    session, admin_client, make_letter, status, message
):
    letter = make_letter(local(WINTER, 10), status=status)

    response = cancel(admin_client, letter, local(WINTER, 11))

    assert response.status_code == 400
    assert response.get_json()["message"] == message


def test_only_letters_of_the_service_can_be_cancelled(session, admin_client, service, make_letter):
    email = create_notification(
        session, create_template(session, service, template_type="email"), status="created"
    )
    response = cancel(admin_client, email, clock.utcnow())
    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Notification cannot be cancelled - only letters can be cancelled"
    )

    letter = make_letter(local(WINTER, 10))
    with clock.frozen(local(WINTER, 11)):
        response = admin_client.post(
            f"/service/{email.template_id}/notifications/{letter.id}/cancel"
        )
    assert response.status_code == 404
    assert response.get_json()["message"] == "Notification not found"


def test_a_cancelled_letter_no_longer_counts_against_todays_limit(
    session, api_app, admin_client, service, make_letter
):
    cache = api_app.extensions["postroom_cache"]
    with clock.frozen(local(WINTER, 10)):
        letter = make_letter(clock.utcnow())
        yesterdays = make_letter(local(WINTER.replace(day=13), 18))
        limits.Counted(cache, service, "normal", ["letter"])  # as accepting it counted it
        before = limits.remaining_today(cache, service, "letter")

    assert cancel(admin_client, letter, local(WINTER, 11)).status_code == 200
    assert cancel(admin_client, yesterdays, local(WINTER, 11)).status_code == 200

    with clock.frozen(local(WINTER, 11)):
        assert limits.remaining_today(cache, service, "letter") == before + 1


@pytest.fixture
def letter_job(session, service, letter_template):
    def make(letters: list, status: str = "finished", count: int | None = None, template=None):
        job = create_job(
            session,
            template or letter_template,
            notification_count=len(letters) if count is None else count,
            job_status=status,
        )
        for row, letter in enumerate(letters):
            letter.job_id, letter.job_row_number = job.id, row
        session.commit()
        return job

    return make


def cancel_job(admin_client, job, at):
    with clock.frozen(at):
        return admin_client.post(f"/service/{job.service_id}/job/{job.id}/cancel-letter-job")


def test_a_letter_job_is_cancelled_whole_before_its_print_run(
    session, admin_client, make_letter, letter_job
):
    letters = [make_letter(local(WINTER, 10)) for _ in range(3)]
    letters[2].status = "validation-failed"
    job = letter_job(letters)

    response = cancel_job(admin_client, job, local(WINTER, 17))

    assert response.status_code == 200
    assert response.get_json() == 3
    session.expire_all()
    assert session.get(Job, job.id).job_status == "cancelled"
    for letter in letters:
        cancelled = session.get(Notification, letter.id)
        assert (cancelled.status, cancelled.billable_units) == ("cancelled", 0)


@pytest.mark.parametrize(
    ("job_status", "count", "at", "message"),
    [
        (
            "in progress",
            None,
            local(WINTER, 17),
            "We are still processing these letters, please try again in 5 minutes.",
        ),
        (
            "finished",
            5,
            local(WINTER, 17),
            "We are still processing these letters, please try again in 5 minutes.",
        ),
        (
            "finished",
            None,
            local(WINTER, 17, 30),
            "It’s too late to cancel sending, these letters have already been sent.",
        ),
    ],
)
def test_a_letter_job_still_being_made_or_gone_to_print_is_not_cancelled(
    session, admin_client, make_letter, letter_job, job_status, count, at, message
):
    job = letter_job([make_letter(local(WINTER, 10))], job_status, count)

    response = cancel_job(admin_client, job, at)

    assert response.status_code == 400
    assert response.get_json()["message"] == message


def test_a_job_with_a_printed_letter_is_not_cancelled(
    session, admin_client, make_letter, letter_job
):
    job = letter_job(
        [make_letter(local(WINTER, 10)), make_letter(local(WINTER, 10), status="sending")]
    )
    response = cancel_job(admin_client, job, local(WINTER, 11))
    assert response.get_json()["message"] == (
        "It’s too late to cancel sending, these letters have already been sent."
    )


def test_only_letter_jobs_are_cancelled_here(session, admin_client, service, letter_job):
    job = letter_job([], template=create_template(session, service, template_type="sms"))

    response = cancel_job(admin_client, job, clock.utcnow())

    assert response.status_code == 400
    assert response.get_json()["message"] == (
        "Only letter jobs can be cancelled through this endpoint. This is not a letter job."
    )


@pytest.mark.parametrize(
    ("created", "now", "statement"),
    [
        (local(WINTER, 10), local(WINTER, 17, 29), "Printing starts today at 5:30pm"),
        (local(WINTER, 17, 30), local(WINTER, 18), "Printing starts tomorrow at 5:30pm"),
        (local(WINTER, 10), local(WINTER, 17, 30), "Printed today at 5:30pm"),
        (local(WINTER, 10), local(NEXT_DAY, 9), "Printed yesterday at 5:30pm"),
        (local(WINTER, 10), local(WINTER.replace(day=20), 9), "Printed on 14 January at 5:30pm"),
    ],
)
def test_a_letters_page_says_when_it_is_printed(session, make_letter, created, now, statement):
    from postroom.domain.printing import cancelling

    letter = make_letter(created)
    with clock.frozen(now):
        assert cancelling.printing_statement(letter) == statement
