"""Whether a row's message would be empty or too long, with the answer rendering it would give
(`rendering.render`, as sending does) but, for nearly every row, without rendering it: a
template with text of its own is never empty, and a text message whose longest possible
filling is within the limit is never too long. Only rows these bounds cannot settle are
rendered (a test holds both ways to one answer)."""

from __future__ import annotations

from postroom.domain.jobs.file_columns import FileColumns
from postroom.domain.templates.rendering import (
    SMS_CHARACTER_LIMIT,
    render,
    sms_too_long,
    subject_and_body,
)
from postroom.domain.vocabulary.notification_types import SMS
from postroom.models import Service
from postroom.text.placeholders import PLACEHOLDER, format_list_inline, parse_placeholder


class RowMessages:
    def __init__(self, template, service: Service, columns: FileColumns) -> None:
        self.template, self.service, self.columns = template, service, columns
        content = template.content or ""
        own_text = PLACEHOLDER.sub("", content)
        self.has_own_text = bool(own_text.strip())
        self.own_length = len(own_text)
        # Each placeholder in the text: its columns, and the length it has whatever its value
        # when that is fixed (a conditional shows at most its own text, shorter than itself;
        # a placeholder with no column stays as written).
        self.slots: list[tuple[list[int], int | None]] = []
        for match in PLACEHOLDER.finditer(content):
            placeholder = parse_placeholder(match.group(1))
            indexes = columns.columns_of(placeholder.name)
            fixed = len(match.group(0)) if placeholder.is_conditional or not indexes else None
            self.slots.append((indexes, fixed))
        self.plain_slots = all(fixed is None for _, fixed in self.slots)

    def render(self, row: list[str]):
        return render(self.template, self.service, self.columns.personalisation(row))

    def empty(self, row: list[str]) -> bool:
        if self.has_own_text:
            return False
        if self.plain_slots:
            values = [self._value(row, indexes) for indexes, _ in self.slots]
            if not any(isinstance(value, list) for value in values):
                return not any(value.strip() for value in values)
        return not subject_and_body(self.template, self.render(row))[1].strip()

    def too_long(self, row: list[str]) -> bool:
        if self.template.template_type != SMS or self.longest(row) <= SMS_CHARACTER_LIMIT:
            return False
        return sms_too_long(self.render(row))

    def longest(self, row: list[str]) -> int:
        """At least as long as the text message's characters (`SmsMessage.character_count`)."""
        total = self.own_length
        for indexes, fixed in self.slots:
            if fixed is not None:
                total += fixed
            else:
                value = self._value(row, indexes)
                total += len(value if isinstance(value, str) else format_list_inline(value))
        return total

    @staticmethod
    def _value(row: list[str], indexes: list[int]) -> str | list[str]:
        """As `FileColumns.personalisation` has it: one column's cell, or several's list."""
        width = len(row)
        if len(indexes) == 1:
            return row[indexes[0]] if indexes[0] < width else ""
        return [row[i] if i < width else "" for i in indexes]
