"""History rows for versioned entities: every change to a service, template, API key or callback
is kept as a numbered version."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from postroom.models import (
    ApiKey,
    ApiKeyHistory,
    Service,
    ServiceCallback,
    ServiceCallbackHistory,
    ServiceHistory,
    Template,
    TemplateHistory,
)

HISTORY_OF = {
    Service: ServiceHistory,
    Template: TemplateHistory,
    ApiKey: ApiKeyHistory,
    ServiceCallback: ServiceCallbackHistory,
}


def save_version(session: Session, entity, *, new: bool = False) -> None:
    """Save `entity` and a history row for it; bump its version unless it is new.

    The database adds one to the version it holds, so two changes saved at once make two
    versions rather than two rows with the same number; the history row copies the row as
    saved, with the other change's columns too."""
    history_class = HISTORY_OF[type(entity)]
    if not new:
        entity.version = type(entity).version + 1
    elif entity.version is None:
        entity.version = 1
    session.add(entity)
    session.flush()  # fills defaults (id, created_at) before they are copied
    if not new:
        session.refresh(entity)
    columns = {c.key for c in inspect(history_class).mapper.column_attrs}
    session.add(history_class(**{key: getattr(entity, key) for key in columns}))
