"""In a real browser: a live service's manager writes a letter template with a placeholder,
sees its pages on the template page, sends one letter (address and placeholder, its pages
checked), and follows it on its page through the evening's print run and the printer's
despatch the next day. The clock is moved with `frozen`, never waited on. Screenshots go to
build/screenshots as letters-*.png."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from playwright.sync_api import expect

from postroom.clock import frozen
from postroom.domain.vocabulary.dates import local_today, to_utc
from postroom.models import Notification
from postroom.tasks.printing import despatch_folder_letters, print_letters
from tests.factories import create_service
from tests.web.test_browser import screenshot, sign_in

LOADED = "img => img.complete && img.naturalWidth"


def _local(day, hour: int, minute: int = 0) -> datetime:
    return to_utc(datetime.combine(day, time(hour, minute)))


def _page_drawn(page, name: str) -> None:
    """The page image is there and drawn: a PNG of an A4 page at 150 dpi."""
    image = page.get_by_role("img", name=name)
    expect(image).to_be_visible()
    assert page.wait_for_function(LOADED, arg=image.element_handle()).json_value() == 1241


def test_write_a_letter_template_send_a_letter_and_follow_it_to_print_and_post(
    page, member, session
):
    service = create_service(
        session, user=member, name="Parking permits", restricted=False, permissions=["letter"]
    )
    session.commit()
    today = local_today()
    with frozen(_local(today, 10)):  # the morning: in this evening's print run
        sign_in(page, member)
        page.goto(f"/services/{service.id}/templates")
        page.get_by_role("button", name="New template").click()
        page.get_by_label("Letter").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Template name").fill("Permit renewal")
        page.get_by_label("Main heading").fill("Your parking permit")
        page.get_by_label("Body").fill("Dear ((name)),\n\nYour permit is ready to collect.")
        page.get_by_role("button", name="Save").click()

        expect(page.get_by_role("heading", name="Permit renewal")).to_be_visible()
        _page_drawn(page, "Permit renewal, page 1 of 1")
        expect(page.get_by_role("link", name="Download as a PDF")).to_be_visible()
        screenshot(page, "letters-template")

        page.get_by_role("button", name="Send one letter").click()
        page.get_by_label("Address line 1").fill("Ada Lovelace")
        page.get_by_label("Address line 2").fill("12 High Street")
        page.get_by_label("Address line 3").fill("sw1a1aa")
        page.get_by_label("name", exact=True).fill("Ada")
        page.get_by_role("button", name="Continue").click()

        expect(page.get_by_role("heading", name="Check your message")).to_be_visible()
        expect(page.locator(".govuk-summary-list")).to_contain_text("SW1A 1AA")
        _page_drawn(page, "The letter, page 1 of 1")
        screenshot(page, "letters-check")
        page.get_by_role("button", name="Send 1 letter").click()

        expect(page.get_by_role("heading", name="Letter to Ada Lovelace")).to_be_visible()
        expect(page.locator("#notification-status")).to_have_text("Waiting to be printed")
        expect(page.locator("#printing")).to_have_text("Printing starts today at 5:30pm")
        _page_drawn(page, "The letter, page 1 of 1")
        screenshot(page, "letters-sent")
    letter = session.query(Notification).filter_by(service_id=service.id).one()

    with frozen(_local(today, 17, 50)):  # the evening's print run
        assert print_letters() == 1
        page.reload()
        expect(page.locator("#notification-status")).to_have_text("Printing")
        expect(page.locator("#printing")).to_have_text("Printed today at 5:30pm")
        expect(page.locator("#cancel-letter")).to_have_count(0)
        screenshot(page, "letters-printing")

    with frozen(_local(today + timedelta(days=1), 15)):  # the next afternoon: posted
        assert despatch_folder_letters() == 1
        page.reload()
        expect(page.locator("#notification-status")).to_have_text("Posted")
        expect(page.locator("#printing")).to_have_text("Printed yesterday at 5:30pm")
        _page_drawn(page, "The letter, page 1 of 1")
        expect(page.locator(".status-history")).to_contain_text("delivered")
        screenshot(page, "letters-delivered")
    session.expire_all()
    assert (letter.status, letter.sent_by) == ("delivered", "folder")
