"""Domain errors shown on a form: each message next to its field, the rest on a default one."""

from __future__ import annotations

from postroom.domain.vocabulary.errors import InvalidRequest


def add_domain_errors(form, error: InvalidRequest, *, default_field: str) -> None:
    messages = error.message if isinstance(error.message, dict) else {None: [error.message]}
    for name, field_messages in messages.items():
        field = form[name] if name in form else form[default_field]
        for message in field_messages if isinstance(field_messages, list) else [field_messages]:
            field.errors = [*field.errors, str(message)]
