"""A journey in a real browser: a member who manages a service invites someone new, who opens the
link in the invitation email (from the development outbox) in a browser of their own, registers,
signs in with a security code and lands on the service."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.factories import create_service
from tests.web.conftest import PASSWORD
from tests.web.test_browser import read_code, screenshot, sign_in

NEW_EMAIL = "nia.new@example.gov.uk"


def invitation_link(outbox_page, email: str) -> str:
    outbox_page.goto("/_dev/outbox")
    text = outbox_page.locator(f'[data-recipient="{email}"]').first.inner_text()
    return urlsplit(re.search(r"https?://\S+/invitation/\S+", text).group(0)).path


def test_an_invited_person_registers_and_lands_on_the_service(page, web_server, session, member):
    service = create_service(session, user=member, name="Library reminders")
    session.commit()
    sign_in(page, member)
    page.goto(f"/services/{service.id}/users")
    expect(page.get_by_role("heading", name="Team members")).to_be_visible()
    screenshot(page, "team-members")

    page.get_by_role("button", name="Invite a team member").click()
    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("See dashboard").check()
    page.get_by_label("Send messages").check()
    screenshot(page, "team-invite")
    page.get_by_role("button", name="Send invitation email").click()
    expect(page.locator("main")).to_contain_text(f"Invite sent to {NEW_EMAIL}")
    expect(page.locator(f'[data-invitation="{NEW_EMAIL}"]')).to_contain_text("Invite pending")
    screenshot(page, "team-invite-sent")

    # The new person, in a browser of their own: no session shared with the inviter.
    newcomer = page.context.browser.new_context(base_url=web_server).new_page()
    newcomer.set_default_timeout(10_000)
    newcomer.goto(invitation_link(newcomer, NEW_EMAIL))
    expect(newcomer.get_by_role("heading", name="Create an account")).to_be_visible()
    expect(newcomer.locator("main")).to_contain_text(NEW_EMAIL)
    newcomer.get_by_label("Full name").fill("Nia New")
    newcomer.get_by_label("Mobile number").fill("07700 900222")
    newcomer.get_by_label("Password").fill(PASSWORD)
    screenshot(newcomer, "team-register")
    newcomer.get_by_role("button", name="Continue").click()

    expect(newcomer.get_by_role("heading", name="Check your phone")).to_be_visible()
    newcomer.get_by_label("Security code").fill(read_code(newcomer, "+447700900222"))
    newcomer.get_by_role("button", name="Continue").click()
    expect(newcomer.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(newcomer).to_have_title(re.compile(r"^Dashboard – Library reminders"))
    screenshot(newcomer, "team-joined")

    page.reload()
    expect(page.locator('[data-member="nia.new@example.gov.uk"]')).to_contain_text(
        "Can send messages"
    )
    screenshot(page, "team-members-after")
