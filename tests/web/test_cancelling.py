"""Cancelling a letter from its page, and a whole letter job."""

from __future__ import annotations

import pytest

from postroom import clock
from postroom.domain.printing.print_days import cut_off_of, print_day
from postroom.models import Notification, Template
from tests.factories import (
    create_job,
    create_service,
)


@pytest.fixture
def letter(waiting_letter):
    return waiting_letter


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
