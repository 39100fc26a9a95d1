"""Platform admins: every service, and the requests to go live they approve or decline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from postroom.db import db
from postroom.domain.services import go_live, services
from postroom.models import Service
from postroom.web.access import platform_admin
from postroom.web.forms import ConfirmForm

blueprint = Blueprint("platform_admin", __name__, url_prefix="/platform-admin")


@blueprint.get("")
@platform_admin
def index():
    return render_template(
        "platform_admin/index.html",
        requests=go_live.pending_requests(db.session),
        services=services.list_services(db.session, only_active=True),
        form=ConfirmForm(),
    )


def _requesting(service_id) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or not service.has_active_go_live_request:
        abort(404)
    return service


def _decide(service_id, decision, message: str):
    service = _requesting(service_id)
    if ConfirmForm().validate_on_submit():
        decision(db.session, service)
        db.session.commit()
        flash(message.format(name=service.name))
    return redirect(url_for("platform_admin.index"))


@blueprint.post("/services/<uuid:service_id>/make-live")
@platform_admin
def make_live(service_id):
    return _decide(service_id, go_live.approve, "‘{name}’ is now live")


@blueprint.post("/services/<uuid:service_id>/decline")
@platform_admin
def decline(service_id):
    return _decide(service_id, go_live.decline, "The request to make ‘{name}’ live was declined")
