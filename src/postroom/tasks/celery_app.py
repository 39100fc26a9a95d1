"""The Celery application.

On the embedded default the broker is kombu's SQLAlchemy transport on a SQLite file in the data
directory: no service to install, and (measured on a 2-core machine) about 240 tasks a second,
enough for a small service. At scale POSTROOM_BROKER_URL points at Redis or RabbitMQ instead.
"""

from __future__ import annotations

from celery import Celery
from kombu import Exchange, Queue

from postroom import runtime
from postroom.config import Settings
from postroom.tasks import embedded_broker

# One queue per kind of work, so a flood of one kind never starves another; messages from jobs
# travel in queues of their own (`bulk-...`), so one-off and API messages never wait behind them.
QUEUES = (
    "send-email",
    "send-sms",
    "bulk-email",
    "bulk-sms",
    "send-letter",
    "precompiled-letters",
    "delivery-receipts",
    "inbound-sms",
    "service-callbacks",
    "jobs",
    "reports",
    "periodic",
    "default",
)

# Which queue each task goes to; tasks not named here go to `default`.
TASK_ROUTES = {
    "record-heartbeat": {"queue": "periodic"},
    "build-notification-status-facts": {"queue": "periodic"},
    "build-billing-facts": {"queue": "periodic"},
    "remove-expired-data": {"queue": "periodic"},
    "process-receipts": {"queue": "delivery-receipts"},
    "process-complaint": {"queue": "delivery-receipts"},
    "receive-inbound-sms": {"queue": "inbound-sms"},
    "send-delivery-statuses": {"queue": "service-callbacks"},
    "send-inbound-sms": {"queue": "service-callbacks"},
    "send-returned-letter": {"queue": "service-callbacks"},
    "process-returned-letters": {"queue": "default"},
    "timeout-sending-notifications": {"queue": "periodic"},
    "build-notifications-report": {"queue": "reports"},
    "process-job": {"queue": "jobs"},
    "run-scheduled-jobs": {"queue": "periodic"},
    "check-job-status": {"queue": "periodic"},
    "remove-job-files": {"queue": "periodic"},
    "check-upload": {"queue": "jobs"},
    "scan-precompiled-letter": {"queue": "precompiled-letters"},
    "check-precompiled-letter": {"queue": "precompiled-letters"},
    "print-letters": {"queue": "periodic"},
    "despatch-folder-letters": {"queue": "periodic"},
    "print-letter": {"queue": "send-letter"},
    "process-despatch-report": {"queue": "delivery-receipts"},
}

celery = Celery("postroom")


def configure_celery(settings: Settings | None = None) -> Celery:
    settings = settings or runtime.settings()
    transport_options: dict = {}
    url = settings.broker_url
    transport = None
    if url.startswith(("redis://", "rediss://")):
        transport = "postroom.tasks.redis_broker:Transport"  # survives a Redis restart
    if settings.embedded_broker:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # Wait for SQLite's lock rather than fail; poll often (see embedded_broker).
        transport_options = {
            "connect_args": {"timeout": 30},
            "polling_interval": embedded_broker.POLLING_INTERVAL_SECONDS,
        }
        url = embedded_broker.broker_url(settings.broker_url)
    from postroom.tasks.schedule import BEAT_SCHEDULE

    celery.conf.update(
        broker_url=url,
        broker_transport=transport,
        broker_transport_options=transport_options,
        # A worker that loses its broker keeps trying to reconnect, however long the outage
        # (kombu's default gives up after 100 tries); what it was sending is in the outbox.
        broker_connection_retry_on_startup=True,
        broker_connection_retry=True,
        broker_connection_max_retries=None,
        task_ignore_result=True,
        task_default_queue="default",
        task_routes=TASK_ROUTES,
        task_queues=[Queue(name, Exchange(name), routing_key=name) for name in QUEUES],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        timezone="Europe/London",
        enable_utc=True,
        beat_schedule=BEAT_SCHEDULE,
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        include=[
            "postroom.tasks.health",
            "postroom.tasks.statistics",
            "postroom.tasks.billing",
            "postroom.tasks.retention",
            "postroom.tasks.delivery",
            "postroom.tasks.dispatcher",
            "postroom.tasks.service_callbacks",
            "postroom.tasks.received_texts",
            "postroom.tasks.receipts",
            "postroom.tasks.timeouts",
            "postroom.tasks.report_requests",
            "postroom.tasks.jobs",
            "postroom.tasks.uploads",
            "postroom.tasks.letters_precompiled",
            "postroom.tasks.printing",
        ],
    )
    return celery
