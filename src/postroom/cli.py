"""The `postroom` command: run everything, or one process at a time, and look after the database."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from postroom import migrate, runtime
from postroom.config import DEFAULT_HOST, load_settings
from postroom.domain.vocabulary.users import EMAIL_AUTH_TYPE, SMS_AUTH_TYPE
from postroom.supervision import Supervisor


@click.group()
def main() -> None:
    """Postroom: a self-hosted notification service for public services."""


@main.command()
def run() -> None:
    """Start the API, the web interface, a worker and the scheduler on the embedded default."""
    settings = load_settings()
    migrate.upgrade(settings.database_url)
    click.echo(f"Postroom API:           http://localhost:{settings.api_port}")
    click.echo(f"Postroom web interface: http://localhost:{settings.web_port}")
    click.echo(f"Data directory:         {settings.data_dir}")
    if settings.admin_secrets_generated:
        click.echo(f"Admin API client secret (generated): {settings.admin_client_secrets[0]}")
    commands = {
        name: [sys.executable, "-m", "postroom.cli", *args]
        for name, args in (
            ("api", ["api", "--workers", "2"]),
            ("web", ["web", "--workers", "1"]),
            ("worker", ["worker"]),
            ("beat", ["beat"]),
        )
    }
    code = Supervisor(commands, say=lambda line: click.echo(line, err=True)).run()
    click.echo("Postroom stopped.")
    sys.exit(code)


def _server_options(default_workers: int):
    def decorate(command):
        command = click.option(
            "--host", default=lambda: os.environ.get("POSTROOM_HOST") or DEFAULT_HOST
        )(command)
        command = click.option("--workers", type=int, default=default_workers, show_default=True)(
            command
        )
        command = click.option("--threads", type=int, default=4, show_default=True)(command)
        return command

    return decorate


@main.command()
@_server_options(default_workers=2)
def api(host: str, workers: int, threads: int) -> None:
    """Serve the API (public API v2, admin API, receipts)."""
    from postroom.api import create_app
    from postroom.serve import serve

    serve(create_app, host=host, port=load_settings().api_port, workers=workers, threads=threads)


@main.command()
@_server_options(default_workers=1)
def web(host: str, workers: int, threads: int) -> None:
    """Serve the web interface."""
    from postroom.serve import serve
    from postroom.web import create_app

    # The development outbox is shown only while this is a loopback address.
    settings = replace(load_settings(), host=host)
    serve(
        lambda: create_app(settings),
        host=host,
        port=settings.web_port,
        workers=workers,
        threads=threads,
    )


@main.command()
@click.option("--queues", "-Q", default=None, help="Comma-separated queues (default: all).")
@click.option("--concurrency", "-c", type=int, default=4, show_default=True)
def worker(queues: str | None, concurrency: int) -> None:
    """Run a Celery worker: delivery, receipts, callbacks, jobs, reports."""
    from postroom.tasks.celery_app import QUEUES, configure_celery

    settings = runtime.configure()
    celery = configure_celery(settings)
    # SQLite allows one writer at a time: threads share it politely; processes suit servers.
    pool = "threads" if settings.embedded_broker or settings.is_sqlite else "prefork"
    if pool == "threads":  # one process: bind now (prefork children bind as they start)
        from postroom.tasks.delivery import bind_to_smsc

        bind_to_smsc()
    celery.worker_main(
        [
            "worker",
            "--loglevel=INFO",
            f"--queues={queues or ','.join(QUEUES)}",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
        ]
    )


@main.command()
def beat() -> None:
    """Run the scheduler: timeouts, nightly statistics and billing, retention."""
    from postroom.tasks.celery_app import configure_celery

    settings = runtime.configure()
    # Beat keeps its schedule there, whatever holds the database and the broker.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    celery = configure_celery(settings)
    celery.start(["beat", "--loglevel=INFO"])


@main.group()
def db() -> None:
    """Database commands."""


@db.command()
def upgrade() -> None:
    """Migrate the database to the newest schema."""
    settings = load_settings()
    migrate.upgrade(settings.database_url)
    click.echo("Database is up to date.")


def _refused(error) -> None:
    """Say what the domain refused, field by field, and stop with an error."""
    messages = error.message if isinstance(error.message, dict) else {"error": [error.message]}
    for field, problems in messages.items():
        click.echo(f"{field}: {' '.join(problems)}", err=True)
    sys.exit(1)


@main.command("create-user")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--mobile", default=None, help="Mobile number, for text message sign-in.")
@click.option("--platform-admin", is_flag=True, help="May see every service and make them live.")
def create_user(
    name: str, email: str, password: str, mobile: str | None, platform_admin: bool
) -> None:
    """Create a user (the first platform admin, typically)."""
    from postroom.db import db as database
    from postroom.domain.accounts.users import create_user as create
    from postroom.domain.vocabulary.errors import InvalidRequest

    runtime.configure()
    try:
        with database.scope() as session:
            user = create(
                session,
                name=name,
                email_address=email,
                password=password,
                mobile_number=mobile,
                auth_type=SMS_AUTH_TYPE if mobile else EMAIL_AUTH_TYPE,
                platform_admin=platform_admin,
            )
            user_id = user.id
    except InvalidRequest as error:
        _refused(error)
    role = "platform admin" if platform_admin else "user"
    click.echo(f"Created {role} {email} ({user_id}).")


@main.command("insert-inbound-numbers")
@click.argument("numbers", nargs=-1)
@click.option(
    "--file",
    "-f",
    "number_file",
    type=click.File(),
    help="A file of numbers, one a line (07700 900123, 447700900123 or a short code).",
)
@click.option(
    "--provider", default=None, help="What they arrive through (default: smpp if set up)."
)
def insert_inbound_numbers(numbers: tuple[str, ...], number_file, provider: str | None) -> None:
    """Add numbers services can receive text messages on: all of them, or none."""
    from postroom.db import db as database
    from postroom.domain.services.inbound_numbers import add_numbers
    from postroom.domain.vocabulary.errors import InvalidRequest

    wanted = [*numbers, *(number_file.read().splitlines() if number_file else [])]
    runtime.configure()
    try:
        with database.scope() as session:
            added = [number.number for number in add_numbers(session, wanted, provider)]
    except InvalidRequest as error:
        _refused(error)
    click.echo(f"Added {len(added)} inbound numbers: {', '.join(added)}")


if __name__ == "__main__":
    main()
