"""The dashboard in a browser, following receipts as they arrive without a reload."""

from __future__ import annotations

from playwright.sync_api import expect

from postroom.providers.base import Outcome
from postroom.tasks.receipts import process_receipts
from tests.factories import create_notification, create_service, create_template
from tests.web.test_browser import screenshot, sign_in


def test_the_dashboard_updates_as_receipts_arrive(page, member, session):
    service = create_service(session, user=member, name="Waste collections")
    template = create_template(session, service, name="Bin day", content="Bins out tomorrow")
    notification = create_notification(session, template, status="sending")
    notification.reference = "receipt-ref-1"
    session.commit()

    sign_in(page, member)
    page.goto(f"/services/{service.id}")
    sms = page.locator('.dashboard-total[data-type="sms"]')
    expect(sms).to_contain_text("0 failed")
    screenshot(page, "dashboard")

    process_receipts([["receipt-ref-1", Outcome.UNDELIVERABLE, "smpp", None]])
    expect(sms).to_contain_text("1 failed – 100.0%", timeout=15_000)
    expect(sms).to_contain_text("Over 3% failed")
    screenshot(page, "dashboard-after-receipt")
