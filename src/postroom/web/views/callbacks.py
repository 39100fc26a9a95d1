"""The callbacks Postroom makes to a service: where to post delivery receipts, received text
messages and returned letters, with the service's bearer token."""

from __future__ import annotations

import uuid

from flask import Blueprint, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, URLField

from postroom.db import db
from postroom.domain.services import callbacks
from postroom.domain.vocabulary.permissions import MANAGE_API_KEYS
from postroom.web.access import service_page
from postroom.web.form_saving import Saving

blueprint = Blueprint("callbacks", __name__, url_prefix="/services/<uuid:service_id>/api")
CALLBACK_PAGES = {
    "delivery-status": callbacks.DELIVERY_STATUS,
    "received-text-messages": callbacks.INBOUND_SMS,
    "returned-letters": callbacks.RETURNED_LETTER,
}


class CallbackForm(FlaskForm):
    url = URLField("URL")
    bearer_token = PasswordField("Bearer token")


@blueprint.route(
    '/callbacks/<any("delivery-status", "received-text-messages", "returned-letters"):kind>',
    methods=["GET", "POST"],
)
@service_page(MANAGE_API_KEYS)
def edit(service_id, kind):
    callback_type = CALLBACK_PAGES[kind]
    existing = callbacks.callback_for(db.session, service_id, callback_type)
    form = CallbackForm()
    if form.validate_on_submit():
        with Saving(form, default_field="url") as saving:
            _save_callback(service_id, callback_type, existing, form)
        if saving.saved:
            return redirect(url_for("api_keys.index", service_id=service_id))
    elif not form.is_submitted() and existing is not None:
        form.url.data = existing.url
    return render_template(
        "callbacks/edit.html",
        service=g.service,
        form=form,
        title=callbacks.CALLBACK_NAMES[callback_type].capitalize() + " callback",
        existing=existing,
    )


def _save_callback(service_id: uuid.UUID, callback_type: str, existing, form) -> None:
    """Both fields empty removes the callback; a blank token keeps the one already set."""
    url, token = (form.url.data or "").strip(), form.bearer_token.data or ""
    if existing is not None and not url and not token:
        callbacks.delete_callback(db.session, existing)
    elif existing is not None:
        callbacks.update_callback(
            db.session, existing, updated_by_id=g.user.id, url=url, bearer_token=token or None
        )
    else:
        callbacks.create_callback(
            db.session,
            service_id,
            callback_type,
            url=url,
            bearer_token=token,
            updated_by_id=g.user.id,
        )
