"""A job's rows made into notifications: in batches, each row once, resumable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from postroom.domain.jobs import jobs, processing
from postroom.domain.sending import limits
from postroom.domain.sending.acceptance import personalisation_of
from postroom.domain.services import senders
from postroom.domain.services.api_keys import create_api_key
from postroom.models import Job, Notification
from tests.factories import create_template
from tests.fixtures.job_files import checked_upload, email_rows, roomy_service


@pytest.fixture
def service(job_service):
    return job_service


def _started(session, service, template, rows, **start):
    upload = checked_upload(session, service, template, rows, **start.pop("upload", {}))
    job = jobs.start(session, service, upload, created_by_id=service.created_by_id, **start)
    session.commit()
    return job


def _made(session, job) -> list[Notification]:
    session.expire_all()
    return list(
        session.scalars(
            select(Notification).where(Notification.job_id == job.id).order_by("job_row_number")
        )
    )


def _row_numbers(session, job) -> tuple[int, int]:
    count, distinct = session.execute(
        select(func.count(), func.count(func.distinct(Notification.job_row_number))).where(
            Notification.job_id == job.id
        )
    ).one()
    return count, distinct


def test_every_row_becomes_one_notification_in_batches(session, service, email_template, app_cache):
    job = _started(session, service, email_template, email_rows(1234))
    batches = []
    status = processing.process(session, app_cache, job.id, lambda: batches.append(1))
    assert status == "finished" and len(batches) == 3  # 500 + 500 + 234
    made = _made(session, job)
    assert [n.job_row_number for n in made] == list(range(1234))
    first = made[0]
    assert (first.to, first.status, first.key_type) == (
        "person-0@example.gov.uk",
        "created",
        "normal",
    )
    assert first.created_by_id == service.created_by_id
    assert personalisation_of(first) == {
        "email address": "person-0@example.gov.uk",
        "name": "Person 0",
    }
    assert first.personalisation != "Person 0"  # stored encrypted
    job = session.get(Job, job.id)
    assert job.rows_processed == 1234
    assert job.processing_started is not None and job.processing_finished is not None


def test_a_job_processed_again_makes_no_row_twice(session, service, email_template, app_cache):
    job = _started(session, service, email_template, email_rows(600))
    processing.process(session, app_cache, job.id)
    job = session.get(Job, job.id)
    job.job_status, job.rows_processed = "in progress", 0  # as if its progress were lost
    session.commit()
    assert processing.process(session, app_cache, job.id) == "finished"
    assert _row_numbers(session, job) == (600, 600)


def test_an_interrupted_job_resumes_where_it_stopped(session, service, email_template, app_cache):
    job = _started(session, service, email_template, email_rows(1100))

    def stop():
        raise KeyboardInterrupt  # the worker goes after its first batch is committed

    with pytest.raises(KeyboardInterrupt):
        processing.process(session, app_cache, job.id, stop)
    session.rollback()
    job = session.get(Job, job.id, populate_existing=True)
    assert (job.job_status, job.rows_processed) == ("in progress", 500)
    assert _row_numbers(session, job) == (500, 500)
    assert processing.process(session, app_cache, job.id) == "finished"
    assert _row_numbers(session, job) == (1100, 1100)


def test_an_inactive_services_job_is_cancelled(session, service, email_template, app_cache):
    job = _started(session, service, email_template, email_rows(3))
    service.active = False
    session.commit()
    assert processing.process(session, app_cache, job.id) == "cancelled"
    assert _made(session, job) == []


def test_a_file_over_todays_limit_sends_nothing_and_uses_none_of_it(
    session, service, email_template, app_cache
):
    service.email_message_limit = 10
    session.commit()
    job = _started(session, service, email_template, email_rows(11))
    assert processing.process(session, app_cache, job.id) == "sending limits exceeded"
    assert session.get(Job, job.id).processing_finished is not None
    assert _made(session, job) == []
    # Nothing of the refused file was counted: a file of ten still fits today.
    assert limits.take_daily(app_cache, service, {"email": 10})


def test_a_file_counts_against_todays_limit_once(session, service, email_template, app_cache):
    service.email_message_limit = 10
    session.commit()
    job = _started(session, service, email_template, email_rows(6))
    assert processing.process(session, app_cache, job.id) == "finished"
    assert processing.process(session, app_cache, job.id) == "finished"  # again: not counted again
    assert limits.take_daily(app_cache, service, {"email": 4})
    assert not limits.take_daily(app_cache, service, {"email": 1})


def test_a_scheduled_job_waits_for_its_time(session, service, email_template, app_cache, now):
    job = _started(
        session, service, email_template, email_rows(2), scheduled_for=now + timedelta(hours=1)
    )
    assert processing.process(session, app_cache, job.id) == "scheduled"
    assert _made(session, job) == []


def test_a_row_whose_recipient_does_not_validate_is_stored_as_failed(session, service, app_cache):
    texts = create_template(session, service, template_type="sms", content="Hi ((name))")
    rows = [["phone number", "name"], ["07700 900123", "A"], ["not a number", "B"]]
    job = _started(session, service, texts, rows)
    assert processing.process(session, app_cache, job.id) == "finished"
    good, bad = _made(session, job)
    assert (good.status, good.billable_units, good.normalised_to) == ("created", 1, "447700900123")
    assert (bad.status, bad.billable_units, bad.to) == ("validation-failed", 0, "not a number")


def test_text_messages_are_billed_by_their_length(session, service, app_cache):
    texts = create_template(session, service, template_type="sms", content="((message))")
    rows = [["phone number", "message"], ["07700900123", "x" * 200], ["07700900124", "short"]]
    job = _started(session, service, texts, rows)
    processing.process(session, app_cache, job.id)
    assert [n.billable_units for n in _made(session, job)] == [2, 1]


def test_a_live_services_letters_get_their_postage_and_address(session, user, app_cache):
    live = roomy_service(session, user, restricted=False)
    letters = create_template(session, live, template_type="letter", content="Dear ((name))")
    rows = [
        ["address line 1", "address line 2", "postcode", "name"],
        ["A Person", "1 The Street", "sw1a1aa", "A"],
        ["", "", "", "B"],
    ]
    job = _started(session, live, letters, rows)
    assert processing.process(session, app_cache, job.id) == "finished"
    good, bad = _made(session, job)
    assert (good.to, good.postage, good.status) == (
        "A Person\n1 The Street\nSW1A 1AA",
        "second",
        "created",
    )
    assert bad.status == "validation-failed"
    assert (good.billable_units, bad.billable_units) == (1, 0)  # one sheet: it will be printed


def test_a_jobs_letters_are_laid_out_as_the_apis_are(session, user, app_cache):
    """Charged by sheets, sent with the contact block, and failed when over 10 pages."""
    live = roomy_service(session, user, restricted=False)
    letters = create_template(session, live, template_type="letter", content="((body))")
    senders.add_contact(session, senders.LETTER_CONTACTS, live.id, "The Council\nTown Hall", True)
    session.commit()
    paragraph = "A line of a letter that goes on for a while. " * 12
    rows = [["address line 1", "address line 2", "postcode", "body"]] + [
        ["A Person", "1 The Street", "sw1a1aa", "\n\n".join([paragraph] * paragraphs)]
        for paragraphs in (1, 25, 150)
    ]
    job = _started(session, live, letters, rows)
    processing.process(session, app_cache, job.id)
    short, long, too_long = _made(session, job)
    assert short.billable_units == 1 and long.billable_units > 1
    assert (short.status, long.status, too_long.status) == (
        "created",
        "created",
        "validation-failed",
    )
    assert short.reply_to_text == "The Council\nTown Hall"


def test_messages_come_from_the_jobs_key_and_chosen_sender(
    session, service, email_template, app_cache
):
    senders.add_contact(session, senders.REPLY_TO, service.id, "default@example.gov.uk", True)
    chosen = senders.add_contact(
        session, senders.REPLY_TO, service.id, "chosen@example.gov.uk", False
    )
    key, _ = create_api_key(
        session, service, name="bulk", key_type="team", created_by_id=service.created_by_id
    )
    session.commit()
    job = _started(
        session,
        service,
        email_template,
        email_rows(1),
        upload={"api_key_id": key.id},
        sender_id=chosen.id,
    )
    by_default = _started(session, service, email_template, email_rows(1))
    processing.process(session, app_cache, job.id)
    processing.process(session, app_cache, by_default.id)
    (made,) = _made(session, job)
    assert (made.key_type, made.api_key_id, made.reply_to_text) == (
        "team",
        key.id,
        "chosen@example.gov.uk",
    )
    assert _made(session, by_default)[0].reply_to_text == "default@example.gov.uk"


def test_a_reference_column_becomes_the_client_reference(
    session, service, email_template, app_cache
):
    rows = [["email address", "name", "Reference"], ["a@example.gov.uk", "A", "ref-1"]]
    job = _started(session, service, email_template, rows)
    processing.process(session, app_cache, job.id)
    assert _made(session, job)[0].client_reference == "ref-1"


def test_a_job_whose_file_has_gone_ends_in_error(session, service, email_template, app_cache):
    job = _started(session, service, email_template, email_rows(1))
    session.delete(session.get(jobs.Upload, job.id))
    session.commit()
    assert processing.process(session, app_cache, job.id) == "error"
