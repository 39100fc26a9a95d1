"""Returned letters: the service's, by the day the printer reported them (a page a day, and
its CSV), and the platform admin's page for pasting the printer's list."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from postroom.db import db
from postroom.domain.printing import returned
from postroom.domain.vocabulary.permissions import VIEW_ACTIVITY
from postroom.infrastructure.csv_export import csv_chunks
from postroom.tasks.printing import queue_returned
from postroom.web.access import platform_admin, service_page
from postroom.web.form_saving import Saving

blueprint = Blueprint("returned_letters", __name__, url_prefix="/services/<uuid:service_id>")
platform_admin_blueprint = Blueprint(
    "returned_letters_admin", __name__, url_prefix="/platform-admin"
)
PAGE_SIZE = 50


class ReturnedLettersForm(FlaskForm):
    references = TextAreaField("Letter references")


@blueprint.get("/returned-letters")
@service_page(VIEW_ACTIVITY)
def index(service_id):
    return render_template(
        "returned_letters/index.html",
        service=g.service,
        reports=returned.summary(db.session, service_id),
    )


@blueprint.get("/returned-letters/<day>")
@service_page(VIEW_ACTIVITY)
def on_day(service_id, day):
    reported = _day(day)
    letters = returned.reported_on(db.session, service_id, reported)
    return render_template(
        "returned_letters/day.html",
        service=g.service,
        day=reported,
        count=len(letters),
        letters=letters[:PAGE_SIZE],
    )


@blueprint.get("/returned-letters/<day>.csv")
@service_page(VIEW_ACTIVITY)
def csv_of_day(service_id, day):
    reported = _day(day)
    letters = returned.reported_on(db.session, service_id, reported)
    rows = [["" if v is None else str(v) for v in returned.csv_row(one)] for one in letters]
    return Response(
        csv_chunks(returned.CSV_COLUMNS, [rows]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="returned-letters-{reported}.csv"'},
    )


def _day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        abort(404)


@platform_admin_blueprint.route("/returned-letters", methods=["GET", "POST"])
@platform_admin
def report():
    """The print provider's list of returned letters, pasted in by a platform admin."""
    form = ReturnedLettersForm()
    if form.validate_on_submit():
        with Saving(form, default_field="references") as saving:
            references = returned.references_in(form.references.data or "")
            queue_returned(references)
        if saving.saved:
            flash(f"Submitted {len(references)} letter references")
            return redirect(url_for("returned_letters_admin.report"))
    return render_template("returned_letters/report.html", form=form)
