"""Platform admins: what text messages and letters cost, each rate valid from a day on."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, ValidationError

from postroom.db import db
from postroom.domain.reporting import rates
from postroom.domain.vocabulary.notification_types import POSTAGE_TYPES
from postroom.web.access import platform_admin
from postroom.web.form_saving import Saving

blueprint = Blueprint("rates", __name__, url_prefix="/platform-admin/rates")
POSTAGE_LABELS = {
    "first": "First class",
    "second": "Second class",
    "economy": "Economy mail",
    "europe": "International – Europe",
    "rest-of-world": "International – rest of the world",
}


def _a_date(_form, field) -> None:
    try:
        field.parsed = date.fromisoformat((field.data or "").strip())
    except ValueError:
        raise ValidationError("Enter a date as year-month-day, for example 2025-04-01") from None


class SmsRateForm(FlaskForm):
    valid_from = StringField(
        "Valid from", validators=[InputRequired("Enter the first day of the rate"), _a_date]
    )
    rate = DecimalField(
        "Rate per fragment, in pounds",
        places=4,
        validators=[InputRequired("Enter a rate, for example 0.0197")],
    )


class LetterRateForm(SmsRateForm):
    rate = DecimalField(
        "Rate per letter, in pounds",
        places=4,
        validators=[InputRequired("Enter a rate, for example 0.76")],
    )
    sheet_count = IntegerField(
        "Sheets of paper", validators=[InputRequired("Enter how many sheets the rate is for")]
    )
    post_class = RadioField(
        "Postage",
        choices=[SelectChoice(value, POSTAGE_LABELS[value]) for value in POSTAGE_TYPES],
        validate_choice=False,
        validators=[
            InputRequired("Select a postage class"),
            AnyOf(POSTAGE_TYPES, "Select a postage class"),
        ],
    )
    crown = RadioField(
        "Crown body",
        choices=[SelectChoice("yes", "Crown"), SelectChoice("no", "Not crown")],
        validate_choice=False,
        validators=[InputRequired("Select crown or not crown"), AnyOf(("yes", "no"))],
    )


@blueprint.get("")
@platform_admin
def index():
    return render_template(
        "statistics/rates.html",
        sms_rates=rates.sms_rates(db.session),
        letter_rates=rates.letter_rates(db.session),
        valid_from_day=rates.valid_from_day,
        valid_to_day=rates.last_day,
        postage_labels=POSTAGE_LABELS,
    )


def _add(form, title: str, add):
    if form.validate_on_submit():
        with Saving(form, default_field="rate") as saving:
            add(form)
        if saving.saved:
            flash(f"{title} added")
            return redirect(url_for("rates.index"))
    return render_template("statistics/add_rate.html", form=form, title=f"Add a {title.lower()}")


@blueprint.route("/sms/add", methods=["GET", "POST"])
@platform_admin
def add_sms_rate():
    return _add(
        SmsRateForm(),
        "Text message rate",
        lambda form: rates.add_sms_rate(db.session, form.valid_from.parsed, float(form.rate.data)),
    )


@blueprint.route("/letters/add", methods=["GET", "POST"])
@platform_admin
def add_letter_rate():
    return _add(
        LetterRateForm(),
        "Letter rate",
        lambda form: rates.add_letter_rate(
            db.session,
            valid_from=form.valid_from.parsed,
            sheet_count=form.sheet_count.data,
            post_class=form.post_class.data,
            crown=form.crown.data == "yes",
            rate=float(form.rate.data),
        ),
    )
