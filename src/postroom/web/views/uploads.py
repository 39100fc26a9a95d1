"""Sending to a list: the file uploaded for a template (or its example downloaded), the check
page (its problems, or a preview of any row and when to send), the job started from it; and the
service's uploaded files, listed."""

from __future__ import annotations

import itertools
import uuid
from pathlib import PureWindowsPath

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from postroom.db import db
from postroom.domain.jobs import jobs, recipient_file, spreadsheet, upload_checks, uploads
from postroom.domain.jobs.spreadsheet import UnreadableSpreadsheet
from postroom.domain.letters import rendering
from postroom.domain.templates import templates
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.domain.vocabulary.permissions import SEND_MESSAGES
from postroom.models import Job
from postroom.tasks.jobs import queue_job
from postroom.tasks.uploads import queue_check
from postroom.text.placeholders import normalise_name
from postroom.web import sender_choice
from postroom.web.access import load_user, service_page
from postroom.web.downloads import attachment
from postroom.web.job_forms import UploadForm, schedule_form, scheduled_time
from postroom.web.views import letters

blueprint = Blueprint("uploads", __name__, url_prefix="/services/<uuid:service_id>")
ROWS_SHOWN = 50


def _cache():
    return current_app.extensions["postroom_cache"]


def _template(template_id: uuid.UUID):
    try:
        return templates.usable_template(db.session, g.service, template_id, g.user)
    except NotFound:
        abort(404)


def _upload(service_id: uuid.UUID, upload_id: uuid.UUID, template_id: uuid.UUID | None = None):
    try:
        upload = uploads.get(db.session, service_id, upload_id)
    except NotFound:
        abort(404)
    if template_id is not None and upload.template_id != template_id:
        abort(404)
    return upload


def _file_name(raw: str) -> str:
    """The name without any folders a browser sent with it, at most as long as is stored."""
    return PureWindowsPath(raw or "").name[-255:] or "file"


@blueprint.route("/send/<uuid:template_id>/csv", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def upload(service_id, template_id):
    template = _template(template_id)
    if g.get("upload_too_large"):
        form = UploadForm(formdata=None)
        form.file.errors = [spreadsheet.TOO_BIG]
        return render_template("send/upload.html", service=g.service, template=template, form=form)
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        try:
            upload = upload_checks.receive(
                db.session,
                _cache(),
                g.service,
                template,
                _file_name(file.filename),
                file.read(),
                created_by_id=g.user.id,
            )
        except UnreadableSpreadsheet as error:
            db.session.rollback()
            form.file.errors.append(str(error.message))
        else:
            db.session.commit()
            if upload_checks.in_worker(upload):
                queue_check(upload.id)
            return redirect(_check_url(upload))
    return render_template("send/upload.html", service=g.service, template=template, form=form)


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A request over the app's size limit is refused before a view can read it (the CSRF
    check reads the form first); on the upload page it is said as the form says it, after
    the page's own access check."""
    if request.endpoint != "uploads.upload":
        return error
    if "user" not in g:  # the CSRF check, which failed, runs before the user is loaded
        load_user()
    g.upload_too_large = True
    return upload(**request.view_args)


def _check_url(upload, row_number: int | None = None) -> str:
    values = {"service_id": upload.service_id, "template_id": upload.template_id}
    return url_for("uploads.check", upload_id=upload.id, row_number=row_number, **values)


@blueprint.get("/send/<uuid:template_id>.csv")
@service_page(SEND_MESSAGES)
def example(service_id, template_id):
    name, content = recipient_file.example_file(_template(template_id))
    return Response(content, mimetype="text/csv", headers={"Content-Disposition": attachment(name)})


@blueprint.get("/<uuid:template_id>/check/<uuid:upload_id>")
@blueprint.get("/<uuid:template_id>/check/<uuid:upload_id>/row-<int:row_number>")
@service_page(SEND_MESSAGES)
def check(service_id, template_id, upload_id, row_number=None):
    template = _template(template_id)
    upload = _upload(service_id, upload_id, template_id)
    if db.session.get(Job, upload.id) is not None:
        return redirect(url_for("jobs.job", service_id=service_id, job_id=upload.id))
    if upload_checks.in_worker(upload):
        return render_template(
            "send/checking.html", service=g.service, template=template, **_progress(upload)
        )
    result = upload_checks.result_of(upload)
    row_number = row_number or 2
    if result is not None and not 2 <= row_number <= max(upload.row_count + 1, 2):
        abort(404)
    return render_template(
        "send/check_file.html",
        service=g.service,
        template=template,
        upload=upload,
        result=result,
        sender=sender_choice.shown(template),
        **_shown(upload, template, result, row_number),
    )


def _progress(upload) -> dict:
    return {
        "upload": upload,
        "live_url": url_for(
            "uploads.check_progress",
            service_id=upload.service_id,
            template_id=upload.template_id,
            upload_id=upload.id,
        ),
    }


@blueprint.get("/<uuid:template_id>/check/<uuid:upload_id>.json")
@service_page(SEND_MESSAGES)
def check_progress(service_id, template_id, upload_id):
    """What the page polls while a worker checks the file; `reload` once it is done."""
    upload = _upload(service_id, upload_id, template_id)
    if not upload_checks.in_worker(upload):
        return jsonify(reload=True)
    html = render_template("send/_check_progress.html", upload=upload)
    return jsonify(progress=html)


def _shown(upload, template, result, row_number: int) -> dict:
    """The rows the page shows, read in one pass that stops as early as it can: the first
    ones, those with problems, and the one previewed."""
    if result is None:
        return {"header": [], "rows": [], "problem_rows": [], "preview": None, "form": None}
    wanted = set(range(2, ROWS_SHOWN + 2)) | {p.row_number for p in result.problems}
    wanted.add(row_number)
    reader = uploads.iter_rows(upload)
    header = next(reader, [])
    found = {
        number: row
        for number, row in itertools.takewhile(
            lambda item: item[0] <= max(wanted), enumerate(reader, start=2)
        )
        if number in wanted
    }
    rows = [(number, found[number]) for number in range(2, ROWS_SHOWN + 2) if number in found]
    problem_rows = [
        (p, _cells_with_errors(header, found.get(p.row_number, []), p)) for p in result.problems
    ]
    preview = None
    form = None
    if result.ok and row_number in found:
        row, message = recipient_file.preview([header, found[row_number]], template, g.service, 2)
        preview = {"recipient": row.recipient, "message": message}
        if template.template_type == LETTER:
            preview["letter"] = _letter_pages(upload, template, row.personalisation, row_number)
        form = schedule_form(letters=template.template_type == LETTER)
    return {
        "header": header,
        "rows": rows,
        "problem_rows": problem_rows,
        "preview": preview,
        "form": form,
        "row_number": row_number,
    }


def _letter_pages(upload, template, values: dict, row_number: int) -> dict:
    """The row's letter as the template page shows one: its pages, and why it cannot be sent
    when it is too long."""
    count = _row_letter(template, values).page_count
    ids = {
        "service_id": upload.service_id,
        "template_id": template.id,
        "upload_id": upload.id,
        "row_number": row_number,
    }
    return {
        "pages": letters.page_urls("uploads.row_png", count, **ids),
        "pdf": url_for("uploads.row_pdf", **ids),
        "too_long": rendering.TOO_LONG.format(count) if count > rendering.MAX_PAGES else None,
    }


def _row_letter(template, values: dict) -> rendering.RenderedLetter:
    return letters.template_preview(template, values, letters.address_of(values))


def _checked_row_letter(service_id, template_id, upload_id, row_number: int):
    """The letter of a row of a file that passed its checks; 404 for any other row or file."""
    template = _template(template_id)
    upload = _upload(service_id, upload_id, template_id)
    result = None if upload_checks.in_worker(upload) else upload_checks.result_of(upload)
    if template.template_type != LETTER or result is None or not result.ok or row_number < 2:
        abort(404)
    reader = uploads.iter_rows(upload)
    header = next(reader, [])
    row = next(itertools.islice(reader, row_number - 2, None), None)
    if row is None:
        abort(404)
    recipient = next(recipient_file.recipient_rows([header, row], template))
    return _row_letter(template, recipient.personalisation)


@blueprint.get("/<uuid:template_id>/check/<uuid:upload_id>/row-<int:row_number>.pdf")
@service_page(SEND_MESSAGES)
def row_pdf(service_id, template_id, upload_id, row_number):
    pdf = _checked_row_letter(service_id, template_id, upload_id, row_number).pdf
    return letters.pdf_response(pdf, f"row-{row_number}")


@blueprint.get(
    "/<uuid:template_id>/check/<uuid:upload_id>/row-<int:row_number>/page-<int:page>.png"
)
@service_page(SEND_MESSAGES)
def row_png(service_id, template_id, upload_id, row_number, page):
    pdf = _checked_row_letter(service_id, template_id, upload_id, row_number).pdf
    return letters.png_response(pdf, page)


def _cells_with_errors(header: list[str], row: list[str], problem) -> list[tuple[str, str | None]]:
    """Each cell of a row under its column, with what is wrong with it (columns matched as
    headers are: case, spaces, `_` and `-` ignored)."""
    errors = {normalise_name(column): error for column, error in problem.cells.items()}
    return [
        (row[index] if index < len(row) else "", errors.get(normalise_name(column)))
        for index, column in enumerate(header)
    ]


@blueprint.post("/start-job/<uuid:upload_id>")
@service_page(SEND_MESSAGES)
def start_job(service_id, upload_id):
    upload = _upload(service_id, upload_id)
    job_url = url_for("jobs.job", service_id=service_id, job_id=upload.id)
    if db.session.get(Job, upload.id) is not None:  # sent already (a second click)
        flash("These messages have already been sent")
        return redirect(job_url)
    template = _template(upload.template_id)
    result = upload_checks.result_of(upload)
    form = schedule_form(letters=template.template_type == LETTER)
    if result is None or not result.ok:
        return redirect(_check_url(upload))
    if not form.validate_on_submit():
        flash("Choose when to send these messages again: the time you chose has passed")
        return redirect(_check_url(upload))
    try:
        sender_id = sender_choice.posted(template, request.form.get("sender_id"))
    except LookupError:  # not one of this service's senders (or deleted since)
        abort(404)
    try:
        job = jobs.start(
            db.session,
            g.service,
            upload,
            created_by_id=g.user.id,
            scheduled_for=scheduled_time(form.scheduled_for.data),
            sender_id=sender_id,
        )
        db.session.commit()
    except jobs.JobRefused as error:
        db.session.rollback()
        flash(_in_words(error.message))
        return redirect(_check_url(upload))
    except IntegrityError:  # the same upload started at the same moment by another request
        db.session.rollback()
        flash("These messages have already been sent")
        return redirect(job_url)
    sender_choice.forget(template)
    if job.job_status != jobs.SCHEDULED:  # the scheduler starts a scheduled one when due
        queue_job(job)
    return redirect(url_for("jobs.job", service_id=service_id, job_id=job.id, just_sent="yes"))


def _in_words(message: str | dict) -> str:
    """A refusal's message; the first of them when it names fields (`{field: [messages]}`)."""
    if isinstance(message, dict):
        return next(iter(message.values()))[0]
    return message
