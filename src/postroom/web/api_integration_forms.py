"""Forms of the API integration pages: keys, the guest list and callbacks."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length

from postroom.domain.notification_types import KEY_TYPE_NORMAL, KEY_TYPE_TEAM, KEY_TYPE_TEST
from postroom.web.forms import required_choice

KEY_TYPE_LABELS = {
    KEY_TYPE_NORMAL: "Live – sends to anyone",
    KEY_TYPE_TEAM: "Team and guest list – limits who you can send to",
    KEY_TYPE_TEST: "Test – pretends to send messages",
}


class CreateKeyForm(FlaskForm):
    name = StringField(
        "Name for this key",
        validators=[
            DataRequired("Enter a name for this key"),
            Length(max=255, message="Name must be 255 characters or fewer"),
        ],
    )
    key_type = required_choice("Type of key", KEY_TYPE_LABELS, "Select a type of key")


class GuestListForm(FlaskForm):
    email_addresses = TextAreaField("Email addresses (one on each line)")
    phone_numbers = TextAreaField("Mobile numbers (one on each line)")


class CallbackForm(FlaskForm):
    url = URLField("URL")
    bearer_token = PasswordField("Bearer token")
