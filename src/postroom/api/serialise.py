"""Turning stored values into JSON values, the same way everywhere (times: `dates.iso`)."""

from __future__ import annotations

import uuid


def ident(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)
