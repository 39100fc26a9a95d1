"""Sending to a list through the public API, as GC Notify's `POST /v2/notifications/bulk`: the
rows are checked as the check page checks a file (`recipient_file.check`), its findings told in
GC Notify's words, then kept as an upload and started as a job, like a file sent from the web
interface.

Beyond the check page: the key's type decides who may be sent to, as it does for one message (a
team key only to the team and the guest list, a test key to anyone and within no daily limit);
and a file sent again under the same name is not refused as "already sent today" (GC Notify's
API has no such check; a retry is what the `Idempotency-Key` header is for)."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.domain.jobs import check_wording as wording
from postroom.domain.jobs import jobs, recipient_file, uploads
from postroom.domain.jobs.file_columns import FileColumns
from postroom.domain.jobs.row_checks import MESSAGE_TOO_LONG
from postroom.domain.sending import cached_reads, limits
from postroom.domain.sending.acceptance import SendingRefused, sender_text
from postroom.domain.templates.rendering import SMS_CHARACTER_LIMIT
from postroom.domain.templates.templates import can_be_used
from postroom.domain.vocabulary.notification_types import (
    KEY_TYPE_TEAM,
    KEY_TYPE_TEST,
    LETTER,
    SMS,
    type_name,
)
from postroom.models import ApiKey, Job, Service, Template
from postroom.text.placeholders import placeholders_in

TEAM_KEY_RECIPIENTS = (
    "You cannot send to these recipients because you used a team and guest list API key."
)
TRIAL_MODE_RECIPIENTS = (
    "You cannot send to these recipients because your service is in trial mode. You can only "
    "send to members of your team and your guest list."
)


@dataclass(frozen=True)
class BulkRequest:
    template_id: uuid.UUID
    name: str  # the job's file name
    rows: list[list[str]]  # as read (`spreadsheet.read`): the header first
    scheduled_for: datetime | None = None  # UTC
    reply_to_id: uuid.UUID | None = None


def send(
    session: Session, cache: Cache, service: Service, api_key: ApiKey, wanted: BulkRequest
) -> Job:
    """The job of `wanted`'s rows, once every check passes, in GC Notify's order: template,
    permission, rate limit (the request counts once, whatever its rows), sender, then the
    file. Added to the session: the caller commits, then queues it (`tasks.jobs.queue_job`)."""
    template = cached_reads.template(session, wanted.template_id)
    if not can_be_used(template, service.id):
        raise SendingRefused("Template not found")
    kind = template.template_type
    if kind not in service.permission_names:
        raise SendingRefused(f"Service is not allowed to send {type_name(kind, 2)}")
    if kind == LETTER and api_key.key_type == KEY_TYPE_TEAM:  # as for one letter
        raise SendingRefused("Cannot send letters with a team api key", status_code=403)
    try:
        limits.Counted(cache, service, api_key.key_type, []).check_rate_limit()
    except limits.RateLimitExceeded as error:
        raise SendingRefused(error.message, "RateLimitError", 429) from error
    sender_id = wanted.reply_to_id if kind != LETTER else None
    if sender_id is not None:
        sender_text(session, service, kind, sender_id)  # refused when it is not the service's
    context = _context(session, cache, service, template, api_key, wanted.name)
    result = recipient_file.check(wanted.rows, template, service, context)
    if not result.ok:
        raise SendingRefused(_problem(result, template, service, context))
    upload = uploads.store(
        session, service.id, template, wanted.name, wanted.rows, api_key_id=api_key.id
    )
    upload.check_status, upload.rows_checked = "checked", result.row_count
    upload.check_result = result.to_json()
    return jobs.start(
        session,
        service,
        upload,
        created_by_id=None,
        scheduled_for=wanted.scheduled_for,
        sender_id=sender_id,
    )


def _context(
    session: Session,
    cache: Cache,
    service: Service,
    template: Template,
    api_key: ApiKey,
    name: str,
) -> recipient_file.CheckContext:
    found = recipient_file.context_for(session, cache, service, template, name)
    if api_key.key_type == KEY_TYPE_TEST:  # test messages go nowhere and count against nothing
        return dataclasses.replace(
            found,
            guest_list=None,
            remaining_today=recipient_file.MAX_ROWS,
            remaining_international=None,
            sent_previously=False,
        )
    restricted = service.restricted or api_key.key_type == KEY_TYPE_TEAM
    return dataclasses.replace(
        found,
        guest_list=cached_reads.allowed_recipients(session, service.id) if restricted else None,
        sent_previously=False,
    )


def _problem(
    result: recipient_file.CheckResult,
    template: Template,
    service: Service,
    context: recipient_file.CheckContext,
) -> str:
    """What is wrong with the rows, as GC Notify's bulk API says it: a problem with the whole
    file first (GC Notify tells limits and trial mode before the rows' errors, as the check page
    does not), else the rows' errors."""
    banner = result.banner
    kind = template.template_type
    if banner is None:
        too_long = [p for p in result.problems if p.message == MESSAGE_TOO_LONG]
        if too_long:  # told apart from the other rows' errors, as GC Notify does
            return (
                f"Row {too_long[0].row_number} - has a character count greater than "
                f"{SMS_CHARACTER_LIMIT} characters. Some messages may be too long due to "
                "custom content."
            )
        return _row_errors(result)
    code = banner.code
    if code == wording.TOO_MANY_ROWS:
        return f"Too many rows. Maximum number of rows allowed is {recipient_file.MAX_ROWS}"
    if code in (wording.NO_RECIPIENT_COLUMNS, wording.MISSING_COLUMNS) and kind != LETTER:
        return f"Missing column headers: {', '.join(sorted(_columns(result, template).missing))}"
    if code == wording.DUPLICATE_RECIPIENT_COLUMNS:
        doubled = _columns(result, template).duplicate_recipient_columns
        return f"Duplicate column headers: {', '.join(sorted(doubled))}"
    if code == wording.TRIAL_MODE_RECIPIENTS:
        return TRIAL_MODE_RECIPIENTS if service.restricted else TEAM_KEY_RECIPIENTS
    if code == wording.LETTERS_IN_TRIAL_MODE:
        return "Cannot send letters when service is in trial mode"
    if code == wording.TOO_MANY_RECIPIENTS:
        return _over_limit(context.remaining_today, result.row_count, kind)
    if code == wording.TOO_MANY_INTERNATIONAL:
        return _over_limit(
            context.remaining_international or 0, result.international_count, "international"
        )
    return " ".join((f"{banner.heading}.", *banner.lines))  # no GC Notify words for it


def _columns(result: recipient_file.CheckResult, template: Template) -> FileColumns:
    """The header read against the template, as the check read it."""
    placeholders = placeholders_in(template.subject, template.content)
    return FileColumns(list(result.columns), template.template_type, placeholders)


def _over_limit(remaining: int, wanted: int, kind: str) -> str:
    # GC Notify names the kind for text messages only ("remaining sms messages").
    which = {SMS: "sms ", "international": "international sms "}.get(kind, "")
    return (
        f"You only have {remaining} remaining {which}messages before you reach your daily "
        f"limit. You've tried to send {wanted} {which}messages."
    )


def _row_errors(result: recipient_file.CheckResult) -> str:
    """`Some rows have errors. Row 2 - `email address`: Not a valid email address.`, rows
    numbered as the spreadsheet numbers them, at most the first 50 rows with problems."""
    described = []
    for problem in result.problems:
        parts = [f"`{column}`: {error}" for column, error in problem.cells.items()]
        if problem.message:
            parts.append(problem.message)
        described.append(f"Row {problem.row_number} - {', '.join(parts)}")
    shown = len(result.problems)
    more = (
        f" Only the first {shown} of the {result.rows_with_problems} rows with errors are shown."
        if result.rows_with_problems > shown
        else ""
    )
    return f"Some rows have errors. {'. '.join(described)}.{more}"
