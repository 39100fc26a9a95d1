"""What the benchmarks share: figures, and a migrated database with a live service."""

from __future__ import annotations

import uuid
from contextlib import contextmanager


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
