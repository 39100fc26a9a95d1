"""Keyset paging, newest first, as the public API pages: `older_than=<id>` continues after that
row, however many rows arrive meanwhile, at the same cost on page one and page ten thousand."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session

PAGE_SIZE = 250


def newest_first_page(
    session: Session,
    model,
    service_id: uuid.UUID,
    older_than: uuid.UUID | None,
    query: Select | None = None,
) -> list:
    """One page of `model`'s rows for the service, newest first, after the row `older_than`
    (an id of another service's row, or an unknown id, gives an empty page)."""
    query = query if query is not None else select(model)
    query = (
        query.where(model.service_id == service_id)
        .order_by(model.created_at.desc(), model.id.desc())
        .limit(PAGE_SIZE)
    )
    if older_than is not None:
        anchor = session.get(model, older_than)
        if anchor is None or anchor.service_id != service_id:
            return []
        query = query.where(
            tuple_(model.created_at, model.id) < tuple_(anchor.created_at, anchor.id)
        )
    return list(session.scalars(query))
