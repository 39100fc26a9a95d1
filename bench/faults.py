"""Fault harness: send a fixed number of emails through `postroom run` (API, worker, scheduler,
supervised) on PostgreSQL and Redis to a real SMTP sink while something fails, and count what
became of them.

Each experiment starts Postroom afresh on a new database, sends at a steady rate, and part-way
through does one of:

- kill-worker       kill -9 the worker and its pool processes (`postroom run` starts another)
- kill-api          kill -9 the API server and its workers (likewise)
- kill-api-worker   kill -9 one of the API server's worker processes (the server starts another)
- stop-smtp         stop the SMTP server for a minute (15 s with --short), then start it again
- restart-redis     kill -9 Redis (cache and broker; it keeps nothing on disk) and start it again
- restart-postgres  stop PostgreSQL (fast shutdown) for 5 seconds and start it again

and reports: requests sent; accepted (201); refused (5xx or the connection broken: a client
knows to try again); stored; stored without a 201 (committed, but the answer was lost with the
process); delivered at the sink (distinct Message-IDs, which are notification ids); duplicates
(a Message-ID seen more than once); lost (accepted, never delivered); stuck (still waiting when
the harness gave up); and recovery (from the moment the fault ended until the last message
accepted before then reached the sink).

    .venv/bin/python bench/faults.py                      # every experiment (about 12 minutes)
    .venv/bin/python bench/faults.py --short              # shorter load and outages
    .venv/bin/python bench/faults.py --only kill-worker,stop-smtp

It starts its own redis-server and PostgreSQL cluster (initdb, pg_ctl; run as the `postgres`
user when the harness runs as root) on free ports, in a temporary folder it removes afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from tests.fixtures.smtp import free_port  # noqa: E402

from bench.common import (  # noqa: E402
    api_token,
    email_body,
    email_sender,
    process_tree,
    wait_for,
)

PYTHON = sys.executable
PG_BIN = Path(shutil.which("pg_ctl") or "/usr/local/bin/pg_ctl").parent
EXPERIMENTS = (
    "kill-worker",
    "kill-api",
    "kill-api-worker",
    "stop-smtp",
    "restart-redis",
    "restart-postgres",
)


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PrivatePostgres:
    def __init__(self, root: Path) -> None:
        self.dir, self.port = root / "pg", free_port()
        self.log = root / "postgres.log"

    def start(self) -> None:
        if not self.dir.exists():
            subprocess.run(
                _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.dir), "-A", "trust"]),
                check=True,
                capture_output=True,
            )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
            "-c max_connections=200"
        )
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-o", options, "-l", str(self.log)]
                + ["-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-m", "fast", "-w", "stop"]),
            check=True,
            capture_output=True,
        )

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


class PrivateRedis:
    def __init__(self) -> None:
        self.port, self.process = free_port(), None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True
            ).stdout.strip()
            != b"PONG"
        ):
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not start")
            time.sleep(0.1)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class Sink:
    """An SMTP server that notes when each Message-ID arrives."""

    def __init__(self) -> None:
        self.port, self.controller = free_port(), None
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:
        message_id = BytesHeaderParser().parsebytes(envelope.content)["Message-ID"] or ""
        with self.lock:
            self.arrivals[message_id.strip("<>").split("@")[0]].append(time.time())
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def reset(self) -> None:
        with self.lock:
            self.arrivals.clear()


class Postroom:
    """`postroom run`, supervising the API, web interface, worker and scheduler."""

    def __init__(self, env: dict, log: Path) -> None:
        self.env, self.log = env, log
        self.base = f"http://127.0.0.1:{env['POSTROOM_API_PORT']}"
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "postroom.cli", "run"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(f"{self.base}/_status")

    def child(self, command: str) -> int:
        """The pid of `run`'s child that runs `postroom <command>`."""
        for pid in process_tree(self.process.pid)[1:]:
            with contextlib.suppress(OSError):
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if argv[3:4] == [command.encode()]:  # python -m postroom.cli <command>
                    return pid
        raise LookupError(command)

    def kill(self, command: str, only_one_worker: bool = False) -> None:
        """kill -9 `run`'s child for `command` and its processes, or one of its processes."""
        tree = process_tree(self.child(command))
        for pid in tree[-1:] if only_one_worker else tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)


class Load(threading.Thread):
    """`total` sends at `rate` a second over kept-alive connections; notes each answer."""

    def __init__(self, base: str, setup: dict, total: int, rate: float, connections: int = 4):
        super().__init__(daemon=True)
        self.base, self.setup, self.total, self.rate = base, setup, total, rate
        self.connections = connections
        self.answers: list[tuple[float, int, str | None]] = []  # (when, status, id)
        self.lock = threading.Lock()

    @property
    def sent(self) -> int:
        return len(self.answers)

    def run(self) -> None:
        threads = [threading.Thread(target=self._send, args=(n,)) for n in range(self.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _send(self, lane: int) -> None:
        host, port = self.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        body, began = email_body(self.setup).encode(), time.monotonic()
        for n in range(lane, self.total, self.connections):
            pause = began + n / self.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            headers = {
                "Authorization": f"Bearer {api_token(self.setup)}",
                "Content-Type": "application/json",
            }
            status, notification_id = 0, None
            try:
                connection.request("POST", "/v2/notifications/email", body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                status = response.status
                if status == 201:
                    notification_id = json.loads(answer)["id"]
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
            with self.lock:
                self.answers.append((time.time(), status, notification_id))


class Experiment:
    def __init__(self, name: str, args, pg: PrivatePostgres, redis: PrivateRedis, sink: Sink):
        self.name, self.args, self.pg, self.redis, self.sink = name, args, pg, redis, sink

    def run(self, root: Path) -> dict:
        database_url = self.pg.create_database(self.name.replace("-", "_"))
        subprocess.run(["redis-cli", "-p", str(self.redis.port), "FLUSHALL"], capture_output=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("POSTROOM_")}
        env.update(
            POSTROOM_DATA_DIR=str(root / self.name),
            POSTROOM_DATABASE_URL=database_url,
            POSTROOM_REDIS_URL=self.redis.url(0),
            POSTROOM_BROKER_URL=self.redis.url(1),
            POSTROOM_SMTP_URL=f"smtp://127.0.0.1:{self.sink.port}?tls=none",
            POSTROOM_API_PORT=str(free_port()),
            POSTROOM_WEB_PORT=str(free_port()),
        )
        setup = email_sender(env)
        self.sink.reset()
        postroom = Postroom(env, root / f"{self.name}.log")
        try:
            load = Load(postroom.base, setup, self.args.messages, self.args.rate)
            load.start()
            while load.sent < self.args.messages * self.args.fault_at and load.is_alive():
                time.sleep(0.05)
            fault_began = time.time()
            fault_ended = self.fault(postroom)()
            load.join()
            stuck = self._wait_for_delivery(database_url, load, fault_ended)
            figures = self._figures(database_url, load, fault_began, fault_ended, stuck)
        finally:
            postroom.stop()
        figures["restarts_reported"] = (
            (root / f"{self.name}.log").read_text().count("starting it again")
        )
        return figures

    def fault(self, postroom: Postroom) -> Callable[[], float]:
        """The fault of this experiment: a function that does it and answers when it ended."""

        def kill(command, only_one_worker=False):
            def act():
                postroom.kill(command, only_one_worker)
                return time.time()

            return act

        def outage(stop, start, seconds):
            def act():
                stop()
                time.sleep(seconds)
                start()
                return time.time()

            return act

        return {
            "kill-worker": kill("worker"),
            "kill-api": kill("api"),
            "kill-api-worker": kill("api", only_one_worker=True),
            "stop-smtp": outage(self.sink.stop, self.sink.start, self.args.smtp_outage),
            "restart-redis": outage(self.redis.kill, self.redis.start, 2),
            "restart-postgres": outage(self.pg.stop, self.pg.start, 5),
        }[self.name]

    def _wait_for_delivery(self, database_url: str, load: Load, fault_ended: float) -> int:
        """Until nothing waits to be sent (or the limit passes); how many still wait."""
        deadline = fault_ended + self.args.recovery_limit
        waiting = -1
        while time.time() < deadline:
            with contextlib.suppress(OperationalError):  # PostgreSQL still starting
                [(waiting,)] = _query(
                    database_url, "SELECT count(*) FROM notifications WHERE status = 'created'"
                )
                if waiting == 0:
                    return 0
            time.sleep(0.5)
        return waiting

    def _figures(self, database_url, load, fault_began, fault_ended, stuck) -> dict:
        time.sleep(1)  # the sink has taken what the last batch handed over
        accepted = {nid: when for when, status, nid in load.answers if status == 201}
        stored = set(_ids(database_url))
        with self.sink.lock:
            arrivals = {nid: sorted(times) for nid, times in self.sink.arrivals.items()}
        statuses = _statuses(database_url)
        # The last hand-over recorded of a message stored before the fault ended (a message
        # sent again after a crash is recorded when it is sent again).
        [(last_sent,)] = _query(
            database_url,
            "SELECT max(sent_at) FROM notifications WHERE created_at <= :ended",
            ended=datetime.fromtimestamp(fault_ended, UTC).replace(tzinfo=None),
        )
        recovery = last_sent and last_sent.replace(tzinfo=UTC).timestamp() - fault_ended
        return {
            "experiment": self.name,
            "sent": load.sent,
            "accepted": len(accepted),
            "refused": sum(1 for _, status, _ in load.answers if status != 201),
            "refused_by_status": _counted(status for _, status, _ in load.answers if status != 201),
            "accepted_after_fault": sum(1 for when in accepted.values() if when > fault_ended),
            "stored": len(stored),
            "stored_without_201": len(stored - set(accepted)),
            "delivered": len(stored & set(arrivals)),
            "duplicates": sum(len(times) - 1 for times in arrivals.values()),
            # When each repeat first reached the sink, from the fault's start: the crash window.
            "duplicates_first_sent_s": sorted(
                round(times[0] - fault_began, 2) for times in arrivals.values() if len(times) > 1
            ),
            "lost": len(set(accepted) - set(arrivals)),
            "stuck": stuck,
            "statuses": statuses,
            "fault_seconds": round(fault_ended - fault_began, 1),
            "recovery_seconds": round(max(recovery, 0), 1) if recovery is not None else None,
        }


def _query(database_url: str, sql: str, **params):
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def _ids(database_url: str) -> list[str]:
    return [str(row[0]) for row in _query(database_url, "SELECT id FROM notifications")]


def _statuses(database_url: str) -> dict:
    rows = _query(database_url, "SELECT status, count(*) FROM notifications GROUP BY status")
    return dict(sorted((status, count) for status, count in rows))


def _counted(values) -> dict:
    counts: dict = defaultdict(int)
    for value in values:
        counts[str(value)] += 1
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--short", action="store_true", help="fewer messages, shorter outages")
    parser.add_argument("--only", help="comma-separated experiments (default: all)")
    parser.add_argument("--messages", type=int, help="sent in each experiment")
    parser.add_argument("--rate", type=float, help="sends a second")
    parser.add_argument("--fault-at", type=float, default=0.3, help="fraction sent before it")
    parser.add_argument("--smtp-outage", type=float, help="seconds the SMTP server is down")
    parser.add_argument("--recovery-limit", type=float, default=180)
    parser.add_argument("--keep", action="store_true", help="keep the folder with the logs")
    args = parser.parse_args()
    args.messages = args.messages or (600 if args.short else 3000)
    args.rate = args.rate or (50 if args.short else 100)
    args.smtp_outage = args.smtp_outage or (15 if args.short else 60)
    chosen = args.only.split(",") if args.only else list(EXPERIMENTS)
    unknown = set(chosen) - set(EXPERIMENTS)
    if unknown:
        parser.error(f"no such experiment: {', '.join(sorted(unknown))}")

    root = Path(tempfile.mkdtemp(prefix="postroom-faults-"))
    if os.geteuid() == 0:
        os.chown(root, pwd.getpwnam("postgres").pw_uid, -1)
    pg, redis, sink = PrivatePostgres(root), PrivateRedis(), Sink()
    results = []
    try:
        pg.start()
        redis.start()
        sink.start()
        for name in chosen:
            result = Experiment(name, args, pg, redis, sink).run(root)
            print(json.dumps(result), flush=True)
            results.append(result)
    finally:
        with contextlib.suppress(Exception):
            sink.stop()
        with contextlib.suppress(Exception):
            redis.kill()
        with contextlib.suppress(Exception):
            pg.stop()
        if args.keep:
            print(f"Logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    _table(results)


COLUMNS = (
    "experiment",
    "sent",
    "accepted",
    "accepted_after_fault",
    "refused",
    "stored",
    "stored_without_201",
    "delivered",
    "duplicates",
    "lost",
    "stuck",
    "recovery_seconds",
    "restarts_reported",
)


def _table(results: list[dict]) -> None:
    print("\n| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for result in results:
        print("| " + " | ".join(str(result[c]) for c in COLUMNS) + " |")


if __name__ == "__main__":
    main()
