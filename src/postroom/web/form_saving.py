"""Saving a form through the domain: committed when the domain agrees; when it refuses, rolled
back and its messages shown on the form, each beside its field, the rest on a default one."""

from __future__ import annotations

from postroom.db import db
from postroom.domain.vocabulary.errors import InvalidRequest


def add_domain_errors(form, error: InvalidRequest, *, default_field: str) -> None:
    messages = error.message if isinstance(error.message, dict) else {None: [error.message]}
    for name, field_messages in messages.items():
        field = form[name] if name in form else form[default_field]
        for message in field_messages if isinstance(field_messages, list) else [field_messages]:
            field.errors = [*field.errors, str(message)]


class Saving:
    """The one way a view saves a form:

        with Saving(form, default_field="name") as saving:
            key = api_keys.create_api_key(...)
        if saving.saved:
            return redirect(...)

    Only the domain's refusals (InvalidRequest) are caught; anything else is a fault. Refusals
    of the kinds in `committed_refusals` are committed all the same (a wrong password counts
    towards locking the account)."""

    def __init__(
        self, form, *, default_field: str, committed_refusals: tuple[type, ...] = ()
    ) -> None:
        self.form, self.default_field = form, default_field
        self.committed_refusals = committed_refusals
        self.saved = False

    def __enter__(self) -> Saving:
        return self

    def __exit__(self, exc_type, error, _traceback) -> bool:
        if exc_type is None:
            db.session.commit()
            self.saved = True
            return False
        if not issubclass(exc_type, InvalidRequest):
            return False
        if issubclass(exc_type, self.committed_refusals):
            db.session.commit()
        else:
            db.session.rollback()
        add_domain_errors(self.form, error, default_field=self.default_field)
        return True
