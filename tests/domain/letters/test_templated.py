"""A templated letter put together from what is stored: the letter contact (the template's own,
else the service's default) with its placeholders, the service's letter branding logo, and a
sent letter rendered from the template version it was sent with."""

from __future__ import annotations

import io
import json
import uuid

import pypdfium2

from postroom import runtime
from postroom.domain.letters import pdfs, previews, rendering, templated
from postroom.domain.services import senders
from postroom.domain.templates.templates import update_template
from postroom.infrastructure.encryption import encrypt
from postroom.models import LetterBranding
from tests.factories import create_notification, create_template
from tests.fixtures.letter_pdfs import text_of, text_within

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="70mm" height="18mm" viewBox="0 0 70 18">'
    b'<rect width="70" height="18" fill="#000"/></svg>'
)


def _letter_template(session, service, **kw):
    return create_template(
        session,
        service,
        template_type="letter",
        subject="Your permit",
        content="Dear ((name))",
        **kw,
    )


def _dark_pixels(pdf: bytes, box_mm: tuple[float, float, float, float]) -> int:
    """Pixels darker than mid-grey inside a box (mm from the top-left) of the first page."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")
    scale = image.width / 210
    left, top, right, bottom = (round(v * scale) for v in box_mm)
    return sum(image.crop((left, top, right, bottom)).histogram()[:128])


def test_the_templates_own_contact_block_else_the_services_default(session, service):
    default = senders.add_contact(session, senders.LETTER_CONTACTS, service.id, "Main office", True)
    own = senders.add_contact(
        session, senders.LETTER_CONTACTS, service.id, "Permits\n((desk))", False
    )
    template = _letter_template(session, service)
    contacts = senders.list_contacts(session, senders.LETTER_CONTACTS, service.id)
    assert templated.contact_block_of(template, contacts) == default.contact_block
    template.service_letter_contact_id = own.id
    assert templated.contact_block_of(template, contacts) == "Permits\n((desk))"
    letter = templated.preview_of(session, service, template, {"desk": "Desk 4"})
    assert text_within(rendering.render(letter).pdf, 125, 5, 195, 95) == "Permits\nDesk 4"


def test_the_services_letter_branding_logo_is_printed_in_the_logo_area(session, service):
    template = _letter_template(session, service)
    plain = rendering.render(templated.preview_of(session, service, template)).pdf
    branding = LetterBranding(name=f"Crest {uuid.uuid4().hex[:6]}", filename=uuid.uuid4().hex)
    session.add(branding)
    session.flush()
    service.letter_branding_id = branding.id
    folder = runtime.settings().data_dir / templated.LOGO_FOLDER
    folder.mkdir(exist_ok=True)
    # Branding without its logo file prints no logo.
    assert templated.logo_of(session, service) is None
    (folder / f"{branding.filename}.svg").write_bytes(LOGO)
    branded = rendering.render(templated.preview_of(session, service, template)).pdf
    logo_area = (15, 10, 85, 28)  # 70 x 18 mm, from the first page's top margin
    assert _dark_pixels(plain, logo_area) == 0
    area = (70 * 72 / 25.4) * (18 * 72 / 25.4)  # at 72 dpi
    assert _dark_pixels(branded, logo_area) > 0.8 * area


def test_a_sent_letter_is_rendered_from_its_version_personalisation_and_day(session, service, user):
    template = _letter_template(session, service)
    letter = create_notification(
        session, template, status="created", to="Ada Lovelace\n12 High Street\nSW1A 1AA"
    )
    letter.personalisation = encrypt(runtime.settings().secret_key, json.dumps({"name": "Ada"}))
    letter.reply_to_text = "Permits office"
    session.commit()
    update_template(session, service, template, {"content": "Changed ((name))"}, user.id)
    session.commit()
    pdf = pdfs.pdf_for(session, letter)
    assert "Dear Ada" in text_of(pdf) and "Changed" not in text_of(pdf)
    assert text_within(pdf, 24.6, 39.5, 120, 66.3) == "ADA LOVELACE\n12 HIGH STREET\nSW1A 1AA"
    assert text_within(pdf, 125, 5, 195, 95) == "Permits office"
    assert text_within(pdf, 0, 0, 15, 5) == rendering.PRINT_TAG
    assert previews.page_count_of(pdf) == 1


def test_a_png_page_is_a_real_png_of_the_page(session, service):
    pdf = rendering.render(
        templated.preview_of(session, service, _letter_template(session, service))
    ).pdf
    png = previews.png_page(pdf, 1)
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == image.size == (1241, 1754)
