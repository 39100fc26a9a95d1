"""The dispatcher: a thread in every worker's main process that moves messages from the outbox to
the workers (see `domain.delivery.outbox`), polling often while there is work and less often
while there is none. Workers take turns at it, so any one of them may stop."""

from __future__ import annotations

import logging
import threading
import time

from celery.signals import worker_ready, worker_shutting_down

from postroom.tasks.delivery import dispatch

logger = logging.getLogger(__name__)

# While messages keep coming, each batch gathers for this long: against 20 ms, batches five
# times larger halve a worker's CPU a message (bench/pipeline.py), for at most 0.1 s more delay.
FASTEST_POLL_SECONDS = 0.1
SLOWEST_POLL_SECONDS = 0.4  # how long a message can wait for a quiet dispatcher to notice it
RELEASE_EVERY_SECONDS = 5  # how often to look for the claims of lost batches
TROUBLE_PAUSE_SECONDS = 2  # after an error (the database unreachable): try again after this


class Dispatcher(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="dispatcher", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        pause, released_at = FASTEST_POLL_SECONDS, 0.0
        while not self.stopping.is_set():
            release = time.monotonic() - released_at >= RELEASE_EVERY_SECONDS
            try:
                queued = dispatch(release_abandoned=release)
            except Exception:
                logger.exception("The dispatcher could not reach the database; trying again")
                self.stopping.wait(TROUBLE_PAUSE_SECONDS)
                continue
            if release:
                released_at = time.monotonic()
            pause = FASTEST_POLL_SECONDS if queued else min(pause * 2, SLOWEST_POLL_SECONDS)
            self.stopping.wait(pause)


_running: list[Dispatcher] = []


@worker_ready.connect
def start_dispatching(**_) -> None:
    dispatcher = Dispatcher()
    dispatcher.start()
    _running.append(dispatcher)


@worker_shutting_down.connect
def stop_dispatching(**_) -> None:
    for dispatcher in _running:
        dispatcher.stopping.set()
