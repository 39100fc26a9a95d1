"""The service's returned letters (by day, and as CSV), the platform admin's page for the
printer's list, and the returned letters callback's page."""

from __future__ import annotations

import csv
import io

import pytest

from postroom.clock import utcnow
from postroom.domain.printing import returned
from postroom.domain.vocabulary.dates import local_today
from postroom.models import Notification


@pytest.fixture
def letter(waiting_letter):
    return waiting_letter


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
