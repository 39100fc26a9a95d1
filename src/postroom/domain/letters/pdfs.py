"""A letter's PDF as it is (or will be) printed, whichever way it was made."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postroom.domain.letters import rendering, templated
from postroom.domain.templates.templates import is_precompiled_letter
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.domain.vocabulary.statuses import (
    PENDING_VIRUS_CHECK,
    TECHNICAL_FAILURE,
    VIRUS_SCAN_FAILED,
)
from postroom.models import Notification, TemplateHistory

# Why there is no PDF to give, by status, in Notify's words (reference 2.8).
NOT_AVAILABLE = {
    VIRUS_SCAN_FAILED: "File did not pass the virus scan",
    TECHNICAL_FAILURE: f"PDF not available for letters in status {TECHNICAL_FAILURE}",
    PENDING_VIRUS_CHECK: "PDF not available yet, try again later",
}
NOT_A_LETTER = "Notification is not a letter"


class PdfNotAvailable(InvalidRequest):
    """Why a letter has no PDF to give, in Notify's words ("PDF not available yet, try again
    later", "File did not pass the virus scan", ...)."""


def pdf_for(session: Session, notification: Notification) -> bytes:
    """The printable PDF of a letter: a precompiled letter's sanitised file, or a templated
    letter rendered as it was sent (its template version, personalisation and date), tagged
    as printed."""
    if notification.notification_type != LETTER:
        raise PdfNotAvailable(NOT_A_LETTER)
    if notification.status in NOT_AVAILABLE:
        raise PdfNotAvailable(NOT_AVAILABLE[notification.status])
    template = session.get(
        TemplateHistory, (notification.template_id, notification.template_version)
    )
    if is_precompiled_letter(template):
        from postroom.domain.letters import precompiled  # the precompiled letters' own module

        return precompiled.stored_pdf(session, notification)
    letter = templated.as_sent(session, notification, template)
    return rendering.render(letter, print_version=True).pdf
