"""The print run and what follows it: at 5:50pm the letters accepted before 5:30pm are taken (a
catch-up an hour later takes any a missed run left), each is handed to the print provider in a
task of its own, tried again while the provider has a passing problem; the printer's despatch
reports (or, on the folder provider, its simulated printer) then settle them, and the letters it
returns are marked so."""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta
from functools import cache

from postroom import runtime
from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.letters.pdfs import PdfNotAvailable
from postroom.domain.printing import despatch_reports, print_run, returned
from postroom.domain.printing.print_days import CUT_OFF
from postroom.domain.vocabulary.dates import local_midnight_in_utc, local_today, to_local
from postroom.providers.print_base import PrintFailed, PrintProvider
from postroom.providers.registry import print_provider
from postroom.tasks.celery_app import celery
from postroom.tasks.service_callbacks import queue_delivery_statuses, queue_returned_letters

logger = logging.getLogger(__name__)

# As Notify's: 55 more tries, five minutes apart, before a letter is a technical failure.
MAX_RETRIES = 55
RETRY_DELAY_SECONDS = 300
# Returned letters' references marked a task at a time.
RETURNED_BATCH = 5000


@cache
def _provider(print_url: str | None, data_dir: str) -> PrintProvider:
    """One provider a process: the print API's sign-in token is kept between letters."""
    return print_provider(runtime.settings())


def provider() -> PrintProvider:
    settings = runtime.settings()
    return _provider(settings.print_url, str(settings.data_dir))


def latest_run_day(now: datetime):
    """The local day of the latest cut-off that has passed."""
    local = to_local(now)
    return local.date() if local.time() >= CUT_OFF else local.date() - timedelta(days=1)


@celery.task(name="print-letters")
def print_letters() -> int:
    """Start the latest print run: test letters delivered, live ones queued, in print order."""
    day = latest_run_day(utcnow())
    with db.scope() as session:
        queue_delivery_statuses(session, print_run.deliver_test_letters(session, day))
        ids = print_run.collate(session, day)
    for notification_id in ids:
        print_letter.apply_async(args=[str(notification_id)])
    logger.info("Print run of %s: %d letters", day, len(ids))
    return len(ids)


@celery.task(bind=True, name="print-letter", max_retries=MAX_RETRIES)
def print_letter(self, notification_id: str) -> None:
    with db.scope() as session:
        notification = print_run.waiting_to_print(session, uuid.UUID(notification_id))
        if notification is None:
            return
        try:
            print_run.print_letter(session, notification, provider())
        except PrintFailed as error:
            if error.retryable and self.request.retries < MAX_RETRIES:
                raise self.retry(exc=error, countdown=RETRY_DELAY_SECONDS) from error
            _failed(session, notification, str(error))
        except PdfNotAvailable as error:
            _failed(session, notification, error.message)


def _failed(session, notification, why: str) -> None:
    logger.warning("Letter %s not printed: %s", notification.id, why)
    if print_run.not_printed(session, notification, why):
        queue_delivery_statuses(session, [notification])


@celery.task(name="despatch-folder-letters")
def despatch_folder_letters() -> int:
    """The folder provider's simulated printer posts, each afternoon, what it was given before
    the day began."""
    before = local_midnight_in_utc(to_local(utcnow()).date())
    with db.scope() as session:
        delivered = print_run.despatch_folder_letters(session, before)
        queue_delivery_statuses(session, delivered)
    return len(delivered)


@celery.task(name="process-despatch-report")
def process_despatch_report(notification_id: str, job_status: str) -> None:
    with db.scope() as session:
        changed = despatch_reports.record(session, notification_id, job_status)
        if changed is not None:
            queue_delivery_statuses(session, [changed])


@celery.task(name="process-returned-letters")
def process_returned_letters(references: list[str], reported_at: str) -> int:
    """Mark the letters the printer returned, and tell the services that asked."""
    with db.scope() as session:
        found = returned.record_returned(session, references, date.fromisoformat(reported_at))
        queue_returned_letters(session, found)
    return len(found)


def queue_returned(references: list[str]) -> None:
    """The printer's list, reported today, in tasks of `RETURNED_BATCH` references."""
    today = local_today().isoformat()
    for start in range(0, len(references), RETURNED_BATCH):
        process_returned_letters.apply_async(
            args=[references[start : start + RETURNED_BATCH], today]
        )
