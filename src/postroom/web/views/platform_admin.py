"""Platform admins: every service, the requests to go live they approve or decline, and the
inbound numbers they add and give to services."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from postroom.db import db
from postroom.domain.services import go_live, inbound_numbers, services
from postroom.models import Service
from postroom.web.access import platform_admin
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm
from postroom.web.inbound_number_forms import AddInboundNumbersForm, AllocateInboundNumberForm

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


def _allocation_choices(form: AllocateInboundNumberForm, numbers: list) -> None:
    """Services without a number, and the available numbers."""
    holders = {n.service_id for n in numbers if n.service_id is not None}
    form.service.choices = [("", "Choose a service")] + [
        (str(s.id), s.name)
        for s in services.list_services(db.session, only_active=True)
        if s.id not in holders
    ]
    form.inbound_number.choices = [("", "Choose a number")] + [
        (str(n.id), n.number) for n in numbers if n.active and n.service_id is None
    ]


def _inbound_numbers_page(add_form=None, allocate_form=None, posted=None):
    """The numbers, a form to add some and one to give one to a service; `posted` is the form
    whose errors the page's error summary lists."""
    numbers = inbound_numbers.list_numbers(db.session)
    allocate_form = allocate_form or AllocateInboundNumberForm(formdata=None)
    _allocation_choices(allocate_form, numbers)
    return render_template(
        "platform_admin/inbound_numbers.html",
        numbers=numbers,
        add_form=add_form or AddInboundNumbersForm(formdata=None),
        allocate_form=allocate_form,
        form=posted,
    )


@blueprint.get("/inbound-numbers")
@platform_admin
def inbound_numbers_page():
    return _inbound_numbers_page()


@blueprint.post("/inbound-numbers/add")
@platform_admin
def add_inbound_numbers():
    form = AddInboundNumbersForm()
    if form.validate_on_submit():
        with Saving(form, default_field="numbers") as saving:
            added = inbound_numbers.add_numbers(
                db.session, form.numbers.data.splitlines(), form.provider.data or None
            )
        if saving.saved:
            flash(f"{len(added)} inbound numbers added")
            return redirect(url_for("platform_admin.inbound_numbers_page"))
    return _inbound_numbers_page(add_form=form, posted=form)


@blueprint.post("/inbound-numbers/allocate")
@platform_admin
def allocate_inbound_number():
    form = AllocateInboundNumberForm()
    _allocation_choices(form, inbound_numbers.list_numbers(db.session))
    if form.validate_on_submit():
        service = db.session.get(Service, uuid.UUID(form.service.data))
        with Saving(form, default_field="inbound_number") as saving:
            sender = inbound_numbers.allocate(
                db.session, service.id, uuid.UUID(form.inbound_number.data)
            )
        if saving.saved:
            flash(f"‘{service.name}’ now receives text messages sent to {sender.sms_sender}")
            return redirect(url_for("platform_admin.inbound_numbers_page"))
    return _inbound_numbers_page(allocate_form=form, posted=form)
