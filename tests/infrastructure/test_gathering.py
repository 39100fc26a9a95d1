"""Gathering items one by one into groups: handed on when full, when the first has waited long
enough, or when asked (the process stopping). The timers here are fired by the tests."""

from __future__ import annotations

import logging
import threading

from postroom.infrastructure.gathering import Gatherer


class Timers:
    """Stands in for real timers: records each one started; a test fires it."""

    def __init__(self) -> None:
        self.started: list[Timer] = []

    def __call__(self, seconds: float, then) -> Timer:
        self.started.append(Timer(seconds, then))
        return self.started[-1]


class Timer:
    def __init__(self, seconds: float, then) -> None:
        self.seconds, self.then, self.cancelled = seconds, then, False

    def cancel(self) -> None:
        self.cancelled = True

    def fire(self) -> None:
        self.then()


def test_a_full_group_is_handed_on_at_once():
    handed: list[list[int]] = []
    gatherer = Gatherer(handed.append, size=3, timer=Timers())
    for item in range(7):
        gatherer.add(item)
    assert handed == [[0, 1, 2], [3, 4, 5]]


def test_a_group_is_handed_on_once_its_first_item_has_waited():
    handed: list[list[str]] = []
    timers = Timers()
    gatherer = Gatherer(handed.append, size=100, wait_seconds=0.25, timer=timers)
    gatherer.add("a")
    gatherer.add("b")
    [timer] = timers.started  # one timer a group, from its first item
    assert (timer.seconds, handed) == (0.25, [])
    timer.fire()
    assert handed == [["a", "b"]]
    gatherer.add("c")
    assert len(timers.started) == 2  # the next group waits from its own first item
    timers.started[1].fire()
    assert handed == [["a", "b"], ["c"]]


def test_a_full_group_stops_its_timer():
    handed: list[list[int]] = []
    timers = Timers()
    gatherer = Gatherer(handed.append, size=2, timer=timers)
    gatherer.add(1)
    gatherer.add(2)
    assert timers.started[0].cancelled and handed == [[1, 2]]


def test_flushing_hands_on_what_waits_and_nothing_when_empty():
    handed: list[list[int]] = []
    timers = Timers()
    gatherer = Gatherer(handed.append, size=10, timer=timers)
    gatherer.flush()
    gatherer.add(1)
    gatherer.flush()
    gatherer.flush()
    assert handed == [[1]] and timers.started[0].cancelled


def test_items_added_from_many_threads_are_each_handed_on_once():
    handed: list[list[int]] = []
    gatherer = Gatherer(handed.append, size=7, timer=Timers())

    def add(first: int) -> None:
        for item in range(first, first + 1000):
            gatherer.add(item)

    threads = [threading.Thread(target=add, args=(n * 1000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gatherer.flush()
    assert sorted(item for group in handed for item in group) == list(range(4000))
    assert all(len(group) == 7 for group in handed[:-1])


def test_a_group_that_cannot_be_handed_on_is_logged_not_raised(caplog):
    def refuse(group):
        raise ConnectionError("broker unreachable")

    timers = Timers()
    gatherer = Gatherer(refuse, timer=timers)
    gatherer.add(1)
    with caplog.at_level(logging.ERROR, logger="postroom.infrastructure.gathering"):
        timers.started[0].fire()
    assert "Could not hand on 1 gathered items" in caplog.text
