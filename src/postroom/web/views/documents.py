"""The pages a recipient of a file sent by email opens (GOV.UK Notify's document download
pages, in Postroom's web interface): the landing page, "confirm your email address" when the
service asked for it, the download page and the file itself. Each checks the link's key; a
file whose retention has ended is "no longer available" (410)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired

from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.sending import documents, file_types
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.errors import NotFound
from postroom.models import Service
from postroom.web.access import public

blueprint = Blueprint(
    "documents", __name__, url_prefix="/d/<base64_uuid:service_id>/<base64_uuid:document_id>"
)
CONFIRMED = "confirmed_documents"  # the session's documents whose address was confirmed
# As Notify: these are downloaded, not shown in the browser.
ALWAYS_DOWNLOADED = {"text/csv", "text/plain", "text/rtf", "application/rtf"}
GONE = 410


class EmailAddressForm(FlaskForm):
    email_address = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address")],
        filters=[lambda value: value.strip() if value else value],
    )


def contact_kind(contact: str) -> str:
    if contact.startswith("https://"):
        return "link"
    return "email" if "@" in contact else "phone"


def pretty_size(size: int) -> str:
    """As Notify's download page: 0.1KB at least, then KB or MB to one decimal place."""
    kilobytes, megabytes = size / 1024, size / 1024**2
    if kilobytes < 0.05:
        return "0.1KB"
    if megabytes < 0.05:
        return f"{kilobytes:.1f}".removesuffix(".0") + "KB"
    return f"{megabytes:.1f}".removesuffix(".0") + "MB"


def expiry_date(available_until) -> str:
    """The last day the file can be downloaded; its weekday too when that is within a month."""
    last_day = to_local(available_until - timedelta(microseconds=1)).date()
    if last_day - to_local(utcnow()).date() <= timedelta(days=30):
        return last_day.strftime("%A %-d %B %Y")
    return last_day.strftime("%-d %B %Y")


def _contact(service: Service) -> dict:
    contact = service.contact_link or ""
    return {"service": service, "contact": contact, "contact_kind": contact_kind(contact)}


def _here(endpoint: str, service_id, document_id):
    return url_for(
        endpoint, service_id=service_id, document_id=document_id, key=request.args["key"]
    )


def _confirmed(opened) -> bool:
    return not opened.document.confirm_email or str(opened.document.id) in session.get(
        CONFIRMED, []
    )


def document_page(*, confirmed: bool = False) -> Callable:
    """A page of the document in the URL, for whoever has its link: 404 without the right key,
    410 once its retention has ended, and (`confirmed`) back to the landing page until the
    address it was sent to is confirmed. The view gets the opened document and its service."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(service_id, document_id):
            try:
                opened = documents.open_document(
                    db.session, service_id, document_id, request.args.get("key")
                )
            except NotFound:
                abort(404)
            service = db.session.get(Service, service_id)
            if opened.expired:
                page = render_template("documents/unavailable.html", **_contact(service))
                return page, GONE
            if confirmed and not _confirmed(opened):
                return redirect(_here("documents.landing", service_id, document_id))
            return view(opened, service)

        return public(wrapper)

    return decorate


@blueprint.get("")
@document_page()
def landing(opened, service):
    step = "documents.download" if _confirmed(opened) else "documents.confirm_email_address"
    return render_template(
        "documents/landing.html",
        continue_url=_here(step, service.id, opened.document.id),
        **_contact(service),
    )


@blueprint.route("/confirm-email-address", methods=["GET", "POST"])
@document_page()
def confirm_email_address(opened, service):
    document_id = opened.document.id
    if _confirmed(opened):
        return redirect(_here("documents.download", service.id, document_id))
    form = EmailAddressForm()
    if form.validate_on_submit():
        if documents.too_many_attempts(current_app.extensions["postroom_cache"], document_id):
            page = render_template("documents/too_many_attempts.html", back=request.url)
            return page, 429
        if opened.sent_to(form.email_address.data):
            session[CONFIRMED] = [*session.get(CONFIRMED, [])[-19:], str(document_id)]
            return redirect(_here("documents.download", service.id, document_id))
        form.email_address.errors.append(
            "This is not the email address the file was sent to. To confirm the file was meant "
            f"for you, enter the email address {service.name} sent the file to."
        )
    page = render_template("documents/confirm_email_address.html", form=form)
    return page, 400 if form.errors else 200


@blueprint.get("/download")
@document_page(confirmed=True)
def download(opened, service):
    document = opened.document
    return render_template(
        "documents/download.html",
        file_url=_here("documents.file", service.id, document.id),
        file_kind=file_types.name_of(document.mimetype),
        file_size=pretty_size(document.size),
        available_until=expiry_date(document.available_until),
        **_contact(service),
    )


@blueprint.get("/file")
@document_page(confirmed=True)
def file(opened, _service):
    mimetype = opened.document.mimetype
    response = send_file(
        io.BytesIO(opened.content()),
        mimetype=mimetype,
        download_name=opened.download_name,
        as_attachment=mimetype in ALWAYS_DOWNLOADED,
    )
    response.headers.update(
        {
            "X-Robots-Tag": "noindex, nofollow",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        }
    )
    return response
