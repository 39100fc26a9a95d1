"""Cancelling letters before they go to print: one from its notification page, or a whole
letter job."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for

from postroom.db import db
from postroom.domain.printing import cancelling
from postroom.domain.vocabulary.errors import DomainError
from postroom.domain.vocabulary.permissions import SEND_MESSAGES
from postroom.models import Job
from postroom.web.access import service_page
from postroom.web.forms import ConfirmForm

blueprint = Blueprint("cancelling", __name__, url_prefix="/services/<uuid:service_id>")


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
        "cancelling/confirm.html", service=g.service, form=form, back=back, what="this letter"
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
        "cancelling/confirm.html",
        service=g.service,
        job=job,
        form=form,
        back=back,
        what="these letters",
    )
