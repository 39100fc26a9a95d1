"""A service's dashboard: the last 7 days, templates used, inbox and upcoming sends, complete
without JavaScript and kept up to date through `dashboard.json`."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, render_template

from postroom.db import db
from postroom.domain.activity import dashboard
from postroom.domain.reporting import billing
from postroom.domain.vocabulary.dates import financial_year_of, local_today
from postroom.domain.vocabulary.notification_types import INBOUND_SMS
from postroom.domain.vocabulary.permissions import MANAGE_SERVICE, VIEW_ACTIVITY
from postroom.web.access import service_page

blueprint = Blueprint("dashboard", __name__, url_prefix="/services/<uuid:service_id>")
SECTIONS = {
    "totals": "dashboard/_totals.html",
    "template-statistics": "dashboard/_template_statistics.html",
    "inbox": "dashboard/_inbox.html",
    "upcoming": "dashboard/_upcoming.html",
}


def _data(service_id) -> dict:
    service = g.service
    return {
        "service": service,
        "totals": dashboard.totals(db.session, service_id),
        "template_statistics": dashboard.template_statistics(db.session, service_id),
        "inbox": (
            dashboard.inbox_summary(db.session, service_id)
            if INBOUND_SMS in service.permission_names
            else None
        ),
        "upcoming": dashboard.upcoming(db.session, service_id),
    }


@blueprint.get("")
@service_page(VIEW_ACTIVITY, otherwise="templates.index")
def index(service_id):
    usage = _usage(service_id) if MANAGE_SERVICE in g.permissions else None
    return render_template(
        "dashboard/index.html", sections=SECTIONS, usage=usage, **_data(service_id)
    )


def _usage(service_id):
    service = g.service
    return billing.usage(db.session, service, financial_year_of(local_today()))


@blueprint.get("/dashboard-usage.json")
@service_page(MANAGE_SERVICE)
def usage(service_id):
    """This financial year's usage, for those who manage the service."""
    return jsonify(
        usage=render_template("dashboard/_usage.html", service=g.service, usage=_usage(service_id))
    )


@blueprint.get("/dashboard.json")
@service_page(VIEW_ACTIVITY)
def sections(service_id):
    data = _data(service_id)
    return jsonify({name: render_template(template, **data) for name, template in SECTIONS.items()})
