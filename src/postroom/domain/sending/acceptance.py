"""Accepting a message to send: every rule a request must pass, then the stored notification.

The order follows GOV.UK Notify's: rate limit, service permission, template, personalisation
(nothing missing, not empty), recipient with trial mode and key type, length, daily limits.
Nothing is stored unless every check passes, and nothing here waits for a provider."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import insert
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.letters import rendering as letter_rendering
from postroom.domain.letters.templated import contact_block_of, letter_of
from postroom.domain.sending import cached_reads, documents, limits
from postroom.domain.sending.rate_multipliers import rate_multiplier
from postroom.domain.sending.recipients import (
    NO_INTERNATIONAL,
    NOT_A_UK_MOBILE,
    InvalidRecipient,
    validate_email_address,
    validate_phone_number,
)
from postroom.domain.services.senders import LETTER_CONTACTS, REPLY_TO, SMS_SENDERS
from postroom.domain.templates.rendering import (
    SMS_CHARACTER_LIMIT,
    render,
    sms_too_long,
    subject_and_body,
)
from postroom.domain.templates.templates import can_be_used
from postroom.domain.vocabulary.dates import local_today
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    INTERNATIONAL_LETTERS,
    INTERNATIONAL_SMS,
    KEY_TYPE_TEAM,
    KEY_TYPE_TEST,
    LETTER,
    SMS,
    SMS_TO_UK_LANDLINES,
    type_name,
)
from postroom.domain.vocabulary.postal_address import PostalAddress, address_from, postage_zone
from postroom.domain.vocabulary.statuses import CREATED, DELIVERED
from postroom.infrastructure.encryption import decrypt, encrypt
from postroom.models import ApiKey, Notification, Service, Template
from postroom.text.markdown import sanitise_value
from postroom.text.placeholders import normalise_name

RECIPIENT_FIELDS = {SMS: "phone_number", EMAIL: "email_address"}
EMAIL_SIZE_LIMIT_BYTES = 2_000_000
TRIAL_MODE_MESSAGE = "Can’t send to this recipient when service is in trial mode – see {}"
TEAM_KEY_MESSAGE = "Can’t send to this recipient using a team-only API key"


class SendingRefused(InvalidRequest):
    """A request that breaks a sending rule; `kind` names the API error class."""

    def __init__(self, message, kind: str = "BadRequestError", status_code: int = 400) -> None:
        super().__init__(message, status_code)
        self.error = kind


@dataclass
class SendRequest:
    notification_type: str
    template_id: uuid.UUID
    recipient: str
    personalisation: dict = field(default_factory=dict)
    reference: str | None = None
    sender_id: uuid.UUID | None = None  # sms_sender_id or email_reply_to_id
    unsubscribe_link: str | None = None  # emails only: a one-click unsubscribe URL
    # Emails only: personalisation keys whose values may carry no links and no formatting.
    sanitise_content_for: list[str] = field(default_factory=list)
    # What sanitising changed, as Notify reports it: {key: {"unsanitised": .., "sanitised": ..}}.
    sanitised_content: dict = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if not self.sanitise_content_for:
            return
        wanted = {normalise_name(key) for key in self.sanitise_content_for}
        personalisation = dict(self.personalisation)  # the caller's stays as it was sent
        for key, value in self.personalisation.items():
            sanitised = _sanitised(value) if normalise_name(key) in wanted else value
            if sanitised != value:
                self.sanitised_content[key] = {"unsanitised": value, "sanitised": sanitised}
                personalisation[key] = sanitised
        self.personalisation = personalisation


def _sanitised(value):
    if isinstance(value, list):
        return [_sanitised(item) for item in value]
    return sanitise_value(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Sender:
    """Who is sending: an API key, or a team member in the web interface (who sends as a live
    key would, within the service's trial mode)."""

    key_type: str
    api_key_id: uuid.UUID | None = None
    created_by_id: uuid.UUID | None = None

    @classmethod
    def from_key(cls, api_key: ApiKey) -> Sender:
        return cls(api_key.key_type, api_key.id)

    def columns(self) -> dict:
        """The notification's columns that say who sent it."""
        return {
            "api_key_id": self.api_key_id,
            "created_by_id": self.created_by_id,
            "key_type": self.key_type,
        }


@dataclass
class Accepted:
    notification: Notification
    template: Template
    body: str
    subject: str | None
    sender: str | None


def _template(session: Session, service: Service, request: SendRequest) -> Template:
    template = cached_reads.template(session, request.template_id)
    if not can_be_used(template, service.id):
        raise SendingRefused("Template not found")
    if template.template_type != request.notification_type:
        raise SendingRefused(
            f"{template.template_type} template is not suitable for "
            f"{request.notification_type} notification"
        )
    return template


def _recipient(request: SendRequest):
    """Whether it is an address or a phone number at all; whether this service may send to
    such a number is `_check_number_allowed`'s to say, after trial mode (Notify's order)."""
    field_name = RECIPIENT_FIELDS[request.notification_type]
    try:
        if request.notification_type == EMAIL:
            return validate_email_address(request.recipient)
        return validate_phone_number(
            request.recipient, allow_international=True, allow_landline=True
        )
    except InvalidRecipient as error:
        raise SendingRefused(f"{field_name} {error.message}", "ValidationError") from error


def _check_number_allowed(service: Service, number) -> None:
    permissions = service.permission_names
    if number.landline and SMS_TO_UK_LANDLINES not in permissions:
        raise SendingRefused(NOT_A_UK_MOBILE, "InvalidPhoneError")
    if number.international and INTERNATIONAL_SMS not in permissions:
        raise SendingRefused(NO_INTERNATIONAL)


def _letter_recipient(service: Service, sender: Sender, request: SendRequest):
    if sender.key_type == KEY_TYPE_TEAM:
        raise SendingRefused("Cannot send letters with a team api key", status_code=403)
    if service.restricted and sender.key_type != KEY_TYPE_TEST:
        raise SendingRefused("Cannot send letters when service is in trial mode", status_code=403)
    try:
        return address_from(
            request.personalisation,
            allow_international=INTERNATIONAL_LETTERS in service.permission_names,
        )
    except InvalidRequest as error:
        raise SendingRefused(error.message, "ValidationError") from error


def check_nothing_missing(message) -> None:
    """A message is sent, or previewed through the API, only with every placeholder filled."""
    if message.missing:
        raise SendingRefused(f"Missing personalisation: {', '.join(message.missing)}")


def _unsubscribe_link(request: SendRequest) -> str | None:
    link = request.unsubscribe_link
    if link is None:
        return None
    parts = urlsplit(link)
    if request.notification_type != EMAIL or parts.scheme != "https" or not parts.hostname:
        raise SendingRefused(
            "one_click_unsubscribe_url is not a valid https url", "ValidationError"
        )
    return link


def _normalised(recipient) -> str:
    return recipient.normalised if hasattr(recipient, "normalised") else recipient.lower()


def _check_trial_mode(session: Session, service: Service, sender: Sender, normalised: str) -> None:
    if sender.key_type == KEY_TYPE_TEST:
        return
    if sender.key_type != KEY_TYPE_TEAM and not service.restricted:
        return
    if normalised in cached_reads.allowed_recipients(session, service.id):
        return
    if sender.key_type == KEY_TYPE_TEAM:
        raise SendingRefused(TEAM_KEY_MESSAGE)
    guidance = f"{runtime.settings().web_url.rstrip('/')}/using-postroom#trial-mode"
    raise SendingRefused(TRIAL_MODE_MESSAGE.format(guidance))


def sender_text(
    session: Session, service: Service, notification_type: str, sender_id: uuid.UUID | None
) -> str | None:
    """The text message sender or reply-to address chosen, else the service's default."""
    kind = SMS_SENDERS if notification_type == SMS else REPLY_TO
    contacts = cached_reads.contacts(session, kind, service.id)
    if sender_id is not None:
        chosen = next((c for c in contacts if c.id == sender_id), None)
        if chosen is None:
            name = "sms_sender_id" if notification_type == SMS else "email_reply_to_id"
            raise SendingRefused(
                f"{name} {sender_id} does not exist in database for service id {service.id}"
            )
    else:
        chosen = next((c for c in contacts if c.is_default), None)
    return getattr(chosen, kind.field) if chosen else None


def letter_contact_block(session: Session, service: Service, template) -> str | None:
    """The contact block a letter is sent with, kept as sent (as Notify)."""
    return contact_block_of(template, cached_reads.contacts(session, LETTER_CONTACTS, service.id))


def letter_sheets(
    session: Session, service: Service, template, personalisation: dict, address, contact_block
) -> int:
    """The letter laid out: one too long is refused (before it is accepted, rather than failed
    after a 201 as Notify does). Charged by sheets of paper."""
    letter = letter_of(
        session,
        service,
        template,
        personalisation,
        address=address.lines,
        contact_block=contact_block,
        day=local_today(),
        with_attachment=False,
    )
    pages = letter_rendering.page_count(letter)
    if pages > letter_rendering.MAX_PAGES:
        raise SendingRefused(letter_rendering.TOO_LONG.format(pages))
    return letter_rendering.sheets(pages)


def _insert(session: Session, row: dict) -> None:
    # One plain INSERT: on the send path the ORM's unit of work cost more than the statement.
    session.execute(insert(Notification.__table__), row)


def accept(
    session: Session,
    cache: Cache,
    service: Service,
    sender: Sender,
    request: SendRequest,
    store: Callable[[Session, dict], None] | None = None,
) -> Accepted:
    """Check every rule, then `store` the notification's row (in the session unless told
    otherwise); nothing is stored, and no limit used up, when a rule refuses it."""
    # As Notify: a service that may not send this kind is told so before the rate limit counts.
    if request.notification_type not in service.permission_names:
        raise SendingRefused(
            f"Service is not allowed to send {type_name(request.notification_type, 2)}"
        )
    counted_kinds = [] if sender.key_type == KEY_TYPE_TEST else [request.notification_type]
    counted = limits.Counted(cache, service, sender.key_type, counted_kinds)
    try:
        return _accept(session, service, sender, request, counted, store or _insert)
    except BaseException:
        counted.give_back()
        raise


def _accept(
    session: Session,
    service: Service,
    sender: Sender,
    request: SendRequest,
    counted: limits.Counted,
    store: Callable[[Session, dict], None],
) -> Accepted:
    try:
        counted.check_rate_limit()
    except limits.RateLimitExceeded as error:
        raise SendingRefused(error.message, "RateLimitError", 429) from error
    template = _template(session, service, request)
    message = render(template, service, request.personalisation)
    subject, body = subject_and_body(template, message)
    check_nothing_missing(message)
    if not body.strip():  # placeholders that filled to nothing
        raise SendingRefused("Your message is empty.")

    if request.notification_type == LETTER:
        recipient = _letter_recipient(service, sender, request)
        normalised = recipient.normalised
    else:
        recipient = _recipient(request)
        normalised = _normalised(recipient)
        _check_trial_mode(session, service, sender, normalised)
        if request.notification_type == SMS:
            _check_number_allowed(service, recipient)
    request.personalisation, files = documents.with_links(
        session, service, request.notification_type, request.personalisation, normalised
    )
    if files:  # the message as sent has links where the files were
        message = render(template, service, request.personalisation)
        subject, body = subject_and_body(template, message)
    if request.notification_type == SMS and sms_too_long(message):
        raise SendingRefused(
            "Your message is too long. Text messages cannot be longer than "
            f"{SMS_CHARACTER_LIMIT} characters. "
            f"Your message is {message.character_count} characters long."
        )
    if request.notification_type == EMAIL:
        # As GOV.UK Notify: the content with its placeholders filled in, not the HTML made of it.
        size = len(message.body_markdown.encode())
        if size > EMAIL_SIZE_LIMIT_BYTES:
            raise SendingRefused(
                f"Your message is too long. Emails cannot be longer than {EMAIL_SIZE_LIMIT_BYTES} "
                f"bytes. Your message is {size} bytes."
            )
    international = getattr(recipient, "international", False)
    if international and request.notification_type == SMS and sender.key_type != KEY_TYPE_TEST:
        counted.also(INTERNATIONAL_SMS)
    try:
        counted.check_daily_limits()
    except limits.DailyLimitExceeded as error:
        raise SendingRefused(error.message, "TooManyRequestsError", 429) from error

    billable_units = message.fragment_count if request.notification_type == SMS else 0
    if request.notification_type == LETTER:  # as Notify: the contact block is kept as sent
        reply_to = letter_contact_block(session, service, template)
        billable_units = letter_sheets(
            session, service, template, request.personalisation, recipient, reply_to
        )
    else:
        reply_to = sender_text(session, service, request.notification_type, request.sender_id)
    row = notification_row(
        service,
        template,
        sender,
        recipient,
        request.personalisation,
        to=request.recipient,
        billable_units=billable_units,
        reference=request.reference,
        reply_to=reply_to,
        unsubscribe_link=_unsubscribe_link(request),
        document_download_count=files,
    )
    store(session, row)
    return Accepted(Notification(**row), template, body, subject, reply_to)


def notification_row(
    service: Service,
    template: Template,
    sender: Sender,
    recipient,
    personalisation: dict | None,
    *,
    to: str,
    billable_units: int,
    reference: str | None = None,
    reply_to: str | None = None,
    status: str = CREATED,
    **more,
) -> dict:
    """The notification's row, as every way of sending stores it (a one-off message, a job's
    row). `recipient` is the validated one (an address, a `PhoneNumber`, a `PostalAddress`), or
    the text as written when it failed validation (`status` then says so); `more` are further
    columns (a job's id and row number, an unsubscribe link)."""
    notification_type = template.template_type
    prefix = getattr(recipient, "prefix", None)
    if notification_type == LETTER and sender.key_type == KEY_TYPE_TEST and status == CREATED:
        status = DELIVERED  # as Notify's: a test key's letter is never printed
    return dict(
        id=uuid.uuid4(),
        created_at=utcnow(),
        to="\n".join(recipient.lines) if hasattr(recipient, "lines") else to,
        normalised_to=_normalised(recipient),
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        **sender.columns(),
        notification_type=notification_type,
        billable_units=billable_units,
        # A letter abroad goes in its zone's postage, whatever the template says.
        postage=_postage(template, recipient) if notification_type == LETTER else None,
        status=status,
        client_reference=reference,
        international=getattr(recipient, "international", False),
        phone_prefix=prefix,
        rate_multiplier=rate_multiplier(prefix) if notification_type == SMS else None,
        personalisation=encrypt(runtime.settings().secret_key, json.dumps(personalisation or {})),
        reply_to_text=reply_to,
        **more,
    )


def _postage(template: Template, recipient) -> str | None:
    zone = postage_zone(recipient) if isinstance(recipient, PostalAddress) else None
    return zone or template.postage


def personalisation_of(notification: Notification) -> dict:
    if not notification.personalisation:
        return {}
    return json.loads(decrypt(runtime.settings().secret_key, notification.personalisation))
