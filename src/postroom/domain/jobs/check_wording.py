"""The check page's words, as Notify's (with Postroom named where Notify names itself): a
banner for a problem with the whole file, and the list of what to fix in its rows."""

from __future__ import annotations

from dataclasses import dataclass

from postroom.domain.vocabulary.notification_types import EMAIL, LETTER, SMS, type_name

# Banner codes, in Notify's order of precedence.
TOO_MANY_ROWS = "too-many-rows"
NO_ROWS = "no-rows"
NO_RECIPIENT_COLUMNS = "no-recipient-columns"
DUPLICATE_RECIPIENT_COLUMNS = "duplicate-recipient-columns"
MISSING_COLUMNS = "missing-columns"
SENT_PREVIOUSLY = "sent-previously"
TRIAL_MODE_RECIPIENTS = "trial-mode-recipients"
LETTERS_IN_TRIAL_MODE = "letters-in-trial-mode"
TOO_MANY_RECIPIENTS = "too-many-recipients"
TOO_MANY_INTERNATIONAL = "too-many-international"
# Shown instead of the rows' problems; the others only once no row has a problem (Notify's
# column-errors page, then its row-errors page, then its column-errors page again).
BEFORE_ROW_PROBLEMS = frozenset(
    {
        TOO_MANY_ROWS,
        NO_ROWS,
        NO_RECIPIENT_COLUMNS,
        DUPLICATE_RECIPIENT_COLUMNS,
        MISSING_COLUMNS,
        SENT_PREVIOUSLY,
    }
)

COLUMN_NAMES_HEADING = "There’s a problem with your column names"
# What a recipient is called, one and many, by message type.
_RECIPIENT_NAMES = {
    EMAIL: ("email address", "email addresses"),
    SMS: ("phone number", "phone numbers"),
    LETTER: ("address", "addresses"),
}


@dataclass(frozen=True)
class Banner:
    """A problem with the whole file, as the check page shows it (one at a time)."""

    code: str  # e.g. "too-many-rows", "missing-columns", "trial-mode-recipients"
    heading: str
    lines: tuple[str, ...]


def quoted(names, conjunction: str = "and") -> str:
    """`‘a’`, `‘a’ and ‘b’`, `‘a’, ‘b’ or ‘c’`."""
    items = [f"‘{name}’" for name in names]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _called(names) -> str:
    return f"{'a column' if len(names) == 1 else 'columns'} called {quoted(names)}"


def recipients(template_type: str, count: int) -> str:
    """`1 email address`, `3 phone numbers`, `2 addresses`."""
    one, many = _RECIPIENT_NAMES[template_type]
    return f"{count:,} {one if count == 1 else many}"


def messages(template_type: str, count: int) -> str:
    """`1 email`, `1,000 text messages`."""
    return f"{count:,} {type_name(template_type, count)}"


def too_many_rows(row_count: int, max_rows: int) -> Banner:
    return Banner(
        TOO_MANY_ROWS,
        "Your file has too many rows",
        (f"Postroom can process up to {max_rows:,} rows at once. {_has(row_count)}",),
    )


def _has(row_count: int) -> str:
    return f"Your file has {row_count:,} rows."


def no_rows(missing_columns: list[str]) -> Banner:
    needs = "It needs at least one row of data"
    if missing_columns:
        needs += f", and {_called(sorted(missing_columns))}"
    return Banner(NO_ROWS, "Your file is missing some rows", (f"{needs}.",))


def no_recipient_columns(template_type: str, recipient_names, column_names: list[str]) -> Banner:
    if template_type == LETTER:
        needs = (
            "Your file needs at least 3 address columns, for example "
            f"{quoted(recipient_names[:3])}."
        )
    else:
        needs = f"Your file needs a column called {quoted(recipient_names[:1])}."
    names = [name for name in column_names if name]
    has = (
        f"one column, called {quoted(names)}"
        if len(names) == 1
        else f"columns called {quoted(names)}"
    )
    return Banner(NO_RECIPIENT_COLUMNS, COLUMN_NAMES_HEADING, (needs, f"Right now it has {has}."))


def duplicate_recipient_columns(names: list[str]) -> Banner:
    return Banner(
        DUPLICATE_RECIPIENT_COLUMNS,
        COLUMN_NAMES_HEADING,
        (
            f"We found more than one column called {quoted(names, 'or')}.",
            "Delete or rename one of these columns and try again.",
        ),
    )


def missing_columns(names: list[str]) -> Banner:
    return Banner(
        MISSING_COLUMNS,
        "Your column names need to match the double brackets in your template",
        (f"Your file is missing {_called(names)}.",),
    )


def sent_previously() -> Banner:
    return Banner(
        SENT_PREVIOUSLY,
        "These messages have already been sent today",
        ("If you need to resend them, rename the file and upload it again.",),
    )


def trial_mode_recipients(template_type: str, count: int) -> Banner:
    one, many = _RECIPIENT_NAMES[template_type]
    return Banner(
        TRIAL_MODE_RECIPIENTS,
        f"You cannot send to {f'this {one}' if count == 1 else f'these {many}'}",
        (
            "In trial mode you can only send to yourself, members of your team and people on "
            "your guest list",
        ),
    )


def letters_in_trial_mode(count: int) -> Banner:
    return Banner(
        LETTERS_IN_TRIAL_MODE,
        f"You cannot send {'this letter' if count == 1 else 'these letters'}",
        ("In trial mode you can only preview how your letters will look",),
    )


def too_many_recipients(
    template_type: str,
    *,
    limit: int,
    remaining: int,
    count: int,
    file_name: str,
    trial_mode: bool,
) -> Banner:
    return Banner(
        TOO_MANY_RECIPIENTS,
        "Too many recipients",
        (
            f"You can only send {messages(template_type, limit)} per day"
            f"{' in trial mode' if trial_mode else ''}.",
            f"{_still(remaining, limit, messages(template_type, remaining))}‘{file_name}’ "
            f"contains {recipients(template_type, count)}.",
        ),
    )


def _still(remaining: int, limit: int, what: str) -> str:
    """Said only when some of today's limit is used already."""
    return "" if remaining == limit else f"You can still send {what} today, but "


def too_many_international(*, limit: int, remaining: int, count: int, file_name: str) -> Banner:
    def international(n: int) -> str:
        return f"{n:,} international {type_name(SMS, n)}"

    still = _still(remaining, limit, international(remaining))
    numbers = f"{count:,} international phone number{'' if count == 1 else 's'}"
    return Banner(
        TOO_MANY_INTERNATIONAL,
        "Too many international phone numbers",
        (
            f"You can only send {international(limit)} per day.",
            f"{still}‘{file_name}’ contains {numbers}.",
        ),
    )


def _in_rows(count: int) -> str:
    return "in 1 row" if count == 1 else f"in {count:,} rows"


def to_fix(
    template_type: str, bad_recipients: int, missing_data: int, too_long: int, empty: int
) -> tuple[str, ...]:
    """What the rows' problems ask of the team, in Notify's order and words."""
    fixes = []
    if bad_recipients:
        fixes.append(f"fix {recipients(template_type, bad_recipients)}")
    if missing_data:
        fixes.append(f"enter missing data {_in_rows(missing_data)}")
    if too_long:
        which = "the message" if too_long == 1 else "the messages"
        fixes.append(f"shorten {which} {_in_rows(too_long)}")
    if empty:
        which = "the empty message" if empty == 1 else "the empty messages"
        fixes.append(f"check you have content for {which} {_in_rows(empty)}")
    return tuple(fixes)
