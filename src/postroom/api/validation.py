"""Request validation against JSON Schema, with messages that say which field is wrong and why."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from postroom.domain.vocabulary.errors import InvalidRequest

FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    if isinstance(value, str):
        uuid.UUID(value)
    return True


_TYPE_NAMES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "list",
    "object": "object",
}


def _describe(error) -> tuple[str, str]:
    """The field an error is about and a sentence for it."""
    path = [str(p) for p in error.absolute_path]
    field = ".".join(path) or "body"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return ".".join([*path, missing]), "Missing data for required field."
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return ".".join([*path, extra[0]]) if extra else field, "Unknown field."
    if error.validator == "type":
        expected = error.validator_value
        expected = (
            expected if isinstance(expected, str) else next(t for t in expected if t != "null")
        )
        return field, f"Not a valid {_TYPE_NAMES.get(expected, expected)}."
    if error.validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value if c is not None)
        return field, f"Must be one of: {choices}."
    if error.validator == "format":
        return field, f"Not a valid {error.validator_value}."
    if error.validator == "minLength":
        if error.validator_value == 1:
            return field, "Can not be empty."
        return field, f"Shorter than minimum length {error.validator_value}."
    if error.validator == "maxLength":
        return field, f"Longer than maximum length {error.validator_value}."
    if error.validator == "minimum":
        return field, f"Must be greater than or equal to {error.validator_value}."
    if error.validator == "maximum":
        return field, f"Must be less than or equal to {error.validator_value}."
    if "description" in error.schema:
        return field, error.schema["description"]
    return field, error.message


def validate(instance: Any, schema: dict) -> Any:
    """Return `instance` when it matches `schema`; raise InvalidRequest naming each bad field."""
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errors:
        messages: dict[str, list[str]] = {}
        for error in errors:
            field, message = _describe(error)
            messages.setdefault(field, []).append(message)
        raise InvalidRequest(messages)
    return instance


def parse_query_value(name: str, raw: str, schema: dict) -> Any:
    """Turn one query-string value into the type its schema declares."""
    kind = schema.get("type")
    if kind == "array":
        # Repeated (`?status=a&status=b`) or comma-separated (`?status=a,b`) values.
        return [parse_query_value(name, part, schema["items"]) for part in raw.split(",") if part]
    try:
        if kind == "boolean":
            lowered = raw.lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ValueError
        if kind == "integer":
            value = int(raw)
            if "minimum" in schema and value < schema["minimum"]:
                raise InvalidRequest(
                    {name: [f"Must be greater than or equal to {schema['minimum']}."]}
                )
            if "maximum" in schema and value > schema["maximum"]:
                raise InvalidRequest(
                    {name: [f"Must be less than or equal to {schema['maximum']}."]}
                )
            return value
        if schema.get("format") == "date":
            return date.fromisoformat(raw)
        if schema.get("format") == "uuid":
            return uuid.UUID(raw)
    except ValueError as error:
        expected = schema.get("format") or kind
        hint = " (YYYY-MM-DD)" if expected == "date" else ""
        raise InvalidRequest({name: [f"Not a valid {expected}{hint}."]}) from error
    if "enum" in schema and raw not in schema["enum"]:
        raise InvalidRequest({name: [f"Must be one of: {', '.join(schema['enum'])}."]})
    return raw
