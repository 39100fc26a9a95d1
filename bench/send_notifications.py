"""Benchmark: send through the public API with several client threads for a fixed time.

Reports accepted requests a second, median and p99 latency, list pages a second
(`GET /v2/notifications`, 250 rows each), and how long messages took to reach the (simulated)
provider. Run on the embedded default or on PostgreSQL + Redis:

    .venv/bin/python bench/send_notifications.py --seconds 20 --threads 8
    .venv/bin/python bench/send_notifications.py --postgres --redis --api-workers 2 --workers 2
    .venv/bin/python bench/send_notifications.py --postgres --redis --rate 300   # hand-over

Everything runs on this machine; the servers it starts stop when it ends.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import live_service, percentile  # noqa: E402

PYTHON = sys.executable


def prepare(env: dict) -> dict:
    """A live service with a template and a live key, made through the domain."""
    from postroom.domain.services import api_keys
    from postroom.domain.templates import templates

    with live_service(env) as (session, user, service):
        service.email_message_limit = service.rate_limit = 10_000_000
        template = templates.create_template(
            session,
            service,
            name="Bench",
            template_type="email",
            subject="Hello ((name))",
            content="Dear ((name)), your reference is ((ref)).",
            created_by_id=user.id,
        )
        _key, secret = api_keys.create_api_key(
            session, service, name="bench", key_type="normal", created_by_id=user.id
        )
        return {"service_id": str(service.id), "template_id": str(template.id), "secret": secret}


def start(env: dict, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "postroom.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def token(service_id: str, secret: str) -> str:
    return jwt.encode({"iss": service_id, "iat": int(time.time())}, secret, algorithm="HS256")


class Connection:
    """A kept-alive HTTP connection: much lighter than requests, so that the client threads,
    which share the machine's cores with the servers, take as little of them as they can."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, headers: dict, body: dict | None = None) -> int:
        payload = json.dumps(body).encode() if body is not None else None
        if payload is not None:
            headers = {**headers, "Content-Type": "application/json"}
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            return 0


def load(
    base: str, setup: dict, seconds: float, threads: int, method: str, rate: float | None = None
) -> dict:
    """Send (or list) from `threads` threads for `seconds`; at most `rate` requests a second
    in all when given."""
    latencies: list[float] = []
    failures = [0]
    began = time.monotonic()
    stop_at = began + seconds
    lock = threading.Lock()
    interval = threads / rate if rate else 0.0

    def run(offset: float) -> None:
        connection = Connection(base)
        mine: list[float] = []
        next_at = began + offset
        while time.monotonic() < stop_at:
            if interval:
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                next_at += interval
            headers = {"Authorization": f"Bearer {token(setup['service_id'], setup['secret'])}"}
            started = time.perf_counter()
            if method == "send":
                status = connection.request(
                    "POST",
                    "/v2/notifications/email",
                    headers,
                    {
                        "email_address": "someone@example.gov.uk",
                        "template_id": setup["template_id"],
                        "personalisation": {"name": "Ada", "ref": str(uuid.uuid4())[:8]},
                    },
                )
                ok = status == 201
            else:
                ok = connection.request("GET", "/v2/notifications", headers) == 200
            elapsed = time.perf_counter() - started
            if ok:
                mine.append(elapsed)
            else:
                failures[0] += 1
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=run, args=(n * interval / threads,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    duration = time.monotonic() - began
    return {
        "requests": len(latencies),
        "failures": failures[0],
        "per_second": round(len(latencies) / duration, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


def handed_over(database_url: str, timeout: float) -> dict:
    """Wait until every message has left `created`; then how long each took to get to the
    provider."""
    from sqlalchemy import func, select

    from postroom.models import Notification

    engine = create_engine(database_url)
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                select(func.count()).where(Notification.sent_at.is_(None))
            ).scalar()
            if not waiting:
                break
            time.sleep(0.5)
        rows = conn.execute(
            select(Notification.created_at, Notification.sent_at).where(
                Notification.sent_at.is_not(None)
            )
        ).all()
    engine.dispose()
    delays = [(sent - created).total_seconds() for created, sent in rows]
    return {
        "handed_over": len(delays),
        "still_waiting": waiting,
        "median_s": round(statistics.median(delays), 2) if delays else None,
        "p95_s": round(percentile(delays, 0.95), 2),
        "within_10s": round(sum(d <= 10 for d in delays) / len(delays), 3) if delays else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--api-workers", type=int, default=2)
    parser.add_argument("--api-threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4, help="of each worker")
    parser.add_argument(
        "--rate", type=float, help="send at most this many a second (to measure hand-over)"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL at 127.0.0.1 instead of SQLite"
    )
    parser.add_argument("--redis", action="store_true", help="Redis for the cache and the broker")
    parser.add_argument("--drain-timeout", type=float, default=300)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="postroom-bench-"))
    port = 16511
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTROOM_")}
    env.update(POSTROOM_DATA_DIR=str(data_dir), POSTROOM_API_PORT=str(port))
    if args.postgres:
        name = f"postroom_bench_{os.getpid()}"
        admin = create_engine(
            "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        env["POSTROOM_DATABASE_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    if args.redis:
        env["POSTROOM_REDIS_URL"] = "redis://127.0.0.1:6379/3"
        env["POSTROOM_BROKER_URL"] = "redis://127.0.0.1:6379/4"
        subprocess.run(["redis-cli", "-n", "4", "FLUSHDB"], capture_output=True)
    setup = prepare(env)
    database_url = env.get("POSTROOM_DATABASE_URL", f"sqlite:///{data_dir / 'postroom.db'}")
    api = ["api", "--workers", str(args.api_workers), "--threads", str(args.api_threads)]
    processes = [start(env, api)]
    worker = ["worker", "--concurrency", str(args.concurrency)]
    processes += [start(env, worker) for _ in range(args.workers)]
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/_status")
        sending = load(base, setup, args.seconds, args.threads, "send", args.rate)
        listing = load(base, setup, min(args.seconds, 10), args.threads, "list")
        delivery = handed_over(database_url, args.drain_timeout)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    result = {
        "database": "postgresql" if args.postgres else "sqlite",
        "cache_and_broker": "redis" if args.redis else "embedded",
        "api_workers": args.api_workers,
        "api_threads": args.api_threads,
        "worker_processes": args.workers,
        "worker_concurrency": args.concurrency,
        "send_rate_limit": args.rate,
        "client_threads": args.threads,
        "send_email": sending,
        "list_pages": listing,
        "to_provider": delivery,
    }
    print(json.dumps(result, indent=2))
    if args.postgres:
        admin = create_engine(
            "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
