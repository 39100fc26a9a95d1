"""A letter's PDF as it is (or will be) printed, whichever way it was made."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Notification


class PdfNotAvailable(InvalidRequest):
    """Why a letter has no PDF to give, in Notify's words ("PDF not available yet, try again
    later", "File did not pass the virus scan", ...)."""


def pdf_for(session: Session, notification: Notification) -> bytes:
    """The printable PDF of a letter: a precompiled letter's sanitised file, or a templated
    letter rendered as it was sent (its template version, personalisation and date)."""
    raise NotImplementedError  # issue 13: the rendering helper
