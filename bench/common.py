"""What the benchmarks share: figures, and a migrated database with a live service."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import jwt
import requests

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


@contextmanager
def live_service(env: dict, **service_options):
    """Configure Postroom from `env`, migrate its database, and yield (session, user, service)
    for a new live service, committed when the block ends."""
    from postroom import migrate, runtime
    from postroom.config import load_settings
    from postroom.db import db
    from postroom.domain.accounts import users
    from postroom.domain.services import services

    settings = runtime.configure(load_settings(env))
    migrate.upgrade(settings.database_url)
    with db.scope() as session:
        user = users.create_user(
            session,
            name="Bench",
            email_address=f"bench-{uuid.uuid4().hex[:8]}@example.gov.uk",
            password="benchmark password",
            mobile_number="+447700900111",
        )
        options = {"name": f"Bench {uuid.uuid4().hex[:8]}", **service_options}
        service = services.create_service(session, user=user, restricted=False, **options)
        yield session, user, service


@contextmanager
def private_stores(postgres: bool, redis_dbs: dict[str, str]):
    """Yield (env, data_dir): Postroom's settings for a benchmark of its own, a temporary data
    directory, a new PostgreSQL database when `postgres`, and Redis db numbers for each setting
    in `redis_dbs` (e.g. {"POSTROOM_REDIS_URL": "14"}); all emptied and removed afterwards."""
    from sqlalchemy import create_engine, text

    data_dir = Path(tempfile.mkdtemp(prefix="postroom-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTROOM_")}
    env["POSTROOM_DATA_DIR"] = str(data_dir)
    name = f"postroom_bench_{os.getpid()}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        if postgres:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            env["POSTROOM_DATABASE_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        for setting, db_number in redis_dbs.items():
            env[setting] = f"redis://127.0.0.1:6379/{db_number}"
        yield env, data_dir
    finally:
        for db_number in redis_dbs.values():
            subprocess.run(["redis-cli", "-n", db_number, "FLUSHDB"], capture_output=True)
        if postgres:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)


def email_sender(env: dict) -> dict:
    """A live service with an email template and a live key, made through the domain."""
    from postroom.domain.services import api_keys
    from postroom.domain.templates import templates

    with live_service(env) as (session, user, service):
        service.email_message_limit = service.rate_limit = 100_000_000
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


def api_token(setup: dict) -> str:
    claims = {"iss": setup["service_id"], "iat": int(time.time())}
    return jwt.encode(claims, setup["secret"], algorithm="HS256")


def email_body(setup: dict) -> str:
    return json.dumps(
        {
            "email_address": "someone@example.gov.uk",
            "template_id": setup["template_id"],
            "personalisation": {"name": "Ada", "ref": "ABC123"},
        }
    )


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (children started by any of its threads)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                stack.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")
