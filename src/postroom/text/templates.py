"""A template with its personalisation filled in, ready to send or preview, per message type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from postroom.text import markdown, sms
from postroom.text.placeholders import (
    fill,
    format_list_inline,
    format_list_markdown,
    missing_placeholders,
    placeholders_in,
)


def _inline(value: object) -> str:
    return format_list_inline(value) if isinstance(value, list) else str(value)


def _block(value: object) -> str:
    return format_list_markdown(value) if isinstance(value, list) else str(value)


@dataclass(frozen=True)
class SmsMessage:
    content: str  # what the phone will show: prefix, personalisation, sanitised
    body: str  # the personalised message as written, without the prefix
    placeholders: list[str]
    missing: list[str] = field(default_factory=list)

    @property
    def fragment_count(self) -> int:
        """What it is charged as: the prefix and the sanitised characters count here."""
        return sms.fragment_count(self.content)

    @property
    def character_count(self) -> int:
        """Characters as people count them, without the prefix (as GOV.UK Notify counts)."""
        return len(self.body)

    @property
    def is_unicode(self) -> bool:
        return sms.is_unicode(self.content)


def render_sms(
    content: str,
    values: Mapping[str, object] | None = None,
    *,
    prefix: str | None = None,
) -> SmsMessage:
    """`prefix` is the service name when the service shows it (`Service name: message`)."""
    body = fill(content, values, format_value=_inline).strip()
    return SmsMessage(
        content=sms.sanitise(f"{prefix}: {body}" if prefix else body),
        body=body,
        placeholders=placeholders_in(content),
        missing=missing_placeholders([content], values),
    )


@dataclass(frozen=True)
class EmailMessage:
    subject: str
    body_markdown: str  # the body with personalisation filled in
    placeholders: list[str]
    missing: list[str] = field(default_factory=list)

    # Each part is made only when asked for: listing messages needs only the plain text.
    @cached_property
    def _tokens(self) -> list[dict]:
        return markdown.parse(self.body_markdown)

    @cached_property
    def html_body(self) -> str:
        return markdown.to_html(self._tokens)

    @cached_property
    def plain_body(self) -> str:
        return markdown.to_plain_text(self._tokens)


def render_email(
    subject: str, content: str, values: Mapping[str, object] | None = None
) -> EmailMessage:
    """Personalisation is HTML-escaped in the HTML part (by the markdown writer) and never
    interpreted as HTML; lists become bulleted lists in the body."""
    filled_subject = " ".join(fill(subject, values, format_value=_inline).split())
    filled_body = fill(content, values, format_value=_block)
    return EmailMessage(
        subject=filled_subject,
        body_markdown=filled_body,
        placeholders=placeholders_in(subject, content),
        missing=missing_placeholders([subject, content], values),
    )


@dataclass(frozen=True)
class LetterMessage:
    subject: str
    body: str  # the content with personalisation filled in, markdown kept
    html_body: str
    placeholders: list[str]
    missing: list[str] = field(default_factory=list)


def render_letter(
    subject: str, content: str, values: Mapping[str, object] | None = None
) -> LetterMessage:
    filled_body = fill(content, values, format_value=_block)
    return LetterMessage(
        subject=escape(" ".join(fill(subject, values, format_value=_inline).split())),
        body=filled_body.strip(),
        html_body=markdown.to_html(filled_body),
        placeholders=placeholders_in(subject, content),
        missing=missing_placeholders([subject, content], values),
    )
