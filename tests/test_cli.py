"""The `postroom` command, run as a user would run it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from postroom.cli import main
from postroom.config import load_settings

POSTROOM = [sys.executable, "-m", "postroom.cli"]


def _env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTROOM_")}
    return {**env, "POSTROOM_DATA_DIR": str(data_dir), **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tables(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_db_upgrade_creates_the_schema(tmp_path):
    result = subprocess.run(
        [*POSTROOM, "db", "upgrade"], env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert {"services", "notifications", "ft_notification_status"} <= _tables(
        tmp_path / "postroom.db"
    )


def test_create_platform_admin_then_refuse_the_same_email(tmp_path, monkeypatch):
    for key in [k for k in os.environ if k.startswith("POSTROOM_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("POSTROOM_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    args = ["create-user", "--name", "Admin", "--email", "admin@example.gov.uk", "--platform-admin"]
    first = runner.invoke(main, [*args, "--password", "a long enough password"])
    assert first.exit_code == 0, first.output
    assert "Created platform admin admin@example.gov.uk" in first.output

    from postroom import runtime
    from postroom.db import db
    from postroom.domain.accounts.users import check_password, find_user_by_email

    runtime.configure(load_settings())
    with db.scope() as session:
        admin = find_user_by_email(session, "admin@example.gov.uk")
        assert admin.platform_admin is True
        assert check_password(admin, "a long enough password")

    again = runner.invoke(main, [*args, "--password", "another long password"])
    assert again.exit_code == 1
    assert "Email address already in use." in again.output


def test_create_user_refuses_a_weak_password(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTROOM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("POSTROOM_DATABASE_URL", raising=False)
    runner = CliRunner()
    runner.invoke(main, ["db", "upgrade"])
    result = runner.invoke(
        main, ["create-user", "--name", "A", "--email", "a@example.gov.uk", "--password", "short"]
    )
    assert result.exit_code == 1
    assert "password" in result.output


def _wait_for(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def running_postroom(tmp_path):
    api_port, web_port = _free_port(), _free_port()
    env = _env(tmp_path, POSTROOM_API_PORT=str(api_port), POSTROOM_WEB_PORT=str(web_port))
    process = subprocess.Popen(
        [*POSTROOM, "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a group of its own, with its children
    )
    yield {"process": process, "api": api_port, "web": web_port, "data_dir": tmp_path, "env": env}
    # Whatever is left of run and its children: killing run alone would leave them running.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_run_starts_everything_and_ctrl_c_stops_it(running_postroom):
    process = running_postroom["process"]
    status = _wait_for(f"http://127.0.0.1:{running_postroom['api']}/_status")
    assert b'"database":"ok"' in status
    home = _wait_for(f"http://127.0.0.1:{running_postroom['web']}/")
    assert b'<h1 class="govuk-heading-xl">Postroom</h1>' in home

    # The worker is killed: `run` says so and starts another, which runs the task below.
    os.kill(_child_running(process.pid, "worker"), signal.SIGKILL)

    # A task sent through the embedded broker is run by the worker `run` started.
    send = (
        "from postroom import runtime; runtime.configure();"
        "from postroom.tasks.celery_app import configure_celery; configure_celery();"
        "from postroom.tasks.health import record_heartbeat; record_heartbeat.delay('cli-test')"
    )
    subprocess.run(
        [sys.executable, "-c", send], env=running_postroom["env"], check=True, timeout=60
    )
    database = running_postroom["data_dir"] / "postroom.db"
    deadline = time.monotonic() + 30
    found = []
    while not found and time.monotonic() < deadline:
        with sqlite3.connect(database) as conn:
            found = conn.execute(
                "SELECT data FROM events WHERE event_type = 'worker-heartbeat' "
                "AND data LIKE '%cli-test%'"
            ).fetchall()
        time.sleep(0.3)
    assert found, "the worker never ran the task"

    assert len(_processes_using(running_postroom["data_dir"])) >= 5  # run + its four children
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "http://localhost:" in output
    assert "Admin API client secret (generated)" in output
    assert "beat: Starting" in output
    assert "The worker process stopped (killed by SIGKILL); starting it again" in output
    assert "Postroom stopped." in output
    assert _processes_using(running_postroom["data_dir"]) == []
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{running_postroom['api']}/_status", timeout=2)


def _child_running(parent: int, command: str) -> int:
    """The child of `parent` that runs `postroom <command>`."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError):
                continue
            if ppid == parent and command.encode() in argv:
                return int(entry.name)
    raise LookupError(f"no {command} process under {parent}")


def _processes_using(data_dir: Path) -> list[int]:
    """Processes whose environment names this data directory (every child of `run` does)."""
    marker = f"POSTROOM_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_beat_creates_a_data_directory_that_does_not_exist(tmp_path):
    """With the database, broker and secrets elsewhere nothing else makes the data directory,
    and beat keeps its schedule there."""
    data_dir = tmp_path / "not" / "yet"
    env = _env(
        data_dir,
        POSTROOM_DATABASE_URL=f"sqlite:///{tmp_path / 'postroom.db'}",
        # Never reached: beat only sends when a task is due.
        POSTROOM_BROKER_URL=f"redis://127.0.0.1:{_free_port()}/0",
        POSTROOM_SECRET_KEY="test-secret-key",
        POSTROOM_ADMIN_CLIENT_SECRETS="test-admin-secret-" + "x" * 20,
    )
    log = tmp_path / "beat.log"
    with log.open("w") as output:
        process = subprocess.Popen([*POSTROOM, "beat"], env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        while not list(data_dir.glob("celerybeat-schedule*")) and process.poll() is None:
            assert time.monotonic() < deadline, "beat never wrote its schedule"
            time.sleep(0.2)
        assert process.poll() is None, log.read_text()[-2000:]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_web_listening_beyond_this_machine_has_no_outbox(tmp_path):
    """`--host` decides, as POSTROOM_HOST does: the codes are not served to the network."""
    port = _free_port()
    env = _env(tmp_path, POSTROOM_WEB_PORT=str(port))
    subprocess.run([*POSTROOM, "db", "upgrade"], env=env, check=True, timeout=60)
    log = tmp_path / "web.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*POSTROOM, "web", "--host", "0.0.0.0"], env=env, stdout=output, stderr=output
        )
    try:
        assert b'"database":"ok"' in _wait_for(f"http://127.0.0.1:{port}/_status", timeout=60)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_dev/outbox", timeout=10)
        assert refused.value.code == 404
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def cli_on_test_database(monkeypatch, session):
    """Commands run against the test's own database (either backend) rather than configuring
    one from the environment."""
    from postroom import runtime

    monkeypatch.setattr(runtime, "configure", lambda settings=None: runtime.settings())
    return CliRunner()


def _inbound_numbers(session) -> list[tuple[str, str, bool]]:
    from postroom.models import InboundNumber

    session.expire_all()
    rows = session.query(InboundNumber).order_by(InboundNumber.number)
    return [(n.number, n.provider, n.service_id is None and n.active) for n in rows]


def test_insert_inbound_numbers_from_arguments_and_a_file(cli_on_test_database, session, tmp_path):
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("07700 900501\n\n+447700900502\n")
    result = cli_on_test_database.invoke(
        main, ["insert-inbound-numbers", "447700900500", "-f", str(numbers), "--provider", "smpp"]
    )
    assert result.exit_code == 0, result.output
    assert "Added 3 inbound numbers" in result.output
    assert _inbound_numbers(session) == [
        ("447700900500", "smpp", True),
        ("447700900501", "smpp", True),
        ("447700900502", "smpp", True),
    ]


def test_insert_inbound_numbers_adds_none_when_one_is_wrong(cli_on_test_database, session):
    cli_on_test_database.invoke(main, ["insert-inbound-numbers", "447700900500"])
    result = cli_on_test_database.invoke(
        main, ["insert-inbound-numbers", "447700900501", "07700 900500"]
    )
    assert result.exit_code == 1
    assert "447700900500 is already an inbound number" in result.output
    bad = cli_on_test_database.invoke(main, ["insert-inbound-numbers", "447700900502", "call me"])
    assert bad.exit_code == 1 and "short code" in bad.output
    assert _inbound_numbers(session) == [("447700900500", "simulated-sms", True)]
