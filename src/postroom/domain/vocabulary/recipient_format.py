"""Normal forms of email addresses and phone numbers, for storing and comparing recipients."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

DEFAULT_REGION = "GB"


def normalise_email(raw: str) -> str:
    """The address as entered, checked strictly (syntax only; no DNS look-up)."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(str(error)) from error


def normalise_phone_number(raw: str) -> str:
    """E.164 (`+447700900123`), UK numbers accepted in national form."""
    try:
        number = phonenumbers.parse(raw.strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from error
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_for_people(number: str) -> str:
    """A stored number as people read it: `07700 900123` in the UK, `+33 6 12 34 56 78` abroad."""
    try:
        parsed = phonenumbers.parse("+" + number.strip().lstrip("+"))
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code == phonenumbers.country_code_for_region(DEFAULT_REGION):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
