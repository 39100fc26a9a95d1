"""Shared fixtures: a real database per backend (SQLite always, PostgreSQL and Redis when
POSTROOM_TEST_DATABASE_URL / POSTROOM_TEST_REDIS_URL are set), the API app, and clients.

`--clock-shift-days=N` and `--clock-at=YYYY-MM-DDTHH:MM` run the suite with Postroom's clock
moved to another day (still ticking), to prove that it passes on any day of the year."""

from __future__ import annotations

import os
import time
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

import jwt
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from postroom import clock, migrate
from postroom.api import create_app
from postroom.api.openapi import operation_for
from postroom.api.schemas.notifications import V2_ERROR
from postroom.config import load_settings
from postroom.db import db
from postroom.domain.vocabulary.dates import to_utc
from postroom.infrastructure import read_cache
from postroom.models import Base
from postroom.tasks.celery_app import celery

# Fixture modules shared by several test folders.
pytest_plugins = [
    "tests.fixtures.service_api",
    "tests.fixtures.smtp",
    "tests.fixtures.smpp",
    "tests.fixtures.http_receiver",
    "tests.fixtures.print_service",
    "tests.fixtures.clashes",
    "tests.fixtures.notify_conformance",
    "tests.fixtures.official_client",
    "tests.fixtures.job_files",
    "tests.fixtures.clamd",
]


CLOCK_MOVED = pytest.StashKey[timedelta]()


def pytest_addoption(parser) -> None:
    group = parser.getgroup("clock", "run the suite as if on another day")
    group.addoption(
        "--clock-shift-days",
        type=float,
        metavar="DAYS",
        help="move Postroom's clock this many days away from today (it keeps ticking)",
    )
    group.addoption(
        "--clock-at",
        type=datetime.fromisoformat,
        metavar="YYYY-MM-DDTHH:MM",
        help="start Postroom's clock at this Europe/London time (it keeps ticking)",
    )


def _clock_moved_by(config) -> timedelta | None:
    days, at = config.getoption("clock_shift_days"), config.getoption("clock_at")
    if days is not None and at is not None:
        raise pytest.UsageError("--clock-shift-days and --clock-at move the clock twice: pick one")
    if days is not None:
        return timedelta(days=days)
    return None if at is None else to_utc(at) - clock.utcnow()


def pytest_configure(config) -> None:
    by = _clock_moved_by(config)
    if by is not None:
        moved = ExitStack()
        moved.enter_context(clock.shifted(by))
        config.add_cleanup(moved.close)
        config.stash[CLOCK_MOVED] = by


def pytest_report_header(config) -> str | None:
    if CLOCK_MOVED in config.stash:
        return f"Postroom's clock moved to {clock.utcnow():%Y-%m-%d %H:%M} UTC"
    return None


ADMIN_SECRET = "test-admin-secret-" + "x" * 20
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("POSTROOM_TEST_DATABASE_URL") else [])


def _fresh_postgres_database(url: str) -> str:
    """A database of its own for this test run, so parallel or repeated runs never collide."""
    base = make_url(url)
    name = f"{base.database or 'postroom'}_{os.getpid()}"
    admin_engine = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin_engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(url: str) -> None:
    target = make_url(url)
    admin_engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> dict:
    """The database (and cache) a group of tests runs against, migrated to the newest schema."""
    data_dir: Path = tmp_path_factory.mktemp(f"data-{request.param}")
    env = {
        "POSTROOM_DATA_DIR": str(data_dir),
        "POSTROOM_ADMIN_CLIENT_SECRETS": ADMIN_SECRET,
        "POSTROOM_SECRET_KEY": "test-secret-key",
    }
    if request.param == "postgresql":
        database_url = _fresh_postgres_database(os.environ["POSTROOM_TEST_DATABASE_URL"])
        env["POSTROOM_DATABASE_URL"] = database_url
        if os.environ.get("POSTROOM_TEST_REDIS_URL"):
            env["POSTROOM_REDIS_URL"] = os.environ["POSTROOM_TEST_REDIS_URL"]
    settings = load_settings(env)
    migrate.upgrade(settings.database_url)
    yield {"name": request.param, "settings": settings, "env": env}
    db.session.remove()
    if db.engine is not None:
        db.engine.dispose()
    if request.param == "postgresql":
        _drop_postgres_database(settings.database_url)


@pytest.fixture(scope="session")
def api_app(backend):
    app = create_app(backend["settings"])
    app.config["TESTING"] = True
    from tests.fixtures.notify_conformance import install  # a plugin: imported once registered

    install(app)  # every public API answer held to GOV.UK Notify's schemas
    # Tasks run in the request that queues them, so a test sees the whole pipeline's result.
    # (The command-line tests run real workers on a real broker.)
    celery.conf.task_always_eager = True
    return app


@pytest.fixture
def session(api_app, backend):
    """The database session, emptied after each test."""
    with api_app.app_context():
        yield db.session
        db.session.rollback()
        db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    read_cache.forget_all()  # the tables were emptied behind its back


def admin_token(
    secret: str = ADMIN_SECRET, issuer: str = "notify-admin", iat: float | None = None
) -> str:
    return jwt.encode(
        {"iss": issuer, "iat": int(time.time() if iat is None else iat)}, secret, algorithm="HS256"
    )


class CheckedClient:
    """A test client that checks every JSON answer against the schema `/openapi.json` documents
    for that route and status, and that nothing ever answers 500."""

    def __init__(self, app, headers: dict | None = None) -> None:
        self.app = app
        self.client = app.test_client()
        self.headers = headers or {}

    def open(self, method: str, path: str, *, json=None, headers=None, **kwargs):
        merged = {**self.headers, **(headers or {})}
        response = self.client.open(path, method=method, json=json, headers=merged, **kwargs)
        assert response.status_code < 500, response.get_data(as_text=True)
        self._check_documented(method, path, response)
        return response

    def _check_documented(self, method: str, path: str, response) -> None:
        adapter = self.app.url_map.bind("localhost")
        try:
            rule, _ = adapter.match(path.split("?")[0], method=method, return_rule=True)
        except Exception:  # unrouted paths: 404/405 come from Flask itself
            return
        operation = operation_for(self.app, rule)
        assert operation is not None, f"{rule.rule} has no @endpoint declaration"
        status = response.status_code
        if status in (400, 401, 403, 404, 405, 409, 413, 429):
            body = response.get_json()
            assert body is not None, response.get_data(as_text=True)
            if "errors" in body:  # the public API's shape
                assert not list(Draft202012Validator(V2_ERROR).iter_errors(body)), body
                assert body["status_code"] == status
            else:
                assert body.get("result") == "error", body
            return
        assert status in operation.responses, f"{method} {rule.rule} answered undocumented {status}"
        schema = operation.responses[status]
        if schema is not None:
            errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
            assert not errors, f"{method} {rule.rule} {status}: {[e.message for e in errors]}"

    def get(self, path, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.open("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.open("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.open("DELETE", path, **kwargs)


class AdminClient(CheckedClient):
    """Signs a fresh admin token for every request, as GOV.UK Notify's admin does."""

    def open(self, method, path, *, headers=None, **kwargs):
        auth = {"Authorization": f"Bearer {admin_token()}"}
        return super().open(method, path, headers={**auth, **(headers or {})}, **kwargs)


@pytest.fixture
def admin_client(api_app, session) -> AdminClient:
    return AdminClient(api_app)


@pytest.fixture
def anonymous_client(api_app, session) -> CheckedClient:
    return CheckedClient(api_app)


# Factories, re-exported as fixtures for the common cases.
from tests.factories import (  # noqa: E402
    create_service,
    create_user,
)


@pytest.fixture
def user(session):
    return create_user(session)


@pytest.fixture
def service(session, user):
    return create_service(session, user=user)


@pytest.fixture
def now():
    """The clock held still at the time the test starts (on whatever day the suite runs), so
    what the test stores now is still now when it reads it back."""
    at = clock.utcnow()
    with clock.frozen(at):
        yield at


@pytest.fixture
def random_uuid() -> uuid.UUID:
    return uuid.uuid4()
