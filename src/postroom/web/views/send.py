"""Sending one message: the recipient and the placeholders, a preview to check, then off to the
message's own page (see `notifications`)."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    session,
    url_for,
)

from postroom.db import db
from postroom.domain.sending import acceptance
from postroom.domain.templates import templates
from postroom.domain.templates.rendering import render
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import EMAIL, KEY_TYPE_NORMAL, SMS
from postroom.domain.vocabulary.permissions import SEND_MESSAGES
from postroom.tasks import delivery
from postroom.text.placeholders import placeholders_in
from postroom.web.access import service_page
from postroom.web.forms import ConfirmForm
from postroom.web.send_forms import RECIPIENT, one_off_form, values_of

blueprint = Blueprint("send", __name__, url_prefix="/services/<uuid:service_id>")
DRAFTS = "one_off_drafts"  # session key: what was entered, by template, until it is sent


def _template(service_id: uuid.UUID, template_id: uuid.UUID):
    try:
        template = templates.usable_template(db.session, g.service, template_id, g.user)
    except NotFound:
        abort(404)
    if template.template_type not in (EMAIL, SMS):
        abort(404)  # letters are sent from a spreadsheet or the API
    return template


def _placeholders(template) -> list[str]:
    return placeholders_in(template.subject, template.content)


@blueprint.route("/send/<uuid:template_id>", methods=["GET", "POST"])
@service_page(SEND_MESSAGES)
def one_off(service_id, template_id):
    template = _template(service_id, template_id)
    names = _placeholders(template)
    draft = session.get(DRAFTS, {}).get(str(template_id))
    form = one_off_form(template.template_type, names, data=draft and _form_data(draft, names))
    if form.validate_on_submit():
        drafts = session.get(DRAFTS, {})
        drafts[str(template_id)] = {
            "recipient": form[RECIPIENT].data.strip(),
            "values": values_of(form, names),
        }
        session[DRAFTS] = drafts
        return redirect(url_for("send.check", service_id=service_id, template_id=template_id))
    return render_template(
        "send/one_off.html", service=g.service, template=template, form=form, names=names
    )


def _form_data(draft: dict, names: list[str]) -> dict:
    data = {RECIPIENT: draft["recipient"]}
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
    )


def _send(template, draft: dict):
    """Sent as a live key would, within the service's trial mode, and credited to the user."""
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
        ),
    )
    return accepted.notification
