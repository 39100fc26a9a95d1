"""Benchmark: a 100,000-row file for an email template, checked, started and sent, with real
API and worker processes on this machine.

Measures:
- the check (`recipient_file.check`, as the check page's worker runs it);
- from starting the job to every row made into a notification (the worker's `process-job`);
- from starting the job to every notification handed to the simulated provider;
- one-off API sends at a steady rate (`--paced` a second): their hand-over delay p50/p95 on
  an idle system, then while the job is going out.

    .venv/bin/python bench/jobs.py --postgres --redis        # PostgreSQL + Redis
    .venv/bin/python bench/jobs.py                           # the embedded default
    .venv/bin/python bench/jobs.py --profile /tmp/jobs-prof  # py-spy samples of the workers

It uses a PostgreSQL database and Redis databases of its own (14 and 15 unless told otherwise),
a temporary data directory, and removes all three when it ends.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.common import email_sender, percentile, private_stores, wait_for  # noqa: E402
from bench.pipeline import Processes, _now, paced  # noqa: E402

POLL_SECONDS = 0.25


def _file(count: int) -> list[list[str]]:
    return [["email address", "name", "ref"]] + [
        [f"person.{n}@department{n % 40}.gov.uk", f"Person {n}", f"REF{n:06d}"]
        for n in range(count)
    ]


def check_and_start(setup: dict, rows: list[list[str]]) -> tuple[uuid.UUID, float]:
    """The file stored as an upload, checked as the check page's worker checks it, and started:
    the job's id, and how long the check took."""
    from postroom import runtime
    from postroom.cache import make_cache
    from postroom.db import db
    from postroom.domain.jobs import jobs, recipient_file, uploads
    from postroom.models import Service, Template
    from postroom.tasks.jobs import queue_job

    with db.scope() as session:
        service = session.get(Service, uuid.UUID(setup["service_id"]))
        template = session.get(Template, uuid.UUID(setup["template_id"]))
        upload = uploads.store(session, service.id, template, "bench.csv", rows)
        began = time.perf_counter()
        context = recipient_file.context_for(
            session, make_cache(runtime.settings()), service, template, "bench.csv"
        )
        result = recipient_file.check(rows, template, service, context)
        checked = time.perf_counter() - began
        assert result.ok, (result.banner, result.to_fix)
        upload.check_status, upload.check_result = "checked", result.to_json()
        upload.rows_checked = upload.row_count
        session.flush()
        job = jobs.start(session, service, upload, created_by_id=service.created_by_id)
    queue_job(job)
    return job.id, checked


def follow(database_url: str, job_id: uuid.UUID, count: int, timeout: float) -> dict:
    """Poll until every row is a notification handed to the provider: the figures, timed from
    the job's creation by the database's own timestamps."""
    from postroom.models import Job, Notification

    engine = create_engine(database_url)
    mine = Notification.job_id == job_id
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            handed = conn.execute(
                select(func.count()).where(mine, Notification.sent_at.is_not(None))
            ).scalar()
            if handed >= count:
                break
            time.sleep(POLL_SECONDS)
        job = conn.execute(select(Job).where(Job.id == job_id)).one()
        made, last_sent = conn.execute(
            select(func.count(), func.max(Notification.sent_at)).where(mine)
        ).one()
    engine.dispose()
    started = job.created_at
    return {
        "job_status": job.job_status,
        "notifications": made,
        "handed_over": handed,
        "picked_up_s": _seconds(job.processing_started, started),
        "all_created_s": _seconds(job.processing_finished, started),
        "all_handed_over_s": _seconds(last_sent, started) if handed >= count else None,
    }


def _seconds(later, earlier) -> float | None:
    return None if later is None else round((later - earlier).total_seconds(), 2)


def one_off_delays(database_url: str, since, until) -> dict:
    """Hand-over delays of the one-off sends (no job) made between `since` and `until`, once
    every one of them has reached the provider."""
    from postroom.models import Notification

    engine = create_engine(database_url)
    window = (
        Notification.job_id.is_(None),
        Notification.created_at >= since,
        Notification.created_at < until,
    )
    with engine.connect() as conn:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            waiting = conn.execute(
                select(func.count()).where(*window, Notification.sent_at.is_(None))
            ).scalar()
            if not waiting:
                break
            time.sleep(POLL_SECONDS)
        rows = conn.execute(
            select(Notification.created_at, Notification.sent_at).where(
                *window, Notification.sent_at.is_not(None)
            )
        ).all()
    engine.dispose()
    delays = [(sent - created).total_seconds() for created, sent in rows]
    if not delays:
        return {"handed_over": 0}
    return {
        "handed_over": len(delays),
        "delay_p50_s": round(statistics.median(delays), 3),
        "delay_p95_s": round(percentile(delays, 0.95), 3),
    }


def run(env: dict, args, database_url: str) -> dict:
    from postroom import runtime
    from postroom.tasks.celery_app import configure_celery

    setup = email_sender(env)
    configure_celery(runtime.settings())  # this process queues the job on the workers' broker
    processes = Processes(env)
    base = f"http://127.0.0.1:{env['POSTROOM_API_PORT']}"
    processes.start("api", ["api", "--workers", "2", "--threads", "4"])
    for _ in range(args.workers):
        processes.start("worker", ["worker", "--concurrency", str(args.concurrency)])
    try:
        wait_for(f"{base}/_status")
        time.sleep(3)  # the workers connected
        result: dict = {"rows": args.rows}
        since = _now(database_url)
        paced(base, setup, args.paced_seconds, args.paced)
        result["one_off_idle"] = one_off_delays(database_url, since, _now(database_url))

        rows = _file(args.rows)
        since = _now(database_url)
        job_id, result["check_s"] = check_and_start(setup, rows)
        result["check_s"] = round(result["check_s"], 2)
        profilers = processes.profile(args.profile, args.profile_seconds) if args.profile else []
        # One-off sends while the job goes out, beside it.
        sending = threading.Thread(target=paced, args=(base, setup, args.paced_seconds, args.paced))
        sending.start()
        result["job"] = follow(database_url, job_id, args.rows, args.timeout)
        sending.join()
        for profiler in profilers:
            profiler.wait()
        result["one_off_during_job"] = one_off_delays(database_url, since, _now(database_url))
        return result
    finally:
        processes.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4, help="of each worker")
    parser.add_argument("--paced", type=float, default=20, help="one-off sends a second")
    parser.add_argument("--paced-seconds", type=float, default=20)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1")
    parser.add_argument("--redis", action="store_true", help="Redis for the cache and the broker")
    parser.add_argument("--redis-dbs", default="14,15", help="its own cache,broker db numbers")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--profile", help="a folder for py-spy's samples of the job")
    parser.add_argument("--profile-seconds", type=int, default=30)
    args = parser.parse_args()

    cache_db, broker_db = args.redis_dbs.split(",")
    redis_dbs = (
        {"POSTROOM_REDIS_URL": cache_db, "POSTROOM_BROKER_URL": broker_db} if args.redis else {}
    )
    with private_stores(args.postgres, redis_dbs) as (env, data_dir):
        env["POSTROOM_API_PORT"] = "16521"
        database_url = env.get("POSTROOM_DATABASE_URL", f"sqlite:///{data_dir / 'postroom.db'}")
        result = run(env, args, database_url)
        print(
            json.dumps(
                {
                    "database": "postgresql" if args.postgres else "sqlite",
                    "cache_and_broker": "redis" if args.redis else "embedded",
                    "worker_processes": args.workers,
                    "worker_concurrency": args.concurrency,
                    **result,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
