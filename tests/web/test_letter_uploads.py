"""Uploading a precompiled letter in the web interface: the file's checks, the preview with its
pages (red where a page is at fault), postage, sending, and the uploaded letters of a print
day with the notification page's way back to them."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image
from sqlalchemy import select

from postroom.domain.letters import precompiled
from postroom.models import LetterFile, Notification
from tests.factories import create_service
from tests.letter_pdfs import address_block, letter, pdf


def _letter_service(session, member, *permissions: str, **kwargs):
    """A live service that may send letters, and upload them, with `permissions` as well."""
    return create_service(
        session,
        user=member,
        restricted=False,
        permissions=["letter", "send_files_via_ui", *permissions],
        **kwargs,
    )


@pytest.fixture
def service(session, member):
    return _letter_service(session, member, name="Licences")


@pytest.fixture
def team(service, signed_in):
    """Signed in once the service exists."""
    return signed_in


def _upload(team, service, content: bytes, name="letter.pdf"):
    path = f"/services/{service.id}/upload-letter"
    return team.post(path, {"file": (io.BytesIO(content), name)})


def _text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (letter(), "letter.docx", "The file must be a PDF"),
        (letter() + b"%" * (2 * 1024 * 1024), "letter.pdf", "The file must be smaller than 2MB"),
        (b"%PDF-1.4 nothing", "letter.pdf", precompiled.UNREADABLE_UPLOAD),
    ],
)
def test_a_file_that_cannot_be_a_letter_is_refused(team, service, session, content, name, problem):
    response = _upload(team, service, content, name)
    assert response.status_code == 200
    assert problem in _text(response.get_data(as_text=True))
    assert session.scalars(select(LetterFile)).all() == []


def test_upload_preview_choose_postage_and_send(team, service, session, member):
    response = _upload(team, service, letter(pages=2), "Licence renewal.pdf")
    assert response.status_code == 302 and "/preview-letter/" in response.location
    page = team.page(response.location)
    text = _text(page)
    assert "Licence renewal.pdf" in text and "2 pages" in text
    assert "Ada Lovelace, 12 High Street, London, SW1A 1AA" in text
    assert re.findall(r'value="(\w+)"', page)[-3:] == ["first", "second", "economy"]
    [image] = re.findall(r'src="([^"]+/page/1)"', page)
    png = Image.open(io.BytesIO(team.get(image).get_data()))
    assert png.size == (827, 1170)

    sent = team.post(response.location, {"postage": "economy"})
    [notification] = session.scalars(
        select(Notification).where(Notification.service_id == service.id)
    ).all()
    assert sent.location.endswith(f"/services/{service.id}/notification/{notification.id}")
    session.expire_all()
    assert (notification.status, notification.postage, notification.created_by_id) == (
        "created",
        "economy",
        member.id,
    )
    assert notification.to.startswith("Ada Lovelace")
    day = precompiled.print_day(notification.created_at).isoformat()
    shown = team.page(sent.location)
    assert "Back to uploaded letters for that print day" in shown
    assert f"/services/{service.id}/uploaded-letters/{day}" in shown
    listed = _text(team.page(f"/services/{service.id}/uploaded-letters/{day}"))
    assert "Licence renewal.pdf" in listed and "Ada Lovelace" in listed


def test_a_letter_with_errors_shows_them_and_its_pages_in_red(team, service, session):
    content = pdf([[*address_block(), ("Stray", 3, 150)], [("Page 2", 20, 50)]])
    page = team.page(_upload(team, service, content).location)
    text = _text(page)
    assert "Your content is outside the printable area" in text
    assert "You need to edit page 1." in text
    assert "Send 1 letter" not in text
    first, second = re.findall(r'src="([^"]+/page/\d)"', page)
    red = Image.open(io.BytesIO(team.get(first).get_data())).convert("RGB")
    plain = Image.open(io.BytesIO(team.get(second).get_data())).convert("RGB")
    assert red.getpixel((10, 10))[1] < 255 and plain.getpixel((10, 10)) == (255, 255, 255)


def test_the_postage_of_a_letter_abroad_is_its_zone(web, session, member):
    service = _letter_service(session, member, "international_letters")
    web.sign_in(member)  # once the service exists, as the other web tests sign in
    team = web
    content = pdf([address_block(("Ada", "1 Rue de la Paix", "75002 Paris", "France"))])
    page = team.page(_upload(team, service, content).location)
    assert re.findall(r'name="postage"[^>]*value="([\w-]+)"', page) == ["europe"]


def test_only_services_that_may_send_files_have_the_page(web, session, member):
    other = create_service(session, user=member, restricted=False, permissions=["letter"])
    web.sign_in(member)
    team = web
    assert team.get(f"/services/{other.id}/upload-letter").status_code == 404


def test_someone_elses_letter_is_not_found(team, service, session, web_app):
    outsider = _letter_service(session, None)
    theirs = precompiled.store(session, outsider.id, letter(), file_name="theirs.pdf")
    session.commit()
    assert team.get(f"/services/{service.id}/preview-letter/{theirs.id}").status_code == 404
    assert team.get(f"/services/{service.id}/preview-letter/{theirs.id}/page/1").status_code == 404
