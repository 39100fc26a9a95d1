"""Letters after sending: cancelling one (from its notification page) or a whole letter job
before they go to print, and the letters the printer returned, by the day it reported them."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from postroom.db import db
from postroom.domain.letters import cancelling, returned
from postroom.domain.vocabulary.errors import DomainError
from postroom.domain.vocabulary.permissions import SEND_MESSAGES, VIEW_ACTIVITY
from postroom.infrastructure.csv_export import csv_chunks
from postroom.models import Job
from postroom.tasks.printing import queue_returned
from postroom.web.access import platform_admin, service_page
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm


class ReturnedLettersForm(FlaskForm):
    references = TextAreaField("Letter references")


blueprint = Blueprint("letters", __name__, url_prefix="/services/<uuid:service_id>")
platform_admin_blueprint = Blueprint("returned_letters", __name__, url_prefix="/platform-admin")
RETURNED_PAGE_SIZE = 50


def _cache():
    return current_app.extensions["postroom_cache"]


@blueprint.route("/notification/<uuid:notification_id>/cancel", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def cancel_letter(service_id, notification_id):
    back = url_for(
        "notifications.notification", service_id=service_id, notification_id=notification_id
    )
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            cancelling.cancel_letter(db.session, _cache(), service_id, notification_id)
        except DomainError as error:
            db.session.rollback()
            if error.status_code == 404:
                abort(404)
            flash(str(error.message))
        return redirect(back)
    return render_template(
        "letters/confirm_cancel.html", service=g.service, form=form, back=back, what="this letter"
    )


@blueprint.route("/jobs/<uuid:job_id>/cancel", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def cancel_letter_job(service_id, job_id):
    job = db.session.get(Job, job_id)
    if job is None or job.service_id != service_id:
        abort(404)
    # The job page (issue 12's) links here for a letter job; back goes to the dashboard.
    back = url_for("dashboard.index", service_id=service_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            count = cancelling.cancel_letter_job(db.session, _cache(), service_id, job_id)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message))
            return redirect(back)
        flash(f"Cancelled {count} letters from {job.original_file_name}")
        return redirect(url_for("dashboard.index", service_id=service_id))
    return render_template(
        "letters/confirm_cancel.html",
        service=g.service,
        job=job,
        form=form,
        back=back,
        what="these letters",
    )


@blueprint.get("/returned-letters")
@service_page(VIEW_ACTIVITY)
def returned_letters(service_id):
    return render_template(
        "letters/returned_letters.html",
        service=g.service,
        reports=returned.summary(db.session, service_id),
    )


@blueprint.get("/returned-letters/<day>")
@service_page(VIEW_ACTIVITY)
def returned_letters_on(service_id, day):
    reported = _day(day)
    letters = returned.reported_on(db.session, service_id, reported)
    return render_template(
        "letters/returned_letters_on.html",
        service=g.service,
        day=reported,
        count=len(letters),
        letters=letters[:RETURNED_PAGE_SIZE],
    )


@blueprint.get("/returned-letters/<day>.csv")
@service_page(VIEW_ACTIVITY)
def returned_letters_csv(service_id, day):
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
def report_returned_letters():
    """The print provider's list of returned letters, pasted in by a platform admin."""
    form = ReturnedLettersForm()
    if form.validate_on_submit():
        with Saving(form, default_field="references") as saving:
            references = returned.references_in(form.references.data or "")
            queue_returned(references)
        if saving.saved:
            flash(f"Submitted {len(references)} letter references")
            return redirect(url_for("returned_letters.report_returned_letters"))
    return render_template("letters/report_returned_letters.html", form=form)
