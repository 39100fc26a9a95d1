"""Your services, adding one, and a service's dashboard."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for

from postroom.db import db
from postroom.domain.services import first_service, services
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.web.access import service_page, signed_in
from postroom.web.form_saving import Saving
from postroom.web.forms import AddServiceForm

blueprint = Blueprint("services", __name__)


@blueprint.get("/your-services")
@signed_in
def your_services():
    mine = services.list_services(db.session, only_active=True, user_id=g.user.id)
    return render_template("your_services.html", services=mine)


@blueprint.get("/add-service")
@signed_in
def start_adding_service():
    return redirect(url_for("services.add_service"))


NAME_TAKEN = "This service name is already in use – enter a different one"


@blueprint.route("/add-service/name-your-service", methods=["GET", "POST"])
@signed_in
def add_service():
    form = AddServiceForm()
    if form.validate_on_submit():
        first = first_service.is_first_service(db.session, g.user)
        with Saving(form, default_field="name") as saving:
            try:
                service = services.create_service(
                    db.session,
                    name=form.name.data,
                    user=g.user,
                    organisation_type=form.organisation_type.data,
                )
            except services.ServiceNameTaken as taken:  # the API words it its own way
                raise InvalidRequest({"name": [NAME_TAKEN]}) from taken
            if first:
                example = first_service.add_example_template(db.session, service, g.user)
        if saving.saved:
            if first:
                return redirect(
                    url_for("services.tour", service_id=service.id, template_id=example.id)
                )
            return redirect(url_for("dashboard.index", service_id=service.id))
    return render_template("add_service.html", form=form)


@blueprint.get("/services/<uuid:service_id>/tour/<uuid:template_id>")
@service_page()
def tour(service_id, template_id):
    """A user's first service: three steps to sending the example to themselves."""
    return render_template("tour.html", service=g.service, template_id=template_id)
