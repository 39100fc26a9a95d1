"""Letters in the web interface: each template's, each sent letter's and the one being sent's
pages as PNG images and the whole as a PDF to download; and the PDF a template may have attached
(attached, replaced, removed)."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from postroom.db import db
from postroom.domain.activity import notifications
from postroom.domain.letters import attachments, pdfs, previews, rendering, templated
from postroom.domain.templates import folders
from postroom.domain.templates import templates as templates_domain
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import LETTER
from postroom.domain.vocabulary.permissions import MANAGE_TEMPLATES, SEND_MESSAGES, VIEW_ACTIVITY
from postroom.domain.vocabulary.postal_address import address_from, raw_address_lines
from postroom.web.access import service_page
from postroom.web.forms import ConfirmForm

blueprint = Blueprint("letters", __name__, url_prefix="/services/<uuid:service_id>")
TEMPLATE = "/templates/<uuid:template_id>"
NOTIFICATION = "/notification/<uuid:notification_id>"
DRAFTS = "one_off_drafts"  # the send pages' session key (see `send`)


class AttachForm(FlaskForm):
    file = FileField("Upload a PDF file", validators=[FileRequired("You need to choose a file")])


def _letter_template(template_id: uuid.UUID):
    """The service's letter template, if this member may see its folder."""
    try:
        template = templates_domain.get_template(db.session, g.service.id, template_id)
        folders.check_can_see_template(db.session, g.service, g.user, template)
    except NotFound:
        abort(404)
    if template.template_type != LETTER or templates_domain.is_precompiled_letter(template):
        abort(404)
    return template


def pdf_response(pdf: bytes, name: str) -> Response:
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


def png_response(pdf: bytes, page: int) -> Response:
    try:
        return Response(previews.png_page(pdf, page), mimetype="image/png")
    except NotFound:
        abort(404)


def template_preview(template, values: dict | None = None, address=()) -> rendering.RenderedLetter:
    letter = templated.preview_of(db.session, g.service, template, values, address)
    return previews.preview(letter)


def page_urls(endpoint: str, count: int, **ids) -> list[str]:
    return [url_for(endpoint, page=n, **ids) for n in range(1, count + 1)]


# --- A template ---------------------------------------------------------------------------


@blueprint.get(TEMPLATE + ".pdf")
@service_page()
def template_pdf(service_id, template_id):
    template = _letter_template(template_id)
    return pdf_response(template_preview(template).pdf, template.name)


@blueprint.get(TEMPLATE + "/page-<int:page>.png")
@service_page()
def template_png(service_id, template_id, page):
    return png_response(template_preview(_letter_template(template_id)).pdf, page)


@blueprint.route(TEMPLATE + "/attach-pages", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def attach_pages(service_id, template_id):
    template = _letter_template(template_id)
    form = AttachForm()
    if form.validate_on_submit():
        upload = form.file.data
        without = _pages_without_attachment(template)
        try:
            attachments.attach(
                db.session,
                g.service,
                template,
                upload.filename or "attachment.pdf",
                upload.read(attachments.MAX_BYTES + 1),
                letter_pages=without,
                user_id=g.user.id,
            )
        except InvalidRequest as error:
            db.session.rollback()
            form.file.errors.append(str(error.message))
        else:
            db.session.commit()
            return redirect(_template_url(template))
    return render_template(
        "letters/attach_pages.html",
        service=g.service,
        template=template,
        form=form,
        attached=attachments.get(db.session, template.letter_attachment_id),
        remove_form=ConfirmForm(),
    )


def _pages_without_attachment(template) -> int:
    """Pages of the letter alone, whatever it has attached now."""
    letter = templated.preview_of(db.session, g.service, template)
    return rendering.page_count(letter) - letter.attachment_pages


@blueprint.post(TEMPLATE + "/attach-pages/remove")
@service_page(MANAGE_TEMPLATES)
def remove_attachment(service_id, template_id):
    template = _letter_template(template_id)
    if ConfirmForm().validate_on_submit() and template.letter_attachment_id:
        attachments.remove(db.session, g.service, template, g.user.id)
        db.session.commit()
        flash("Attachment removed")
    return redirect(_template_url(template))


def _template_url(template) -> str:
    return url_for("templates.view_template", service_id=g.service.id, template_id=template.id)


# --- A letter being sent ------------------------------------------------------------------


def _draft_preview(template_id: uuid.UUID) -> rendering.RenderedLetter:
    template = _letter_template(template_id)
    draft = session.get(DRAFTS, {}).get(str(template_id))
    if draft is None:
        abort(404)
    values = draft["values"]
    return template_preview(template, values, address_of(values))


def address_of(values: dict) -> tuple[str, ...]:
    """The address as it will be printed: tidied when it passes the address rules, else as
    typed (the check page says what is wrong with it)."""
    try:
        return address_from(values, allow_international=True).lines
    except InvalidRequest:
        return raw_address_lines(values)


@blueprint.get("/send/<uuid:template_id>/preview.pdf")
@service_page(SEND_MESSAGES)
def draft_pdf(service_id, template_id):
    return pdf_response(_draft_preview(template_id).pdf, "letter")


@blueprint.get("/send/<uuid:template_id>/preview/page-<int:page>.png")
@service_page(SEND_MESSAGES)
def draft_png(service_id, template_id, page):
    return png_response(_draft_preview(template_id).pdf, page)


# --- A letter sent ------------------------------------------------------------------------


def _sent_pdf(notification_id: uuid.UUID) -> bytes:
    """The letter as printed; none (404) while it has no PDF, or is not a letter."""
    try:
        notification = notifications.get_notification(db.session, g.service.id, notification_id)
        return pdfs.pdf_for(db.session, notification)
    except (NotFound, pdfs.PdfNotAvailable):
        abort(404)


def sent_pages(notification) -> dict | None:
    """What the notification page shows of a letter: its page images and PDF, or why there
    are none yet."""
    try:
        pdf = pdfs.pdf_for(db.session, notification)
    except pdfs.PdfNotAvailable as error:
        return {"problem": str(error.message)}
    ids = {"service_id": notification.service_id, "notification_id": notification.id}
    return {
        "pages": page_urls("letters.notification_png", previews.page_count_of(pdf), **ids),
        "pdf": url_for("letters.notification_pdf", **ids),
    }


@blueprint.get(NOTIFICATION + ".pdf")
@service_page(VIEW_ACTIVITY)
def notification_pdf(service_id, notification_id):
    return pdf_response(_sent_pdf(notification_id), str(notification_id))


@blueprint.get(NOTIFICATION + "/page-<int:page>.png")
@service_page(VIEW_ACTIVITY)
def notification_png(service_id, notification_id, page):
    return png_response(_sent_pdf(notification_id), page)
