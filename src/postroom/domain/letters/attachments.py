"""A letter template's attached PDF (reference 2.1): at most 2 MB, the letter and it together 10
pages at the most, printed after the letter. Attaching or removing one makes a new version of the
template; the file is kept (archived), so older versions and the letters sent from them still
print with it. Kept sealed, in the file storage the other files use."""

from __future__ import annotations

import io
import uuid

import pypdf
from pypdf.errors import PyPdfError
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.letters.rendering import MAX_PAGES
from postroom.domain.templates.templates import update_template
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.infrastructure.encryption import key_for, open_sealed, seal
from postroom.infrastructure.file_storage import file_storage
from postroom.models import LetterAttachment, Service, Template

PURPOSE = "letter-attachments"
MAX_BYTES = 2 * 1024 * 1024
NOT_A_PDF = "The file must be a PDF"
TOO_BIG = "The file must be smaller than 2MB"
UNREADABLE = "Notify cannot read this PDF - save a new copy and try again"
TOO_LONG = (
    "Letters must be 10 pages or less (5 double-sided sheets of paper). In total, your letter "
    "template and the file you attached are {} pages long."
)


def _key() -> bytes:
    return key_for(runtime.settings().secret_key, PURPOSE)


def get(session: Session, attachment_id: uuid.UUID | None) -> LetterAttachment | None:
    return session.get(LetterAttachment, attachment_id) if attachment_id else None


def pdf_of(attachment: LetterAttachment) -> bytes:
    return open_sealed(_key(), file_storage().get(attachment), attachment.id.bytes)


def pages_in(filename: str, content: bytes) -> int:
    """The PDF's page count, or the reason it cannot be attached."""
    if not filename.lower().endswith(".pdf"):
        raise InvalidRequest(NOT_A_PDF)
    if len(content) > MAX_BYTES:
        raise InvalidRequest(TOO_BIG)
    try:
        pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    except (PyPdfError, ValueError, OSError) as error:
        raise InvalidRequest(UNREADABLE) from error
    if pages == 0:
        raise InvalidRequest(UNREADABLE)
    return pages


def attach(
    session: Session,
    service: Service,
    template: Template,
    filename: str,
    content: bytes,
    *,
    letter_pages: int,
    user_id: uuid.UUID,
) -> LetterAttachment:
    """Attach `content` to the template in place of any it had; `letter_pages` is how long the
    letter is without an attachment."""
    pages = pages_in(filename, content)
    if letter_pages + pages > MAX_PAGES:
        raise InvalidRequest(TOO_LONG.format(letter_pages + pages))
    attachment = LetterAttachment(
        id=uuid.uuid4(),
        service_id=service.id,
        original_filename=filename[-255:],
        page_count=pages,
        created_by_id=user_id,
        created_at=utcnow(),
    )
    file_storage().put(attachment, seal(_key(), content, attachment.id.bytes))
    session.add(attachment)
    session.flush()
    _replace(session, service, template, attachment.id, user_id)
    return attachment


def remove(session: Session, service: Service, template: Template, user_id: uuid.UUID) -> None:
    _replace(session, service, template, None, user_id)


def _replace(session, service, template, attachment_id, user_id) -> None:
    previous = get(session, template.letter_attachment_id)
    if previous is not None:
        previous.archived_at = utcnow()
    update_template(session, service, template, {"letter_attachment_id": attachment_id}, user_id)
