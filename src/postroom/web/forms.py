"""The web interface's forms (Flask-WTF: every one carries a CSRF token). Messages as GOV.UK
Notify words them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Regexp

from postroom.domain.vocabulary import organisation_types


class ConfirmForm(FlaskForm):
    """A confirmation step (delete, revoke, send...): nothing but the CSRF token."""


def required_choice(label: str, choices: dict[str, str], message: str, **options) -> RadioField:
    """Radios whose answer must be one of `choices` (value to label), with one message, ours,
    whether nothing or something unknown was sent."""
    return RadioField(
        label,
        choices=[SelectChoice(value, text) for value, text in choices.items()],
        validate_choice=False,
        validators=[InputRequired(message), AnyOf(tuple(choices), message)],
        **options,
    )


class SignInForm(FlaskForm):
    email_address = EmailField(
        "Email address", validators=[DataRequired("Enter your email address")]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class TwoFactorForm(FlaskForm):
    code = StringField(
        "Security code",
        validators=[
            DataRequired("Enter your security code"),
            Regexp(r"^\s*\d{6}\s*$", message="Security code must be 6 digits"),
        ],
    )


class AddServiceForm(FlaskForm):
    name = StringField(
        "Service name",
        validators=[
            DataRequired("Enter a service name"),
            Length(max=255, message="Service name must be 255 characters or fewer"),
        ],
    )
    organisation_type = required_choice(
        "Who runs this service?", organisation_types.LABELS, "Select the type of organisation"
    )
