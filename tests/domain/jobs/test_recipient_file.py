"""The check page's checks, in Notify's order and words; the rows a job's notifications are
made of; the example file; and what the check reads from the database and the cache."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postroom.clock import frozen, utcnow
from postroom.domain.jobs import recipient_file
from postroom.domain.jobs.check_wording import to_fix as worded_to_fix
from postroom.domain.jobs.file_columns import FileColumns
from postroom.domain.jobs.recipient_file import (
    COLUMN_ERRORS,
    OK,
    ROW_ERRORS,
    CheckContext,
    CheckResult,
    check,
    context_for,
    example_file,
    preview,
    recipient_rows,
)
from postroom.domain.jobs.row_messages import RowMessages
from postroom.domain.sending import limits, recipients
from postroom.domain.templates.rendering import render, sms_too_long, subject_and_body
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.postal_address import INVALID_CHARACTERS_MESSAGE
from postroom.models import GuestListRecipient, Job, Service, ServicePermission, Template
from tests.factories import create_template

FILE = "people.csv"
LIVE = CheckContext(
    guest_list=None,
    remaining_today=1000,
    remaining_international=100,
    sent_previously=False,
    file_name=FILE,
)
SMS_CONTENT = "Hello ((name)), see you on ((date))."
ADDRESS = ["A. Name", "1 High Street", "SW1A 1AA"]
LETTER_HEADER = ["address line 1", "address line 2", "postcode", "name"]


def _service(*, restricted=False, permissions=("email", "sms", "letter"), **limits_) -> Service:
    return Service(
        id=uuid.uuid4(),
        name="Test service",
        restricted=restricted,
        prefix_sms=True,
        email_message_limit=limits_.get("email", 1000),
        sms_message_limit=limits_.get("sms", 1000),
        letter_message_limit=1000,
        international_sms_message_limit=limits_.get("international_sms", 100),
        permissions=[ServicePermission(permission=p) for p in permissions],
    )


def _template(kind="sms", content=SMS_CONTENT, subject="Subject", name="Reminder") -> Template:
    return Template(
        id=uuid.uuid4(),
        name=name,
        template_type=kind,
        content=content,
        subject=None if kind == "sms" else subject,
        version=1,
    )


def _check(rows, template=None, service=None, context=LIVE, **kwargs) -> CheckResult:
    return check(rows, template or _template(), service or _service(), context, **kwargs)


def _texts(*rows) -> list[list[str]]:
    return [["phone number", "name", "date"], *map(list, rows)]


GOOD_TEXT = ["07700 900123", "Ada", "1 May"]


def _said(result: CheckResult) -> tuple:
    return result.banner.code, result.banner.heading, result.banner.lines


# Column headers match ignoring case, spaces, underscores and hyphens.
@pytest.mark.parametrize("header", ["phone number", "Phone_Number", "phonenumber", "PHONE-NUMBER"])
def test_recipient_columns_match_however_their_names_are_written(header):
    result = _check([[header, "NAME", "Date"], GOOD_TEXT])
    assert result.ok and result.page == OK


# Every banner, its heading and its lines.
BANNERS = [
    (
        "too many rows",
        _texts(*[GOOD_TEXT] * (recipient_file.MAX_ROWS + 1)),
        {},
        (
            "too-many-rows",
            "Your file has too many rows",
            ("Postroom can process up to 100,000 rows at once. Your file has 100,001 rows.",),
        ),
    ),
    (
        "no rows",
        [["phone number", "name", "date"]],
        {},
        ("no-rows", "Your file is missing some rows", ("It needs at least one row of data.",)),
    ),
    (
        "no rows and missing columns",
        [["name"]],
        {},
        (
            "no-rows",
            "Your file is missing some rows",
            ("It needs at least one row of data, and columns called ‘date’ and ‘phone number’.",),
        ),
    ),
    (
        "no recipient column",
        [["name", "date"], ["Ada", "1 May"]],
        {},
        (
            "no-recipient-columns",
            "There’s a problem with your column names",
            (
                "Your file needs a column called ‘phone number’.",
                "Right now it has columns called ‘name’ and ‘date’.",
            ),
        ),
    ),
    (
        "no recipient column, one column",
        [["name"], ["Ada"]],
        {"template": _template(content="Hello ((name))")},
        (
            "no-recipient-columns",
            "There’s a problem with your column names",
            (
                "Your file needs a column called ‘phone number’.",
                "Right now it has one column, called ‘name’.",
            ),
        ),
    ),
    (
        "letters need 3 address columns",
        [["address line 1", "Post_code", "name"], ["A", "SW1A 1AA", "Ada"]],
        {"template": _template("letter", "Dear ((name))")},
        (
            "no-recipient-columns",
            "There’s a problem with your column names",
            (
                "Your file needs at least 3 address columns, for example ‘address line 1’, "
                "‘address line 2’ and ‘address line 3’.",
                "Right now it has columns called ‘address line 1’, ‘Post_code’ and ‘name’.",
            ),
        ),
    ),
    (
        "duplicate recipient columns",
        [["email address", "Email_Address", "name"], ["a@example.gov.uk", "b@example.gov.uk", "A"]],
        {"template": _template("email", "Hi ((name))")},
        (
            "duplicate-recipient-columns",
            "There’s a problem with your column names",
            (
                "We found more than one column called ‘email address’ or ‘Email_Address’.",
                "Delete or rename one of these columns and try again.",
            ),
        ),
    ),
    (
        "missing placeholder column",
        [["phone number", "name"], ["07700 900123", "Ada"]],
        {},
        (
            "missing-columns",
            "Your column names need to match the double brackets in your template",
            ("Your file is missing a column called ‘date’.",),
        ),
    ),
    (
        "missing placeholder columns",
        [["phone number"], ["07700 900123"]],
        {},
        (
            "missing-columns",
            "Your column names need to match the double brackets in your template",
            ("Your file is missing columns called ‘name’ and ‘date’.",),
        ),
    ),
    (
        "sent previously",
        _texts(GOOD_TEXT),
        {"context": CheckContext(None, 1000, 100, True, FILE)},
        (
            "sent-previously",
            "These messages have already been sent today",
            ("If you need to resend them, rename the file and upload it again.",),
        ),
    ),
    (
        "trial mode, one stranger",
        _texts(GOOD_TEXT, ["07700 900999", "Bo", "2 May"]),
        {"context": CheckContext(frozenset({"447700900123"}), 1000, 100, False, FILE)},
        (
            "trial-mode-recipients",
            "You cannot send to this phone number",
            (
                "In trial mode you can only send to yourself, members of your team and people "
                "on your guest list",
            ),
        ),
    ),
    (
        "trial mode, strangers",
        [["email address", "name"], ["a@example.gov.uk", "A"], ["b@example.gov.uk", "B"]],
        {
            "template": _template("email", "Hi ((name))"),
            "context": CheckContext(frozenset(), 1000, 100, False, FILE),
        },
        (
            "trial-mode-recipients",
            "You cannot send to these email addresses",
            (
                "In trial mode you can only send to yourself, members of your team and people "
                "on your guest list",
            ),
        ),
    ),
    (
        "a letter in trial mode",
        [LETTER_HEADER, [*ADDRESS, "Ada"]],
        {
            "template": _template("letter", "Dear ((name))"),
            "service": _service(restricted=True),
            "context": CheckContext(frozenset(), 1000, None, False, FILE),
        },
        (
            "letters-in-trial-mode",
            "You cannot send this letter",
            ("In trial mode you can only preview how your letters will look",),
        ),
    ),
    (
        "letters in trial mode",
        [LETTER_HEADER, [*ADDRESS, "Ada"], [*ADDRESS, "Bo"]],
        {
            "template": _template("letter", "Dear ((name))"),
            "service": _service(restricted=True),
            "context": CheckContext(frozenset(), 1000, None, False, FILE),
        },
        (
            "letters-in-trial-mode",
            "You cannot send these letters",
            ("In trial mode you can only preview how your letters will look",),
        ),
    ),
    (
        "more rows than today's remaining",
        _texts(GOOD_TEXT, GOOD_TEXT),
        {"context": CheckContext(None, 1, 100, False, FILE)},
        (
            "too-many-recipients",
            "Too many recipients",
            (
                "You can only send 1,000 text messages per day.",
                "You can still send 1 text message today, but ‘people.csv’ contains 2 phone "
                "numbers.",
            ),
        ),
    ),
    (
        "more rows than the limit, in trial mode",
        [["email address"], ["a@example.gov.uk"], ["b@example.gov.uk"], ["c@example.gov.uk"]],
        {
            "template": _template("email", "Hello"),
            "service": _service(restricted=True, email=2),
            "context": CheckContext(
                frozenset({"a@example.gov.uk", "b@example.gov.uk", "c@example.gov.uk"}),
                2,
                None,
                False,
                FILE,
            ),
        },
        (
            "too-many-recipients",
            "Too many recipients",
            (
                "You can only send 2 emails per day in trial mode.",
                "‘people.csv’ contains 3 email addresses.",
            ),
        ),
    ),
    (
        "more international numbers than today's remaining",
        _texts(["+33 6 12 34 56 78", "A", "1"], ["+1 202 456 1111", "B", "2"], GOOD_TEXT),
        {
            "service": _service(permissions=("sms", "international_sms")),
            "context": CheckContext(None, 1000, 1, False, FILE),
        },
        (
            "too-many-international",
            "Too many international phone numbers",
            (
                "You can only send 100 international text messages per day.",
                "You can still send 1 international text message today, but ‘people.csv’ "
                "contains 2 international phone numbers.",
            ),
        ),
    ),
]


@pytest.mark.parametrize(
    ("rows", "kwargs", "said"), [b[1:] for b in BANNERS], ids=[b[0] for b in BANNERS]
)
def test_each_problem_with_the_whole_file_has_notifys_banner(rows, kwargs, said):
    result = _check(rows, **kwargs)
    assert _said(result) == said
    assert result.page == COLUMN_ERRORS


@pytest.mark.parametrize(
    ("rows", "context", "code"),
    [
        # Too many rows, and columns missing: the rows first.
        ([["name"], *[["Ada"]] * (recipient_file.MAX_ROWS + 1)], LIVE, "too-many-rows"),
        # No recipient column and a placeholder missing: the recipient first.
        ([["name"], ["Ada"]], LIVE, "no-recipient-columns"),
        # Missing columns, and sent before: the columns first.
        (
            [["phone number"], ["07700 900123"]],
            CheckContext(None, 1000, 100, True, FILE),
            "missing-columns",
        ),
        # Sent before, strangers in trial mode and over today's limit: sent before first.
        (_texts(GOOD_TEXT), CheckContext(frozenset(), 0, 100, True, FILE), "sent-previously"),
        # Strangers and over today's limit: the strangers first.
        (
            _texts(GOOD_TEXT),
            CheckContext(frozenset(), 0, 100, False, FILE),
            "trial-mode-recipients",
        ),
    ],
)
def test_only_the_first_problem_with_the_file_is_shown_in_notifys_order(rows, context, code):
    assert _check(rows, context=context).banner.code == code


def test_rows_problems_come_before_trial_mode_and_limits_but_after_the_columns():
    bad_row = ["07700 90012", "Ada", "1 May"]
    over_limit = _check(_texts(bad_row, GOOD_TEXT), context=CheckContext(None, 1, 100, False, FILE))
    assert over_limit.banner.code == "too-many-recipients"
    assert over_limit.page == ROW_ERRORS  # the rows are fixed first, then the limit is said
    fixed = _check(_texts(GOOD_TEXT, GOOD_TEXT), context=CheckContext(None, 1, 100, False, FILE))
    assert (fixed.page, fixed.rows_with_problems) == (COLUMN_ERRORS, 0)
    missing_column = _check([["phone number", "name"], ["07700 90012", "Ada"]])
    assert missing_column.page == COLUMN_ERRORS and missing_column.problems == ()


# Each row's problems: the cell or the whole row, in the validators' words.
TEXT_HEADER = ["phone number", "name", "date"]
ROW_PROBLEMS = [
    ("bad email", "Hi ((name))", ["email address", "name"], ["not-an-email", "Ada"],
     {"email address": recipients.INVALID_EMAIL}, None),
    ("missing email", "Hi ((name))", ["email address", "name"], ["", "Ada"],
     {"email address": "Missing"}, None),
    ("short number", SMS_CONTENT, TEXT_HEADER, ["07700 90012", "Ada", "1 May"],
     {"phone number": recipients.TOO_SHORT}, None),
    ("letters in a number", SMS_CONTENT, TEXT_HEADER, ["07700 9OO123", "Ada", "1 May"],
     {"phone number": recipients.INVALID_CHARACTERS}, None),
    ("landline", SMS_CONTENT, TEXT_HEADER, ["020 7946 0000", "Ada", "1 May"],
     {"phone number": recipients.NOT_A_UK_MOBILE}, None),
    ("abroad without the permission", SMS_CONTENT, TEXT_HEADER, ["+33 6 12 34 56 78", "A", "1"],
     {"phone number": recipients.NO_INTERNATIONAL}, None),
    ("missing placeholder cell", SMS_CONTENT, TEXT_HEADER, ["07700 900123", "", "1 May"],
     {"name": "Missing"}, None),
    ("cell missing off the end", SMS_CONTENT, TEXT_HEADER, ["07700 900123", "Ada"],
     {"date": "Missing"}, None),
    ("too long", SMS_CONTENT, TEXT_HEADER, ["07700 900123", "A" * 900, "1 May"],
     {}, "Message is too long"),
    ("empty", "((show??Hello there))", ["phone number", "show"], ["07700 900123", "no"],
     {}, "No content for this message"),
    ("empty and missing", "((body))", ["phone number", "body"], ["07700 900123", ""],
     {"body": "Missing"}, "No content for this message"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "header", "row", "cells", "message"),
    [p[1:] for p in ROW_PROBLEMS],
    ids=[p[0] for p in ROW_PROBLEMS],
)
def test_each_problem_with_a_row_is_said_as_notify_says_it(content, header, row, cells, message):
    kind = "email" if header[0] == "email address" else "sms"
    result = _check([header, row], _template(kind, content))
    assert result.page == ROW_ERRORS
    assert [(p.row_number, p.cells, p.message) for p in result.problems] == [(2, cells, message)]
    assert result.problems[0].values == tuple(row)


def test_a_landline_and_a_number_abroad_are_fine_with_their_permissions():
    service = _service(permissions=("sms", "sms_to_uk_landlines", "international_sms"))
    result = _check(
        _texts(["020 7946 0000", "A", "1"], ["+33 6 12 34 56 78", "B", "2"]), service=service
    )
    assert result.ok and result.international_count == 1


def test_cells_beyond_the_header_are_ignored():
    result = _check(_texts([*GOOD_TEXT, "extra", "", "more"]))
    assert result.ok
    (row,) = recipient_rows(_texts([*GOOD_TEXT, "extra"]), _template())
    assert row.personalisation == {"phone number": "07700 900123", "name": "Ada", "date": "1 May"}


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_and_at_most_50_are_shown():
    rows = _texts(*[GOOD_TEXT if i % 3 else ["07700", "Ada", "1 May"] for i in range(300)])
    result = _check(rows)
    assert result.rows_with_problems == 100
    assert len(result.problems) == recipient_file.MAX_PROBLEMS_SHOWN == 50
    assert [p.row_number for p in result.problems] == list(range(2, 300, 3))[:50]
    assert result.to_fix == ("fix 100 phone numbers",)
    assert len(result.first_rows) == 50 and result.first_rows[0] == tuple(rows[1])


@pytest.mark.parametrize(
    ("kind", "counts", "to_fix"),
    [
        ("email", (1, 0, 0, 0), ("fix 1 email address",)),
        ("email", (2, 0, 0, 0), ("fix 2 email addresses",)),
        ("sms", (1, 0, 0, 0), ("fix 1 phone number",)),
        ("sms", (1234, 0, 0, 0), ("fix 1,234 phone numbers",)),
        ("letter", (1, 0, 0, 0), ("fix 1 address",)),
        ("letter", (2, 0, 0, 0), ("fix 2 addresses",)),
        ("sms", (0, 1, 0, 0), ("enter missing data in 1 row",)),
        ("sms", (0, 3, 0, 0), ("enter missing data in 3 rows",)),
        ("sms", (0, 0, 1, 0), ("shorten the message in 1 row",)),
        ("sms", (0, 0, 2, 0), ("shorten the messages in 2 rows",)),
        ("sms", (0, 0, 0, 1), ("check you have content for the empty message in 1 row",)),
        ("sms", (0, 0, 0, 3), ("check you have content for the empty messages in 3 rows",)),
        (
            "sms",
            (4, 4, 1, 1),
            (
                "fix 4 phone numbers",
                "enter missing data in 4 rows",
                "shorten the message in 1 row",
                "check you have content for the empty message in 1 row",
            ),
        ),
    ],
)
def test_what_to_fix_in_notifys_words_and_plurals(kind, counts, to_fix):
    assert worded_to_fix(kind, *counts) == to_fix


def test_what_to_fix_is_counted_from_the_rows():
    template = _template(content="((name)) ((body))")
    rows = [
        ["phone number", "name", "body"],
        ["07700", "Ada", "x"],  # a bad number
        ["", "Bo", "x"],  # a missing number: missing data, not a bad number
        ["07700 900123", "", "x"],  # missing data
        ["07700 900123", "Cy", "B" * 950],  # too long
        ["07700 900123", "Di", "fine"],
    ]
    result = _check(rows, template)
    assert result.to_fix == (
        "fix 1 phone number",
        "enter missing data in 2 rows",
        "shorten the message in 1 row",
    )
    assert result.rows_with_problems == 4


# Letters: the address as a whole, by the sending rules.
@pytest.mark.parametrize(
    ("address", "permissions", "message"),
    [
        (["A. Name", "1 High Street", "SW1A 1AA"], ("letter",), None),
        (["A. Name", "", "SW1A 1AA"], ("letter",), "Address must be at least 3 lines"),
        (["A. Name", "1 High Street", "Nowhere"], ("letter",), "Must be a real UK postcode"),
        (
            ["A. Name", "1 High Street", "Nowhere"],
            ("letter", "international_letters"),
            None,  # another country
        ),
        (
            ["A. Name", "1 High Street", "12345"],
            ("letter", "international_letters"),
            "Last line of address must be a real UK postcode or another country",
        ),
        (["=A. Name", "1 High Street", "SW1A 1AA"], ("letter",), INVALID_CHARACTERS_MESSAGE),
    ],
)
def test_letters_addresses_are_checked_as_sending_checks_them(address, permissions, message):
    result = _check(
        [["Address_Line_1", "address line 2", "Postcode", "name"], [*address, "Ada"]],
        _template("letter", "Dear ((name))"),
        _service(permissions=permissions),
    )
    if message is None:
        assert result.ok
    else:
        assert [(p.cells, p.message) for p in result.problems] == [({}, message)]
        assert result.to_fix == ("fix 1 address",)


def test_letters_need_their_other_placeholders_and_no_address_placeholder_columns():
    template = _template("letter", "Dear ((name)) at ((address line 1)), ((address line 5))")
    assert _check([LETTER_HEADER, [*ADDRESS, "Ada"]], template).ok
    missing = _check([LETTER_HEADER[:3], ADDRESS], template)
    assert missing.banner.lines == ("Your file is missing a column called ‘name’.",)


def test_a_reference_column_is_the_client_reference_and_doubled_columns_are_lists():
    rows = [
        ["Phone Number", "name", "Name", "reference", "notes"],
        ["07700 900123", "Ada", "Lovelace", "REF-1", "x"],
        ["07700 900456", "Bo", "", "", ""],
    ]
    template = _template(content="Hello ((name))")
    assert _check(rows, template).ok  # a name given to several columns is never missing
    first, second = recipient_rows(rows, template)
    assert (first.index, first.recipient, first.reference) == (0, "07700 900123", "REF-1")
    assert first.personalisation == {
        "Phone Number": "07700 900123",
        "name": ["Ada", "Lovelace"],
        "reference": "REF-1",
        "notes": "x",
    }
    assert (second.index, second.reference) == (1, None)
    assert render(template, _service(), first.personalisation).body == "Hello Ada and Lovelace"


def test_a_letters_recipient_is_its_address_as_sending_stores_it():
    rows = [
        ["address_line_1", "Address Line 2", "postcode"],
        ["A. Name", "1  High Street ,", "sw1a1aa"],
    ]
    (row,) = recipient_rows(rows, _template("letter", "Hello"))
    assert row.recipient == "A. Name\n1 High Street\nSW1A 1AA"


def test_the_result_survives_a_round_trip_through_json():
    result = _check(
        _texts(["07700", "Ada", "1 May"], GOOD_TEXT, ["", "", "2 May"]),
        context=CheckContext(None, 1, 100, False, FILE),
    )
    assert result.banner is not None and result.problems
    assert CheckResult.from_json(result.to_json()) == result
    clean = _check(_texts(GOOD_TEXT))
    assert CheckResult.from_json(clean.to_json()) == clean


def test_progress_is_told_every_5000_rows_and_at_the_end():
    told: list[int] = []
    _check(_texts(*[GOOD_TEXT] * 12_001), progress=told.append)
    assert told == [5000, 10000, 12001]


def test_the_preview_is_of_the_row_asked_for_and_only_rows_in_the_file():
    rows = _texts(GOOD_TEXT, ["07700 900456", "Bo", "2 May"])
    row, message = preview(rows, _template(), _service(), 3)
    assert (row.index, row.recipient) == (1, "07700 900456")
    assert message.body == "Hello Bo, see you on 2 May."
    for outside in (1, 4):
        with pytest.raises(NotFound):
            preview(rows, _template(), _service(), outside)


@pytest.mark.parametrize(
    ("kind", "content", "expected"),
    [
        (
            "email",
            "Hi ((name)), on ((date))",
            [["email address", "name", "date"], ["test@example.gov.uk", "example", "example"]],
        ),
        ("sms", "Hello", [["phone number"], ["07700 900123"]]),
        (
            "letter",
            "Dear ((name)) of ((address line 1))",
            [
                [*(f"address line {n}" for n in range(1, 7)), "postcode", "name"],
                ["A. Name", "123 Example Street", "", "", "", "", "SW1A 1AA", "example"],
            ],
        ),
    ],
)
def test_the_example_file_has_the_recipient_and_placeholder_columns(kind, content, expected):
    name, content_bytes = example_file(_template(kind, content, name="Clinic reminder"))
    assert name == "Clinic reminder.csv"
    assert list(csv.reader(io.StringIO(content_bytes.decode()))) == expected
    example_check = _check(expected, _template(kind, content), context=LIVE)
    assert example_check.ok  # the example is itself a file that passes


# The quick answers (no rendering) are the answers rendering gives.
_VALUES = st.one_of(
    st.just(""),
    st.just("   "),
    st.sampled_from(["yes", "no", "Ada"]),
    st.text(min_size=0, max_size=40),
    st.text(alphabet="ab ", min_size=300, max_size=500),
)
_CONTENT = st.lists(
    st.sampled_from(
        [
            "",
            " ",
            "Hello ",
            "((name))",
            "((Name))",
            "((date))",
            "((show??Shown text))",
            "((none))",
            "\n",
        ]
    ),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    content=_CONTENT,
    kind=st.sampled_from(["sms", "email", "letter"]),
    header=st.lists(st.sampled_from(["name", "Name", "date", "show"]), min_size=0, max_size=4),
    values=st.lists(_VALUES, min_size=0, max_size=5),
)
def test_quick_length_and_emptiness_answers_are_renderings_answers(content, kind, header, values):
    template, service = _template(kind, content), _service()
    columns = FileColumns(header, kind, recipient_file._placeholders(template))
    messages = RowMessages(template, service, columns)
    message = render(template, service, columns.personalisation(values))
    assert messages.empty(values) == (not subject_and_body(template, message)[1].strip())
    assert messages.too_long(values) == (kind == "sms" and sms_too_long(message))
    if kind == "sms":
        assert messages.longest(values) >= message.character_count


# What the check reads from the database and the cache.
def test_only_a_trial_service_has_a_guest_list_and_it_holds_team_and_guests(
    session, service, user, cache
):
    template = create_template(session, service, content="Hello")
    session.add(
        GuestListRecipient(
            service_id=service.id, recipient_type="mobile", recipient="+447700900999"
        )
    )
    session.commit()
    trial = context_for(session, cache, service, template, FILE)
    assert {user.email_address.lower(), "447700900999"} <= trial.guest_list
    assert _check(_texts(["07700 900999", "A", "B"]), _template(), service, trial).ok
    service.restricted = False
    assert context_for(session, cache, service, template, FILE).guest_list is None


def test_remaining_today_is_read_from_the_cache_without_counting(session, service, cache):
    service.sms_message_limit, service.international_sms_message_limit = 10, 5
    template = create_template(session, service, content="Hello")
    for _ in range(3):
        limits.Counted(cache, service, "normal", ["sms"])
    limits.Counted(cache, service, "normal", ["sms", "international_sms"])
    context = context_for(session, cache, service, template, FILE)
    assert (context.remaining_today, context.remaining_international) == (6, 4)
    assert context_for(session, cache, service, template, FILE).remaining_today == 6
    email = create_template(session, service, template_type="email", content="Hi")
    assert context_for(session, cache, service, email, FILE).remaining_international is None
    for _ in range(10):
        limits.Counted(cache, service, "normal", ["sms"])
    assert limits.remaining_today(cache, service, "sms") == 0  # never below nothing


def _job(session, template, **overrides) -> Job:
    job = Job(
        id=uuid.uuid4(),
        original_file_name=FILE,
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        notification_count=1,
        job_status="finished",
        created_at=utcnow(),
    )
    for key, value in overrides.items():
        setattr(job, key, value)
    session.add(job)
    session.commit()
    return job


@pytest.mark.parametrize(
    ("overrides", "sent_previously"),
    [
        ({}, True),
        ({"job_status": "scheduled"}, True),
        ({"job_status": "cancelled"}, False),
        ({"original_file_name": "other.csv"}, False),
        ({"template_version": 99}, False),
        ({"created_at": "yesterday"}, False),
    ],
)
def test_a_file_sent_today_with_the_same_template_version_is_sent_previously(
    session,
    service,
    cache,
    now,
    overrides,
    sent_previously,
):
    template = create_template(session, service, content="Hello")
    if overrides.get("created_at") == "yesterday":
        overrides["created_at"] = now - timedelta(days=1)
    _job(session, template, **overrides)
    with frozen(now):
        assert (
            context_for(session, cache, service, template, FILE).sent_previously is sent_previously
        )


@pytest.mark.parametrize(
    ("header", "has_address"),
    [
        (["address line 1", "address line 2", "postcode"], True),
        (["Address_Line_1", "address-line-2", "ADDRESS LINE 7"], True),
        (["address line 1", "postcode", "address line 7"], False),  # 2 of each set
        (["address line 1", "address line 2"], False),
    ],
)
def test_letters_need_3_columns_of_one_address_form(header, has_address):
    assert FileColumns(header, "letter", []).has_recipient_columns is has_address


def test_columns_no_message_uses_are_named_for_the_page_to_grey():
    rows = [["phone number", "name", "notes", "Reference", "date"], [*GOOD_TEXT[:2], "x", "R", "1"]]
    assert _check(rows).ignored_columns == ("notes",)
