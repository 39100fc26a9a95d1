"""Benchmark: the web interface's activity pages for one service with millions of notifications.

Bulk-loads a year of notifications for one service into a fresh PostgreSQL database (the last
90 days, the service's retention here, in `notifications`; the rest in `notification_history`,
as the nightly retention task leaves them), builds the daily fact tables as the nightly tasks do,
then times each page and JSON endpoint through the web app, and the CSV of every email in the
retention period (about 1 million rows at 10 million a year).

    .venv/bin/python bench/web_pages.py --rows 10000000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import live_service, percentile  # noqa: E402

RETENTION_DAYS = 90
YEAR_SECONDS = 365 * 24 * 3600
# Per ten rows: five texts, four emails, one letter; per hundred: 95 delivered, 3 permanent and
# 1 temporary failures, 1 still sending.
GENERATED = """
SELECT g,
       (g % 10) AS r,
       CAST(:now AS timestamp)
         - ((CAST(g AS bigint) * 7919) % :year_seconds) * interval '1 second' AS ts
FROM generate_series(1, :rows) AS g
"""
TYPE = "CASE WHEN r < 5 THEN 'sms' WHEN r < 9 THEN 'email' ELSE 'letter' END"
TEMPLATE = (
    "CASE WHEN r < 5 THEN CAST(:sms AS uuid) WHEN r < 9 THEN CAST(:email AS uuid) "
    "ELSE CAST(:letter AS uuid) END"
)
STATUS = (
    "CASE WHEN g % 100 < 95 THEN 'delivered' WHEN g % 100 < 98 THEN 'permanent-failure' "
    "WHEN g % 100 < 99 THEN 'temporary-failure' ELSE 'sending' END"
)
COMMON = f"""
    gen_random_uuid(), CAST(:service AS uuid), {TEMPLATE}, 1, 'normal', {TYPE}, 1,
    ts, ts + interval '2 seconds', ts + interval '40 seconds', {STATUS}, false, 1, '44', 'bench'
"""
COLUMNS = """id, service_id, template_id, template_version, key_type, notification_type,
    billable_units, created_at, sent_at, updated_at, status, international, rate_multiplier,
    phone_prefix, sent_by"""


def prepare(env: dict) -> dict:
    from postroom.domain.services import retention_periods
    from postroom.domain.templates import templates

    with live_service(env, name="Busy council", organisation_type="local") as (
        session,
        user,
        service,
    ):
        made = {
            kind: templates.create_template(
                session,
                service,
                name=f"{kind} template",
                template_type=kind,
                subject=None if kind == "sms" else "Your reminder",
                content="Hello ((name)), your reference is ((ref)).",
                created_by_id=user.id,
            )
            for kind in ("sms", "email", "letter")
        }
        for kind in made:
            retention_periods.set_retention(session, service.id, kind, RETENTION_DAYS)
        user.current_session_id = uuid.uuid4()
        return {
            "service": str(service.id),
            "user": str(user.id),
            "session": str(user.current_session_id),
            **{kind: str(t.id) for kind, t in made.items()},
        }


def load(database_url: str, setup: dict, rows: int) -> float:
    """Insert `rows` notifications over the past year; return the seconds it took."""
    from postroom.clock import utcnow

    now = utcnow()
    params = {
        "now": now,
        "year_seconds": YEAR_SECONDS,
        "rows": rows,
        "cutoff": now - timedelta(days=RETENTION_DAYS),
        **{k: setup[k] for k in ("service", "sms", "email", "letter")},
    }
    engine = create_engine(database_url)
    started = time.monotonic()
    with engine.begin() as conn:
        conn.execute(
            text(
                f'INSERT INTO notifications ({COLUMNS}, "to", normalised_to) '
                f"SELECT {COMMON}, "
                "CASE WHEN r < 5 THEN '+4477009' || lpad(CAST(g % 100000 AS text), 5, '0') "
                "ELSE 'person' || (g % 100000) || '@example.gov.uk' END, "
                "CASE WHEN r < 5 THEN '4477009' || lpad(CAST(g % 100000 AS text), 5, '0') "
                "ELSE 'person' || (g % 100000) || '@example.gov.uk' END "
                f"FROM ({GENERATED}) AS s WHERE ts >= :cutoff"
            ),
            params,
        )
        conn.execute(
            text(
                f"INSERT INTO notification_history ({COLUMNS}) SELECT {COMMON} "
                f"FROM ({GENERATED}) AS s WHERE ts < :cutoff"
            ),
            params,
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE notifications"))
        conn.execute(text("VACUUM ANALYZE notification_history"))
    engine.dispose()
    return time.monotonic() - started


def build_facts() -> float:
    """Every day of the year, as the nightly tasks build them one day at a time."""
    from postroom.db import db
    from postroom.domain.reporting.billing import update_fact_billing
    from postroom.domain.reporting.statistics import update_fact_notification_status
    from postroom.domain.vocabulary.dates import local_today

    started = time.monotonic()
    today = local_today()
    for back in range(1, 367):
        day = today - timedelta(days=back)
        with db.scope() as session:
            update_fact_notification_status(session, day)
            update_fact_billing(session, day)
    return time.monotonic() - started


def time_pages(setup: dict, repeats: int) -> dict:
    from postroom.web import create_app

    app = create_app()
    client = app.test_client()
    with client.session_transaction() as browser:
        browser["user_id"], browser["session_id"] = setup["user"], setup["session"]
    service = setup["service"]
    pages = {
        "dashboard": f"/services/{service}",
        "dashboard.json": f"/services/{service}/dashboard.json",
        "dashboard-usage.json": f"/services/{service}/dashboard-usage.json",
        "notifications": f"/services/{service}/notifications",
        "notifications (emails, failed)": f"/services/{service}/notifications/email?status=failed",
        "monthly": f"/services/{service}/monthly",
        "template usage": f"/services/{service}/template-usage",
        "usage": f"/services/{service}/usage",
    }
    results = {}
    for name, path in pages.items():
        timings = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        timings = timings[1:]  # the first request warms caches
        results[name] = {
            "median_ms": round(statistics.median(timings) * 1000, 1),
            "p95_ms": round(percentile(timings, 0.95) * 1000, 1),
        }
    return results


def time_csv(setup: dict) -> dict:
    """Every email in the retention period as CSV, as the report task writes it."""
    from postroom.db import db
    from postroom.domain.activity import notification_csv, search

    service_id = uuid.UUID(setup["service"])
    started = time.monotonic()
    lines = 0
    with db.scope() as session:
        selection = search.Selection(
            service_id, search.retention_days(session, service_id, "email")
        )
        for chunk in notification_csv.csv_text(session, selection):
            lines += chunk.count("\n")
    return {"rows": lines - 1, "seconds": round(time.monotonic() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    name = f"postroom_pages_bench_{os.getpid()}"
    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTROOM_")}
    env.update(
        POSTROOM_DATA_DIR=tempfile.mkdtemp(prefix="postroom-pages-"),
        POSTROOM_DATABASE_URL=database_url,
        POSTROOM_REDIS_URL="redis://127.0.0.1:6379/7",
    )
    os.environ.update(env)
    try:
        setup = prepare(env)
        result = {"rows": args.rows, "load_seconds": round(load(database_url, setup, args.rows), 1)}
        result["facts_seconds"] = round(build_facts(), 1)
        result["pages"] = time_pages(setup, args.repeats)
        print(json.dumps(result, indent=2), flush=True)
        result["csv"] = time_csv(setup)
        print(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            from postroom.db import db

            if db.engine is not None:
                db.engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
