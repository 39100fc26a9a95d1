"""Checking a file of recipients against its template and its service, as the check page shows
it; and its rows as the recipients and personalisation a job's notifications are made of."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.models import Service, Template

MAX_ROWS = 100_000
MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class Banner:
    """A problem with the whole file, as the check page shows it (one at a time)."""

    code: str  # e.g. "too-many-rows", "missing-columns", "trial-mode-recipients"
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RowProblem:
    row_number: int  # as the spreadsheet numbers it: the first row of data is 2
    cells: dict[str, str]  # column, as the file names it → what is wrong with its cell
    message: str | None  # a problem with the whole row ("Message is too long")


@dataclass(frozen=True)
class CheckResult:
    row_count: int
    columns: tuple[str, ...]
    banner: Banner | None  # the first problem with the whole file, in Notify's order
    problems: tuple[RowProblem, ...]  # the first MAX_PROBLEMS_SHOWN rows with problems
    rows_with_problems: int
    to_fix: tuple[str, ...]  # "fix 2 email addresses", "enter missing data in 1 row", ...
    international_count: int = 0

    @property
    def ok(self) -> bool:
        return self.banner is None and self.rows_with_problems == 0

    def to_json(self) -> str:
        raise NotImplementedError  # issue 12: the checks helper

    @classmethod
    def from_json(cls, text: str) -> CheckResult:
        raise NotImplementedError  # issue 12: the checks helper


@dataclass(frozen=True)
class CheckContext:
    """What the check needs from outside the file: who trial mode allows, today's room."""

    guest_list: frozenset[str] | None  # normalised; None unless the service is in trial mode
    remaining_today: int
    remaining_international: int | None
    sent_previously: bool


def context_for(
    session: Session, cache: Cache, service: Service, template: Template, file_name: str
) -> CheckContext:
    raise NotImplementedError  # issue 12: the checks helper


def check(
    rows: list[list[str]],
    template: Template,
    service: Service,
    context: CheckContext,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Every check of the check page, in Notify's order; `progress` is told the number of rows
    checked so far now and then (a large file is checked in a worker)."""
    raise NotImplementedError  # issue 12: the checks helper


@dataclass(frozen=True)
class RecipientRow:
    index: int  # the row of data, from 0: the notification's job_row_number
    recipient: str  # as written: an email address, a phone number, or the address lines
    personalisation: dict[str, str]  # every column of the row, named as in the header
    reference: str | None  # the `reference` column, the notification's client reference


def recipient_rows(rows: list[list[str]], template: Template) -> Iterator[RecipientRow]:
    raise NotImplementedError  # issue 12: the checks helper


def example_file(template: Template) -> tuple[str, bytes]:
    """The example CSV a team downloads from the upload page: its file name and contents."""
    raise NotImplementedError  # issue 12: the checks helper
