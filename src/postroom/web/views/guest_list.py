"""The guest list: who a trial-mode service (or a team key) may send to besides its team."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from postroom.db import db
from postroom.domain.services import guest_list
from postroom.domain.vocabulary.permissions import MANAGE_API_KEYS
from postroom.web.access import service_page
from postroom.web.form_saving import Saving

blueprint = Blueprint("guest_list", __name__, url_prefix="/services/<uuid:service_id>/api")


class GuestListForm(FlaskForm):
    email_addresses = TextAreaField("Email addresses (one on each line)")
    phone_numbers = TextAreaField("Mobile numbers (one on each line)")


@blueprint.route("/guest-list", methods=["GET", "POST"])
@service_page(MANAGE_API_KEYS)
def index(service_id):
    form = GuestListForm()
    if form.validate_on_submit():
        with Saving(form, default_field="email_addresses") as saving:
            guest_list.replace_guest_list(
                db.session,
                service_id,
                _lines(form.email_addresses.data),
                _lines(form.phone_numbers.data),
            )
        if saving.saved:
            flash("Guest list updated")
            return redirect(url_for("api_keys.index", service_id=service_id))
    elif not form.is_submitted():
        current = guest_list.get_guest_list(db.session, service_id)
        form.email_addresses.data = "\n".join(current["email_addresses"])
        form.phone_numbers.data = "\n".join(current["phone_numbers"])
    return render_template("guest_list/index.html", service=g.service, form=form)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
