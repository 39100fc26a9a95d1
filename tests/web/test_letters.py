"""Letters in the web interface: a template's pages as PNG images and its PDF, pages attached
and removed, one letter sent (address, placeholders, its pages to check, then its own page) and,
in trial mode, downloaded as a PDF instead."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from postroom.models import LetterAttachment, Notification, TemplateHistory
from tests.factories import create_service, create_template
from tests.fixtures.letter_pdfs import blank_pdf, page_count, png_size, text_of, text_within

LETTER = "Dear ((name)),\n\nYour permit is ready."


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="Permits office", restricted=False)
    session.commit()
    return service


@pytest.fixture
def template(session, service):
    return create_template(
        session, service, template_type="letter", subject="Your permit", content=LETTER
    )


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _images(page: str) -> list[str]:
    return re.findall(r'<img class="postroom-letter__page" src="([^"]+)"', page)


def test_a_letter_template_is_shown_as_png_pages_with_a_pdf_to_download(team, service, template):
    url = f"/services/{service.id}/templates/{template.id}"
    page = team.page(url)
    assert _images(page) == [f"{url}/page-1.png"] and f'href="{url}.pdf"' in page
    assert "Download as a PDF" in page
    png = team.get(f"{url}/page-1.png")
    assert png.mimetype == "image/png" and png_size(png.data) == (1241, 1754)  # A4, 150 dpi
    assert team.get(f"{url}/page-2.png").status_code == 404
    pdf = team.get(f"{url}.pdf").data
    assert "Your permit\nDear ((name))," in text_of(pdf)
    assert text_within(pdf, 24.6, 39.5, 120, 66.3).startswith("((ADDRESS LINE 1))")


def test_pages_are_attached_counted_and_removed_and_old_versions_keep_theirs(
    team, session, service, template
):
    url = f"/services/{service.id}/templates/{template.id}"
    response = team.post(f"{url}/attach-pages", {"file": (io.BytesIO(blank_pdf(2)), "leaflet.pdf")})
    assert response.status_code == 302 and response.location.endswith(url)
    assert len(_images(team.page(url))) == 3
    pdf = team.get(f"{url}.pdf").data
    assert page_count(pdf) == 3 and text_of(pdf, 3).strip() == "Attached page 2"
    assert "leaflet.pdf (2 pages)" in team.page(f"{url}/attach-pages")

    response = team.post(f"{url}/attach-pages/remove", token_from=f"{url}/attach-pages")
    assert response.status_code == 302
    assert len(_images(team.page(url))) == 1
    session.expire_all()
    versions = session.scalars(
        select(TemplateHistory).where(TemplateHistory.id == template.id)
    ).all()
    attached = {v.version: v.letter_attachment_id for v in versions}
    [kept] = session.scalars(select(LetterAttachment)).all()
    assert attached == {1: None, 2: kept.id, 3: None} and kept.archived_at is not None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leaflet.pdf", blank_pdf(10), "In total, your letter template and the file you attached "
         "are 11 pages long."),
        ("leaflet.docx", b"PK", "The file must be a PDF"),
        ("leaflet.pdf", b"not really a pdf", "Notify cannot read this PDF - save a new copy"),
        ("leaflet.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024), "The file must be smaller than 2MB"),
    ],
)  # fmt: skip
def test_an_attachment_that_cannot_be_printed_is_refused_with_notifys_words(
    team, session, service, template, name, content, message
):
    url = f"/services/{service.id}/templates/{template.id}/attach-pages"
    response = team.post(url, {"file": (io.BytesIO(content), name)})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.scalars(select(LetterAttachment)).all() == []


def test_send_one_letter_check_its_pages_then_see_it_on_its_page(team, session, service, template):
    base = f"/services/{service.id}/send/{template.id}"
    form = team.page(base)
    assert (
        "Address line 1" in form
        and "Address line 7" in form
        and ">name<" in form.replace("\n", "").replace(" ", "")
    )
    response = team.post(
        base,
        {
            "address_line_1": "Ada Lovelace",
            "address_line_2": "12 High Street",
            "address_line_3": "sw1a1aa",
            "placeholder_0": "Ada",
        },
    )
    assert response.location.endswith(f"{base}/check")
    check = team.page(f"{base}/check")
    assert "Ada Lovelace<br>12 High Street<br>SW1A 1AA" in check
    assert _images(check) == [f"{base}/preview/page-1.png"]
    assert png_size(team.get(f"{base}/preview/page-1.png").data) == (1241, 1754)
    preview = team.get(f"{base}/preview.pdf").data
    assert "ADA LOVELACE" in text_within(preview, 24.6, 39.5, 120, 66.3)
    assert "Dear Ada," in text_of(preview)

    response = team.post(f"{base}/check")
    [letter] = session.scalars(
        select(Notification).where(Notification.service_id == service.id)
    ).all()
    assert response.location.endswith(f"/notification/{letter.id}")
    assert (letter.notification_type, letter.billable_units) == ("letter", 1)
    page = team.page(response.location)
    notification_url = f"/services/{service.id}/notification/{letter.id}"
    assert _images(page) == [f"{notification_url}/page-1.png"]
    assert "Dear Ada," in text_of(team.get(f"{notification_url}.pdf").data)
    assert png_size(team.get(f"{notification_url}/page-1.png").data) == (1241, 1754)


def test_an_address_that_breaks_the_rules_is_shown_on_the_form(team, session, service, template):
    base = f"/services/{service.id}/send/{template.id}"
    response = team.post(
        base, {"address_line_1": "Ada", "address_line_2": "Nowhere", "placeholder_0": "Ada"}
    )
    assert response.status_code == 200
    assert "Address must be at least 3 lines" in response.get_data(as_text=True)


def test_in_trial_mode_a_letter_is_downloaded_as_a_pdf_instead_of_sent(web, session, member):
    trial = create_service(session, user=member, name="Trial office")
    template = create_template(session, trial, template_type="letter", subject="S", content=LETTER)
    session.commit()
    web.sign_in(member)
    team = web
    base = f"/services/{trial.id}/send/{template.id}"
    team.post(
        base,
        {
            "address_line_1": "Ada Lovelace",
            "address_line_2": "12 High Street",
            "address_line_3": "SW1A 1AA",
            "placeholder_0": "Ada",
        },
    )
    check = team.page(f"{base}/check")
    assert (
        f'class="govuk-button" role="button" draggable="false" href="{base}/preview.pdf"' in check
    )
    assert "Send 1 letter" not in check and "trial mode" in check


def test_the_pdf_of_a_draft_is_only_there_once_something_is_entered(team, service, template):
    assert team.get(f"/services/{service.id}/send/{template.id}/preview.pdf").status_code == 404
