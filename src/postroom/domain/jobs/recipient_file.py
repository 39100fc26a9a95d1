"""Checking a file of recipients against its template and its service, as the check page shows
it; and its rows as the recipients and personalisation a job's notifications are made of."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.domain.jobs import check_wording as wording
from postroom.domain.jobs.check_wording import Banner
from postroom.domain.jobs.file_columns import (
    ADDRESS_LINES_1_TO_6_AND_POSTCODE,
    RECIPIENT_COLUMNS,
    REFERENCE_COLUMN,
    FileColumns,
)
from postroom.domain.jobs.row_checks import MAX_PROBLEMS_SHOWN as MAX_PROBLEMS_SHOWN
from postroom.domain.jobs.row_checks import RowChecks, RowProblem
from postroom.domain.jobs.uploads import as_csv
from postroom.domain.sending import cached_reads, limits
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary.dates import local_midnight_in_utc, local_today
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    INTERNATIONAL_SMS,
    LETTER,
    SMS,
)
from postroom.domain.vocabulary.postal_address import address_from
from postroom.models import Job, Service, Template
from postroom.text.placeholders import placeholders_in
from postroom.text.templates import EmailMessage, LetterMessage, SmsMessage

MAX_ROWS = 100_000
MAX_ROWS_SHOWN = 50  # the first rows of a file, shown on the check page
# The check page that shows what the check found, as Notify's.
COLUMN_ERRORS, ROW_ERRORS, OK = "column-errors", "row-errors", "ok"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class CheckResult:
    row_count: int
    columns: tuple[str, ...]
    banner: Banner | None  # the first problem with the whole file, in Notify's order
    problems: tuple[RowProblem, ...]  # the first MAX_PROBLEMS_SHOWN rows with problems
    rows_with_problems: int
    to_fix: tuple[str, ...]  # "fix 2 email addresses", "enter missing data in 1 row", ...
    international_count: int = 0
    first_rows: tuple[tuple[str, ...], ...] = ()  # the first MAX_ROWS_SHOWN rows of data
    ignored_columns: tuple[str, ...] = ()  # columns no message uses (shown greyed)

    @property
    def ok(self) -> bool:
        return self.banner is None and self.rows_with_problems == 0

    @property
    def page(self) -> str:
        """Which check page shows this: the file's problem, its rows' problems, or the send
        button. A banner about the columns (or a file sent already) comes before the rows'
        problems; one about trial mode or today's limits only once the rows are right."""
        if self.banner is not None and self.banner.code in wording.BEFORE_ROW_PROBLEMS:
            return COLUMN_ERRORS
        if self.rows_with_problems:
            return ROW_ERRORS
        return COLUMN_ERRORS if self.banner is not None else OK

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> CheckResult:
        data = json.loads(text)
        banner = data["banner"]
        return cls(
            **{
                **data,
                "columns": tuple(data["columns"]),
                "banner": banner and Banner(banner["code"], banner["heading"], (*banner["lines"],)),
                "problems": tuple(
                    RowProblem(p["row_number"], p["cells"], p["message"], tuple(p["values"]))
                    for p in data["problems"]
                ),
                "to_fix": tuple(data["to_fix"]),
                "first_rows": tuple(tuple(row) for row in data["first_rows"]),
                "ignored_columns": tuple(data["ignored_columns"]),
            }
        )


@dataclass(frozen=True)
class CheckContext:
    """What the check needs from outside the file: who trial mode allows, today's room."""

    guest_list: frozenset[str] | None  # normalised; None unless the service is in trial mode
    remaining_today: int
    remaining_international: int | None
    sent_previously: bool
    file_name: str = ""  # as uploaded, for the banners that name it


def context_for(
    session: Session, cache: Cache, service: Service, template: Template, file_name: str
) -> CheckContext:
    kind = template.template_type
    return CheckContext(
        guest_list=(
            cached_reads.allowed_recipients(session, service.id) if service.restricted else None
        ),
        remaining_today=limits.remaining_today(cache, service, kind),
        remaining_international=(
            limits.remaining_today(cache, service, INTERNATIONAL_SMS) if kind == SMS else None
        ),
        sent_previously=_sent_today(session, service, template, file_name),
        file_name=file_name,
    )


def _sent_today(session: Session, service: Service, template: Template, file_name: str) -> bool:
    """Whether this file (by name) was started today with this version of the template, and
    not cancelled: Notify's guard against sending a file twice."""
    return session.scalar(
        select(
            exists().where(
                Job.service_id == service.id,
                Job.template_id == template.id,
                Job.template_version == template.version,
                Job.original_file_name == file_name,
                Job.created_at >= local_midnight_in_utc(local_today()),
                Job.job_status != CANCELLED,
            )
        )
    )


def _placeholders(template) -> list[str]:
    if template.template_type == SMS:
        return placeholders_in(template.content)
    return placeholders_in(template.subject, template.content)


def _columns(rows: list[list[str]], template) -> FileColumns:
    return FileColumns(rows[0] if rows else [], template.template_type, _placeholders(template))


def check(
    rows: list[list[str]],
    template: Template,
    service: Service,
    context: CheckContext,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Every check of the check page, in Notify's order; `progress` is told the number of rows
    checked so far now and then (a large file is checked in a worker)."""
    columns = _columns(rows, template)
    data = rows[1:]
    found = CheckResult(
        row_count=len(data),
        columns=tuple(columns.headers),
        banner=_file_banner(columns, len(data), context),
        problems=(),
        rows_with_problems=0,
        to_fix=(),
        first_rows=tuple(tuple(row) for row in data[:MAX_ROWS_SHOWN]),
        ignored_columns=tuple(columns.ignored),
    )
    if found.banner is not None:  # the file must change before its rows are worth checking
        return found
    tally = RowChecks(columns, template, service, context.guest_list).run(data, progress)
    return dataclasses.replace(
        found,
        banner=_sending_banner(template, service, context, len(data), tally),
        problems=tuple(tally.problems),
        rows_with_problems=tally.rows_with_problems,
        to_fix=tally.to_fix(),
        international_count=tally.international,
    )


def _file_banner(columns: FileColumns, row_count: int, context: CheckContext) -> Banner | None:
    if row_count > MAX_ROWS:
        return wording.too_many_rows(row_count, MAX_ROWS)
    if row_count == 0:
        return wording.no_rows(columns.missing)
    if not columns.has_recipient_columns:
        return wording.no_recipient_columns(
            columns.template_type, columns.recipient_names, columns.names
        )
    if columns.duplicate_recipient_columns:
        return wording.duplicate_recipient_columns(columns.duplicate_recipient_columns)
    if columns.missing:
        return wording.missing_columns(columns.missing)
    if context.sent_previously:
        return wording.sent_previously()
    return None


def _sending_banner(template, service: Service, context: CheckContext, row_count: int, tally):
    kind = template.template_type
    if tally.not_allowed:
        return wording.trial_mode_recipients(kind, tally.not_allowed)
    if kind == LETTER and service.restricted:
        return wording.letters_in_trial_mode(row_count)
    if row_count > context.remaining_today:
        return wording.too_many_recipients(
            kind,
            limit=limits.daily_limit(service, kind),
            remaining=context.remaining_today,
            count=row_count,
            file_name=context.file_name,
            trial_mode=service.restricted,
        )
    remaining = context.remaining_international
    if remaining is not None and tally.international > remaining:
        return wording.too_many_international(
            limit=limits.daily_limit(service, INTERNATIONAL_SMS),
            remaining=remaining,
            count=tally.international,
            file_name=context.file_name,
        )
    return None


@dataclass(frozen=True)
class RecipientRow:
    index: int  # the row of data, from 0: the notification's job_row_number
    recipient: str  # as written: an email address, a phone number, or the address lines
    # Every column of the row, named as in the header (a name given to several columns: a list).
    personalisation: dict[str, str | list[str]]
    reference: str | None  # the `reference` column, the notification's client reference


def recipient_rows(rows: list[list[str]], template: Template) -> Iterator[RecipientRow]:
    """Each row of a checked file as its notification needs it. Letters' recipient is the
    address as sending stores it (its lines, tidied, one a line)."""
    columns = _columns(rows, template)
    if template.template_type == LETTER:
        recipient_of = _address_lines
    else:
        column = columns.index_of(columns.recipient_names[0])

        def recipient_of(values, row):
            return _cell(row, column)

    reference = columns.index_of(REFERENCE_COLUMN)
    for index, row in enumerate(rows[1:]):
        values = columns.personalisation(row)
        yield RecipientRow(
            index=index,
            recipient=recipient_of(values, row),
            personalisation=values,
            reference=None if reference is None else _cell(row, reference) or None,
        )


def _cell(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def _address_lines(values: dict, row: list[str]) -> str:
    try:
        return "\n".join(address_from(values, allow_international=True).lines)
    except InvalidRequest:  # only a row the check refused: shown as its cells, for a preview
        return "\n".join(v for v in values.values() if isinstance(v, str) and v)


def preview(
    rows: list[list[str]], template: Template, service: Service, row_number: int
) -> tuple[RecipientRow, SmsMessage | EmailMessage | LetterMessage]:
    """The row numbered `row_number` as the spreadsheet numbers it (the first row of data is 2)
    and its message rendered, for the check page's preview; NotFound beyond the file."""
    if not 2 <= row_number <= len(rows):
        raise NotFound("Row not found")
    single = [rows[0], rows[row_number - 1]]
    row = next(recipient_rows(single, template))
    return dataclasses.replace(row, index=row_number - 2), render(
        template, service, row.personalisation
    )


EXAMPLE_RECIPIENTS = {
    EMAIL: ["test@example.gov.uk"],
    SMS: ["07700 900123"],
    LETTER: ["A. Name", "123 Example Street", "", "", "", "", "SW1A 1AA"],
}


def example_file(template: Template) -> tuple[str, bytes]:
    """The example CSV a team downloads from the upload page: its file name and contents (the
    recipient's columns and the placeholders', and one row of examples), as Notify's."""
    kind = template.template_type
    recipient = list(
        ADDRESS_LINES_1_TO_6_AND_POSTCODE if kind == LETTER else RECIPIENT_COLUMNS[kind]
    )
    placeholders = FileColumns(recipient, kind, _placeholders(template)).missing
    example = [*EXAMPLE_RECIPIENTS[kind], *["example"] * len(placeholders)]
    return f"{template.name}.csv", as_csv([[*recipient, *placeholders], example])
