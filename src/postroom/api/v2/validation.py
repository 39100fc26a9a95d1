"""Validation of v2 request bodies with GOV.UK Notify's messages (`template_id is a required
property`, `sms_sender_id is not a valid UUID`, ...), each a `ValidationError`."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from postroom.api.v2.errors import ValidationError
from postroom.api.validation import FORMAT_CHECKER


def _message(error) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        return f"{error.message.split(chr(39))[1]} is a required property"
    if error.validator == "additionalProperties":
        return error.message
    if error.validator == "format" and error.validator_value == "uuid":
        return f"{path} is not a valid UUID"
    if error.validator == "type":
        return f"{path} {error.instance!r} is not of type {error.validator_value}".replace("'", "")
    if "description" in error.schema:
        return f"{path} {error.schema['description']}"
    return f"{path} {error.message}".strip()


class V2ValidationErrors(ValidationError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0])
        self.messages = messages


def validate_v2(body: object, schema: dict) -> dict:
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        raise V2ValidationErrors([_message(e) for e in errors])
    return body
