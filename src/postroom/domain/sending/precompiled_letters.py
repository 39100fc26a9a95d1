"""Sending a precompiled letter: Notify's rules for one, the rate and daily limits, and the
letter stored waiting for its virus scan (what happens to the file then is
`domain.letters.precompiled`'s)."""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.letters.precompiled import PROVIDED_AS_PDF, TEMPLATE_NAME, store
from postroom.domain.sending import limits
from postroom.domain.sending.acceptance import Sender, SendingRefused
from postroom.domain.vocabulary.notification_types import KEY_TYPE_TEAM, KEY_TYPE_TEST, LETTER
from postroom.domain.vocabulary.statuses import PENDING_VIRUS_CHECK
from postroom.infrastructure.version_history import save_version
from postroom.models import LetterFile, Notification, Service, Template


def decoded(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SendingRefused("Cannot decode letter content (invalid base64 encoding)") from error


def precompiled_template(session: Session, service: Service) -> Template:
    """The service's hidden letter template every precompiled letter is sent with, made the
    first time one is sent."""
    template = session.scalars(
        select(Template).where(
            Template.service_id == service.id,
            Template.template_type == LETTER,
            Template.hidden.is_(True),
        )
    ).first()
    if template is None:
        template = Template(
            name=TEMPLATE_NAME,
            template_type=LETTER,
            content="",
            subject=TEMPLATE_NAME,
            service_id=service.id,
            created_by_id=service.created_by_id,
            hidden=True,
            postage="second",
        )
        save_version(session, template, new=True)
    return template


def check_may_send(service: Service, sender: Sender) -> None:
    """Notify's rules for a precompiled letter, in its order."""
    if LETTER not in service.permission_names:
        raise SendingRefused("Service is not allowed to send letters")
    if sender.key_type == KEY_TYPE_TEAM:
        raise SendingRefused("Cannot send letters with a team api key", status_code=403)
    if service.restricted and sender.key_type != KEY_TYPE_TEST:
        raise SendingRefused("Cannot send letters when service is in trial mode", status_code=403)


def send(
    session: Session,
    cache: Cache,
    service: Service,
    sender: Sender,
    content: bytes | str,
    *,
    reference: str | None,
    postage: str | None,
    letter: LetterFile | None = None,
) -> Notification:
    """A notification waiting for its virus scan, for the caller to commit and then queue the
    scan for. `content` is the PDF, or (from the API) its base64, decoded once the rules have
    passed; `letter` when the file is already stored (uploaded in the web interface). Counted
    against the rate limit and the daily letter limit as any letter."""
    check_may_send(service, sender)
    counted = limits.Counted(
        cache, service, sender.key_type, [] if sender.key_type == KEY_TYPE_TEST else [LETTER]
    )
    try:
        try:
            counted.check_rate_limit()
        except limits.RateLimitExceeded as error:
            raise SendingRefused(error.message, "RateLimitError", 429) from error
        pdf = decoded(content) if isinstance(content, str) else content
        try:
            counted.check_daily_limits()
        except limits.DailyLimitExceeded as error:
            raise SendingRefused(error.message, "TooManyRequestsError", 429) from error
        return _pending_letter(session, service, sender, pdf, reference, postage, letter)
    except BaseException:
        counted.give_back()
        raise


def _pending_letter(session, service, sender, pdf, reference, postage, letter) -> Notification:
    template = precompiled_template(session, service)
    letter = letter or store(session, service.id, pdf)
    notification = Notification(
        id=letter.id,
        created_at=utcnow(),
        to=PROVIDED_AS_PDF,
        normalised_to=None,
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        **sender.columns(),
        notification_type=LETTER,
        billable_units=0,
        postage=postage or template.postage,
        status=PENDING_VIRUS_CHECK,
        client_reference=reference,
        international=False,
    )
    session.add(notification)
    return notification
