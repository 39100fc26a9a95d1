"""Platform admins list and add text message and letter rates; nobody else may."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import create_user
from tests.web.conftest import PASSWORD


@pytest.fixture
def admin(session, web):
    user = create_user(session, name="Platform Admin", password=PASSWORD, platform_admin=True)
    session.commit()
    web.sign_in(user)
    return web


def _table(page: str, marker: str) -> str:
    inside = page.split(marker, 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inside.split(">", 1)[1])).split())


def test_other_users_may_not_see_or_add_rates(signed_in):
    for path in ("/platform-admin/rates", "/platform-admin/rates/sms/add"):
        assert signed_in.get(path).status_code == 403
    token = signed_in.csrf_token("/add-service/name-your-service")
    response = signed_in.client.post(
        "/platform-admin/rates/sms/add",
        data={"csrf_token": token, "valid_from": "2024-04-01", "rate": "0.02"},
    )
    assert response.status_code == 403


def test_adding_a_text_message_rate(admin):
    assert "No text message rate yet" in admin.page("/platform-admin/rates")
    response = admin.post(
        "/platform-admin/rates/sms/add", {"valid_from": "2025-04-01", "rate": "0.0227"}
    )
    assert response.status_code == 302 and response.location.endswith("/platform-admin/rates")
    admin.post("/platform-admin/rates/sms/add", {"valid_from": "2024-04-01", "rate": "0.0197"})
    page = admin.page("/platform-admin/rates")
    assert "Text message rate added" in page
    assert _table(page, "data-sms-rates") == "2025-04-01 2.27p 2024-04-01 1.97p"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"valid_from": "", "rate": "0.02"}, "Enter the first day of the rate"),
        ({"valid_from": "1 April", "rate": "0.02"}, "Enter a date as year-month-day"),
        ({"valid_from": "2024-04-01", "rate": ""}, "Enter a rate, for example 0.0197"),
        ({"valid_from": "2024-04-01", "rate": "-1"}, "Rate must be between 0 and 100"),
    ],
)
def test_a_text_message_rate_needs_a_day_and_a_sensible_rate(admin, data, message):
    response = admin.post("/platform-admin/rates/sms/add", data)
    assert response.status_code == 200
    assert message in html.unescape(response.get_data(as_text=True))
    assert "There is a problem" in response.get_data(as_text=True)
    assert "No text message rate yet" in admin.page("/platform-admin/rates")


def test_a_new_letter_rate_ends_the_last_one_of_its_kind(admin):
    letter = {"sheet_count": "1", "post_class": "second", "crown": "yes"}
    admin.post(
        "/platform-admin/rates/letters/add", {**letter, "valid_from": "2024-04-01", "rate": "0.54"}
    )
    admin.post(
        "/platform-admin/rates/letters/add", {**letter, "valid_from": "2025-04-01", "rate": "0.61"}
    )
    response = admin.post(
        "/platform-admin/rates/letters/add", {**letter, "valid_from": "2025-01-01", "rate": "0.6"}
    )
    assert "A rate for these letters already starts on or after this day" in response.get_data(
        as_text=True
    )
    assert _table(admin.page("/platform-admin/rates"), "data-letter-rates") == (
        "Second class Crown 1 2025-04-01 to now 61p "
        "Second class Crown 1 2024-04-01 to 2025-03-31 54p"
    )


def test_a_letter_rate_needs_postage_and_crown(admin):
    response = admin.post(
        "/platform-admin/rates/letters/add",
        {"valid_from": "2024-04-01", "rate": "0.5", "sheet_count": "1"},
    )
    page = response.get_data(as_text=True)
    assert "Select a postage class" in page and "Select crown or not crown" in page
