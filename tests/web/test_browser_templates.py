"""In a real browser: adding a text message template, previewing it, editing it and finding the
first version in its history. Screenshots go to build/screenshots as templates-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import create_service
from tests.web.test_browser import screenshot, sign_in


def test_add_a_text_message_template_edit_it_and_read_its_history(page, member, session):
    service = create_service(session, user=member, name="Library reminders")
    templates_url = f"/services/{service.id}/templates"
    sign_in(page, member)

    page.goto(templates_url)
    expect(page.get_by_role("heading", name="Templates", exact=True)).to_be_visible()
    screenshot(page, "templates-empty")
    page.get_by_role("button", name="New template").click()
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Save").click()  # nothing filled in
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a template name")
    expect(summary).to_contain_text("Enter a message")
    screenshot(page, "templates-add-errors")

    page.get_by_label("Template name").fill("Book due")
    message = page.get_by_label("Message")
    message.fill("Hello ((name)), your book is due back on ((date)).")
    count = page.locator("#sms-count")
    expect(count).to_have_text("Will be charged as 1 text message.")
    message.fill("Hello ((name)), your book is due back. " * 5)  # the count follows, live
    expect(count).to_have_text("Will be charged as 2 text messages.")
    message.fill("Hello ((name)), your book is due back on ((date)).")
    expect(count).to_have_text("Will be charged as 1 text message.")
    screenshot(page, "templates-add-sms")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Book due")).to_be_visible()
    preview = page.locator('[data-preview="sms"]')
    expect(preview).to_contain_text("Library reminders: Hello ((name)), your book is due back")
    expect(page.locator("main")).to_contain_text("Will be charged as 1 text message.")
    screenshot(page, "templates-preview")

    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Message").fill("Hi ((name)), please return your book by ((date)).")
    page.get_by_role("button", name="Save").click()
    expect(preview).to_contain_text("Library reminders: Hi ((name)), please return your book")

    page.get_by_role("link", name="See previous versions").click()
    expect(page.get_by_role("heading", name="Previous versions")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Version 2")
    screenshot(page, "templates-versions")
    page.get_by_role("link", name="Version 1").click()
    expect(page.locator('[data-preview="sms"]')).to_contain_text("your book is due back")
    screenshot(page, "templates-version-1")

    page.goto(templates_url)
    expect(page.get_by_role("link", name="Book due")).to_be_visible()
    screenshot(page, "templates-list")
