"""Benchmark: the whole sending pipeline, API and delivery worker together, on this machine.

Measures, with the worker running:
- accepted sends a second under wrk (kept-alive connections, as fast as the API answers);
- messages handed to the (simulated) provider a second, and whether hand-over keeps up;
- hand-over delay p50/p95 at a paced rate (`--paced`, 300 a second by default);
- CPU milliseconds a message in the API processes and in the worker processes.

    .venv/bin/python bench/pipeline.py --postgres --redis        # PostgreSQL + Redis
    .venv/bin/python bench/pipeline.py                           # the embedded default
    .venv/bin/python bench/pipeline.py --embedded-runs 3         # embedded, three runs in a row

It uses a PostgreSQL database and Redis databases of its own (14 and 15 unless told otherwise),
a temporary data directory, and removes all three when it ends. Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    api_token,
    email_body,
    email_sender,
    percentile,
    private_stores,
    process_tree,
    wait_for,
)

PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = os.getenv("BENCH_BODY")
local counts = {}
response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("LATENCY %d %d %d\\n", latency:percentile(50), latency:percentile(99),
    summary.requests))
end
"""


class Processes:
    """The servers this run started, and the CPU their process trees used."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.started: dict[str, list[subprocess.Popen]] = {}

    def start(self, role: str, args: list[str]) -> None:
        process = subprocess.Popen(
            [PYTHON, "-m", "postroom.cli", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.started.setdefault(role, []).append(process)

    def cpu_seconds(self, role: str) -> float:
        """User and system time of the role's processes and all their children."""
        total = 0.0
        for process in self.started.get(role, []):
            for pid in process_tree(process.pid):
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return total

    def profile(self, folder: str, seconds: int) -> list[subprocess.Popen]:
        """py-spy sampling each role's processes (children included) for `seconds`, as
        collapsed stacks in `folder` (see `bench/profile_summary.py`)."""
        Path(folder).mkdir(parents=True, exist_ok=True)
        return [
            subprocess.Popen(
                [
                    str(Path(PYTHON).parent / "py-spy"),
                    "record",
                    "--pid",
                    str(process.pid),
                    "--subprocesses",
                    "--gil",  # only threads holding the GIL: where the CPU goes
                    "--duration",
                    str(seconds),
                    "--format",
                    "raw",
                    "--output",
                    f"{folder}/{role}-{process.pid}.txt",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for role, processes in self.started.items()
            for process in processes
        ]

    def stop(self) -> None:
        for processes in self.started.values():
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 15)
        for processes in self.started.values():
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)


# A token is good for 30 seconds from its `iat`, and wrk sends the same one throughout: a longer
# run is made of runs this long, each with a fresh token.
TOKEN_SECONDS = 20


def wrk(base: str, setup: dict, seconds: int, connections: int) -> dict:
    """As many sends as the API takes from `connections` kept-alive connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    parts = []
    try:
        for start in range(0, seconds, TOKEN_SECONDS):
            length = min(TOKEN_SECONDS, seconds - start)
            parts.append(_wrk_part(base, setup, length, connections, script.name))
    finally:
        os.unlink(script.name)
    requests_made = sum(part["requests"] for part in parts)
    non_2xx = sum(part["non_2xx"] for part in parts)
    return {
        "requests": requests_made,
        "non_2xx": non_2xx,
        "per_second": round((requests_made - non_2xx) / seconds, 1),
        "median_ms": round(statistics.median(part["p50"] for part in parts) / 1000, 1),
        "p99_ms": round(max(part["p99"] for part in parts) / 1000, 1),
    }


def _wrk_part(base: str, setup: dict, seconds: int, connections: int, script: str) -> dict:
    env = {**os.environ, "BENCH_TOKEN": api_token(setup), "BENCH_BODY": email_body(setup)}
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", script]
        + [f"{base}/v2/notifications/email"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("LATENCY"))
    p50, p99, requests_made = (int(value) for value in line.split()[1:])
    non_2xx = next((int(line.split()[-1]) for line in output.splitlines() if "Non-2xx" in line), 0)
    return {"requests": requests_made, "non_2xx": non_2xx, "p50": p50, "p99": p99}


def paced(base: str, setup: dict, seconds: float, rate: float, threads: int = 4) -> dict:
    """Sends at `rate` a second, spread over `threads` kept-alive connections."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    body, interval = email_body(setup).encode(), threads / rate
    began = time.monotonic()
    failures = [0]

    def run(offset: float) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        next_at = began + offset
        while next_at < began + seconds:
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_at += interval
            headers = {
                "Authorization": f"Bearer {api_token(setup)}",
                "Content-Type": "application/json",
            }
            try:
                connection.request("POST", "/v2/notifications/email", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 201:
                    failures[0] += 1
            except (http.client.HTTPException, OSError):
                failures[0] += 1
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    workers = [threading.Thread(target=run, args=(n * interval / threads,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {"offered_per_second": rate, "seconds": seconds, "failures": failures[0]}


def drain(database_url: str, since, timeout: float) -> dict:
    """Wait until every email accepted since `since` has reached the provider; then the
    hand-over figures."""
    from postroom.models import Notification

    engine = create_engine(database_url)
    deadline = time.monotonic() + timeout
    window = (Notification.created_at >= since, Notification.notification_type == "email")
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                select(func.count()).where(*window, Notification.sent_at.is_(None))
            ).scalar()
            if not waiting:
                break
            time.sleep(0.25)
        rows = conn.execute(
            select(Notification.created_at, Notification.sent_at).where(
                *window, Notification.sent_at.is_not(None)
            )
        ).all()
    engine.dispose()
    delays = [(sent - created).total_seconds() for created, sent in rows]
    if not rows:
        return {"handed_over": 0, "still_waiting": waiting}
    first = min(created for created, _ in rows)
    last = max(sent for _, sent in rows)
    return {
        "handed_over": len(rows),
        "still_waiting": waiting,
        "handed_over_per_second": round(len(rows) / max((last - first).total_seconds(), 1e-3), 1),
        "delay_p50_s": round(statistics.median(delays), 3),
        "delay_p95_s": round(percentile(delays, 0.95), 3),
        "within_10s": round(sum(d <= 10 for d in delays) / len(delays), 3),
    }


def _now(database_url: str):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            moment = conn.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar()
        else:
            moment = conn.execute(text("SELECT now() AT TIME ZONE 'UTC'")).scalar()
    engine.dispose()
    from datetime import datetime

    return datetime.fromisoformat(str(moment)) if isinstance(moment, str) else moment


def run_once(env: dict, args, database_url: str, setup: dict) -> dict:
    processes = Processes(env)
    port = int(env["POSTROOM_API_PORT"])
    base = f"http://127.0.0.1:{port}"
    processes.start(
        "api", ["api", "--workers", str(args.api_workers), "--threads", str(args.api_threads)]
    )
    for _ in range(args.workers):
        processes.start("worker", ["worker", "--concurrency", str(args.concurrency)])
    try:
        wait_for(f"{base}/_status")
        time.sleep(3)  # workers connected
        result = {}
        before = {role: processes.cpu_seconds(role) for role in ("api", "worker")}
        since = _now(database_url)
        profilers = processes.profile(args.profile, args.seconds) if args.profile else []
        result["wrk"] = wrk(base, setup, args.seconds, args.connections)
        for profiler in profilers:
            profiler.wait()
        result["wrk_hand_over"] = drain(database_url, since, args.drain_timeout)
        handed = result["wrk_hand_over"]
        accepted = handed["handed_over"] + handed["still_waiting"]
        after = {role: processes.cpu_seconds(role) for role in ("api", "worker")}
        result["cpu_ms_per_message"] = {
            role: round(1000 * (after[role] - before[role]) / max(accepted, 1), 2)
            for role in ("api", "worker")
        }
        if args.paced:
            since = _now(database_url)
            before = {role: processes.cpu_seconds(role) for role in ("api", "worker")}
            result["paced"] = paced(base, setup, args.paced_seconds, args.paced)
            result["paced_hand_over"] = drain(database_url, since, args.drain_timeout)
            after = {role: processes.cpu_seconds(role) for role in ("api", "worker")}
            sent = result["paced_hand_over"]["handed_over"]
            result["paced_cpu_ms_per_message"] = {
                role: round(1000 * (after[role] - before[role]) / max(sent, 1), 2)
                for role in ("api", "worker")
            }
        return result
    finally:
        processes.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--api-workers", type=int, default=4)
    parser.add_argument("--api-threads", type=int, default=4, help="of each API process")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4, help="of each worker")
    parser.add_argument("--paced", type=float, default=300, help="0 to skip the paced run")
    parser.add_argument("--paced-seconds", type=float, default=15)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1")
    parser.add_argument("--redis", action="store_true", help="Redis for the cache and the broker")
    parser.add_argument("--redis-dbs", default="14,15", help="its own cache,broker db numbers")
    parser.add_argument("--embedded-runs", type=int, default=1, help="runs on one data directory")
    parser.add_argument("--drain-timeout", type=float, default=600)
    parser.add_argument("--profile", help="a folder for py-spy's samples of the wrk run")
    args = parser.parse_args()

    cache_db, broker_db = args.redis_dbs.split(",")
    redis_dbs = (
        {"POSTROOM_REDIS_URL": cache_db, "POSTROOM_BROKER_URL": broker_db} if args.redis else {}
    )
    with private_stores(args.postgres, redis_dbs) as (env, data_dir):
        env["POSTROOM_API_PORT"] = "16511"
        setup = email_sender(env)
        database_url = env.get("POSTROOM_DATABASE_URL", f"sqlite:///{data_dir / 'postroom.db'}")
        runs = [run_once(env, args, database_url, setup) for _ in range(args.embedded_runs)]
        print(
            json.dumps(
                {
                    "database": "postgresql" if args.postgres else "sqlite",
                    "cache_and_broker": "redis" if args.redis else "embedded",
                    "api_workers": args.api_workers,
                    "api_threads": args.api_threads,
                    "worker_processes": args.workers,
                    "worker_concurrency": args.concurrency,
                    "wrk_connections": args.connections,
                    "runs": runs,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
