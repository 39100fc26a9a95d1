"""Validation of v2 request bodies with GOV.UK Notify's messages (`template_id is a required
property`, `sms_sender_id is not a valid UUID`, ...), each a `ValidationError`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from jsonschema import Draft202012Validator

from postroom.api.v2.errors import ValidationError
from postroom.api.validation import FORMAT_CHECKER
from postroom.clock import utcnow
from postroom.domain.jobs.jobs import MAX_SCHEDULE_AHEAD
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
    r"(?:Z|(?P<sign>[-+])(?P<zone_hours>\d{2})(?::?(?P<zone_minutes>\d{2}))?)?)?)?)?$"
)


class InvalidSchedule(ValueError):
    pass


def _parse_iso8601(value: str) -> datetime:
    """The date and time written, its zone dropped without conversion, as Notify does."""
    return _parsed(value)[0]


def _parsed(value: str) -> tuple[datetime, timedelta]:
    """The date and time written, and the offset from UTC of the zone written (none: UTC)."""
    match = _ISO8601.match(value)
    if match is None:
        raise InvalidSchedule(INVALID_DATETIME)
    part = match.groupdict()
    fraction = (part["fraction"] or "0")[:6].ljust(6, "0")
    offset = timedelta(hours=int(part["zone_hours"] or 0), minutes=int(part["zone_minutes"] or 0))
    try:
        moment = datetime(
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
    return moment, -offset if part["sign"] == "-" else offset


def job_time(value: str) -> datetime:
    """When a job is scheduled for, in UTC: unlike a message's `scheduled_for`, which Notify
    checks and ignores, a job's is used, so the zone written is honoured (none means UTC)."""
    moment, offset = _parsed(value)
    return moment - offset


def _within(moment: datetime, window: timedelta, in_the_past: str, too_far: str) -> None:
    now = utcnow()
    if moment < now:
        raise InvalidSchedule(in_the_past)
    if moment > now + window:
        raise InvalidSchedule(too_far)


@FORMAT_CHECKER.checks("job_scheduled_for", raises=InvalidSchedule)
def _job_scheduled_for(value: object) -> bool:
    """GC Notify's words for a bulk job's time, with Postroom's (and Notify's) week ahead."""
    if isinstance(value, str):
        _within(
            job_time(value),
            MAX_SCHEDULE_AHEAD,
            "datetime cannot be in the past",
            f"datetime can only be up to {MAX_SCHEDULE_AHEAD.days} days in the future",
        )
    return True


@FORMAT_CHECKER.checks("datetime_within_next_day", raises=InvalidSchedule)
def _within_next_day(value: object) -> bool:
    """`scheduled_for`: validated as Notify validates it, though neither schedules with it."""
    if isinstance(value, str):
        _within(
            _parse_iso8601(value),
            SCHEDULING_WINDOW,
            "datetime can not be in the past",
            "datetime can only be 24 hours in the future",
        )
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


ROW_CELL_TYPES = (str, int, float, type(None))  # booleans are ints


def validate_rows(body: object, schema: dict) -> dict:
    """As `validate_v2`, but the cells of `rows` are checked by a loop, not by the schema's
    `items` (which still documents them): jsonschema takes 3 s over 100,000 rows, a loop 0.05 s."""
    rows_schema = {k: v for k, v in schema["properties"]["rows"].items() if k != "items"}
    validate_v2(body, {**schema, "properties": {**schema["properties"], "rows": rows_schema}})
    for index, row in enumerate(body.get("rows") or []):
        if not isinstance(row, list) or not all(isinstance(c, ROW_CELL_TYPES) for c in row):
            raise V2ValidationErrors(
                [f"rows {index} is not an array of strings, numbers, booleans or nulls"]
            )
    return body
