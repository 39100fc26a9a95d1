"""API integration: API keys (the whole key shown once), the guest list, and the callbacks
Postroom makes to the service."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, g, redirect, render_template, session, url_for

from postroom.db import db
from postroom.domain import api_keys, callbacks, guest_list
from postroom.domain.errors import InvalidRequest, NotFound
from postroom.web.access import service_page
from postroom.web.api_integration_forms import (
    KEY_TYPE_LABELS,
    CallbackForm,
    CreateKeyForm,
    GuestListForm,
)
from postroom.web.form_errors import add_domain_errors
from postroom.web.forms import ConfirmForm

blueprint = Blueprint("api_integration", __name__, url_prefix="/services/<uuid:service_id>/api")
MANAGE = "manage_api_keys"
NEW_KEY = "new_api_key"  # the session key holding a new key until it has been shown once
CALLBACK_PAGES = {
    "delivery-status": callbacks.DELIVERY_STATUS,
    "received-text-messages": callbacks.INBOUND_SMS,
}


@blueprint.get("")
@service_page(MANAGE)
def index(service_id):
    keys = api_keys.list_api_keys(db.session, service_id)
    hooks = {
        page: callbacks.callback_for(db.session, service_id, kind)
        for page, kind in CALLBACK_PAGES.items()
    }
    return render_template(
        "api/index.html", service=g.service, keys=keys, callbacks=hooks, labels=KEY_TYPE_LABELS
    )


@blueprint.route("/keys/create", methods=["GET", "POST"])
@service_page(MANAGE)
def create_key(service_id):
    form = CreateKeyForm()
    if form.validate_on_submit():
        try:
            key, secret = api_keys.create_api_key(
                db.session,
                g.service,
                name=form.name.data,
                key_type=form.key_type.data,
                created_by_id=g.user.id,
            )
        except InvalidRequest as error:
            add_domain_errors(form, error, default_field="name")
        else:
            db.session.commit()
            session[NEW_KEY] = {
                "service_id": str(service_id),
                "name": key.name,
                "key": api_keys.combined_key(key.name, service_id, secret),
            }
            return redirect(url_for("api_integration.show_key", service_id=service_id))
    return render_template(
        "api/create_key.html", service=g.service, form=form, trial=g.service.restricted
    )


@blueprint.get("/keys/new")
@service_page(MANAGE)
def show_key(service_id):
    """The new key, once: it is taken out of the session as the page is made."""
    new = session.pop(NEW_KEY, None)
    if new is None or new["service_id"] != str(service_id):
        return redirect(url_for("api_integration.index", service_id=service_id))
    return render_template("api/show_key.html", service=g.service, new=new)


@blueprint.route("/keys/<uuid:key_id>/revoke", methods=["GET", "POST"])
@service_page(MANAGE)
def revoke_key(service_id, key_id):
    try:
        key = api_keys.get_api_key(db.session, service_id, key_id)
    except NotFound:
        return render_template("error.html", title="Page not found", code=404), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        api_keys.revoke_api_key(db.session, service_id, key_id)
        db.session.commit()
        flash(f"‘{key.name}’ was revoked")
        return redirect(url_for("api_integration.index", service_id=service_id))
    return render_template("api/revoke_key.html", service=g.service, key=key, form=form)


@blueprint.route("/guest-list", methods=["GET", "POST"])
@service_page(MANAGE)
def guest_list_page(service_id):
    form = GuestListForm()
    if form.validate_on_submit():
        try:
            guest_list.replace_guest_list(
                db.session,
                service_id,
                _lines(form.email_addresses.data),
                _lines(form.phone_numbers.data),
            )
        except InvalidRequest as error:
            add_domain_errors(form, error, default_field="email_addresses")
        else:
            db.session.commit()
            flash("Guest list updated")
            return redirect(url_for("api_integration.index", service_id=service_id))
    elif not form.is_submitted():
        current = guest_list.get_guest_list(db.session, service_id)
        form.email_addresses.data = "\n".join(current["email_addresses"])
        form.phone_numbers.data = "\n".join(current["phone_numbers"])
    return render_template("api/guest_list.html", service=g.service, form=form)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@blueprint.route(
    '/callbacks/<any("delivery-status", "received-text-messages"):kind>', methods=["GET", "POST"]
)
@service_page(MANAGE)
def callback(service_id, kind):
    callback_type = CALLBACK_PAGES[kind]
    existing = callbacks.callback_for(db.session, service_id, callback_type)
    form = CallbackForm()
    if form.validate_on_submit():
        try:
            _save_callback(service_id, callback_type, existing, form)
        except InvalidRequest as error:
            add_domain_errors(form, error, default_field="url")
        else:
            db.session.commit()
            return redirect(url_for("api_integration.index", service_id=service_id))
    elif not form.is_submitted() and existing is not None:
        form.url.data = existing.url
    return render_template(
        "api/callback.html",
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
