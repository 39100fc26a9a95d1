"""Validation of v2 request bodies with GOV.UK Notify's messages (`template_id is a required
property`, `sms_sender_id is not a valid UUID`, ...), each a `ValidationError`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from jsonschema import Draft202012Validator

from postroom.api.v2.errors import ValidationError
from postroom.api.validation import FORMAT_CHECKER
from postroom.clock import utcnow
from postroom.domain.sending.recipients import (
    InvalidRecipient,
    validate_email_address,
    validate_phone_number,
)

LETTER_POSTAGES = ("first", "second", "economy")
SCHEDULING_WINDOW = timedelta(hours=24)
INVALID_DATETIME = (
    "datetime format is invalid. It must be a valid ISO8601 date time format, "
    "https://en.wikipedia.org/wiki/ISO_8601"
)
# The forms the `iso8601` library (which Notify parses with) accepts: a year, then optionally a
# month, a day, a time to the hour, minute, second or fraction, and a zone.
_ISO8601 = re.compile(
    r"(?P<year>\d{4})(?:(?:-(?P<month_dash>\d{1,2})|(?P<month>\d{2})(?!$))"
    r"(?:(?:-(?P<day_dash>\d{1,2})|(?P<day>\d{2}))"
    r"(?:[ T](?P<hour>\d{2})(?::?(?P<minute>\d{2}))?"
    r"(?::?(?P<second>\d{1,2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?:Z|[-+]\d{2}(?::?\d{2})?)?)?)?)?$"
)


class InvalidSchedule(ValueError):
    pass


def _parse_iso8601(value: str) -> datetime:
    """The date and time written, its zone dropped without conversion, as Notify does."""
    match = _ISO8601.match(value)
    if match is None:
        raise InvalidSchedule(INVALID_DATETIME)
    part = match.groupdict()
    fraction = (part["fraction"] or "0")[:6].ljust(6, "0")
    try:
        return datetime(
            int(part["year"]),
            int(part["month_dash"] or part["month"] or 1),
            int(part["day_dash"] or part["day"] or 1),
            int(part["hour"] or 0),
            int(part["minute"] or 0),
            int(part["second"] or 0),
            int(fraction),
        )
    except ValueError as error:
        raise InvalidSchedule(INVALID_DATETIME) from error


@FORMAT_CHECKER.checks("datetime_within_next_day", raises=InvalidSchedule)
def _within_next_day(value: object) -> bool:
    """`scheduled_for`: validated as Notify validates it, though neither schedules with it."""
    if isinstance(value, str):
        moment, now = _parse_iso8601(value), utcnow()
        if moment < now:
            raise InvalidSchedule("datetime can not be in the past")
        if moment > now + SCHEDULING_WINDOW:
            raise InvalidSchedule("datetime can only be 24 hours in the future")
    return True


@FORMAT_CHECKER.checks("phone_number", raises=InvalidRecipient)
def _phone_number(value: object) -> bool:
    """As Notify's schema: any number that could be sent to by some service; whether this one
    may (landlines, other countries) is the sending rules' to say."""
    if isinstance(value, str):
        validate_phone_number(value, allow_international=True, allow_landline=True)
    return True


class InvalidPostage(ValueError):
    pass


@FORMAT_CHECKER.checks("letter_postage", raises=InvalidPostage)
def _letter_postage(value: object) -> bool:
    if isinstance(value, str) and value not in LETTER_POSTAGES:
        raise InvalidPostage("invalid. It must be either first, second or economy.")
    return True


@FORMAT_CHECKER.checks("email_address", raises=InvalidRecipient)
def _email_address(value: object) -> bool:
    if isinstance(value, str):
        validate_email_address(value)
    return True


def _message(error) -> str:
    """Notify's wording: the top-level field, then jsonschema's sentence (or the reason a format
    check gave) with its quotes taken out; a UUID field says only that it is not one."""
    field = error.path[0] if error.path else None
    if error.schema.get("format") == "uuid":
        return f"{field or ''} is not a valid UUID".strip()
    text = (str(error.cause) if error.cause else error.message).replace("'", "")
    return f"{field} {text}" if field else text


class V2ValidationErrors(ValidationError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0])
        self.messages = messages


def validate_v2(body: object, schema: dict) -> dict:
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    # In the order jsonschema finds them, each once, as Notify lists them.
    messages = list(dict.fromkeys(_message(e) for e in validator.iter_errors(body)))
    if messages:
        raise V2ValidationErrors(messages)
    return body
