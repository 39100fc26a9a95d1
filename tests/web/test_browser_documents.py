"""A recipient's journey to a file sent by email, in a real browser: the landing page, the
address confirmed (a wrong one first), and the file downloaded with its name."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.files_to_send import small_pdf
from tests.web.test_browser import screenshot
from tests.web.test_documents import file_spec, sent_file


def test_a_recipient_confirms_their_address_then_downloads_the_file(page, session, service):
    service.contact_link = "https://www.example.gov.uk/contact"
    session.commit()
    page.goto(sent_file(session, service, file_spec(small_pdf(), filename="bill.pdf")))
    expect(page.get_by_role("heading", name="You have a file to download")).to_be_visible()
    screenshot(page, "file-landing")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Email address").fill("someone.else@example.gov.uk")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This is not the email address the file was sent to")
    screenshot(page, "file-confirm-email-address-error")
    page.get_by_label("Email address").fill("ada@example.gov.uk")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Download your file")).to_be_visible()
    screenshot(page, "file-download")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this PDF").click()
    assert download.value.suggested_filename == "bill.pdf"
    assert download.value.path().read_bytes() == small_pdf()
