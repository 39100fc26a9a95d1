"""Forms for templates and template folders (Flask-WTF: each carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    LETTER,
    NOTIFICATION_TYPES,
    SMS,
    type_name,
)

TYPE_LABELS = {t: type_name(t).capitalize() for t in NOTIFICATION_TYPES}
TOP_LEVEL = "top"  # the value of the "move to" choice that means no folder


def _name_field(label: str, message: str) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(message),
            Length(max=255, message=f"{label} must be 255 characters or fewer"),
        ],
    )


class ChooseTemplateTypeForm(FlaskForm):
    template_type = RadioField(
        "What type of template do you want to add?",
        validate_choice=False,
        validators=[InputRequired("Select a type of template")],
    )

    def __init__(self, allowed_types: list[str], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template_type.choices = [
            SelectChoice(t, TYPE_LABELS[t]) for t in (EMAIL, SMS, LETTER) if t in allowed_types
        ]

    def validate_template_type(self, field) -> None:
        _check_chosen(field, "Select a type of template")


class SmsTemplateForm(FlaskForm):
    name = _name_field("Template name", "Enter a template name")
    content = TextAreaField("Message", validators=[DataRequired("Enter a message")])


class EmailTemplateForm(FlaskForm):
    name = _name_field("Template name", "Enter a template name")
    subject = TextAreaField(
        "Subject line of the email", validators=[DataRequired("Enter a subject line")]
    )
    content = TextAreaField("Message", validators=[DataRequired("Enter a message")])


# The postage a letter template can choose; international postage follows the address.
LETTER_POSTAGE = {"first": "First class", "second": "Second class", "economy": "Economy mail"}


class LetterTemplateForm(FlaskForm):
    name = _name_field("Template name", "Enter a template name")
    subject = TextAreaField("Main heading", validators=[DataRequired("Enter a main heading")])
    content = TextAreaField("Body", validators=[DataRequired("Enter the body of the letter")])
    # A letter made without choosing goes second class, so no answer is not an error.
    postage = RadioField(
        "Postage",
        choices=[SelectChoice(value, label) for value, label in LETTER_POSTAGE.items()],
        default="second",
        validate_choice=False,
        validators=[lambda form, field: _check_chosen(field, "Choose the postage")],
    )


def _check_chosen(field, message: str) -> None:
    """One message, ours, for a choice that is not one of the field's."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(message)


TEMPLATE_FORMS = {SMS: SmsTemplateForm, EMAIL: EmailTemplateForm, LETTER: LetterTemplateForm}


class FolderNameForm(FlaskForm):
    name = _name_field("Folder name", "Enter a folder name")


class MoveForm(FlaskForm):
    items = SelectMultipleField("Select templates and folders to move", validate_choice=False)
    move_to = RadioField(
        "Move to", validate_choice=False, validators=[InputRequired("Select a folder")]
    )

    def __init__(self, items: list[tuple[str, str]], folders: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.items.choices = [SelectChoice(value, label) for value, label in items]
        self.move_to.choices = [
            SelectChoice(value, label)
            for value, label in [(TOP_LEVEL, "Templates (not in a folder)"), *folders]
        ]

    def validate_items(self, field) -> None:
        if not field.data:
            raise ValidationError("Select at least one template or folder")
        if not set(field.data) <= {choice.value for choice in field.choices}:
            raise ValidationError("Select templates and folders from this page")

    def validate_move_to(self, field) -> None:
        _check_chosen(field, "Select a folder")
