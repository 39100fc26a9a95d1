"""Schema pieces used by more than one area."""

from __future__ import annotations

UUID = {"type": "string", "format": "uuid"}
NULLABLE_UUID = {"type": ["string", "null"], "format": "uuid"}
DATETIME = {"type": "string", "description": "UTC date and time, ISO 8601"}
NULLABLE_DATETIME = {"type": ["string", "null"]}
NON_EMPTY_STRING = {"type": "string", "minLength": 1}


def data_of(schema: dict) -> dict:
    """`{"data": <schema>}`, the envelope most admin responses use."""
    return {"type": "object", "required": ["data"], "properties": {"data": schema}}


def list_of(item: dict) -> dict:
    return data_of({"type": "array", "items": item})


def strict_object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    """An object that refuses unknown fields, so a typo is an error and not silently ignored."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }
