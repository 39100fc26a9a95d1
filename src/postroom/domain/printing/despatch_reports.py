"""What the print provider reports of a letter after printing it (the DVLA's print job status
events): posted (`DESPATCHED`, so `delivered`) or not printable (`REJECTED`, so
`technical-failure`). Reports come to a URL carrying a token signed for that one letter; one
that comes after the letter's status is final changes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from postroom.domain.delivery.status_changes import update_status
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.statuses import DELIVERED, TECHNICAL_FAILURE
from postroom.infrastructure.signed_links import LinkExpired, LinkInvalid, open_signed, sign
from postroom.models import Notification

SALT = "letter-despatch-report"
# The printer may report weeks after it was given a letter (and tries again for hours).
TOKEN_LIFETIME = timedelta(days=90)
STATUS_OF = {"DESPATCHED": DELIVERED, "REJECTED": TECHNICAL_FAILURE}


def token_for(notification_id: uuid.UUID) -> str:
    return sign(SALT, {"id": str(notification_id)})


def notification_id_in(token: str | None) -> str:
    try:
        return open_signed(SALT, token or "", TOKEN_LIFETIME)["id"]
    except (LinkInvalid, LinkExpired, KeyError) as error:
        raise InvalidRequest(
            "A valid token must be provided in the query string", status_code=403
        ) from error


def check_report(token: str | None, report: dict) -> str:
    """The id of the letter a report is about, once its token and body agree on it."""
    notification_id = notification_id_in(token)
    if report["data"]["jobId"] != notification_id:
        raise InvalidRequest("Notification ID in letter callback data does not match ID in token")
    return notification_id


def record(session: Session, notification_id: str, job_status: str) -> Notification | None:
    """The letter with its new status, None when it changed nothing (unknown, or final)."""
    notification = session.get(Notification, uuid.UUID(notification_id))
    if notification is None:
        return None
    detail = f"print provider: {job_status}"
    changed = update_status(session, notification, STATUS_OF[job_status], detail=detail)
    session.commit()
    return notification if changed else None
