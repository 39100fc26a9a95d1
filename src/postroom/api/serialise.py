"""Turning stored values into JSON values, the same way everywhere."""

from __future__ import annotations

import uuid
from datetime import datetime


def iso(value: datetime | None) -> str | None:
    """Stored UTC times as ISO 8601 with a Z: `2023-01-01T00:00:00.000000Z`."""
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ident(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)
