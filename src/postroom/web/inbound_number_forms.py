"""Forms of the platform admin's inbound numbers page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional


class AddInboundNumbersForm(FlaskForm):
    numbers = TextAreaField(
        "Numbers to add, one a line", validators=[DataRequired("Enter at least one number")]
    )
    provider = StringField("Provider they arrive through", validators=[Optional()])


class AllocateInboundNumberForm(FlaskForm):
    """Choices are set per request: services without a number, and the available numbers."""

    service = SelectField("Service", validators=[InputRequired("Choose a service")])
    inbound_number = SelectField("Number", validators=[InputRequired("Choose a number")])
