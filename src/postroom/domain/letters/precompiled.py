"""Precompiled letters: PDFs a service made itself, sent through the API or uploaded in the web
interface. The file is kept sealed; a letter waits in `pending-virus-check` until it is scanned,
then is checked (`pdf_checks`) and either fails (`validation-failed`, with Notify's code and the
pages at fault) or is sanitised for print and becomes `created`, addressed to the window's
address. A virus makes it `virus-scan-failed`.

Sanitising, as Notify's: the window's text is taken out and the address written anew in
Liberation Sans 8 pt (Arial's metrics) on a white box, bottom aligned; fonts the file uses but
does not embed are embedded by Ghostscript (printers need every font; PDFium cannot embed a font
it only names); the print tag is added in white to the first page, so a letter downloaded from
Postroom and sent again within another file is caught."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import uuid
from datetime import date, datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.letters import pdf_checks, pdf_drawing
from postroom.domain.letters.pdf_checks import ADDRESS_WINDOW, POINTS_PER_MM, Checked
from postroom.domain.letters.pdfs import PdfNotAvailable
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.letter_timings import PROCESSING_SHIFT
from postroom.domain.vocabulary.notification_types import (
    INTERNATIONAL_LETTERS,
)
from postroom.domain.vocabulary.postal_address import postage_zone
from postroom.domain.vocabulary.statuses import (
    CREATED,
    PENDING_VIRUS_CHECK,
    TECHNICAL_FAILURE,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
)
from postroom.infrastructure.encryption import key_for, open_sealed, seal
from postroom.infrastructure.file_storage import file_storage
from postroom.models import LetterFile, Notification, Service

PURPOSE = "letters"
PRINT_SHIFT = PROCESSING_SHIFT  # 5:30pm local falls on the next day
UNSENT_LIFETIME = timedelta(days=1)  # an upload never sent, as Notify's uploads bucket
PROVIDED_AS_PDF = "Provided as PDF"  # a letter's `to` until its address is read
TEMPLATE_NAME = "Pre-compiled PDF"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UNREADABLE_UPLOAD = "Postroom cannot read this PDF - save a new copy and try again"
ADDRESS_FONT_SIZE = 8
ADDRESS_LEADING = 8.5
ADDRESS_RAISED = 2  # points above the window's bottom edge
TAG_FONT_SIZE = 6
TAG_POSITION_MM = (1.8, 1.8)  # from the top left corner, in the margin no printer prints
PREVIEW_DPI = 100
OVERLAY_RED = (255, 0, 0, 90)


def _key() -> bytes:
    return key_for(runtime.settings().secret_key, PURPOSE)


# --- the stored file ------------------------------------------------------------------------


def store(
    session: Session,
    service_id: uuid.UUID,
    content: bytes,
    *,
    file_id: uuid.UUID | None = None,
    file_name: str | None = None,
    created_by_id: uuid.UUID | None = None,
) -> LetterFile:
    letter = LetterFile(
        id=file_id or uuid.uuid4(),
        service_id=service_id,
        file_name=file_name,
        created_by_id=created_by_id,
        sanitised=False,
        created_at=utcnow(),
    )
    file_storage().put(letter, seal(_key(), content, letter.id.bytes))
    session.add(letter)
    return letter


def get(session: Session, service_id: uuid.UUID, file_id: uuid.UUID) -> LetterFile:
    letter = session.get(LetterFile, file_id)
    if letter is None or letter.service_id != service_id:
        raise NotFound("Letter not found")
    return letter


def content_of(letter: LetterFile) -> bytes:
    return open_sealed(_key(), file_storage().get(letter), letter.id.bytes)


def readable(content: bytes) -> bool:
    try:
        pdf_checks.open_pdf(content).close()
    except pdf_checks.UnreadablePdf:
        return False
    return True


def zone_of(letter: LetterFile) -> str | None:
    """The international postage of a letter whose window has an address abroad."""
    if not letter.address:
        return None
    address = pdf_checks.address_of(letter.address.splitlines(), allow_international=True)
    return postage_zone(address)


def print_day(created_at: datetime) -> date:
    """The day a letter sent at `created_at` (UTC) is printed: the next day after 5:30pm."""
    return (to_local(created_at) + PRINT_SHIFT).date()


def remove_expired(session: Session) -> int:
    """Nightly: the files of letters no longer kept (their notification gone to history with
    the service's retention), and of uploads never sent, a day on. How many went."""
    expired = session.scalars(
        select(LetterFile).where(
            LetterFile.created_at < utcnow() - UNSENT_LIFETIME,
            ~exists().where(Notification.id == LetterFile.id),
        )
    ).all()
    file_storage().delete(expired)
    session.execute(delete(LetterFile).where(LetterFile.id.in_([row.id for row in expired])))
    return len(expired)


def invalid_pages_of(letter: LetterFile) -> list[int]:
    return json.loads(letter.invalid_pages) if letter.invalid_pages else []


def check(session: Session, letter: LetterFile, *, allow_international: bool) -> Checked:
    """Check the file; when it passes, replace it with its sanitised copy. What was found is
    kept on the row (for the pages that show it), for the caller to commit."""
    content = content_of(letter)
    checked = pdf_checks.check(content, allow_international=allow_international)
    letter.page_count = checked.page_count
    letter.message = checked.message
    letter.invalid_pages = json.dumps(checked.invalid_pages) if checked.invalid_pages else None
    letter.address = "\n".join(checked.address.lines) if checked.address else None
    if checked.passed and not letter.sanitised:
        file_storage().put(letter, seal(_key(), sanitise(content, checked), letter.id.bytes))
        letter.sanitised = True
    return checked


# --- sanitising -----------------------------------------------------------------------------


def sanitise(content: bytes, checked: Checked) -> bytes:
    """The letter as printed: its address re-written in the window, its fonts embedded, the
    print tag on its first page. `checked` is what `pdf_checks.check` found (a pass)."""
    document = pdf_checks.open_pdf(content)
    if pdf_drawing.has_unembedded_fonts(document):
        document.close()
        document = pdf_checks.open_pdf(embed_fonts(content))
    first = document[0]
    _width, height = first.get_size()
    window = ADDRESS_WINDOW.grown(pdf_checks.WINDOW_MARGIN_MM)
    pdf_drawing.remove_text_within(
        first,
        window.left * POINTS_PER_MM,
        height - window.bottom * POINTS_PER_MM,
        window.right * POINTS_PER_MM,
        height - window.top * POINTS_PER_MM,
    )
    drawing = pdf_drawing.Drawing(document)
    left = ADDRESS_WINDOW.left * POINTS_PER_MM
    bottom = height - ADDRESS_WINDOW.bottom * POINTS_PER_MM
    drawing.box(
        first,
        left,
        bottom,
        (ADDRESS_WINDOW.right - ADDRESS_WINDOW.left) * POINTS_PER_MM,
        (ADDRESS_WINDOW.bottom - ADDRESS_WINDOW.top) * POINTS_PER_MM,
    )
    lines = checked.address.lines if checked.address else tuple(checked.address_lines)
    for n, line in enumerate(lines):  # bottom aligned; written top down, the order read
        above = len(lines) - 1 - n
        drawing.text(
            first, line, left, bottom + ADDRESS_RAISED + above * ADDRESS_LEADING, ADDRESS_FONT_SIZE
        )
    if not pdf_checks.has_print_tag(first):
        x, y = TAG_POSITION_MM
        drawing.text(
            first,
            pdf_checks.PRINT_TAG,
            x * POINTS_PER_MM,
            height - y * POINTS_PER_MM - TAG_FONT_SIZE,
            TAG_FONT_SIZE,
            colour=pdf_drawing.WHITE,
        )
    try:
        return pdf_drawing.saved(document, [first])
    finally:
        document.close()


def embed_fonts(content: bytes) -> bytes:
    """Ghostscript rewrites the file with every font it uses embedded (Debian's ghostscript;
    a font a PDF only names is taken from the URW fonts it comes with)."""
    gs = shutil.which("gs")
    if gs is None:
        raise RuntimeError("Ghostscript (gs) is needed to embed a letter's fonts")
    completed = subprocess.run(
        [
            gs,
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=pdfwrite",
            "-dPDFSETTINGS=/prepress",  # embeds even the 14 standard fonts
            "-dEmbedAllFonts=true",
            "-dSubsetFonts=true",
            "-dAutoRotatePages=/None",
            "-sOutputFile=-",
            "-",
        ],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return completed.stdout


# --- what a person sees ---------------------------------------------------------------------

LETTER_SPEC = "Files must meet our letter specification."
ADDRESS_PROBLEM = "There’s a problem with the address for this letter"
# Notify's wording (admin app/utils/letters.py), Postroom's name: title, detail, API summary.
VALIDATION_MESSAGES = {
    "letter-not-a4-portrait-oriented": (
        "Your letter is not A4 portrait size",
        "You need to change the size or orientation of {pages}. " + LETTER_SPEC,
        "Validation failed because {pages} {are_or_is} not A4 portrait size. " + LETTER_SPEC,
    ),
    "content-outside-printable-area": (
        "Your content is outside the printable area",
        "You need to edit {pages}. " + LETTER_SPEC,
        "Validation failed because content is outside the printable area on {pages}. "
        + LETTER_SPEC,
    ),
    "letter-too-long": (
        "Your letter is too long",
        "Letters must be 10 pages or less (5 double-sided sheets of paper). "
        "Your letter is {page_count} pages long.",
        "Validation failed because this letter is {page_count} pages long. "
        "Letters must be 10 pages or less (5 double-sided sheets of paper).",
    ),
    "unable-to-read-the-file": (
        "There’s a problem with your file",
        "Postroom cannot read this PDF. Save a new copy of your file and try again.",
        "Validation failed because Postroom cannot read this PDF. "
        "Save a new copy of your file and try again.",
    ),
    "address-is-empty": (
        "The address block is empty",
        "You need to add a recipient address. " + LETTER_SPEC,
        "Validation failed because the address block is empty. " + LETTER_SPEC,
    ),
    "not-a-real-uk-postcode": (
        ADDRESS_PROBLEM,
        "The last line of the address must be a real UK postcode.",
        "Validation failed because the last line of the address is not a real UK postcode.",
    ),
    "cant-send-international-letters": (
        ADDRESS_PROBLEM,
        "You do not have permission to send letters to other countries.",
        "Validation failed because your service cannot send letters to other countries.",
    ),
    "not-a-real-uk-postcode-or-country": (
        ADDRESS_PROBLEM,
        "The last line of the address must be a UK postcode or another country.",
        "Validation failed because the last line of the address is not a UK postcode or "
        "another country.",
    ),
    "not-enough-address-lines": (
        ADDRESS_PROBLEM,
        "The address must be at least 3 lines long.",
        "Validation failed because the address must be at least 3 lines long.",
    ),
    "too-many-address-lines": (
        ADDRESS_PROBLEM,
        "The address must be no more than 7 lines long.",
        "Validation failed because the address must be no more than 7 lines long.",
    ),
    "invalid-address-line-1-or-2": (
        ADDRESS_PROBLEM,
        "The first 2 lines must both include at least one alphanumeric character.",
        "Validation failed because the first 2 lines of the address must both include at "
        "least one alphanumeric character.",
    ),
    "invalid-char-in-address": (
        ADDRESS_PROBLEM,
        "Address lines must not start with any of the following characters: "
        "@ ( ) = [ ] ” \\ / , < > ~",
        "Validation failed because address lines must not start with any of the following "
        "characters: @ ( ) = [ ] ” \\ / , < > ~",
    ),
    "has-country-for-bfpo-address": (
        ADDRESS_PROBLEM,
        "The last line of a BFPO address must not be a country.",
        "Validation failed because the last line of the BFPO address is a country.",
    ),
    "no-fixed-abode-address": (
        ADDRESS_PROBLEM,
        "Enter a real address.",
        "Validation failed because the address is not a real address.",
    ),
    "notify-tag-found-in-content": (
        "There’s a problem with your letter",
        "Your file includes a letter you’ve downloaded from Postroom. You need to edit {pages}.",
        "Validation failed because your file includes a letter you’ve downloaded from "
        "Postroom on {pages}.",
    ),
}


def pages_named(pages: list[int]) -> str:
    """`page 2`, `pages 1 and 3`, `pages 1, 2 and 4`."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    return f"pages {', '.join(map(str, pages[:-1]))} and {pages[-1]}"


def validation_error(code: str, invalid_pages: list[int], page_count: int | None) -> dict:
    """{title, detail, summary} for a failed letter."""
    if code not in VALIDATION_MESSAGES:
        return {"title": "Validation failed", "detail": "", "summary": "Validation failed"}
    words = {
        "pages": pages_named(invalid_pages) if invalid_pages else "",
        "are_or_is": "is" if len(invalid_pages) == 1 else "are",
        "page_count": page_count,
    }
    title, detail, summary = VALIDATION_MESSAGES[code]
    return {"title": title, "detail": detail.format(**words), "summary": summary.format(**words)}


def _image_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def page_png(content: bytes, page_number: int, *, overlay: bool = False) -> bytes:
    """One page as a PNG; with `overlay`, the areas where nothing may be printed in red."""
    document = pdf_checks.open_pdf(content)
    try:
        if not 1 <= page_number <= len(document):
            raise NotFound("Page not found")
        image = pdf_checks.render(document[page_number - 1], PREVIEW_DPI)
    finally:
        document.close()
    if overlay:
        red = Image.new("RGBA", image.size, OVERLAY_RED)
        draw = ImageDraw.Draw(red)
        for area in pdf_checks.allowed_areas(page_number):
            draw.rectangle(area.in_pixels(PREVIEW_DPI), fill=(0, 0, 0, 0))
        image = Image.alpha_composite(image.convert("RGBA"), red)
    return _image_png(image)


def _pending(session: Session, notification_id: uuid.UUID) -> Notification | None:
    notification = session.get(Notification, notification_id)
    if notification is None or notification.status != PENDING_VIRUS_CHECK:
        return None  # already dealt with (a task run twice), or cancelled
    return notification


def virus_found(session: Session, notification_id: uuid.UUID) -> None:
    notification = _pending(session, notification_id)
    if notification is not None:
        notification.status = VIRUS_SCAN_FAILED
        notification.updated_at = utcnow()


def technical_failure(session: Session, notification_id: uuid.UUID) -> None:
    notification = _pending(session, notification_id)
    if notification is not None:
        notification.status = TECHNICAL_FAILURE
        notification.updated_at = utcnow()


def scanned_clean(session: Session, notification_id: uuid.UUID) -> Notification | None:
    """Check and sanitise a letter that passed its scan: `created`, addressed as its window
    says and with its international postage, or `validation-failed`."""
    notification = _pending(session, notification_id)
    if notification is None:
        return None
    service = session.get(Service, notification.service_id)
    letter = get(session, notification.service_id, notification.id)
    checked = check(
        session, letter, allow_international=INTERNATIONAL_LETTERS in service.permission_names
    )
    notification.updated_at = utcnow()
    if not checked.passed:
        notification.status = VALIDATION_FAILED
        return notification
    address = checked.address
    notification.status = CREATED
    notification.to = "\n".join(address.lines)
    notification.normalised_to = address.normalised
    notification.billable_units = -(-checked.page_count // 2)  # sheets of paper
    if address.international:
        notification.international = True
        notification.postage = postage_zone(address)
    return notification


def stored_pdf(session: Session, notification: Notification) -> bytes:
    """The letter's file as it will be printed (the sanitised copy), or PdfNotAvailable in
    Notify's words while there is none to give."""
    if notification.status == PENDING_VIRUS_CHECK:
        raise PdfNotAvailable("PDF not available yet, try again later")
    if notification.status == VIRUS_SCAN_FAILED:
        raise PdfNotAvailable("File did not pass the virus scan")
    if notification.status == TECHNICAL_FAILURE:
        raise PdfNotAvailable(f"PDF not available for letters in status {TECHNICAL_FAILURE}")
    letter = session.get(LetterFile, notification.id)
    if letter is None:
        raise PdfNotAvailable("PDF not available yet, try again later")
    return content_of(letter)
