"""A templated letter put together from what Postroom stores: the template (or the version a
letter was sent from), the personalisation, the service's letter contact and logo, the
template's attachment. `rendering` makes the PDF of it."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.letters import attachments
from postroom.domain.letters.rendering import (
    Letter,
    address_for_preview,
    fill_contact_block,
    parts_of,
)
from postroom.domain.services.senders import LETTER_CONTACTS, list_contacts
from postroom.domain.vocabulary.dates import to_local
from postroom.infrastructure.encryption import decrypt
from postroom.models import LetterBranding, Notification, Service, TemplateHistory

LOGO_FOLDER = "letter-logos"  # under the data directory: `<letter branding filename>.svg`


def contact_block_of(template, contacts: Sequence) -> str | None:
    """The template's own letter contact, else the service's default one (as Notify)."""
    chosen = next((c for c in contacts if c.id == template.service_letter_contact_id), None)
    if chosen is None:
        chosen = next((c for c in contacts if c.is_default), None)
    return chosen.contact_block if chosen else None


def logo_of(session: Session, service: Service) -> bytes | None:
    """The service's letter branding logo, if it has branding and the logo file is there."""
    if service.letter_branding_id is None:
        return None
    branding = session.get(LetterBranding, service.letter_branding_id)
    if branding is None:
        return None
    path = runtime.settings().data_dir / LOGO_FOLDER / f"{branding.filename}.svg"
    try:
        return _read(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=64)
def _read(path: Path, _modified: int) -> bytes:
    return path.read_bytes()


def letter_of(
    session: Session,
    service: Service,
    template,
    values: dict | None,
    *,
    address: Sequence[str],
    contact_block: str | None,
    day: date,
    with_attachment: bool = True,
) -> Letter:
    """`template` is a Template or a TemplateHistory; `contact_block` as stored, placeholders
    and all. Without `with_attachment` only the attachment's page count is read (enough to
    count the letter's pages)."""
    attachment = attachments.get(session, template.letter_attachment_id)
    return Letter(
        address=address_for_preview(address),
        contact_block=fill_contact_block(contact_block, values) or None,
        day=day,
        parts=parts_of(template, values),
        logo_svg=logo_of(session, service),
        attachment=attachments.pdf_of(attachment) if attachment and with_attachment else None,
        attachment_pages=attachment.page_count if attachment else 0,
    )


def preview_of(
    session: Session,
    service: Service,
    template,
    values: dict | None = None,
    address: Sequence[str] = (),
) -> Letter:
    """How a template (or a version of it) looks today, filled in as far as `values` go."""
    contacts = list_contacts(session, LETTER_CONTACTS, service.id)
    return letter_of(
        session,
        service,
        template,
        values,
        address=address,
        contact_block=contact_block_of(template, contacts),
        day=to_local(utcnow()).date(),
    )


def as_sent(session: Session, notification: Notification, template: TemplateHistory) -> Letter:
    """A letter as it was sent: its template version, its personalisation, its address and
    contact block as stored, dated the day it was sent (the service's timezone)."""
    service = session.get(Service, notification.service_id)
    return letter_of(
        session,
        service,
        template,
        personalisation(notification),
        address=notification.to.splitlines(),
        contact_block=notification.reply_to_text,
        day=to_local(notification.created_at).date(),
    )


def personalisation(notification: Notification) -> dict:
    if not notification.personalisation:
        return {}
    return json.loads(decrypt(runtime.settings().secret_key, notification.personalisation))
