"""Journeys in a real browser: Playwright driving Debian's chromium against the web interface
served over HTTP. Screenshots of the pages go to build/screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def read_code(page, recipient: str) -> str:
    outbox = page.context.new_page()
    outbox.goto("/_dev/outbox")
    text = outbox.locator(f'[data-recipient="{recipient}"]').first.inner_text()
    outbox.close()
    return re.search(r"\b(\d{6})\b", text).group(1)


def sign_in(page, user) -> None:
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Email address").fill(user.email_address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your phone")).to_be_visible()
    screenshot(page, "two-factor")
    page.get_by_label("Security code").fill(read_code(page, user.mobile_number))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your services")).to_be_visible()


def test_sign_in_with_a_code_then_create_a_service(page, member):
    sign_in(page, member)
    screenshot(page, "your-services")
    page.get_by_role("button", name="Add a new service").click()
    page.get_by_role("button", name="Add service").click()  # nothing filled in
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a service name")
    screenshot(page, "add-service-errors")
    summary.get_by_role("link", name="Enter a service name").click()
    expect(page.get_by_label("Service name")).to_be_focused()

    page.get_by_label("Service name").fill("Library reminders")
    page.get_by_label("Local government").check()
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_role("heading", name="Try sending yourself a message")).to_be_visible()
    screenshot(page, "tour")
    page.get_by_role("link", name="Skip the tour").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Trial mode")
    screenshot(page, "dashboard")


def test_a_wrong_password_shows_the_error_summary(page, member):
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(member.email_address)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The email address or password you entered is incorrect."
    )
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    screenshot(page, "sign-in-error")
