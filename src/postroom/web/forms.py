"""The web interface's forms (Flask-WTF: every one carries a CSRF token). Messages as GOV.UK
Notify words them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Regexp

from postroom.domain import organisation_types


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
    organisation_type = RadioField(
        "Who runs this service?",
        choices=[SelectChoice(v, label) for v, label in organisation_types.LABELS.items()],
        validate_choice=False,  # one message, ours, when nothing or something odd is chosen
        validators=[
            InputRequired("Select the type of organisation"),
            AnyOf(organisation_types.ORGANISATION_TYPES, "Select the type of organisation"),
        ],
    )
