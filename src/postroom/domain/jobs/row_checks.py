"""A file's rows checked one by one, as sending would check each message: the recipient, the
cells the template needs, the message's length and content, a letter's address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from postroom.domain.jobs import check_wording
from postroom.domain.jobs.file_columns import FileColumns
from postroom.domain.jobs.row_messages import RowMessages
from postroom.domain.sending.recipients import (
    InvalidRecipient,
    validate_email_address,
    validate_phone_number,
)
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    INTERNATIONAL_LETTERS,
    INTERNATIONAL_SMS,
    LETTER,
    SMS_TO_UK_LANDLINES,
)
from postroom.domain.vocabulary.postal_address import address_from
from postroom.models import Service

MAX_PROBLEMS_SHOWN = 50
PROGRESS_EVERY = 5_000
MISSING = "Missing"
EMPTY_MESSAGE = "No content for this message"
MESSAGE_TOO_LONG = "Message is too long"


@dataclass(frozen=True)
class RowProblem:
    row_number: int  # as the spreadsheet numbers it: the first row of data is 2
    cells: dict[str, str]  # column, as the file names it → what is wrong with its cell
    message: str | None  # a problem with the whole row ("Message is too long")
    values: tuple[str, ...] = ()  # the row's cells, as the file has them


class RowChecks:
    """Each row's checks, and what they found across the file."""

    def __init__(
        self, columns: FileColumns, template, service: Service, guest_list: frozenset | None
    ) -> None:
        self.kind = template.template_type
        self.permissions = frozenset(service.permission_names)
        self.guest_list = guest_list
        self.messages = RowMessages(template, service, columns)
        self.recipient = (
            None
            if self.kind == LETTER
            else (columns.recipient_names[0], columns.index_of(columns.recipient_names[0]))
        )
        self.address = columns.address_columns if self.kind == LETTER else []
        # Placeholders filled by one column must have something in it (Notify's rule: a name
        # given to several columns is a list, never missing).
        self.needed = [
            (columns.headers[indexes[0]], indexes[0])
            for indexes in map(columns.columns_of, columns.placeholders)
            if len(indexes) == 1 and (self.recipient is None or indexes[0] != self.recipient[1])
        ]
        self.problems: list[RowProblem] = []
        self.rows_with_problems = self.bad_recipients = self.missing_data = 0
        self.too_long = self.empty = self.not_allowed = self.international = 0

    def run(self, data: list[list[str]], progress: Callable[[int], None] | None) -> RowChecks:
        for index, row in enumerate(data):
            self._row(index, row)
            if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1)
        if progress is not None:
            progress(len(data))
        return self

    def _row(self, index: int, row: list[str]) -> None:
        width = len(row)
        cells: dict[str, str] = {}
        bad_recipient = False
        if self.recipient is not None:
            name, column = self.recipient
            value = row[column] if column < width else ""
            if not value.strip():
                cells[name] = MISSING
            else:
                try:
                    self._count_recipient(value)
                except InvalidRecipient as error:
                    cells[name] = error.message
                    bad_recipient = True
        for name, column in self.needed:
            if column >= width or not row[column].strip():
                cells[name] = MISSING
        message = None
        if self.messages.empty(row):
            message = EMPTY_MESSAGE
            self.empty += 1
        elif self.messages.too_long(row):
            message = MESSAGE_TOO_LONG
            self.too_long += 1
        if self.address:
            address_problem = self._address_problem(row)
            bad_recipient = address_problem is not None
            message = message or address_problem
        if not (cells or message):
            return
        self.rows_with_problems += 1
        self.bad_recipients += bad_recipient
        self.missing_data += MISSING in cells.values()
        if len(self.problems) < MAX_PROBLEMS_SHOWN:
            self.problems.append(RowProblem(index + 2, cells, message, tuple(row)))

    def to_fix(self) -> tuple[str, ...]:
        counts = (self.bad_recipients, self.missing_data, self.too_long, self.empty)
        return check_wording.to_fix(self.kind, *counts)

    def _count_recipient(self, value: str) -> None:
        """Checks the recipient as sending would, and counts it if trial mode does not allow
        it or it is abroad."""
        if self.kind == EMAIL:
            normalised = validate_email_address(value).lower()
        else:
            number = validate_phone_number(
                value,
                allow_international=INTERNATIONAL_SMS in self.permissions,
                allow_landline=SMS_TO_UK_LANDLINES in self.permissions,
            )
            normalised = number.normalised
            self.international += number.international
        if self.guest_list is not None and normalised not in self.guest_list:
            self.not_allowed += 1

    def _address_problem(self, row: list[str]) -> str | None:
        width = len(row)
        try:
            address_from(
                {name: row[column] if column < width else "" for name, column in self.address},
                allow_international=INTERNATIONAL_LETTERS in self.permissions,
            )
        except InvalidRequest as error:
            return error.message
        return None
