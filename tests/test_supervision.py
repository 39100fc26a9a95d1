"""`postroom run`'s supervisor, with real child processes: one that stops is started again and
the supervisor says so; one that keeps failing is given up on; SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

from postroom.supervision import RestartPolicy, Supervisor

NO_PAUSE = {"first_delay": 0.0, "longest_delay": 0.0}


def _child(starts: Path, then: str) -> list[str]:
    """A child that notes each start in a file, then runs `then`."""
    code = f"open({str(starts)!r}, 'a').write('started\\n'); {then}"
    return [sys.executable, "-c", code]


def _starts(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def _terminate_when(condition) -> threading.Thread:
    """SIGTERM to this process (the supervisor's) once `condition` holds."""

    def watch():
        deadline = time.monotonic() + 30
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_child_that_keeps_failing_is_started_again_then_given_up_on(tmp_path):
    starts = tmp_path / "starts"
    said = []
    policy = RestartPolicy(**NO_PAUSE, steady_after=60, crash_limit=3)
    commands = {"worker": _child(starts, "raise SystemExit(3)")}
    code = Supervisor(commands, policy=policy, say=said.append, poll_every=0.01).run()
    assert code == 1
    assert _starts(starts) == 4  # the first start and three more
    again = "The worker process stopped (exit code 3); starting it again in 0 seconds."
    assert said[:3] == [again] * 3
    assert said[3] == (
        "The worker process stopped 4 times in a row, each within 60 seconds of starting "
        "(exit code 3); stopping Postroom."
    )


def test_a_child_that_ran_steadily_is_always_started_again(tmp_path):
    starts = tmp_path / "starts"
    said = []
    # Every run counts as steady, so however many times it stops it is never given up on.
    policy = RestartPolicy(**NO_PAUSE, steady_after=0, crash_limit=1)
    commands = {"worker": _child(starts, "raise SystemExit(0)")}
    _terminate_when(lambda: _starts(starts) >= 5)
    code = Supervisor(commands, policy=policy, say=said.append, poll_every=0.01).run()
    assert code == 0 and _starts(starts) >= 5
    assert not any("stopping Postroom" in line for line in said)


def test_a_killed_child_is_named_with_its_signal_and_sigterm_stops_the_others(tmp_path):
    killed, steady = tmp_path / "killed", tmp_path / "steady"
    said = []
    commands = {
        "worker": _child(killed, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"),
        "api": _child(steady, "import time; time.sleep(60)"),
    }
    policy = RestartPolicy(first_delay=0.0, steady_after=60, crash_limit=100)
    _terminate_when(lambda: _starts(killed) >= 2)
    started = time.monotonic()
    code = Supervisor(commands, policy=policy, say=said.append, poll_every=0.01).run()
    assert code == 0
    assert time.monotonic() - started < 20  # the sleeping child was stopped, not waited for
    assert _starts(steady) == 1
    assert (
        said[0] == "The worker process stopped (killed by SIGKILL); starting it again in 0 seconds."
    )
    # The previous handler is back once the supervisor returns.
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_the_pause_doubles_up_to_the_longest():
    policy = RestartPolicy(first_delay=1, longest_delay=30)
    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
