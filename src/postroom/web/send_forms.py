"""The form for sending one message: the recipient and a field for each placeholder, made for
the template in hand."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from postroom.domain.vocabulary.notification_types import EMAIL

RECIPIENT = "recipient"


def one_off_form(template_type: str, placeholders: list[str], data: dict | None = None):
    """A form class with `recipient` then one field per placeholder, named by position (names
    may hold characters a form field cannot), labelled with the placeholder's own name."""

    class OneOffForm(FlaskForm):
        pass

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
    return {name: form[f"placeholder_{i}"].data for i, name in enumerate(placeholders)}
