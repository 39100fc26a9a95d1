"""Who a message can go to: phone numbers and email addresses checked as GOV.UK Notify checks them,
with its messages, and put in the normal form used for storing, searching and comparing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from email_validator.rfc_constants import ATEXT, CASE_INSENSITIVE_MAILBOX_NAMES, EMAIL_MAX_LENGTH

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.recipient_format import normalise_email

UK_PREFIX = "44"
ALLOWED_PHONE_SYMBOLS = re.compile(r"[\s()+\-.]")

# The messages of GOV.UK Notify's API v2 (its "legacy" wording; the API prefixes them with the
# field name).
INVALID_CHARACTERS = "Must not contain letters or symbols"
TOO_LONG = "Too many digits"
TOO_SHORT = "Not enough digits"
NOT_A_UK_MOBILE = "Not a UK mobile number"
UNKNOWN_COUNTRY = "Not a valid country prefix"
INVALID_NUMBER = "Number is not valid – double check the phone number you entered"
NO_INTERNATIONAL = "Cannot send to international mobile numbers"
INVALID_EMAIL = "Not a valid email address"


class InvalidRecipient(InvalidRequest):
    """A recipient that cannot be sent to; `message` is the sentence to show."""


@dataclass(frozen=True)
class PhoneNumber:
    normalised: str  # E.164 without the plus: 447700900123
    international: bool
    prefix: str  # the country calling code: 44, 1, 33 ...
    landline: bool


def _digits(raw: str) -> str:
    stripped = ALLOWED_PHONE_SYMBOLS.sub("", raw)
    if not stripped.isdigit():
        raise InvalidRecipient(INVALID_CHARACTERS)
    return stripped


# A recipient is checked twice on the send path (its shape by the request schema, as Notify's,
# then with the service's permissions by acceptance): the results are kept so the second look
# is free. Refusals are exceptions, which are not kept.
RECENT_RECIPIENTS = 4096


@lru_cache(maxsize=RECENT_RECIPIENTS)
def validate_phone_number(
    raw: str, *, allow_international: bool = True, allow_landline: bool = False
) -> PhoneNumber:
    digits = _digits(raw.strip())
    explicit_country = raw.strip().startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("00") if digits.startswith("00") else digits
    if not explicit_country and not digits.startswith(UK_PREFIX):
        return _uk_number(digits, allow_landline)
    if digits.startswith(UK_PREFIX):
        return _uk_number("0" + digits[2:], allow_landline)
    return _international_number(digits, allow_international)


def _uk_number(digits: str, allow_landline: bool) -> PhoneNumber:
    national = digits if digits.startswith("0") else "0" + digits
    if len(national) > 11:
        raise InvalidRecipient(TOO_LONG)
    if len(national) < 11:
        raise InvalidRecipient(TOO_SHORT)
    # UK mobiles start 07; 076 is pagers, except 07624 (Isle of Man mobiles).
    mobile = national.startswith("07") and (
        not national.startswith("076") or national.startswith("07624")
    )
    if not mobile and not allow_landline:
        raise InvalidRecipient(NOT_A_UK_MOBILE)
    if not mobile and not phonenumbers.is_valid_number(phonenumbers.parse(national, "GB")):
        raise InvalidRecipient(INVALID_NUMBER)
    return PhoneNumber(
        normalised=UK_PREFIX + national[1:],
        international=False,
        prefix=UK_PREFIX,
        landline=not mobile,
    )


def _international_number(digits: str, allow_international: bool) -> PhoneNumber:
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException as error:
        raise InvalidRecipient(UNKNOWN_COUNTRY) from error
    if phonenumbers.region_code_for_country_code(number.country_code) == "ZZ":
        raise InvalidRecipient(UNKNOWN_COUNTRY)
    if len(digits) > 15:
        raise InvalidRecipient(TOO_LONG)
    if len(digits) < 8:
        raise InvalidRecipient(TOO_SHORT)
    if not phonenumbers.is_valid_number(number):
        raise InvalidRecipient(INVALID_NUMBER)
    if not allow_international:
        raise InvalidRecipient(NO_INTERNATIONAL)
    return PhoneNumber(
        normalised=digits, international=True, prefix=str(number.country_code), landline=False
    )


# A plain ASCII address: a dot-atom before the @, letters, digits, dots and hyphens after it.
PLAIN_ADDRESS = re.compile(rf"([{ATEXT}]+(?:\.[{ATEXT}]+)*)@([A-Za-z0-9.-]+)")


@lru_cache(maxsize=1024)
def _normalised_domain(domain: str) -> str | None:
    """The domain as email_validator normalises it, or None when it refuses it; checked on a
    stand-in local part, since its rules for the domain do not depend on the local part."""
    try:
        return normalise_email(f"a@{domain}").rsplit("@", 1)[1]
    except ValueError:
        return None


def _plain_address(stripped: str) -> str | None:
    """The normal form email_validator gives a plain address, without its costly domain check
    for each address (a file of 100,000 addresses has a handful of domains); None when the
    address is not plain. Its rules for such an address: the domain's, a few mailbox names
    made lower case, and at most 254 characters (tests hold the two paths to one answer)."""
    plain = PLAIN_ADDRESS.fullmatch(stripped)
    if plain is None:
        return None
    local, domain = plain.groups()
    domain = _normalised_domain(domain)
    if domain is None or len(stripped) > EMAIL_MAX_LENGTH:
        raise InvalidRecipient(INVALID_EMAIL)
    if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        local = local.lower()
    return f"{local}@{domain}"


@lru_cache(maxsize=RECENT_RECIPIENTS)
def validate_email_address(raw: str) -> str:
    """The address, checked strictly (syntax and domain shape; no DNS look-up)."""
    try:
        address = _plain_address(raw.strip()) or normalise_email(raw)
    except ValueError as error:
        raise InvalidRecipient(INVALID_EMAIL) from error
    domain = address.rsplit("@", 1)[1]
    if "." not in domain or ".." in address or len(address) > 320:
        raise InvalidRecipient(INVALID_EMAIL)
    return address
