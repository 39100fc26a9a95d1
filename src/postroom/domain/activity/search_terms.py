"""Searching a service's messages on the notifications page: by email address, phone number,
postal address or file name, and by reference when the service has API keys.

The term is never put in a URL: it is kept in the shared cache (Redis, or the embedded cache)
under its SHA-512 hash for 7 days, and the URL carries the hash."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.domain.sending.recipients import (
    ALLOWED_PHONE_SYMBOLS,
    InvalidRecipient,
    validate_email_address,
    validate_phone_number,
)
from postroom.domain.vocabulary.notification_types import EMAIL, LETTER, SMS
from postroom.models import ApiKey, Job, Notification

# A search term is kept this long, so that coming back to a search (or its link) still works.
SEARCH_TTL_SECONDS = 7 * 24 * 60 * 60
_HEX_DIGEST = re.compile(r"^[0-9a-f]{128}$")


def search_hash(term: str) -> str:
    return hashlib.sha512(term.encode()).hexdigest()


def _search_key(service_id: uuid.UUID, digest: str) -> str:
    return f"service-{service_id}-notification-search-query-hash-{digest}"


def remember_search(cache: Cache, service_id: uuid.UUID, term: str) -> str:
    """Keep the term for 7 days; the hash to put in the URL instead."""
    digest = search_hash(term)
    cache.set(_search_key(service_id, digest), term, SEARCH_TTL_SECONDS)
    return digest


def recall_search(cache: Cache, service_id: uuid.UUID, digest: str) -> str | None:
    """The term kept under `digest` for this service, if it is still kept."""
    if not _HEX_DIGEST.match(digest or ""):
        return None
    return cache.get(_search_key(service_id, digest))


def has_api_keys(session: Session, service_id: uuid.UUID) -> bool:
    """Whether the service's messages can have references to search by."""
    return bool(session.scalar(select(exists().where(ApiKey.service_id == service_id))))


def things_to_search_by(message_type: str | None, references: bool) -> list[str]:
    """For the search box's label, as GOV.UK Notify words it."""
    things = {
        EMAIL: ["email address"],
        SMS: ["phone number"],
        LETTER: ["postal address"],
        None: ["recipient"],
    }[message_type]
    return things + ["file name"] + (["reference"] if references else [])


def _files_named(service_id: uuid.UUID, term: str):
    return select(Job.id).where(
        Job.service_id == service_id, Job.original_file_name.icontains(term, autoescape=True)
    )


def jobs_matching(session: Session, service_id: uuid.UUID, term: str, limit: int = 10) -> list[Job]:
    """The service's files whose name contains the term, newest first, for the page to link."""
    term = term.strip()
    if not term:
        return []
    return list(
        session.scalars(
            select(Job)
            .where(Job.id.in_(_files_named(service_id, term)), Job.job_status != "cancelled")
            .order_by(Job.created_at.desc())
            .limit(limit)
        )
    )


def whole_recipient(term: str, types: Sequence[str]) -> str | None:
    """The stored form of a complete phone number or email address, when the term is one."""
    checks = []
    if SMS in types:
        checks.append(
            lambda: (
                validate_phone_number(
                    term, allow_international=True, allow_landline=True
                ).normalised
            )
        )
    if EMAIL in types:
        checks.append(lambda: validate_email_address(term).lower())
    for check in checks:
        try:
            return check()
        except InvalidRecipient:
            continue
    return None


def _part_conditions(service_id: uuid.UUID, term: str, types: Sequence[str]) -> list:
    """Part of a phone number (symbols and leading zeros dropped, as GOV.UK Notify does), of
    an email address, of a letter's address, or of the name of the file a message was sent
    from."""
    conditions = [Notification.job_id.in_(_files_named(service_id, term))]
    if EMAIL in types:
        conditions.append(Notification.normalised_to.contains(term.lower(), autoescape=True))
    digits = ALLOWED_PHONE_SYMBOLS.sub("", term).lstrip("0")
    if SMS in types and digits.isdigit():
        conditions.append(Notification.normalised_to.contains(digits, autoescape=True))
    if LETTER in types:
        # The address as stored for searching (one line, lower case, no commas), or the file
        # name an uploaded letter keeps as its reference.
        address = " ".join(term.lower().replace(",", " ").split())
        conditions.append(
            and_(
                Notification.notification_type == LETTER,
                or_(
                    Notification.normalised_to.contains(address, autoescape=True),
                    Notification.client_reference.icontains(term, autoescape=True),
                ),
            )
        )
    return conditions


def search_condition(
    service_id: uuid.UUID, term: str, types: Sequence[str], references: bool
) -> ColumnElement:
    """A whole phone number or email address is looked up exactly, with a reference equal to
    it, so both indexes answer at any volume; anything else matches anywhere in the
    recipient, the file name or (with API keys) the reference."""
    term = term.strip()
    if not term:
        return false()
    whole = whole_recipient(term, types)
    if whole is not None:
        conditions = [Notification.normalised_to == whole]
        if references:
            conditions.append(Notification.client_reference == term)
        return or_(*conditions)
    conditions = _part_conditions(service_id, term, types)
    if references:
        conditions.append(Notification.client_reference.icontains(term, autoescape=True))
    return or_(*conditions) if conditions else false()
