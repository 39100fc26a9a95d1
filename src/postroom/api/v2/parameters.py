"""Query parameters and path values of the public API, checked as GOV.UK Notify checks them: as
one JSON object against a schema that allows no other names, worded as Notify words schema errors
(`status elephant is not one of [cancelled, created, ...]`, `older_than is not a valid UUID`,
`Additional properties are not allowed (colour was unexpected)`), each a `ValidationError`.

A malformed id in a path is such an error too (400, `notification_id is not a valid UUID`), not
a 404: routes take any path segment and `check_path_values` reads them once the caller is known
to be a service."""

from __future__ import annotations

import uuid

from flask import request
from jsonschema import Draft7Validator

from postroom.api.openapi import NUL_MESSAGE, Operation
from postroom.api.v2.validation import V2ValidationErrors
from postroom.models.base import LARGEST_INTEGER

# Notify's `uuid` definition: the hyphenated form only.
UUID_VALUE = {
    "type": "string",
    "pattern": "^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$",
    "validationMessage": "is not a valid UUID",
}
# Notify's template version: an integer from 1 (and, here, one the database can hold).
VERSION_VALUE = {"type": ["integer", "null"], "minimum": 1, "maximum": LARGEST_INTEGER}
# Notify's only flag, `include_jobs`, is switched on by these words and has no off.
FLAG_VALUE = {"enum": ["true", "True"]}

# Path values by the name of the route's variable: the name Notify's messages give it, and what
# it must be.
PATH_VALUES = {
    "notification_id": ("notification_id", UUID_VALUE),
    "job_id": ("job_id", UUID_VALUE),
    "template_id": ("id", UUID_VALUE),
    "version": ("version", VERSION_VALUE),
}


def notify_message(error) -> str:
    """Notify's wording of a schema error: the first name on its path, then the schema's own
    `validationMessage` or else jsonschema's message with its quotes taken out."""
    first = error.absolute_path[0] if error.absolute_path else ""
    if "validationMessage" in error.schema:
        return f"{first} {error.schema['validationMessage']}".strip()
    message = (str(error.cause) if error.cause else error.message).replace("'", "")
    return f"{first} {message}".strip()


def validate_as_notify(data: dict, schema: dict) -> dict:
    messages = [notify_message(e) for e in Draft7Validator(schema).iter_errors(data)]
    if messages:
        raise V2ValidationErrors(list(dict.fromkeys(messages)))  # each message once, as Notify
    return data


def _notify_schema(schema: dict) -> dict:
    """The rule Notify applies to a parameter the OpenAPI document declares with `schema`."""
    if schema.get("type") == "array":
        return {"type": "array", "items": _notify_schema(schema["items"])}
    if schema.get("format") == "uuid":
        return UUID_VALUE
    if schema.get("type") == "boolean":
        return FLAG_VALUE
    return {key: value for key, value in schema.items() if key != "default"}


def _value(raw, schema: dict):
    if raw is None:
        return schema.get("default")
    if schema.get("format") == "uuid":
        return uuid.UUID(raw)
    if schema.get("type") == "boolean":
        return True
    return raw


def parse_query(operation: Operation) -> dict:
    """The query parameters `operation` declares; any other name, or a value that breaks its
    rule, is refused. A parameter declared as an array takes every value given for it."""
    declared = operation.query
    data = {
        name: values if declared.get(name, {}).get("type") == "array" else values[0]
        for name, values in request.args.to_dict(flat=False).items()
    }
    for name, values in request.args.lists():
        if any("\x00" in value for value in values):  # PostgreSQL cannot compare text with it
            raise V2ValidationErrors([f"{name} {NUL_MESSAGE[0].lower()}{NUL_MESSAGE[1:]}"])
    validate_as_notify(
        data,
        {
            "type": "object",
            "properties": {name: _notify_schema(schema) for name, schema in declared.items()},
            "additionalProperties": False,
        },
    )
    return {name: _value(data.get(name), schema) for name, schema in declared.items()}


def check_path_values() -> None:
    """Ids and versions in the path, checked and turned into what the views take."""
    arguments = request.view_args or {}
    present = [key for key in PATH_VALUES if key in arguments]
    if not present:
        return
    data = {PATH_VALUES[key][0]: _typed(arguments[key]) for key in present}
    validate_as_notify(
        data,
        {
            "type": "object",
            "properties": {name: rule for name, rule in PATH_VALUES.values() if name in data},
        },
    )
    for key in present:
        value = data[PATH_VALUES[key][0]]
        arguments[key] = uuid.UUID(value) if PATH_VALUES[key][1] is UUID_VALUE else value


def _typed(segment: str):
    """A path segment of digits is a number, as Flask's `int` converter makes it for Notify."""
    return int(segment) if segment.isascii() and segment.isdigit() else segment
