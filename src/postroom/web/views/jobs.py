"""A job's page: who sent it and when (or when it will be sent, with a way to cancel it), its
counts linking to its messages by status, the first of those messages, how far the report is
made; kept up to date through `.json`; its report and, while scheduled, its file to download."""

from __future__ import annotations

from pathlib import PurePath

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from postroom.db import db
from postroom.domain.activity import search
from postroom.domain.jobs import job_report, jobs, uploads
from postroom.domain.sending import limits
from postroom.domain.services.retention_periods import days_of_retention
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.permissions import SEND_MESSAGES, VIEW_ACTIVITY
from postroom.domain.vocabulary.status_labels import label
from postroom.domain.vocabulary.statuses import CANCELLED, FAILED_GROUP
from postroom.models import Template, User
from postroom.web import sender_choice
from postroom.web.access import service_page
from postroom.web.downloads import attachment
from postroom.web.forms import ConfirmForm

blueprint = Blueprint("jobs", __name__, url_prefix="/services/<uuid:service_id>")
SECTIONS = {
    "status": "jobs/_status.html",
    "counts": "jobs/_counts.html",
    "notifications": "jobs/_notifications.html",
}
MESSAGES_SHOWN = 50
# Still being made into messages: the page keeps following it.
UNFINISHED = (jobs.PENDING, jobs.SCHEDULED, jobs.IN_PROGRESS)


def _job(service_id, job_id):
    try:
        return jobs.get(db.session, service_id, job_id)
    except NotFound:
        abort(404)


@blueprint.get("/jobs")
@service_page(VIEW_ACTIVITY)
def index(service_id):
    return redirect(url_for("jobs.uploads_list", service_id=service_id))


SENT = [status for status in jobs.JOB_STATUSES if status not in (jobs.SCHEDULED, jobs.CANCELLED)]


def _uploads_page(service_id, page: int) -> str:
    return url_for("jobs.uploads_list", service_id=service_id, page=page)


@blueprint.get("/uploads")
@service_page(VIEW_ACTIVITY)
def uploads_list(service_id):
    """Files waiting for their time first, then those sent, newest first (cancelled left out)."""
    page = max(request.args.get("page", 1, type=int), 1)
    scheduled = []
    if page == 1:
        scheduled, _ = jobs.list_jobs(db.session, service_id, statuses_=[jobs.SCHEDULED])
        scheduled.sort(key=lambda job: job.scheduled_for)
    sent, total = jobs.list_jobs(db.session, service_id, statuses_=SENT, page=page)
    return render_template(
        "jobs/uploads.html",
        service=g.service,
        jobs=scheduled + sent,
        previous_url=page > 1 and _uploads_page(service_id, page - 1),
        next_url=total > page * jobs.PAGE_SIZE and _uploads_page(service_id, page + 1),
    )


def _data(job) -> dict:
    status = search.status_parameter(request.args.get("status"))
    template = db.session.get(Template, job.template_id)
    counts = jobs.counts(db.session, job)
    shown, matching = jobs.notifications_of(
        db.session,
        job,
        statuses_=None if status == search.ALL_STATUSES else _statuses(status),
        page_size=MESSAGES_SHOWN,
    )
    made = job.rows_processed if job.job_status in UNFINISHED else job.notification_count
    return {
        "service": g.service,
        "job": job,
        "template": template,
        "daily_limit": limits.daily_limit(g.service, template.template_type),
        "days_kept": days_of_retention(db.session, job.service_id, template.template_type),
        "sender": job.created_by_id and db.session.get(User, job.created_by_id),
        "sent_from": sender_choice.of_job(job, template),
        "counts": counts,
        "filters": [
            (name, value, getattr(counts, key if key != "requested" else "total"))
            for key, name, value in search.STATUS_FILTERS
        ],
        "status": status,
        "messages": [_listed(message) for message in shown],
        "more_messages": matching > len(shown),
        "percent_made": int(made / job.notification_count * 99) if job.notification_count else 99,
        "finished": job.job_status not in UNFINISHED,
    }


def _statuses(parameter: str) -> list[str]:
    """The statuses a filter shows, as the job's counts count them (cancelled ones failed)."""
    chosen = list(search.statuses_for(parameter))
    if FAILED_GROUP in parameter.split(","):
        chosen.append(CANCELLED)
    return chosen


def _listed(message) -> dict:
    kind = message.notification_type
    return {
        "id": message.id,
        "recipient": search.recipient_for_people(kind, message.to, message.normalised_to),
        "status": message.status,
        "status_label": label(message.status, kind),
    }


def _sections(data: dict) -> dict[str, str]:
    return {name: render_template(template, **data) for name, template in SECTIONS.items()}


@blueprint.get("/jobs/<uuid:job_id>")
@service_page(VIEW_ACTIVITY)
def job(service_id, job_id):
    found = _job(service_id, job_id)
    if found.job_status == jobs.CANCELLED:
        abort(404)
    data = _data(found)
    preview_rows = []
    if found.job_status == jobs.SCHEDULED:
        reader = uploads.iter_rows(uploads.get(db.session, service_id, found.id))
        # Numbered as the spreadsheet numbers them: the header is row 1.
        preview_rows = list(zip(range(1, MESSAGES_SHOWN + 2), reader, strict=False))
    return render_template(
        "jobs/job.html",
        sections=_sections(data),
        form=ConfirmForm(),
        preview_rows=preview_rows,
        just_sent=request.args.get("just_sent") == "yes",
        **data,
    )


@blueprint.post("/jobs/<uuid:job_id>")
@service_page(SEND_MESSAGES)
def cancel(service_id, job_id):
    found = _job(service_id, job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        jobs.cancel(db.session, service_id, found.id)
        db.session.commit()
    except jobs.JobRefused as error:
        db.session.rollback()
        flash(str(error.message))
        return redirect(url_for("jobs.job", service_id=service_id, job_id=job_id))
    flash(f"Sending ‘{found.original_file_name}’ was cancelled")
    return redirect(url_for("dashboard.index", service_id=service_id))


@blueprint.get("/jobs/<uuid:job_id>.json")
@service_page(VIEW_ACTIVITY)
def job_json(service_id, job_id):
    data = _data(_job(service_id, job_id))
    return jsonify({**_sections(data), "stop": data["finished"]})


@blueprint.get("/jobs/<uuid:job_id>.csv")
@service_page(VIEW_ACTIVITY)
def report(service_id, job_id):
    found = _job(service_id, job_id)
    template = db.session.get(Template, found.template_id)
    return Response(
        stream_with_context(job_report.csv_lines(db.session, found, template)),
        mimetype="text/csv",
        headers={"Content-Disposition": attachment(job_report.filename(found, template))},
    )


@blueprint.get("/jobs/<uuid:job_id>/original.csv")
@service_page(VIEW_ACTIVITY)
def original(service_id, job_id):
    """The file as uploaded (as CSV), while it can still be changed by cancelling it."""
    found = _job(service_id, job_id)
    if found.job_status != jobs.SCHEDULED:
        abort(404)
    upload = uploads.get(db.session, service_id, found.id)
    return Response(
        uploads.csv_of(upload),
        mimetype="text/csv",
        headers={
            "Content-Disposition": attachment(f"{PurePath(found.original_file_name).stem}.csv")
        },
    )
