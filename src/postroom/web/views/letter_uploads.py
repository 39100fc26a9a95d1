"""Uploading a precompiled letter in the web interface (services with the `send_files_via_ui`
permission): a PDF of at most 2 MB, checked at once; its pages shown, with the areas at fault
in red when it fails; postage chosen; sent, then scanned and checked as an API letter is. And
the uploaded letters of a print day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, current_app, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select

from postroom.db import db
from postroom.domain.letters import precompiled
from postroom.domain.letters.pdf_checks import UnreadablePdf
from postroom.domain.sending import acceptance, precompiled_letters
from postroom.domain.vocabulary.dates import to_utc
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import (
    INTERNATIONAL_LETTERS,
    KEY_TYPE_NORMAL,
    SEND_FILES_VIA_UI,
)
from postroom.domain.vocabulary.permissions import SEND_MESSAGES, VIEW_ACTIVITY
from postroom.models import LetterFile, Notification
from postroom.tasks import letters_precompiled
from postroom.web.access import service_page
from postroom.web.forms import required_choice

blueprint = Blueprint("letter_uploads", __name__, url_prefix="/services/<uuid:service_id>")
POSTAGE_LABELS = {"first": "First class", "second": "Second class", "economy": "Economy mail"}
ZONE_LABELS = {"europe": "Europe", "rest-of-world": "Rest of the world"}


class UploadLetterForm(FlaskForm):
    file = FileField("Upload a letter", validators=[FileRequired("You need to choose a file")])


def _postage_form(letter: LetterFile):
    """First, second or economy (second unless chosen); a letter abroad has its zone only."""
    zone = precompiled.zone_of(letter)
    choices = {zone: ZONE_LABELS[zone]} if zone else POSTAGE_LABELS

    class PostageForm(FlaskForm):
        postage = required_choice(
            "Choose the postage", choices, "Choose the postage", default=zone or "second"
        )

    return PostageForm()


def _upload_problem(data: bytes, file_name: str) -> str | None:
    if not file_name.lower().endswith(".pdf"):
        return "The file must be a PDF"
    if len(data) > precompiled.MAX_UPLOAD_BYTES:
        return "The file must be smaller than 2MB"
    if not precompiled.readable(data):
        return precompiled.UNREADABLE_UPLOAD
    return None


def _may_upload() -> None:
    if SEND_FILES_VIA_UI not in g.service.permission_names:
        abort(404)


@blueprint.route("/upload-letter", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def upload_letter(service_id):
    _may_upload()
    form = UploadLetterForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        problem = _upload_problem(data, upload.filename or "")
        if problem is None:
            letter = precompiled.store(
                db.session, g.service.id, data, file_name=upload.filename, created_by_id=g.user.id
            )
            precompiled.check(
                db.session,
                letter,
                allow_international=INTERNATIONAL_LETTERS in g.service.permission_names,
            )
            db.session.commit()
            return redirect(
                url_for("letter_uploads.preview", service_id=service_id, file_id=letter.id)
            )
        form.file.errors = [problem]
    return render_template("letter_uploads/upload_letter.html", service=g.service, form=form)


def _letter(service_id, file_id) -> LetterFile:
    try:
        return precompiled.get(db.session, service_id, file_id)
    except NotFound:
        abort(404)


@blueprint.route("/preview-letter/<uuid:file_id>", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def preview(service_id, file_id):
    _may_upload()
    letter = _letter(service_id, file_id)
    if db.session.get(Notification, letter.id) is not None:  # already sent
        return redirect(
            url_for("notifications.notification", service_id=service_id, notification_id=file_id)
        )
    form = _postage_form(letter) if letter.message is None else None
    if form is not None and form.validate_on_submit():
        sender = acceptance.Sender(KEY_TYPE_NORMAL, created_by_id=g.user.id)
        try:
            precompiled_letters.send(
                db.session,
                current_app.extensions["postroom_cache"],
                g.service,
                sender,
                precompiled.content_of(letter),
                reference=None,
                postage=form.postage.data,
                letter=letter,
            )
        except acceptance.SendingRefused as error:
            db.session.rollback()
            form.postage.errors = [str(error.message)]
        else:
            db.session.commit()
            letters_precompiled.queue_scan(letter.id)
            return redirect(
                url_for(
                    "notifications.notification", service_id=service_id, notification_id=file_id
                )
            )
    invalid_pages = precompiled.invalid_pages_of(letter)
    return render_template(
        "letter_uploads/preview_letter.html",
        service=g.service,
        letter=letter,
        form=form,
        error=letter.message
        and precompiled.validation_error(letter.message, invalid_pages, letter.page_count),
        invalid_pages=invalid_pages,
        pages=range(1, (letter.page_count or 0) + 1),
    )


@blueprint.get("/preview-letter/<uuid:file_id>/page/<int:page>")  # a PNG
@service_page(SEND_MESSAGES)
def page_png(service_id, file_id, page):
    _may_upload()
    letter = _letter(service_id, file_id)
    try:
        png = precompiled.page_png(
            precompiled.content_of(letter),
            page,
            overlay=page in precompiled.invalid_pages_of(letter),
        )
    except (NotFound, UnreadablePdf):
        abort(404)
    return current_app.response_class(png, mimetype="image/png")


@blueprint.get("/uploaded-letters/<day>")
@service_page(VIEW_ACTIVITY)
def uploaded_letters(service_id, day: str):
    """The letters uploaded in the web interface that print on `day` (those sent after 5:30pm
    the day before until 5:30pm that day)."""
    try:
        print_day = date.fromisoformat(day)
    except ValueError:
        abort(404)
    start = to_utc(datetime.combine(print_day, datetime.min.time()) - precompiled.PRINT_SHIFT)
    letters = db.session.execute(
        select(Notification, LetterFile.file_name)
        .join(LetterFile, LetterFile.id == Notification.id)
        .where(
            Notification.service_id == service_id,
            LetterFile.file_name.is_not(None),
            Notification.created_at >= start,
            Notification.created_at < start + timedelta(days=1),
        )
        .order_by(Notification.created_at.desc())
    ).all()
    return render_template(
        "letter_uploads/uploaded_letters.html",
        service=g.service,
        print_day=print_day,
        letters=letters,
    )


def uploaded_letters_link(notification: Notification) -> dict | None:
    """The notification page's way back, for a letter uploaded in the web interface."""
    letter = db.session.get(LetterFile, notification.id)
    if letter is None or letter.file_name is None:
        return None
    return {
        "text": "Back to uploaded letters for that print day",
        "href": url_for(
            "letter_uploads.uploaded_letters",
            service_id=notification.service_id,
            day=precompiled.print_day(notification.created_at).isoformat(),
        ),
    }
