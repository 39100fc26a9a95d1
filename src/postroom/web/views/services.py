"""Your services, adding one, and a service's dashboard."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for

from postroom.db import db
from postroom.domain import services
from postroom.domain.errors import InvalidRequest
from postroom.web.access import service_page, signed_in
from postroom.web.forms import AddServiceForm

blueprint = Blueprint("services", __name__)


@blueprint.get("/your-services")
@signed_in
def your_services():
    mine = services.list_services(db.session, only_active=True, user_id=g.user.id)
    return render_template("your_services.html", services=mine)


@blueprint.route("/add-service", methods=["GET", "POST"])
@signed_in
def add_service():
    form = AddServiceForm()
    if form.validate_on_submit():
        try:
            service = services.create_service(
                db.session,
                name=form.name.data,
                user=g.user,
                organisation_type=form.organisation_type.data,
            )
        except services.ServiceNameTaken:
            form.name.errors.append("This service name is already in use – enter a different one")
        except InvalidRequest as error:
            form.name.errors.append(_first_message(error))
        else:
            db.session.commit()
            return redirect(url_for("services.dashboard", service_id=service.id))
    return render_template("add_service.html", form=form)


def _first_message(error: InvalidRequest) -> str:
    if isinstance(error.message, dict):
        return next(iter(error.message.values()))[0]
    return str(error.message)


@blueprint.get("/services/<uuid:service_id>")
@service_page()
def dashboard(service_id):
    return render_template("dashboard.html", service=g.service)
