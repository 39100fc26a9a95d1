"""The letter pages: cancelling a letter from its page and a whole letter job, the service's
returned letters (by day, and as CSV), and the platform admin's page for the printer's list."""

from __future__ import annotations

import csv
import io

import pytest

from postroom import clock
from postroom.clock import utcnow
from postroom.domain.letters import returned
from postroom.domain.letters.print_days import cut_off_of, print_day
from postroom.domain.vocabulary.dates import local_today
from postroom.models import Notification, Template
from tests.factories import (
    create_job,
    create_notification,
    create_service,
    create_template,
)

ADDRESS = "A Person\n1 High Street\nLondon\nSW1A 1AA"


@pytest.fixture
def letter(session, service):
    template = create_template(session, service, template_type="letter", content="Dear you")
    return create_notification(session, template, status="created", to=ADDRESS)


def test_a_letter_is_cancelled_from_its_page_until_it_goes_to_print(
    session, service, signed_in, letter
):
    page_path = f"/services/{service.id}/notification/{letter.id}"
    with clock.frozen(letter.created_at):
        page = signed_in.page(page_path)
        assert "Cancel sending this letter" in page
        assert "Printing starts to" in page  # today, or tomorrow after 5:30pm
        confirm = signed_in.page(f"{page_path}/cancel")
        assert "Are you sure you want to cancel sending this letter?" in confirm

        response = signed_in.post(f"{page_path}/cancel")

        assert response.status_code == 302 and response.location.endswith(page_path)
        session.expire_all()
        assert session.get(Notification, letter.id).status == "cancelled"
        assert "Cancel sending this letter" not in signed_in.page(page_path)


def test_a_letter_gone_to_print_says_so_and_stays(session, service, signed_in, letter):
    page_path = f"/services/{service.id}/notification/{letter.id}"
    token = signed_in.csrf_token(f"{page_path}/cancel")

    with clock.frozen(cut_off_of(print_day(letter.created_at))):
        assert "Cancel sending this letter" not in signed_in.page(page_path)
        response = signed_in.client.post(f"{page_path}/cancel", data={"csrf_token": token})
        assert response.status_code == 302
        page = signed_in.page(page_path)
    assert "It’s too late to cancel this letter. Printing started today at 5.30pm" in page
    session.expire_all()
    assert session.get(Notification, letter.id).status == "created"


def test_a_letter_job_is_cancelled_from_its_page(session, service, signed_in, letter):
    job = create_job(session, session.get(Template, letter.template_id), notification_count=1)
    letter.job_id, letter.job_row_number = job.id, 0
    session.commit()
    path = f"/services/{service.id}/jobs/{job.id}/cancel"

    with clock.frozen(letter.created_at):
        assert "Are you sure you want to cancel sending these letters?" in signed_in.page(path)
        response = signed_in.post(path)
        assert response.status_code == 302
        assert "Cancelled 1 letters from letters.csv" in signed_in.page(response.location)
    session.expire_all()
    assert session.get(Notification, letter.id).status == "cancelled"


def test_pages_of_another_services_letters_are_not_found(session, service, signed_in, letter):
    theirs = create_service(session, name="Elsewhere")
    response = signed_in.get(f"/services/{theirs.id}/notification/{letter.id}/cancel")
    assert response.status_code == 404, response.location


def test_a_platform_admin_reports_returned_letters_and_the_service_sees_them(
    session, service, signed_in, admin, letter
):
    letter.reference, letter.status, letter.sent_at = "ABCDEFGHIJKLMNOP", "delivered", utcnow()
    session.commit()
    path = "/platform-admin/returned-letters"

    refused = admin.post(path, {"references": "NOTIFY003ABCDEFGHIJKLMNOP\nnot-a-reference"})
    assert "Invalid references: not-a-reference" in refused.get_data(as_text=True)
    response = admin.post(path, {"references": "NOTIFY003ABCDEFGHIJKLMNOP\n\nZZZZZZZZZZZZZZZZ\n"})
    assert response.status_code == 302
    assert "Submitted 2 letter references" in admin.page(path)

    session.expire_all()
    assert session.get(Notification, letter.id).status == "returned-letter"
    summary = signed_in.page(f"/services/{service.id}/returned-letters")
    day = local_today().isoformat()
    assert f"/returned-letters/{day}" in summary
    listed = signed_in.page(f"/services/{service.id}/returned-letters/{day}")
    assert "1 returned letter reported on" in listed
    download = signed_in.get(f"/services/{service.id}/returned-letters/{day}.csv")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0] == list(returned.CSV_COLUMNS)
    assert (rows[0][0], rows[0][-1]) == ("Notification ID", "Uploaded letter file name")
    assert rows[1][0] == str(letter.id)
    assert rows[1][4:7] == ["letter template", str(letter.template_id), "1"]


def test_only_platform_admins_report_returned_letters(signed_in):
    assert signed_in.get("/platform-admin/returned-letters").status_code == 403


def test_the_returned_letters_callback_is_set_on_the_callbacks_page(service, signed_in):
    page = signed_in.page(f"/services/{service.id}/api")
    assert "Returned letters" in page
    assert "Returned letters callback" in signed_in.page(
        f"/services/{service.id}/api/callbacks/returned-letters"
    )
