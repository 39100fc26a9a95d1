"""Forms for team members, invitations and your own account (Flask-WTF: each carries a CSRF
token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from postroom.domain.vocabulary.permissions import (
    MANAGE_API_KEYS,
    MANAGE_SERVICE,
    MANAGE_TEMPLATES,
    SEND_MESSAGES,
    VIEW_ACTIVITY,
)
from postroom.domain.vocabulary.users import EMAIL_AUTH_TYPE, SMS_AUTH_TYPE

# The interface's five permissions, in the words GOV.UK Notify uses for them.
PERMISSION_LABELS = {
    VIEW_ACTIVITY: "See dashboard",
    SEND_MESSAGES: "Send messages",
    MANAGE_TEMPLATES: "Add and edit templates",
    MANAGE_SERVICE: "Manage settings, team and usage",
    MANAGE_API_KEYS: "Manage API integration",
}
AUTH_TYPE_LABELS = {SMS_AUTH_TYPE: "Text message code", EMAIL_AUTH_TYPE: "Email code"}


class PermissionsForm(FlaskForm):
    """What a team member may do: the part an invitation and a change of permissions share."""

    permissions = SelectMultipleField(
        "Permissions",
        choices=[SelectChoice(v, label) for v, label in PERMISSION_LABELS.items()],
        validate_choice=True,
    )
    # Its choices, the service's folders, are set by the view before validating.
    folder_permissions = SelectMultipleField("Folders this team member can see", choices=[])
    auth_type = RadioField(
        "Sign-in method",
        choices=[SelectChoice(v, label) for v, label in AUTH_TYPE_LABELS.items()],
        default=SMS_AUTH_TYPE,
        validate_choice=False,  # the domain says which are allowed
    )


class InviteForm(PermissionsForm):
    email_address = EmailField("Email address", validators=[DataRequired("Enter an email address")])


def _name_field() -> StringField:
    return StringField(
        "Full name",
        validators=[
            DataRequired("Enter your name"),
            Length(max=255, message="Name must be 255 characters or fewer"),
        ],
    )


def _password_field(label: str = "Password", message: str = "Enter your password"):
    return PasswordField(label, validators=[DataRequired(message)])


class RegisterFromInvitationForm(FlaskForm):
    name = _name_field()
    mobile_number = StringField("Mobile number")
    password = _password_field(message="Enter a password")


class ForgotPasswordForm(FlaskForm):
    email_address = EmailField(
        "Email address", validators=[DataRequired("Enter your email address")]
    )


class NewPasswordForm(FlaskForm):
    password = _password_field("New password", "Enter a new password")


class ChangeNameForm(FlaskForm):
    name = _name_field()


class ChangeEmailForm(FlaskForm):
    email_address = EmailField(
        "New email address", validators=[DataRequired("Enter an email address")]
    )
    password = _password_field()


class ChangeMobileForm(FlaskForm):
    mobile_number = StringField("New mobile number")
    password = _password_field()


class ChangePasswordForm(FlaskForm):
    current_password = _password_field("Current password", "Enter your current password")
    new_password = _password_field("New password", "Enter a new password")
