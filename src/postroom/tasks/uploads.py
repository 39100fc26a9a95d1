"""Reading and checking a large uploaded file in a worker, on the `jobs` queue, so that the check
page's request never waits on it (see `domain.jobs.upload_checks`)."""

from __future__ import annotations

import uuid

from postroom import runtime
from postroom.cache import make_cache
from postroom.db import db
from postroom.domain.jobs import upload_checks
from postroom.tasks.celery_app import celery


@celery.task(name="check-upload")
def check_upload(upload_id: str) -> None:
    with db.scope() as session:
        upload_checks.check_in_worker(session, make_cache(runtime.settings()), uuid.UUID(upload_id))


def queue_check(upload_id: uuid.UUID) -> None:
    check_upload.delay(str(upload_id))
