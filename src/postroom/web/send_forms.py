"""The form for sending one message: the recipient (a letter's address lines) and a field for
each placeholder, made for the template in hand."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from postroom.domain.vocabulary.notification_types import EMAIL, LETTER
from postroom.text.placeholders import normalise_name

RECIPIENT = "recipient"
ADDRESS_LINES = tuple(f"address_line_{n}" for n in range(1, 8))
_ADDRESS_KEYS = {normalise_name(name) for name in (*ADDRESS_LINES, "postcode")}


def not_address(placeholders: list[str]) -> list[str]:
    """A letter's placeholders other than its address (which has fields of its own)."""
    return [name for name in placeholders if normalise_name(name) not in _ADDRESS_KEYS]


def one_off_form(template_type: str, placeholders: list[str], data: dict | None = None):
    """A form class with `recipient` then one field per placeholder, named by position (names
    may hold characters a form field cannot), labelled with the placeholder's own name."""

    class OneOffForm(FlaskForm):
        pass

    if template_type == LETTER:  # the address rules are checked on the whole address
        for n, name in enumerate(ADDRESS_LINES, start=1):
            setattr(OneOffForm, name, StringField(f"Address line {n}"))
    else:
        recipient_label = "Email address" if template_type == EMAIL else "Phone number"
        setattr(
            OneOffForm,
            RECIPIENT,
            StringField(
                recipient_label, validators=[DataRequired(f"Enter a {recipient_label.lower()}")]
            ),
        )
    for index, name in enumerate(placeholders):
        setattr(
            OneOffForm,
            f"placeholder_{index}",
            StringField(name, validators=[DataRequired(f"Enter {name}")]),
        )
    return OneOffForm(data=data)


def values_of(form, placeholders: list[str]) -> dict[str, str]:
    """The placeholders' values, and a letter's address lines (the ones filled in)."""
    values = {name: (form[name].data or "").strip() for name in ADDRESS_LINES if name in form}
    values = {name: value for name, value in values.items() if value}
    values.update({name: form[f"placeholder_{i}"].data for i, name in enumerate(placeholders)})
    return values
