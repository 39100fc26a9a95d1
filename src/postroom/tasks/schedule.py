"""What the scheduler (Celery beat) runs, and when (Europe/London time)."""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "build-notification-status-facts": {
        "task": "build-notification-status-facts",
        "schedule": crontab(hour=0, minute=15),
        "options": {"queue": "periodic"},
    },
    "build-billing-facts": {
        "task": "build-billing-facts",
        "schedule": crontab(hour=0, minute=30),
        "options": {"queue": "periodic"},
    },
    "remove-expired-data": {
        "task": "remove-expired-data",
        "schedule": crontab(hour=3, minute=0),
        "options": {"queue": "periodic"},
    },
    "timeout-sending-notifications": {
        "task": "timeout-sending-notifications",
        "schedule": crontab(minute="*/15"),
        "options": {"queue": "periodic"},
    },
    "run-scheduled-jobs": {
        "task": "run-scheduled-jobs",
        "schedule": 60.0,
        "options": {"queue": "periodic"},
    },
    "check-job-status": {
        "task": "check-job-status",
        "schedule": 60.0,
        "options": {"queue": "periodic"},
    },
    "remove-job-files": {
        "task": "remove-job-files",
        "schedule": crontab(hour=4, minute=0),
        "options": {"queue": "periodic"},
    },
    # Letters accepted before 5:30pm go to print at 5:50pm; the catch-up takes what a missed
    # run left (a letter is taken once: only those still waiting are).
    "print-letters": {
        "task": "print-letters",
        "schedule": crontab(hour="17,18", minute=50),
        "options": {"queue": "periodic"},
    },
    "despatch-folder-letters": {
        "task": "despatch-folder-letters",
        "schedule": crontab(hour=15, minute=0),
        "options": {"queue": "periodic"},
    },
    "record-heartbeat": {
        "task": "record-heartbeat",
        "schedule": 60.0,
        "kwargs": {"source": "beat"},
        "options": {"queue": "periodic"},
    },
}
