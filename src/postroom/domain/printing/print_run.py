"""The daily print run: at 5:30pm (local time) every live letter accepted before then is taken,
first class first and the rest of the world last, and handed to the print provider one at a
time; each becomes `sending` once the provider has it, then `delivered` when the printer reports
it posted, or `technical-failure` if it could not be printed. Letters sent with a test key are
never printed: they are `delivered` at once."""

from __future__ import annotations

import io
import math
import secrets
import string
import uuid
from datetime import date, datetime

from pypdf import PdfReader
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.delivery.status_changes import update_status
from postroom.domain.letters import pdfs
from postroom.domain.printing import despatch_reports
from postroom.domain.printing.print_days import cut_off_of, print_day
from postroom.domain.vocabulary.notification_types import (
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEST,
    LETTER,
    POSTAGE_TYPES,
)
from postroom.domain.vocabulary.statuses import CREATED, DELIVERED, SENDING, TECHNICAL_FAILURE
from postroom.models import Notification, Service
from postroom.providers.print_base import LetterToPrint, PrintProvider
from postroom.providers.print_folder import FolderPrintProvider

# A run prints first class first and the rest of the world last (the printer sorts post so).
PRINT_ORDER = {postage: n for n, postage in enumerate(POSTAGE_TYPES)}
REFERENCE_CHARACTERS = string.ascii_uppercase + string.digits
REFERENCE_LENGTH = 16
# How the printer's file names say the postage.
FILE_NAME_POSTAGE = {
    "first": "1",
    "second": "2",
    "economy": "ECONOMY",
    "europe": "E",
    "rest-of-world": "N",
}


def new_reference() -> str:
    """What a letter is known by at the printer (and returned by): 16 of [A-Z0-9]."""
    return "".join(secrets.choice(REFERENCE_CHARACTERS) for _ in range(REFERENCE_LENGTH))


def file_name(notification: Notification) -> str:
    return (
        f"NOTIFY.{notification.reference}.D.{FILE_NAME_POSTAGE[notification.postage]}"
        f".C.{notification.created_at:%Y%m%d%H%M%S}.PDF"
    )


def _for_run(day: date):
    """Letters the print run of local `day` takes: accepted before its cut-off, still waiting,
    sent with a live key and with a printable PDF (sheets counted) and a postage."""
    return (
        Notification.notification_type == LETTER,
        Notification.status == CREATED,
        Notification.created_at < cut_off_of(day),
    )


def deliver_test_letters(session: Session, day: date) -> list[Notification]:
    """Test keys' letters waiting for the run of `day` (stored before they were delivered at
    once, as they are now): delivered without printing."""
    waiting = session.scalars(
        select(Notification).where(*_for_run(day), Notification.key_type == KEY_TYPE_TEST)
    ).all()
    delivered = [n for n in waiting if update_status(session, n, DELIVERED)]
    session.commit()
    return delivered


def deliver_if_test(session: Session, notification: Notification) -> bool:
    """A test key's letter made ready to print (a precompiled one that passed its checks) is
    `delivered` there and then, as Notify's: the run never has it to print."""
    if notification.key_type != KEY_TYPE_TEST or notification.status != CREATED:
        return False
    return update_status(session, notification, DELIVERED)


def collate(session: Session, day: date) -> list[uuid.UUID]:
    """The ids of the letters the print run of local `day` prints, in print order, each given
    its printer's reference."""
    letters = session.scalars(
        select(Notification)
        .where(
            *_for_run(day),
            Notification.key_type == KEY_TYPE_NORMAL,
            Notification.billable_units > 0,
            Notification.postage.is_not(None),
        )
        .order_by(case(PRINT_ORDER, value=Notification.postage), Notification.created_at)
    ).all()
    for letter in letters:
        letter.reference = letter.reference or new_reference()
    session.commit()
    return [letter.id for letter in letters]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def sheets_of(pages: int) -> int:
    """Sheets of paper a letter of `pages` is printed on (both sides): what it is billed by."""
    return math.ceil(pages / 2)


def letter_to_print(session: Session, notification: Notification) -> LetterToPrint:
    pdf = pdfs.pdf_for(session, notification)
    pages = page_count(pdf)
    service = session.get(Service, notification.service_id)
    token = despatch_reports.token_for(notification.id)
    return LetterToPrint(
        notification_id=str(notification.id),
        reference=notification.reference,
        postage=notification.postage,
        address_lines=tuple(notification.to.splitlines()),
        international=notification.international,
        pdf=pdf,
        pages=pages,
        sheets=sheets_of(pages),
        file_name=file_name(notification),
        print_day=print_day(notification.created_at),
        service_id=str(notification.service_id),
        organisation_id=service.organisation_id and str(service.organisation_id),
        callback_url=f"{runtime.settings().api_url}/notifications/letter/status?token={token}",
    )


def waiting_to_print(session: Session, notification_id: uuid.UUID) -> Notification | None:
    """The letter, unless it has been cancelled (or printed) since the run took it."""
    notification = session.get(Notification, notification_id)
    return notification if notification is not None and notification.status == CREATED else None


def print_letter(session: Session, notification: Notification, provider: PrintProvider) -> None:
    """Hand the letter to the printer: `sending` once it has it (a `PrintFailed` otherwise,
    and the letter still waiting)."""
    provider.send(letter_to_print(session, notification))
    notification.sent_at, notification.sent_by = utcnow(), provider.name
    update_status(session, notification, SENDING)
    session.commit()


def not_printed(session: Session, notification: Notification, why: str) -> bool:
    """The printer would not take the letter, or never will: a technical failure."""
    changed = update_status(session, notification, TECHNICAL_FAILURE, detail=why)
    session.commit()
    return changed


def despatch_folder_letters(session: Session, before: datetime) -> list[Notification]:
    """The simulated printer behind the folder provider: letters it was given before `before`
    are posted (`delivered`)."""
    printed = session.scalars(
        select(Notification).where(
            Notification.notification_type == LETTER,
            Notification.status == SENDING,
            Notification.sent_by == FolderPrintProvider.name,
            Notification.sent_at < before,
        )
    ).all()
    delivered = [n for n in printed if update_status(session, n, DELIVERED)]
    session.commit()
    return delivered
