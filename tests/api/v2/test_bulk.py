"""Public API: POST /v2/notifications/bulk, as GC Notify's bulk API, started as a job."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from postroom.clock import frozen
from postroom.domain.jobs import uploads
from postroom.domain.services.senders import REPLY_TO, add_contact
from postroom.models import Job, Notification, ServicePermission, Upload
from tests.factories import create_service, create_template
from tests.fixtures.service_api import ServiceClient, make_key

NOW = datetime(2026, 11, 20, 10, 5)
ROWS = [["email address", "name"], ["ada@example.com", "Ada"], ["bob@example.com", "Bob"]]


@pytest.fixture
def template(session, live_service):
    return create_template(
        session, live_service, template_type="email", subject="Hi", content="Hello ((name))"
    )


def _bulk(client, template, *, headers=None, rows=ROWS, **fields):
    """The rows given (none: `rows` left out) and any other fields."""
    body = {"name": "reminders.csv", "template_id": str(template.id), **fields}
    if rows is not None:
        body["rows"] = rows
    return client.post("/v2/notifications/bulk", json=body, headers=headers)


def _as_csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _error(response) -> tuple[int, str, str]:
    [error] = response.get_json()["errors"]
    return response.status_code, error["error"], error["message"]


def _refused(response, message: str, error: str = "BadRequestError", status: int = 400) -> None:
    assert _error(response) == (status, error, message)


def _jobs(session) -> list[Job]:
    session.expire_all()
    return list(session.scalars(select(Job)))


def _notifications(session, job_id) -> list[Notification]:
    session.expire_all()
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.job_id == job_id)
            .order_by(Notification.job_row_number)
        )
    )


@pytest.mark.parametrize("source", ["rows", "csv"])
def test_rows_or_csv_start_a_job_answered_as_gc_notify(
    session, live_client, live_service, template, source
):
    body = {"rows": ROWS} if source == "rows" else {"rows": None, "csv": _as_csv(ROWS)}
    response = _bulk(live_client, template, **body)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()["data"]
    [job] = _jobs(session)
    assert data["id"] == str(job.id)
    assert (data["job_status"], data["notification_count"]) == ("pending", 2)
    assert data["original_file_name"] == "reminders.csv"
    assert (data["template"], data["template_version"]) == (str(template.id), 1)
    assert data["service"] == str(live_service.id)
    assert data["service_name"] == {"name": live_service.name}
    assert data["api_key"]["key_type"] == "normal" and data["api_key"]["id"] == str(job.api_key_id)
    assert (data["scheduled_for"], data["sender_id"], data["created_by"]) == (None, None, None)
    # Processed where it was queued (the tests run tasks eagerly): one message a row.
    made = _notifications(session, job.id)
    assert [(n.to, n.job_row_number, n.key_type) for n in made] == [
        ("ada@example.com", 0, "normal"),
        ("bob@example.com", 1, "normal"),
    ]
    assert job.job_status == "finished"
    # The rows are kept as the job's file, as an uploaded spreadsheet's are.
    assert uploads.rows_of(session.get(Upload, job.id)) == ROWS


def test_a_scheduled_job_waits_and_can_be_cancelled(session, live_client, template):
    with frozen(NOW):
        response = _bulk(live_client, template, scheduled_for="2026-11-21T09:00:00")
        assert response.status_code == 201
        data = response.get_json()["data"]
        assert (data["job_status"], data["scheduled_for"]) == (
            "scheduled",
            "2026-11-21T09:00:00.000000Z",
        )
        assert _notifications(session, uuid.UUID(data["id"])) == []
        cancelled = live_client.post(f"/v2/jobs/{data['id']}/cancel")
        assert cancelled.get_json()["data"]["job_status"] == "cancelled"


def test_a_zone_in_scheduled_for_is_honoured(session, live_client, template):
    with frozen(NOW):
        response = _bulk(live_client, template, scheduled_for="2026-11-21T09:00:00-05:00")
    assert response.get_json()["data"]["scheduled_for"] == "2026-11-21T14:00:00.000000Z"


@pytest.mark.parametrize(
    ("scheduled_for", "message"),
    [
        (42, "scheduled_for 42 is not of type string, null"),
        (
            "foo",
            "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time "
            "format, https://en.wikipedia.org/wiki/ISO_8601",
        ),
        ("2026-11-20T10:04:00", "scheduled_for datetime cannot be in the past"),
        ("2026-11-27T10:06:00", "scheduled_for datetime can only be up to 7 days in the future"),
    ],
)
def test_scheduled_for_is_checked_in_gc_notifys_words(
    session, live_client, template, scheduled_for, message
):
    with frozen(NOW):
        response = _bulk(live_client, template, scheduled_for=scheduled_for)
    _refused(response, message, "ValidationError")
    assert _jobs(session) == []


@pytest.mark.parametrize(
    "fields", [{"rows": None}, {"csv": "email address\nada@example.com"}], ids=["none", "both"]
)
def test_either_rows_or_csv(session, live_client, template, fields):
    _refused(_bulk(live_client, template, **fields), "You should specify either rows or csv")


def test_the_name_is_required(session, live_client, template):
    body = {"template_id": str(template.id), "rows": ROWS}
    response = live_client.post("/v2/notifications/bulk", json=body)
    _refused(response, "name is a required property", "ValidationError")


def test_a_template_of_another_service_is_not_found(session, live_client):
    other = create_template(
        session, create_service(session), template_type="email", subject="S", content="Hi"
    )
    _refused(_bulk(live_client, other), "Template not found")


def test_a_service_not_allowed_the_kind_is_refused(session, live_client, live_service, template):
    session.execute(
        ServicePermission.__table__.delete().where(
            ServicePermission.service_id == live_service.id,
            ServicePermission.permission == "email",
        )
    )
    session.commit()
    _refused(_bulk(live_client, template), "Service is not allowed to send emails")


def test_the_reply_to_address_chosen_must_be_the_services(
    session, live_client, live_service, template
):
    unknown = uuid.uuid4()
    _refused(
        _bulk(live_client, template, reply_to_id=str(unknown)),
        f"email_reply_to_id {unknown} does not exist in database for service id {live_service.id}",
    )
    chosen = add_contact(session, REPLY_TO, live_service.id, "replies@example.gov.uk", True)
    session.commit()
    response = _bulk(live_client, template, reply_to_id=str(chosen.id))
    assert response.get_json()["data"]["sender_id"] == str(chosen.id)
    [job] = _jobs(session)
    assert {n.reply_to_text for n in _notifications(session, job.id)} == {"replies@example.gov.uk"}


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["foo"], "email address, name"),
        (["name"], "email address"),
        (["EMAIL_ADDRESS"], "name"),
    ],
)
def test_missing_column_headers(session, live_client, template, header, missing):
    response = _bulk(live_client, template, rows=[header, ["bar"]])
    _refused(response, f"Missing column headers: {missing}")


def test_duplicate_recipient_column_headers(session, live_client, template):
    rows = [["email address", "email_address", "name"], ["a@example.com", "a@example.com", "A"]]
    _refused(
        _bulk(live_client, template, rows=rows),
        "Duplicate column headers: email address, email_address",
    )


def test_too_many_rows(session, live_client, template):
    rows = [["email address", "name"]] + [["ada@example.com", "Ada"]] * 100_001
    _refused(
        _bulk(live_client, template, rows=rows),
        "Too many rows. Maximum number of rows allowed is 100000",
    )
    assert _jobs(session) == []


def test_rows_with_errors_are_told_by_spreadsheet_row(session, live_client, template):
    rows = [
        ["email address", "name"],
        ["foo@example.com", "Foo"],
        ["bar@example.com", ""],
        ["nope", "Nope"],
        ["baz@example.com", " "],
    ]
    _refused(
        _bulk(live_client, template, rows=rows),
        "Some rows have errors. Row 3 - `name`: Missing. "
        "Row 4 - `email address`: Not a valid email address. Row 5 - `name`: Missing.",
    )
    assert _jobs(session) == []


def test_a_team_key_sends_only_to_the_team(session, api_app, live_service, user, template):
    team = ServiceClient(api_app, live_service.id, make_key(session, live_service, "team"))
    _refused(
        _bulk(team, template),
        "You cannot send to these recipients because you used a team and guest list API key.",
    )
    response = _bulk(team, template, rows=[["email address", "name"], [user.email_address, "Me"]])
    assert response.status_code == 201


def test_a_trial_service_sends_only_to_the_team(session, api_app, service, user):
    template = create_template(
        session, service, template_type="email", subject="Hi", content="Hello ((name))"
    )
    trial = ServiceClient(api_app, service.id, make_key(session, service, "team"))
    _refused(
        _bulk(trial, template),
        "You cannot send to these recipients because your service is in trial mode. You can "
        "only send to members of your team and your guest list.",
    )


def test_a_test_key_makes_test_messages_to_anyone(session, api_app, service):
    template = create_template(
        session, service, template_type="email", subject="Hi", content="Hello ((name))"
    )
    service.email_message_limit = 1
    session.commit()
    tester = ServiceClient(api_app, service.id, make_key(session, service, "test"))
    response = _bulk(tester, template)
    assert response.status_code == 201
    made = _notifications(session, uuid.UUID(response.get_json()["data"]["id"]))
    assert [n.key_type for n in made] == ["test", "test"]


def test_more_rows_than_today_allows_are_refused(session, live_client, live_service, template):
    live_service.email_message_limit = 1
    session.commit()
    _refused(
        _bulk(live_client, template),
        "You only have 1 remaining messages before you reach your daily limit. "
        "You've tried to send 2 messages.",
    )


def test_the_request_counts_once_against_the_rate_limit(
    session, live_client, live_service, template
):
    live_service.rate_limit = 3  # a bucket of 2: one request takes it, the next is refused
    session.commit()
    rows = [["email address", "name"]] + [[f"p{n}@example.com", "P"] for n in range(10)]
    with frozen(NOW):
        assert _bulk(live_client, template, rows=rows).status_code == 201
        _refused(
            _bulk(live_client, template),
            "Exceeded rate limit for key type LIVE of 3 requests per 60 seconds",
            "RateLimitError",
            429,
        )


def test_a_retry_with_its_idempotency_key_starts_no_second_job(session, live_client, template):
    key = {"Idempotency-Key": "bulk-1"}
    first = _bulk(live_client, template, headers=key)
    again = _bulk(live_client, template, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_data() == first.get_data()
    assert len(_jobs(session)) == 1


def test_bulk_is_in_the_openapi_document(anonymous_client):
    document = anonymous_client.get("/openapi.json").get_json()
    operation = document["paths"]["/v2/notifications/bulk"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
    assert {"201", "400", "409", "422"} <= set(operation["responses"])
    assert "100,000" in operation["description"]


def test_cells_must_be_strings_numbers_or_nulls(session, live_client, template):
    rows = [["email address", "name"], ["ada@example.com", {"first": "Ada"}]]
    _refused(
        _bulk(live_client, template, rows=rows),
        "rows 1 is not an array of strings, numbers, booleans or nulls",
        "ValidationError",
    )


def test_numbers_in_rows_are_read_as_their_text(session, live_client, live_service):
    sms = create_template(session, live_service, content="Your code is ((code))")
    rows = [["phone number", "code"], ["07700 900456", 1234], ["+447700900457", None]]
    response = _bulk(live_client, sms, rows=rows)
    _refused(response, "Some rows have errors. Row 3 - `code`: Missing.")
    response = _bulk(live_client, sms, rows=rows[:2])
    assert response.status_code == 201
    [made] = _notifications(session, uuid.UUID(response.get_json()["data"]["id"]))
    assert (made.to, made.notification_type, made.billable_units) == ("07700 900456", "sms", 1)


def test_more_texts_than_today_allows_are_refused(session, live_client, live_service):
    live_service.sms_message_limit = 1
    session.commit()
    sms = create_template(session, live_service, content="Hello")
    rows = [["phone number"], ["07700 900456"], ["07700 900457"]]
    _refused(
        _bulk(live_client, sms, rows=rows),
        "You only have 1 remaining sms messages before you reach your daily limit. "
        "You've tried to send 2 sms messages.",
    )


def test_letters_are_sent_to_the_address_in_their_columns(session, live_client, live_service):
    letter = create_template(
        session, live_service, template_type="letter", subject="Your visit", content="Dear ((name))"
    )
    rows = [
        ["address line 1", "address line 2", "postcode", "name"],
        ["A Person", "1 High Street", "SW1A 1AA", "Ada"],
    ]
    response = _bulk(live_client, letter, rows=rows)
    assert response.status_code == 201, response.get_json()
    [made] = _notifications(session, uuid.UUID(response.get_json()["data"]["id"]))
    assert (made.notification_type, made.to) == ("letter", "A Person\n1 High Street\nSW1A 1AA")


def test_a_trial_service_cannot_send_letters(session, api_app, service):
    """Not even with a test key, as one letter may: a job of letters is refused in trial mode
    whoever starts it (Notify's rule for jobs)."""
    letter = create_template(session, service, template_type="letter", subject="S", content="Hi")
    trial = ServiceClient(api_app, service.id, make_key(session, service, "test"))
    rows = [["address line 1", "address line 2", "postcode"], ["A Person", "1 High St", "SW1A 1AA"]]
    _refused(_bulk(trial, letter, rows=rows), "Cannot send letters when service is in trial mode")


def test_a_job_that_cannot_be_queued_is_still_accepted(session, live_client, template, monkeypatch):
    """Stored is enough (check-job-status queues it later): a 500 would have the client send
    the same list again."""

    def broker_down(job):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("postroom.api.v2.jobs.queue_job", broker_down)
    response = _bulk(live_client, template)
    assert response.status_code == 201
    [job] = _jobs(session)
    assert (job.job_status, _notifications(session, job.id)) == ("pending", [])


def test_a_text_message_too_long_is_told_as_gc_notify_tells_it(session, live_client, live_service):
    sms = create_template(session, live_service, content="((text))")
    rows = [["phone number", "text"], ["07700 900456", "Hi"], ["07700 900457", "x" * 919]]
    _refused(
        _bulk(live_client, sms, rows=rows),
        "Row 3 - has a character count greater than 918 characters. Some messages may be too "
        "long due to custom content.",
    )


def test_a_bulk_jobs_progress_is_read_back_from_its_id(session, live_client, template):
    job_id = _bulk(live_client, template).get_json()["data"]["id"]
    data = live_client.get(f"/v2/jobs/{job_id}").get_json()["data"]
    assert data["job_status"] == "finished"
    made = _notifications(session, uuid.UUID(job_id))
    statuses = {n.status for n in made}
    assert data["counts"]["total"] == data["counts"]["created"] == 2
    assert data["counts"]["by_status"] == {status: 2 for status in statuses}


def test_the_same_list_may_be_sent_twice_under_one_name(session, live_client, template):
    """The check page's "already sent today" is for people uploading a file twice by mistake;
    an API's retries are what the Idempotency-Key header is for (GC Notify has no such check)."""
    assert _bulk(live_client, template).status_code == 201
    assert _bulk(live_client, template).status_code == 201
    assert len(_jobs(session)) == 2


def test_a_team_key_cannot_send_letters(session, api_app, live_service):
    letter = create_template(session, live_service, template_type="letter", subject="S")
    team = ServiceClient(api_app, live_service.id, make_key(session, live_service, "team"))
    rows = [["address line 1", "address line 2", "postcode"], ["A Person", "1 High St", "SW1A 1AA"]]
    _refused(_bulk(team, letter, rows=rows), "Cannot send letters with a team api key", status=403)


def test_only_the_first_50_rows_with_errors_are_told(session, live_client, live_service, template):
    live_service.email_message_limit = 1000
    session.commit()
    rows = [["email address", "name"]] + [[f"bad-{n}", "Bad"] for n in range(60)]
    message = _error(_bulk(live_client, template, rows=rows))[2]
    assert message.startswith("Some rows have errors. Row 2 - `email address`: ")
    assert message.count("Row ") == 50
    assert message.endswith("Only the first 50 of the 60 rows with errors are shown.")
