"""A service's sent messages: filtered by status, searched (the term kept out of URLs), paged;
downloaded as CSV, or, when there are too many for that, built as a report by a worker; and each
message's own page, whose status follows the receipts as they arrive."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField

from postroom.db import db
from postroom.domain.activity import (
    notification_csv,
    notifications,
    report_requests,
    search,
    search_terms,
)
from postroom.domain.printing import cancelling
from postroom.domain.vocabulary.dates import local_today
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import LETTER, NOTIFICATION_TYPES, type_name
from postroom.domain.vocabulary.permissions import VIEW_ACTIVITY
from postroom.domain.vocabulary.status_labels import label
from postroom.domain.vocabulary.statuses import FINAL_STATUSES
from postroom.models import Job
from postroom.tasks.report_requests import queue_report
from postroom.web.access import service_page
from postroom.web.downloads import attachment
from postroom.web.template_forms import TYPE_LABELS
from postroom.web.views import letters
from postroom.web.views.guidance import status_help_url
from postroom.web.views.letter_uploads import uploaded_letters_link

blueprint = Blueprint("notifications", __name__, url_prefix="/services/<uuid:service_id>")
HEADINGS = {None: "Messages", **{t: type_name(t, 2).capitalize() for t in NOTIFICATION_TYPES}}


class SearchForm(FlaskForm):
    to = SearchField("Search")


class ReportForm(FlaskForm):
    report_type = HiddenField(default=report_requests.REPORT_TYPE)


def _cache():
    return current_app.extensions["postroom_cache"]


def _uuid_arg(name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.args.get(name, ""))
    except ValueError:
        return None


def _page_url(message_type, status, search_query=None, **cursor):
    return url_for(
        "notifications.index",
        service_id=g.service.id,
        message_type=message_type,
        status=None if status == search.ALL_STATUSES else status,
        search_query=search_query,
        **cursor,
    )


@blueprint.route("/notifications", methods=["GET", "POST"], defaults={"message_type": None})
@blueprint.route(
    '/notifications/<any("email", "sms", "letter"):message_type>', methods=["GET", "POST"]
)
@service_page(VIEW_ACTIVITY)
def index(service_id, message_type):
    status = search.status_parameter(request.args.get("status"))
    if request.method == "POST":
        return _post(service_id, message_type, status)
    digest = request.args.get("search_query")
    term = search_terms.recall_search(_cache(), service_id, digest) if digest else None
    if digest and term is None:  # expired, or never kept: show everything
        return redirect(_page_url(message_type, status))
    references = search_terms.has_api_keys(db.session, service_id)
    selection = search.Selection(
        service_id=service_id,
        days_by_type=search.retention_days(db.session, service_id, message_type),
        status=status,
        search_term=term,
        search_references=references,
    )
    counts = search.status_counts(db.session, selection)
    page = search.notifications_page(
        db.session,
        selection,
        older_than=_uuid_arg("older_than"),
        newer_than=_uuid_arg("newer_than"),
    )
    count = search.selected_count(counts, status)
    form = SearchForm(to=term)
    return render_template(
        "notifications/index.html",
        service=g.service,
        heading=HEADINGS[message_type],
        message_type=message_type,
        status=status,
        filters=[
            (label, value, _page_url(message_type, value, digest), counts[key])
            for key, label, value in search.STATUS_FILTERS
        ],
        search_form=form,
        jobs_matching=search_terms.jobs_matching(db.session, service_id, term) if term else [],
        search_label=_search_label(search_terms.things_to_search_by(message_type, references)),
        search_query=digest,
        page=page,
        days=selection.days,
        previous_url=page.newer_than
        and _page_url(message_type, status, digest, newer_than=page.newer_than),
        next_url=page.older_than
        and _page_url(message_type, status, digest, older_than=page.older_than),
        can_download=notification_csv.can_download(count),
        can_request_report=report_requests.can_request(count),
        report_type=report_requests.REPORT_TYPE,
    )


def _search_label(things: list[str]) -> str:
    """ "Search by recipient, file name or reference"."""
    return f"Search by {', '.join(things[:-1])} or {things[-1]}"


def _post(service_id, message_type, status):
    """A report request, or a search: the term goes into the cache, its hash into the URL."""
    if "report_type" in request.form:
        if not ReportForm().validate_on_submit():
            abort(400)
        report, new = report_requests.request_report(
            db.session, service_id, g.user.id, message_type, status
        )
        db.session.commit()
        if new:
            queue_report(report.id)
        return redirect(url_for("notifications.report", service_id=service_id, report_id=report.id))
    form = SearchForm()
    term = (form.to.data or "").strip() if form.validate_on_submit() else ""
    digest = search_terms.remember_search(_cache(), service_id, term) if term else None
    return redirect(_page_url(message_type, status, digest))


def _message_type_arg() -> str | None:
    message_type = request.args.get("message_type") or None
    if message_type is not None and message_type not in NOTIFICATION_TYPES:
        abort(404)
    return message_type


@blueprint.get("/download-notifications.csv")
@service_page(VIEW_ACTIVITY)
def download(service_id):
    message_type = _message_type_arg()
    status = search.status_parameter(request.args.get("status"))
    selection = search.Selection(
        service_id=service_id,
        days_by_type=search.retention_days(db.session, service_id, message_type),
        status=status,
    )
    counts = search.status_counts(db.session, selection)
    if not notification_csv.can_download(search.selected_count(counts, status)):
        return redirect(_page_url(message_type, status))  # where a report can be asked for
    name = notification_csv.filename(local_today(), message_type, g.service.name)
    return Response(
        stream_with_context(notification_csv.csv_text(db.session, selection)),
        mimetype="text/csv",
        headers={"Content-Disposition": attachment(name)},
    )


def _report(service_id, report_id):
    try:
        return report_requests.get_report(db.session, service_id, report_id, g.user.id)
    except NotFound:
        abort(404)


def _report_state(report) -> dict:
    ready = report_requests.stored_file(report) is not None
    return {
        "status": report.status,
        "ready": ready,
        "failed": report.status == report_requests.FAILED,
        "download_url": url_for(
            "notifications.report_download", service_id=report.service_id, report_id=report.id
        )
        if ready
        else None,
    }


@blueprint.get("/report-request/<uuid:report_id>")
@service_page(VIEW_ACTIVITY)
def report(service_id, report_id):
    found = _report(service_id, report_id)
    return render_template(
        "notifications/report_request.html",
        service=g.service,
        report=found,
        state=_report_state(found),
        filename=report_requests.report_filename(db.session, found),
    )


@blueprint.get("/report-request/<uuid:report_id>.json")
@service_page(VIEW_ACTIVITY)
def report_status(service_id, report_id):
    """What the report's page polls until the file is ready."""
    return jsonify(_report_state(_report(service_id, report_id)))


@blueprint.get("/report-request/<uuid:report_id>.csv")
@service_page(VIEW_ACTIVITY)
def report_download(service_id, report_id):
    found = _report(service_id, report_id)
    path = report_requests.stored_file(found)
    if path is None:
        abort(404)
    return send_file(
        path,
        mimetype="text/csv",
        as_attachment=True,
        download_name=report_requests.report_filename(db.session, found),
    )


def _notification(service_id: uuid.UUID, notification_id: uuid.UUID):
    try:
        return notifications.get_notification(db.session, service_id, notification_id)
    except NotFound:
        abort(404)


def _status_of(notification) -> dict:
    return {
        "status": notification.status,
        "label": label(notification.status, notification.notification_type),
        "help_url": status_help_url(
            notification.status, notification.notification_type, notification.service_id
        ),
        "final": notification.status in FINAL_STATUSES,
    }


@blueprint.get("/notification/<uuid:notification_id>")
@service_page(VIEW_ACTIVITY)
def notification(service_id, notification_id):
    found = _notification(service_id, notification_id)
    content = notifications.sent_content(db.session, found)
    return render_template(
        "notifications/notification.html",
        service=g.service,
        notification=found,
        type_label=TYPE_LABELS[found.notification_type],
        content=content,
        status=_status_of(found),
        history=notifications.status_history(db.session, found),
        back=_back_link(service_id, found),
        letter=letters.sent_pages(found) if found.notification_type == LETTER else None,
        can_cancel=cancelling.can_be_cancelled(found) and found.notification_type == LETTER,
        printing=cancelling.printing_statement(found)
        if found.notification_type == LETTER
        else None,
    )


def _back_link(service_id, found) -> dict:
    """Back to where the user came from: the list they filtered or searched, the job the
    message is one of, or, for a message they have just sent, the template they sent it from
    (or, for a letter uploaded in the web interface, the uploaded letters of its print day)."""
    if "from_statuses" in request.args or "from_search_query" in request.args:
        return {
            "text": "Back to messages",
            "href": url_for(
                "notifications.index",
                service_id=service_id,
                message_type=found.notification_type,
                status=request.args.get("from_statuses") or None,
                search_query=request.args.get("from_search_query") or None,
            ),
        }
    if found.job_id is not None:
        job = db.session.get(Job, found.job_id)
        if job is not None:
            return {
                "text": f"Back to {job.original_file_name}",
                "href": url_for("jobs.job", service_id=service_id, job_id=job.id),
            }
    uploaded = uploaded_letters_link(found)
    if uploaded is not None:
        return uploaded
    return {
        "text": "Back to the template",
        "href": url_for(
            "templates.view_template", service_id=service_id, template_id=found.template_id
        ),
    }


@blueprint.get("/notification/<uuid:notification_id>/status.json")
@service_page(VIEW_ACTIVITY)
def notification_status(service_id, notification_id):
    """What the notification page polls, so its status changes without reloading."""
    return jsonify(_status_of(_notification(service_id, notification_id)))
