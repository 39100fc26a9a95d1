import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _full_check(raw: str) -> str | None:
    """What email_validator alone makes of an address (the path for anything not plain)."""
    try:
        return recipients.normalise_email(raw)
    except ValueError:
        return None


def _quick_check(raw: str) -> str | None:
    try:
        return recipients._plain_address(raw.strip())
    except InvalidRecipient:
        return None


# Plain addresses and near misses: dots, hyphens, specials, case, punycode, long parts.
_LOCAL = st.text(alphabet="aZ9._-+!#'`{|}~=?^/%&$*", min_size=1, max_size=70)
_DOMAIN = st.one_of(
    st.text(alphabet="aZ9.-", min_size=1, max_size=70),
    st.sampled_from(
        [
            "example.gov.uk",
            "EXAMPLE.COM",
            "xn--bcher-kva.example",
            "localhost",
            "a.invalid",
            "x.test",
            "1.2.3.4",
            "a-.b.com",
            "a" * 64 + ".com",
            ("b" * 60 + ".") * 4 + "com",
        ]
    ),
)


@settings(max_examples=3000, deadline=None)
@given(local=_LOCAL, domain=_DOMAIN, case_insensitive=st.booleans())
def test_the_quick_path_for_plain_addresses_answers_as_email_validator(
    local, domain, case_insensitive
):
    raw = f"{'PostMaster' if case_insensitive else local}@{domain}"
    if recipients.PLAIN_ADDRESS.fullmatch(raw):
        assert _quick_check(raw) == _full_check(raw)
    else:
        assert recipients._plain_address(raw) is None  # left to email_validator


@pytest.mark.parametrize(
    "raw",
    [
        "someone@EXAMPLE.gov.uk",
        "Abuse@example.com",
        "üser@example.com",
        "a@bücher.example",
        '"quoted"@example.com',
        "x" * 240 + "@example.com",
    ],
)
def test_every_address_gets_the_same_answer_by_either_path(raw):
    full = _full_check(raw)
    if full is not None and ("." not in full.rsplit("@", 1)[1] or ".." in full):
        full = None  # Postroom's own rules on top
    try:
        assert validate_email_address.__wrapped__(raw) == full
    except InvalidRecipient:
        assert full is None
