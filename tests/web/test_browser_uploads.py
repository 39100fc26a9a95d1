"""In a real browser: uploading a precompiled letter with content in its margin, seeing the
error and the page in red, uploading it fixed, choosing first class and sending it, then back
to the uploaded letters of its print day. Screenshots go to build/screenshots as upload-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import create_service
from tests.letter_pdfs import address_block, letter, pdf
from tests.web.test_browser import screenshot, sign_in


def _choose(page, name: str, content: bytes) -> None:
    page.get_by_label("Choose a PDF file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Upload your file").click()


def test_upload_a_letter_with_an_error_fix_it_and_send_it(page, member, session):
    service = create_service(
        session,
        user=member,
        name="Licences",
        restricted=False,
        permissions=["letter", "send_files_via_ui"],
    )
    sign_in(page, member)
    page.goto(f"/services/{service.id}/upload-letter")
    expect(page.get_by_role("heading", name="Upload a letter")).to_be_visible()
    _choose(page, "renewal.pdf", pdf([[*address_block(), ("Ref 12", 3, 150)]]))

    expect(page.get_by_role("heading", name="Your content is outside the printable area"))
    expect(page.locator("#validation-detail")).to_contain_text("You need to edit page 1.")
    red = page.get_by_role("img", name="Page 1 of 1, with the areas where nothing may be printed")
    expect(red).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth"
    assert page.wait_for_function(loaded, arg=red.element_handle()).json_value() == 827
    expect(page.get_by_role("button", name="Send 1 letter")).to_have_count(0)
    screenshot(page, "upload-error")

    page.get_by_role("link", name="Upload your file again").click()
    _choose(page, "renewal.pdf", letter(pages=2))
    expect(page.get_by_role("heading", name="renewal.pdf")).to_be_visible()
    expect(page.locator("#recipient")).to_have_text(
        "Ada Lovelace, 12 High Street, London, SW1A 1AA"
    )
    expect(page.get_by_role("img", name="Page 2 of 2")).to_be_visible()
    expect(page.get_by_label("Second class")).to_be_checked()
    page.get_by_label("First class").check()
    screenshot(page, "upload-preview")
    page.get_by_role("button", name="Send 1 letter").click()

    back = page.get_by_role("link", name="Back to uploaded letters for that print day")
    expect(back).to_be_visible()
    screenshot(page, "upload-sent")
    back.click()
    expect(page.get_by_role("heading", name="Uploaded letters")).to_be_visible()
    expect(page.get_by_role("link", name="renewal.pdf")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ada Lovelace")
