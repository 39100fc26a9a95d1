"""Sending one message: the recipient (a letter's address) and the placeholders, a preview to
check (a letter's pages), then off to the message's own page (see `notifications`). A service in
trial mode cannot send letters: it can download the letter as a PDF instead, as in Notify."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from postroom.db import db
from postroom.domain.sending import acceptance
from postroom.domain.templates import templates
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import (
    INTERNATIONAL_LETTERS,
    KEY_TYPE_NORMAL,
    LETTER,
)
from postroom.domain.vocabulary.permissions import SEND_MESSAGES
from postroom.domain.vocabulary.postal_address import address_from
from postroom.tasks import delivery
from postroom.text.placeholders import placeholders_in
from postroom.web import sender_choice
from postroom.web.access import service_page
from postroom.web.forms import ConfirmForm
from postroom.web.send_forms import ADDRESS_LINES, RECIPIENT, not_address, one_off_form, values_of
from postroom.web.views import letters

blueprint = Blueprint("send", __name__, url_prefix="/services/<uuid:service_id>")
DRAFTS = "one_off_drafts"  # session key: what was entered, by template, until it is sent


def _template(service_id: uuid.UUID, template_id: uuid.UUID):
    try:
        template = templates.usable_template(db.session, g.service, template_id, g.user)
    except NotFound:
        abort(404)
    if templates.is_precompiled_letter(template):
        abort(404)  # sent as a PDF, not from a template
    return template


def _placeholders(template) -> list[str]:
    names = placeholders_in(template.subject, template.content)
    return not_address(names) if template.template_type == LETTER else names


def _address_problem(template, values: dict) -> str | None:
    """What is wrong with a letter's address, in the API's words."""
    if template.template_type != LETTER:
        return None
    try:
        address_from(
            values, allow_international=INTERNATIONAL_LETTERS in g.service.permission_names
        )
    except InvalidRequest as error:
        return str(error.message)
    return None


NEXT_STEPS = {"one-off": "send.one_off", "upload": "uploads.upload"}


@blueprint.route("/send/<uuid:template_id>/set-sender", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def set_sender(service_id, template_id):
    """The step before writing a message or uploading its list (`then`), only when the service
    has two or more senders of the template's kind to choose from; coming back to `change` it,
    the one chosen is picked."""
    template = _template(service_id, template_id)
    then = request.args.get("then", "one-off")
    if then not in NEXT_STEPS:
        abort(404)
    next_url = url_for(NEXT_STEPS[then], service_id=service_id, template_id=template_id)
    contacts = sender_choice.senders(template)
    if len(contacts) < 2 or (request.method == "GET" and request.args.get("change") != "yes"):
        sender_choice.forget(template)  # a fresh start offers the default, as Notify
    if len(contacts) < 2:
        return redirect(next_url)
    form = sender_choice.choose_form(template, contacts)
    if form.validate_on_submit():
        sender_choice.remember(template, form.sender.data)
        return redirect(next_url)
    hints = {str(c.id): sender_choice.hint_of(c) for c in contacts}
    return render_template(
        "send/set_sender.html",
        service=g.service,
        template=template,
        form=form,
        items=[
            {
                "value": choice.value,
                "text": choice.label,
                "checked": form.sender.data == choice.value,
                "hint": {"text": hints[choice.value]} if hints[choice.value] else None,
            }
            for choice in form.sender.choices
        ],
    )


@blueprint.route("/send/<uuid:template_id>", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def one_off(service_id, template_id):
    template = _template(service_id, template_id)
    names = _placeholders(template)
    draft = session.get(DRAFTS, {}).get(str(template_id))
    form = one_off_form(template.template_type, names, data=draft and _form_data(draft, names))
    if form.validate_on_submit():
        values = values_of(form, names)
        problem = _address_problem(template, values)
        if problem is None:
            drafts = session.get(DRAFTS, {})
            drafts[str(template_id)] = {
                "recipient": form[RECIPIENT].data.strip() if RECIPIENT in form else "",
                "values": values,
            }
            session[DRAFTS] = drafts
            return redirect(url_for("send.check", service_id=service_id, template_id=template_id))
        form[ADDRESS_LINES[0]].errors.append(problem)
    return render_template(
        "send/one_off.html",
        service=g.service,
        template=template,
        form=form,
        names=names,
        address_lines=ADDRESS_LINES if template.template_type == LETTER else (),
    )


def _form_data(draft: dict, names: list[str]) -> dict:
    data = {RECIPIENT: draft["recipient"]}
    data.update({name: draft["values"].get(name) for name in ADDRESS_LINES})
    data.update({f"placeholder_{i}": draft["values"].get(name) for i, name in enumerate(names)})
    return data


@blueprint.route("/send/<uuid:template_id>/check", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def check(service_id, template_id):
    template = _template(service_id, template_id)
    draft = session.get(DRAFTS, {}).get(str(template_id))
    if draft is None:
        return redirect(url_for("send.one_off", service_id=service_id, template_id=template_id))
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            notification = _send(template, draft)
        except acceptance.SendingRefused as error:
            db.session.rollback()
            problem = str(error.message)
        else:
            session[DRAFTS] = {
                k: v for k, v in session.get(DRAFTS, {}).items() if k != str(template_id)
            }
            sender_choice.forget(template)
            return redirect(
                url_for(
                    "notifications.notification",
                    service_id=service_id,
                    notification_id=notification.id,
                )
            )
    message = render(template, g.service, draft["values"])
    return render_template(
        "send/check.html",
        service=g.service,
        template=template,
        draft=draft,
        message=message,
        form=form,
        problem=problem,
        sender=sender_choice.shown(template),
        change_sender=True,
        letter=_letter_pages(template, draft) if template.template_type == LETTER else None,
    )


def _letter_pages(template, draft: dict) -> dict:
    values = draft["values"]
    rendered = letters.template_preview(template, values, letters.address_of(values))
    ids = {"service_id": g.service.id, "template_id": template.id}
    return {
        "address": letters.address_of(values),
        "pages": letters.page_urls("letters.draft_png", rendered.page_count, **ids),
        "pdf": url_for("letters.draft_pdf", **ids),
        "can_send": not g.service.restricted,
    }


def _send(template, draft: dict):
    """Sent as a live key would, within the service's trial mode, and credited to the user,
    from the sender chosen (else the default)."""
    chosen = sender_choice.chosen(template)
    accepted = delivery.send(
        db.session,
        current_app.extensions["postroom_cache"],
        g.service,
        acceptance.Sender(KEY_TYPE_NORMAL, created_by_id=g.user.id),
        acceptance.SendRequest(
            notification_type=template.template_type,
            template_id=template.id,
            recipient=draft["recipient"],
            personalisation=draft["values"],
            sender_id=chosen.id if chosen else None,
        ),
    )
    return accepted.notification
