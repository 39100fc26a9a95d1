"""Group commit: rows that the request threads of one process write at about the same moment go
into the database in one multi-row INSERT and one COMMIT, made by one thread of the process.

Each caller waits until its row is committed (or the commit failed, with the same error), so a
caller that returns has its row stored, as with a commit of its own. What arrives while one
group is being committed forms the next group: the busier the process, the larger the groups,
and a lone request waits for nothing but its own commit."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future

from sqlalchemy import Engine, Table, insert

MAX_ROWS = 500


class GroupInsert:
    def __init__(self, table: Table, engine: Callable[[], Engine]) -> None:
        self.table, self.engine = table, engine
        self._queue: queue.SimpleQueue[tuple[dict, Future]] = queue.SimpleQueue()
        self._started_in: int | None = None  # the process whose thread commits
        self._lock = threading.Lock()

    def __call__(self, row: dict, timeout: float = 30) -> None:
        """Insert `row` and return once it is committed."""
        self._start()
        done: Future = Future()
        self._queue.put((row, done))
        done.result(timeout)

    def _start(self) -> None:
        if self._started_in == os.getpid():
            return
        with self._lock:
            if self._started_in != os.getpid():  # first use here, or a forked child
                self._queue = queue.SimpleQueue()
                threading.Thread(
                    target=self._commit_forever, name="group-commit", daemon=True
                ).start()
                self._started_in = os.getpid()

    def _commit_forever(self) -> None:
        waiting = self._queue
        while True:
            group = [waiting.get()]
            while len(group) < MAX_ROWS:
                try:
                    group.append(waiting.get_nowait())
                except queue.Empty:
                    break
            try:
                self._insert([row for row, _ in group])
            except Exception:
                if len(group) == 1:
                    self._settle(group)
                else:  # one bad row must not fail the others: each on its own
                    for one in group:
                        self._settle([one])
            else:
                for _, done in group:
                    done.set_result(None)

    def _insert(self, rows: list[dict]) -> None:
        with self.engine().begin() as connection:
            connection.execute(insert(self.table), rows)

    def _settle(self, group: list[tuple[dict, Future]]) -> None:
        try:
            self._insert([row for row, _ in group])
        except Exception as error:  # every caller of the group hears of it
            for _, done in group:
                done.set_exception(error)
        else:
            for _, done in group:
                done.set_result(None)
