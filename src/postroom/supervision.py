"""`postroom run`'s process supervision: start the processes, start again one that stops, and stop
them all when asked to.

A child that stops is started again after a pause that doubles while it keeps stopping soon after
starting (a crash loop), so a fault that lasts (a port taken, a bad setting) is not hammered; one
that keeps failing that way is given up on, and everything stops, because only a person can fix
it. At scale a process manager (systemd, Kubernetes) does this instead: see the README."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Children are asked to stop gently first; after this many seconds, they are stopped for good.
STOP_GRACE_SECONDS = 15


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 1.0
    longest_delay: float = 30.0
    # A child that ran this long before stopping was not in a crash loop.
    steady_after: float = 30.0
    # Start it again at most this many times in a row while it keeps stopping that soon.
    crash_limit: int = 5

    def delay(self, crashes: int) -> float:
        return min(self.longest_delay, self.first_delay * 2 ** (crashes - 1))


@dataclass
class _Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    crashes: int = 0
    start_at: float | None = None  # when it is due to be started again


@dataclass
class Supervisor:
    commands: dict[str, list[str]]
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    say: Callable[[str], None] = print
    poll_every: float = 0.2

    def run(self) -> int:
        """Supervise until SIGINT or SIGTERM (answers 0), or until a child keeps failing (1)."""
        stopping = False

        def request_stop(_signum, _frame):
            nonlocal stopping
            stopping = True

        previous = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        children = [_Child(name, argv) for name, argv in self.commands.items()]
        for child in children:
            self._start(child)
        given_up = False
        try:
            while not stopping and not given_up:
                for child in children:
                    given_up = given_up or self._look_after(child)
                time.sleep(self.poll_every)
        finally:
            _stop_all([c.process for c in children if c.process is not None])
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 1 if given_up else 0

    def _start(self, child: _Child) -> None:
        child.process = subprocess.Popen(child.argv)
        child.started_at = time.monotonic()
        child.start_at = None

    def _look_after(self, child: _Child) -> bool:
        """Start again a child that stopped, when its pause is over; True to give up on it."""
        now = time.monotonic()
        if child.start_at is not None:
            if now >= child.start_at:
                self._start(child)
            return False
        code = child.process.poll()
        if code is None:
            return False
        steady = now - child.started_at >= self.policy.steady_after
        child.crashes = 1 if steady else child.crashes + 1
        if child.crashes > self.policy.crash_limit:
            self.say(
                f"The {child.name} process stopped {child.crashes} times in a row, each within "
                f"{self.policy.steady_after:g} seconds of starting ({_how(code)}); "
                "stopping Postroom."
            )
            return True
        delay = self.policy.delay(child.crashes)
        self.say(
            f"The {child.name} process stopped ({_how(code)}); "
            f"starting it again in {delay:g} second{'' if delay == 1 else 's'}."
        )
        child.start_at = now + delay
        return False


def _how(code: int) -> str:
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
