"""Notifications as CSV: GOV.UK Notify's columns, values made safe for spreadsheets, local times,
the retention window, and rows read a page at a time."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from postroom.clock import frozen
from postroom.domain.activity import notification_csv, search
from postroom.infrastructure.csv_export import spreadsheet_safe
from tests.domain.activity.test_search import NOW, a_job, an_api_key, sent
from tests.factories import create_service, create_template, create_user


def _parsed(session, service, message_type=None, per_query=notification_csv.ROWS_PER_QUERY, **kw):
    with frozen(NOW):
        chosen = search.Selection(
            service_id=service.id,
            days_by_type=search.retention_days(session, service.id, message_type),
            **kw,
        )
        text = "".join(notification_csv.csv_text(session, chosen, per_query))
    return list(csv.reader(io.StringIO(text)))


def test_values_a_spreadsheet_would_run_get_a_quote_first():
    for risky in ("=SUM(A1:A9)", "+44 7700", "-1+2", "@cmd", "\tx", "\rx"):
        assert spreadsheet_safe(risky) == "'" + risky
    for safe in ("Ada", "07700 900123", "a=b", ""):
        assert spreadsheet_safe(safe) == safe


def test_the_filename_names_the_day_type_and_service():
    assert (
        notification_csv.filename(date(2026, 6, 15), "email", "Clinic reminders")
        == "2026-06-15 - email - Clinic reminders report.csv"
    )
    assert notification_csv.filename(date(2026, 6, 15), None, "A\r\nB") == (
        "2026-06-15 - all - A B report.csv"
    )


def test_every_column_as_notify_has_it(session, service):
    sender = create_user(session, name="=Evil Name", email_address="sender@example.gov.uk")
    template = create_template(session, service, name="Appointment")
    job = a_job(session, template, "june.csv")
    key = an_api_key(session, service, "Live key")
    sent(
        session,
        template,
        to="07700 900123",
        status="permanent-failure",
        client_reference="-2+3",
        created_by_id=sender.id,
        job_id=job.id,
    )
    sent(
        session, template, to="+33 6 12 34 56 78", api_key_id=key.id, created_at=NOW.replace(hour=9)
    )
    header, *rows = _parsed(session, service)
    assert ",".join(header) == (
        "Recipient,Reference,Template,Type,Sent by,Sent by email,Job,Status,Time,API key name"
    )
    assert rows == [
        [
            "07700 900123",
            "'-2+3",
            "Appointment",
            "sms",
            "'=Evil Name",
            "sender@example.gov.uk",
            "june.csv",
            "Phone number does not exist",
            "2026-06-15 12:00:00",  # 11:00 UTC is noon in London in June
            "",
        ],
        [
            "'+33 6 12 34 56 78",
            "",
            "Appointment",
            "sms",
            "",
            "",
            "",
            "Delivered",
            "2026-06-15 10:00:00",
            "Live key",
        ],
    ]


def test_letters_show_the_first_line_of_the_address(session, service):
    letter = create_template(session, service, template_type="letter", name="Renewal")
    sent(session, letter, to="A Person\n1 High Street\nLS1 1AA", status="created")
    [_, row] = _parsed(session, service, "letter")
    assert (row[0], row[3], row[7]) == ("A Person", "letter", "Waiting to be printed")


def test_only_this_services_messages_in_the_window_and_filter(session, service):
    template = create_template(session, service)
    sent(session, template, status="delivered")
    sent(session, template, status="temporary-failure")
    sent(session, template, status="delivered", created_at=NOW - timedelta(days=8))
    sent(session, template, status="delivered", key_type="test")
    other = create_template(session, create_service(session, name="Elsewhere"))
    sent(session, other, status="delivered")
    assert len(_parsed(session, service, "sms")) == 1 + 2
    delivered = _parsed(session, service, "sms", status="delivered")
    assert [row[7] for row in delivered[1:]] == ["Delivered"]
    assert len(_parsed(session, service, "email")) == 1  # the header alone


def test_rows_are_read_a_page_at_a_time_without_losing_ties(session, service):
    template = create_template(session, service)
    for n in range(7):
        sent(session, template, to=f"07700 90012{n}", created_at=NOW - timedelta(minutes=n // 3))
    paged = _parsed(session, service, per_query=3)
    whole = _parsed(session, service)
    assert len(paged) == 1 + 7
    assert sorted(paged[1:]) == sorted(whole[1:])
    assert len({row[0] for row in paged[1:]}) == 7
