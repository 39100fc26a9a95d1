"""API integration: the page that lists a service's API keys and callbacks, and the keys
themselves (the whole key shown once, then revoked for good)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from postroom.db import db
from postroom.domain.services import api_keys, callbacks
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import (
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEAM,
    KEY_TYPE_TEST,
)
from postroom.domain.vocabulary.permissions import MANAGE_API_KEYS
from postroom.web.access import service_page
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm, required_choice
from postroom.web.views.callbacks import CALLBACK_PAGES

blueprint = Blueprint("api_keys", __name__, url_prefix="/services/<uuid:service_id>/api")
NEW_KEY = "new_api_key"  # the session key holding a new key until it has been shown once
KEY_TYPE_LABELS = {
    KEY_TYPE_NORMAL: "Live – sends to anyone",
    KEY_TYPE_TEAM: "Team and guest list – limits who you can send to",
    KEY_TYPE_TEST: "Test – pretends to send messages",
}


class CreateKeyForm(FlaskForm):
    name = StringField(
        "Name for this key",
        validators=[
            DataRequired("Enter a name for this key"),
            Length(max=255, message="Name must be 255 characters or fewer"),
        ],
    )
    key_type = required_choice("Type of key", KEY_TYPE_LABELS, "Select a type of key")


@blueprint.get("")
@service_page(MANAGE_API_KEYS)
def index(service_id):
    keys = api_keys.list_api_keys(db.session, service_id)
    hooks = {
        page: callbacks.callback_for(db.session, service_id, kind)
        for page, kind in CALLBACK_PAGES.items()
    }
    return render_template(
        "api_keys/index.html", service=g.service, keys=keys, callbacks=hooks, labels=KEY_TYPE_LABELS
    )


@blueprint.route("/keys/create", methods=["GET", "POST"])
@service_page(MANAGE_API_KEYS)
def create_key(service_id):
    form = CreateKeyForm()
    if form.validate_on_submit():
        with Saving(form, default_field="name") as saving:
            key, secret = api_keys.create_api_key(
                db.session,
                g.service,
                name=form.name.data,
                key_type=form.key_type.data,
                created_by_id=g.user.id,
            )
        if saving.saved:
            session[NEW_KEY] = {
                "service_id": str(service_id),
                "name": key.name,
                "key": api_keys.combined_key(key.name, service_id, secret),
            }
            return redirect(url_for("api_keys.show_key", service_id=service_id))
    return render_template(
        "api_keys/create_key.html", service=g.service, form=form, trial=g.service.restricted
    )


@blueprint.get("/keys/new")
@service_page(MANAGE_API_KEYS)
def show_key(service_id):
    """The new key, once: it is taken out of the session as the page is made."""
    new = session.pop(NEW_KEY, None)
    if new is None or new["service_id"] != str(service_id):
        return redirect(url_for("api_keys.index", service_id=service_id))
    return render_template("api_keys/show_key.html", service=g.service, new=new)


@blueprint.route("/keys/<uuid:key_id>/revoke", methods=["GET", "POST"])
@service_page(MANAGE_API_KEYS)
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
        return redirect(url_for("api_keys.index", service_id=service_id))
    return render_template("api_keys/revoke_key.html", service=g.service, key=key, form=form)
