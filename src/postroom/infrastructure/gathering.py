"""Gathering: items that arrive one by one from any thread (receipts read off an SMPP session)
are handed on together, once `size` of them are waiting or `wait_seconds` after the first of
them arrived, whichever comes first, and whatever is waiting when the process stops.

Handing on happens outside the lock, in the thread that filled the buffer or in the timer's, so
the threads that add never wait for it; what arrives meanwhile forms the next group."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Timer(Protocol):
    def cancel(self) -> None: ...


def start_timer(seconds: float, then: Callable[[], None]) -> Timer:
    timer = threading.Timer(seconds, then)
    timer.daemon = True
    timer.start()
    return timer


class Gatherer(Generic[T]):
    def __init__(
        self,
        hand_on: Callable[[list[T]], None],
        *,
        size: int = 100,
        wait_seconds: float = 0.25,
        timer: Callable[[float, Callable[[], None]], Timer] = start_timer,
    ) -> None:
        self.hand_on, self.size, self.wait_seconds = hand_on, size, wait_seconds
        self._start_timer = timer
        self._lock = threading.Lock()
        self._waiting: list[T] = []
        self._timer: Timer | None = None

    def add(self, item: T) -> None:
        with self._lock:
            self._waiting.append(item)
            if len(self._waiting) < self.size:
                if self._timer is None:  # the first of a group
                    self._timer = self._start_timer(self.wait_seconds, self.flush)
                return
            group = self._take()
        self._hand_on(group)

    def flush(self) -> None:
        """Hand on what is waiting now, if anything. A timer that fires just after its group was
        taken flushes the next group early, which does no harm."""
        with self._lock:
            group = self._take()
        if group:
            self._hand_on(group)

    def _take(self) -> list[T]:
        group, self._waiting = self._waiting, []
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return group

    def _hand_on(self, group: list[T]) -> None:
        try:
            self.hand_on(group)
        except Exception:  # on a timer's thread nobody else would hear of it
            logger.exception("Could not hand on %d gathered items", len(group))
