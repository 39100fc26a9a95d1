import pytest

from postroom.domain.sending import recipients
from postroom.domain.sending.recipients import (
    InvalidRecipient,
    validate_email_address,
    validate_phone_number,
)


@pytest.mark.parametrize(
    "raw",
    [
        "07700900123",
        "07700 900 123",
        "+447700900123",
        "447700900123",
        "0044 7700 900123",
        "(07700) 900-123",
        "7700900123",
    ],
)
def test_uk_mobile_numbers_in_any_common_form(raw):
    number = validate_phone_number(raw)
    assert number.normalised == "447700900123"
    assert (number.international, number.prefix, number.landline) == (False, "44", False)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0770090012", recipients.TOO_SHORT),
        ("077009001234", recipients.TOO_LONG),
        ("07700 9OO 123", recipients.INVALID_CHARACTERS),
        ("020 7946 0000", recipients.NOT_A_UK_MOBILE),
        ("+999 1234 5678", recipients.UNKNOWN_COUNTRY),
    ],
)
def test_bad_numbers_get_notifys_messages(raw, message):
    with pytest.raises(InvalidRecipient) as error:
        validate_phone_number(raw)
    assert error.value.message == message


def test_uk_landline_allowed_only_when_the_service_may_text_landlines():
    number = validate_phone_number("020 7946 0000", allow_landline=True)
    assert number.landline and number.normalised == "442079460000"


def test_international_numbers():
    number = validate_phone_number("+1 202 555 0123".replace("555 0123", "456 1111"))
    assert (number.international, number.prefix) == (True, "1")


def test_international_numbers_refused_without_the_permission():
    with pytest.raises(InvalidRecipient) as error:
        validate_phone_number("+33 6 12 34 56 78", allow_international=False)
    assert error.value.message == recipients.NO_INTERNATIONAL


def test_invalid_international_number():
    with pytest.raises(InvalidRecipient) as error:
        validate_phone_number("+33 1234")
    assert error.value.message in (recipients.TOO_SHORT, recipients.INVALID_NUMBER)


@pytest.mark.parametrize("raw", ["someone@example.gov.uk", " Someone.Else+tag@example.co.uk "])
def test_valid_email_addresses(raw):
    assert validate_email_address(raw) == raw.strip()


@pytest.mark.parametrize(
    "raw",
    [
        "plainaddress",
        "@example.gov.uk",
        "a@b",
        "a@@example.gov.uk",
        "a..b@example.gov.uk",
        "a@example..gov.uk",
    ],
)
def test_invalid_email_addresses(raw):
    with pytest.raises(InvalidRecipient) as error:
        validate_email_address(raw)
    assert error.value.message == recipients.INVALID_EMAIL
