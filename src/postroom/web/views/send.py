"""Sending one message: the recipient and the placeholders, a preview to check, then the
message's own page, whose status follows the receipts as they arrive."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from postroom.db import db
from postroom.domain import notifications, sending, template_folders, templates
from postroom.domain.errors import NotFound
from postroom.domain.notification_types import EMAIL, KEY_TYPE_NORMAL, SMS
from postroom.domain.rendering import render
from postroom.domain.status_labels import label
from postroom.domain.statuses import FINAL_STATUSES
from postroom.tasks.delivery import queue_delivery
from postroom.text.placeholders import placeholders_in
from postroom.web.access import service_page
from postroom.web.forms import ConfirmForm
from postroom.web.send_forms import RECIPIENT, one_off_form, values_of
from postroom.web.template_forms import TYPE_LABELS
from postroom.web.views.guidance import status_help_url

blueprint = Blueprint("send", __name__, url_prefix="/services/<uuid:service_id>")
DRAFTS = "one_off_drafts"  # session key: what was entered, by template, until it is sent


def _template(service_id: uuid.UUID, template_id: uuid.UUID):
    try:
        template = templates.get_template(db.session, service_id, template_id)
        template_folders.check_can_see_template(db.session, g.service, g.user, template)
    except NotFound:
        abort(404)
    if template.archived or template.template_type not in (EMAIL, SMS):
        abort(404)  # letters are sent from a spreadsheet or the API
    return template


def _placeholders(template) -> list[str]:
    return placeholders_in(template.subject, template.content)


@blueprint.route("/send/<uuid:template_id>", methods=["GET", "POST"])
@service_page("send_messages")
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
@service_page("send_messages")
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
        except sending.SendingRefused as error:
            db.session.rollback()
            problem = str(error.message)
        else:
            session[DRAFTS] = {
                k: v for k, v in session.get(DRAFTS, {}).items() if k != str(template_id)
            }
            return redirect(
                url_for("send.notification", service_id=service_id, notification_id=notification.id)
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
    accepted = sending.accept(
        db.session,
        current_app.extensions["postroom_cache"],
        g.service,
        sending.Sender(KEY_TYPE_NORMAL, created_by_id=g.user.id),
        sending.SendRequest(
            notification_type=template.template_type,
            template_id=template.id,
            recipient=draft["recipient"],
            personalisation=draft["values"],
        ),
    )
    db.session.commit()
    queue_delivery(accepted.notification.id, accepted.notification.notification_type)
    return accepted.notification


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
@service_page("view_activity")
def notification(service_id, notification_id):
    found = _notification(service_id, notification_id)
    content = notifications.sent_content(db.session, found)
    return render_template(
        "send/notification.html",
        service=g.service,
        notification=found,
        type_label=TYPE_LABELS[found.notification_type],
        content=content,
        status=_status_of(found),
        history=notifications.status_history(db.session, found),
        back=_back_link(service_id, found),
    )


def _back_link(service_id, found) -> dict:
    """Back to where the user came from: the list they filtered or searched, or, for a message
    they have just sent, the template they sent it from."""
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
    return {
        "text": "Back to the template",
        "href": url_for(
            "templates.view_template", service_id=service_id, template_id=found.template_id
        ),
    }


@blueprint.get("/notification/<uuid:notification_id>/status.json")
@service_page("view_activity")
def notification_status(service_id, notification_id):
    """What the notification page polls, so its status changes without reloading."""
    return jsonify(_status_of(_notification(service_id, notification_id)))
