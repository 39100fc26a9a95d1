"""Forms of a service's settings pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from postroom.domain.vocabulary.notification_types import (
    EDIT_FOLDER_PERMISSIONS,
    EMAIL,
    EMAIL_AUTH,
    INBOUND_SMS,
    INTERNATIONAL_LETTERS,
    INTERNATIONAL_SMS,
    LETTER,
    SMS,
    SMS_TO_UK_LANDLINES,
)
from postroom.models.base import LARGEST_INTEGER


class NameForm(FlaskForm):
    value = StringField(
        "Service name",
        validators=[
            DataRequired("Enter a service name"),
            Length(max=255, message="Service name must be 255 characters or fewer"),
        ],
    )


class ContactLinkForm(FlaskForm):
    value = StringField(
        "URL, email address or phone number",
        validators=[DataRequired("Enter how recipients can contact you")],
    )


class EmailSenderNameForm(FlaskForm):
    value = StringField(
        "Sender name",
        validators=[Length(max=255, message="Sender name must be 255 characters or fewer")],
    )


class SmsSenderForm(FlaskForm):
    value = StringField(
        "Text message sender",
        validators=[DataRequired("Enter a text message sender")],
    )


class AddSmsSenderForm(FlaskForm):
    sms_sender = StringField(
        "Text message sender", validators=[DataRequired("Enter a text message sender")]
    )
    is_default = BooleanField("Make this text message sender the default")


class ReplyToForm(FlaskForm):
    email_address = StringField(
        "Reply-to email address", validators=[DataRequired("Enter an email address")]
    )
    is_default = BooleanField("Make this email address the default")


def _volume(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(f"Enter how many {label.lower()} you expect to send, or 0"),
            NumberRange(min=0, max=LARGEST_INTEGER, message="Enter a number of 0 or more"),
        ],
    )


class EstimateUsageForm(FlaskForm):
    volume_email = _volume("Emails")
    volume_sms = _volume("Text messages")
    volume_letter = _volume("Letters")
    consent_to_research = RadioField(
        "Can we contact you about research into how you use Postroom?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[Optional()],
        validate_choice=False,
    )


# The permissions a service's managers may switch; platform admins may switch the others too.
TEAM_PERMISSIONS = {
    EMAIL: "Send emails",
    SMS: "Send text messages",
    LETTER: "Send letters",
    INTERNATIONAL_SMS: "Send text messages to international numbers",
    SMS_TO_UK_LANDLINES: "Send text messages to UK landlines",
    EMAIL_AUTH: "Team members can sign in with an email code",
    EDIT_FOLDER_PERMISSIONS: "Folder permissions for team members",
}
ADMIN_PERMISSIONS = {
    INBOUND_SMS: "Receive text messages",
    INTERNATIONAL_LETTERS: "Send letters to international addresses",
}


class PermissionsForm(FlaskForm):
    permissions = SelectMultipleField(
        "What this service can do",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )


def _whole_number(label: str, minimum: int = 0) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(f"Enter a number for {label.lower()}"),
            NumberRange(
                min=minimum,
                max=LARGEST_INTEGER,
                message=f"Enter a number of {minimum} or more",
            ),
        ],
    )


class DataRetentionForm(FlaskForm):
    email = _whole_number("Emails", 1)
    sms = _whole_number("Text messages", 1)
    letter = _whole_number("Letters", 1)


class MessageLimitsForm(FlaskForm):
    email_message_limit = _whole_number("Emails a day")
    sms_message_limit = _whole_number("Text messages a day")
    letter_message_limit = _whole_number("Letters a day")
    international_sms_message_limit = _whole_number("International text messages a day")


class BillingDetailsForm(FlaskForm):
    billing_contact_email_addresses = StringField("Contact email addresses")
    billing_contact_names = StringField("Contact names")
    billing_reference = StringField(
        "Reference",
        validators=[Length(max=255, message="Reference must be 255 characters or fewer")],
    )
    purchase_order_number = StringField(
        "Purchase order number",
        validators=[
            Length(max=255, message="Purchase order number must be 255 characters or fewer")
        ],
    )


class LetterContactForm(FlaskForm):
    contact_block = TextAreaField(
        "Sender address", validators=[DataRequired("Enter a sender address")]
    )
    is_default = BooleanField("Make this the default sender address")


class BrandingForm(FlaskForm):
    """Choices are set per request, from the brandings and organisations that exist."""

    email_branding = RadioField("Email branding", validate_choice=True)
    letter_branding = RadioField("Letter branding", validate_choice=True)
    organisation = RadioField("Organisation", validate_choice=True)
