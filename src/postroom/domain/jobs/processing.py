"""Processing a job: its file's rows made into notifications, hundreds to a statement.

Each batch of rows is one multi-row INSERT that skips rows already made (the unique rule on
job and row number), committed with the job's `rows_processed`; so a batch run twice makes its
rows once, a worker killed mid-job loses nothing, and the job resumes where it stopped. The
outbox hands the new notifications over in the bulk lane.

Rows reach processing after the check page (or the bulk API's checks), so they are trusted, but
a row that still fails (a recipient that does not validate, an address that is not one) is
stored `validation-failed` with no billable units, as Notify's save_sms does, rather than
stopping the job or being lost from its counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.jobs import recipient_file, uploads
from postroom.domain.jobs.jobs import (
    CANCELLED,
    ERROR,
    FINISHED,
    IN_PROGRESS,
    PENDING,
    SCHEDULED,
    SENDING_LIMITS_EXCEEDED,
)
from postroom.domain.sending import cached_reads, limits
from postroom.domain.sending.acceptance import (
    Sender,
    SendingRefused,
    letter_contact_block,
    letter_sheets,
    notification_row,
    sender_text,
)
from postroom.domain.sending.recipients import validate_email_address, validate_phone_number
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary import statuses
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    INTERNATIONAL_LETTERS,
    INTERNATIONAL_SMS,
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEST,
    LETTER,
    SMS,
    SMS_TO_UK_LANDLINES,
)
from postroom.domain.vocabulary.postal_address import address_from
from postroom.models import ApiKey, Job, Notification, Service, Upload

BATCH_SIZE = 500
NOTIFICATIONS = Notification.__table__


@dataclass(frozen=True)
class _Rows:
    """What every row of one job shares."""

    session: Session
    job: Job
    service: Service
    template: object  # the template's version the job was started with
    sender: Sender
    reply_to: str | None

    def row(self, row: recipient_file.RecipientRow) -> dict:
        kind = self.template.template_type
        billable_units, status = 0, statuses.CREATED
        try:
            recipient = self._recipient(kind, row)
            if kind == SMS:  # texts are charged by fragments, letters by sheets
                billable_units = render(self.template, self.service, row.personalisation)
                billable_units = billable_units.fragment_count
            elif kind == LETTER:  # laid out, as the API's letters are: one too long fails
                billable_units = letter_sheets(
                    self.session,
                    self.service,
                    self.template,
                    row.personalisation,
                    recipient,
                    self.reply_to,
                )
        except InvalidRequest:
            recipient, status = row.recipient, statuses.VALIDATION_FAILED
        return notification_row(
            self.service,
            self.template,
            self.sender,
            recipient,
            row.personalisation,
            to=row.recipient,
            billable_units=billable_units,
            reference=row.reference,
            reply_to=self.reply_to,
            status=status,
            job_id=self.job.id,
            job_row_number=row.index,
        )

    def _recipient(self, kind: str, row: recipient_file.RecipientRow):
        permissions = self.service.permission_names
        if kind == EMAIL:
            return validate_email_address(row.recipient)
        if kind == SMS:
            return validate_phone_number(
                row.recipient,
                allow_international=INTERNATIONAL_SMS in permissions,
                allow_landline=SMS_TO_UK_LANDLINES in permissions,
            )
        return address_from(
            row.personalisation, allow_international=INTERNATIONAL_LETTERS in permissions
        )


def process(
    session: Session,
    cache: Cache,
    job_id: uuid.UUID,
    after_batch: Callable[[], None] | None = None,
) -> str | None:
    """Make the job's rows into notifications, from where it stopped; `after_batch` is called
    after each batch is committed. The job's status afterwards (None: no such job)."""
    job = _begin(session, cache, job_id)
    if job is None or job.job_status != IN_PROGRESS:
        return job.job_status if job else None
    upload = session.get(Upload, job.id)
    if upload is None:  # the file has gone (removed after its retention): nothing to resume
        job.job_status, job.processing_finished = ERROR, utcnow()
        session.commit()
        return ERROR
    rows = _rows_for(session, job)
    wanted = recipient_file.recipient_rows(uploads.rows_of(upload), rows.template)
    for batch in _batches(islice(wanted, job.rows_processed, None)):
        _store(session, job.id, [rows.row(row) for row in batch], batch[-1].index + 1)
        session.commit()
        if after_batch:
            after_batch()
    job = session.get(Job, job_id, populate_existing=True)
    if job.job_status == IN_PROGRESS:
        job.job_status, job.processing_finished = FINISHED, utcnow()
        session.commit()
    return job.job_status


def _begin(session: Session, cache: Cache, job_id: uuid.UUID) -> Job | None:
    """The job, started if it was waiting (locked while its status changes): `in progress`, or
    `cancelled` when its service is no longer active, or `sending limits exceeded` when its
    whole file does not fit in what is left of today's limits."""
    job = session.scalars(
        select(Job)
        .where(Job.id == job_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if job is None:
        return None
    due = job.job_status == PENDING or (
        job.job_status == SCHEDULED
        and job.scheduled_for is not None
        and job.scheduled_for <= utcnow()
    )
    if not due:
        session.rollback()  # let go of the lock; a job in progress is resumed as it is
        return job
    service = session.get(Service, job.service_id)
    if not service.active:
        job.job_status = CANCELLED
    elif not _fits_today(session, cache, service, job):
        job.job_status, job.processing_finished = SENDING_LIMITS_EXCEEDED, utcnow()
    else:
        job.job_status, job.processing_started = IN_PROGRESS, utcnow()
    session.commit()
    return job


def _key_type(session: Session, job: Job) -> str:
    if job.api_key_id is None:
        return KEY_TYPE_NORMAL
    return session.get(ApiKey, job.api_key_id).key_type


def _fits_today(session: Session, cache: Cache, service: Service, job: Job) -> bool:
    """Counts the whole file against today's limits, as Notify does before it makes any row:
    all of it, or (giving back what it took) none."""
    if _key_type(session, job) == KEY_TYPE_TEST:
        return True
    kind = cached_reads.template(session, job.template_id).template_type
    amounts = {kind: job.notification_count}
    if kind == SMS:
        upload = session.get(Upload, job.id)
        checked = recipient_file.CheckResult.from_json(upload.check_result) if upload else None
        if checked and checked.international_count:
            amounts[INTERNATIONAL_SMS] = checked.international_count
    return limits.take_daily(cache, service, amounts)


def _rows_for(session: Session, job: Job) -> _Rows:
    service = session.get(Service, job.service_id)
    template = cached_reads.template_version(session, job.template_id, job.template_version)
    sender = Sender(_key_type(session, job), job.api_key_id, job.created_by_id)
    if template.template_type == LETTER:
        reply_to = letter_contact_block(session, service, template)
    else:
        try:
            reply_to = sender_text(session, service, template.template_type, job.sender_id)
        except SendingRefused:  # the sender chosen was removed since: the default, as Notify
            reply_to = sender_text(session, service, template.template_type, None)
    return _Rows(session, job, service, template, sender, reply_to)


def _batches(rows: Iterable) -> Iterator[list]:
    while batch := list(islice(rows, BATCH_SIZE)):
        yield batch


def _store(session: Session, job_id: uuid.UUID, rows: list[dict], processed: int) -> None:
    """One INSERT for the batch, skipping rows made already; and the job's resume point, which
    only moves forward (two workers may process the same job at once, harmlessly)."""
    if session.get_bind().dialect.name == "postgresql":
        first = rows[0]
        same = tuple(name for name in first if all(row[name] == first[name] for row in rows))
        varying = tuple(name for name in first if name not in same)
        values = {name: first[name] for name in same}
        values.update({name: [row[name] for row in rows] for name in varying})
        session.execute(_unnested_insert(varying, same), values)
    else:
        # With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT ("insertmanyvalues")
        # from a statement compiled once, rather than compiling hundreds of VALUES each batch.
        session.execute(
            sqlite.insert(NOTIFICATIONS)
            .on_conflict_do_nothing(index_elements=["job_id", "job_row_number"])
            .returning(NOTIFICATIONS.c.id),
            rows,
        ).all()
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(
            rows_processed=case(
                (Job.rows_processed < processed, processed), else_=Job.rows_processed
            )
        )
    )


@cache
def _unnested_insert(varying: tuple[str, ...], same: tuple[str, ...]):
    """On PostgreSQL the batch goes as one array a column that varies between its rows, and one
    value for each column that does not (the job, service, template, sender...), unnested into
    rows: a statement of a few hundred characters whatever the batch's size, which the driver
    parses once, where a VALUES list of thousands of parameters is parsed for every batch."""
    columns = NOTIFICATIONS.c
    selected = [func.unnest(bindparam(n, type_=ARRAY(columns[n].type))) for n in varying]
    selected += [bindparam(n, type_=columns[n].type) for n in same]
    return (
        postgresql.insert(NOTIFICATIONS)
        .from_select([*varying, *same], select(*selected))
        .on_conflict_do_nothing(index_elements=["job_id", "job_row_number"])
    )
