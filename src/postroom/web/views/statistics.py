"""A service's financial year: messages month by month, the templates used each month, and
(for those who manage the service) its usage and what it costs."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, g, render_template, request

from postroom.db import db
from postroom.domain.reporting import billing, monthly_statistics
from postroom.domain.vocabulary.permissions import MANAGE_SERVICE, VIEW_ACTIVITY
from postroom.web.access import service_page

blueprint = Blueprint("statistics", __name__, url_prefix="/services/<uuid:service_id>")
# Its own blueprint, so the service navigation marks "Usage" only on the usage page.
usage_blueprint = Blueprint("usage", __name__, url_prefix="/services/<uuid:service_id>")


def _chosen_year() -> tuple[int, list[int]]:
    """The financial year in `?year=` (the current one by default) and those on offer; any
    other year is not a page."""
    years = monthly_statistics.selectable_years()
    raw = request.args.get("year", "")
    if not raw:
        return years[0], years
    if not raw.isdigit() or int(raw) not in years:
        abort(404)
    return int(raw), years


def _page(template: str, **builders):
    """The page for the chosen year, each of `builders` called with the year for its data."""
    year, years = _chosen_year()
    return render_template(
        template,
        service=g.service,
        year=year,
        years=years,
        year_label=monthly_statistics.year_label,
        month_label=monthly_statistics.month_label,
        endpoint=request.endpoint,
        **{name: build(year) for name, build in builders.items()},
    )


@blueprint.get("/monthly")
@service_page(VIEW_ACTIVITY)
def monthly(service_id):
    return _page(
        "statistics/monthly.html",
        months=partial(monthly_statistics.monthly_totals, db.session, service_id),
    )


@blueprint.get("/template-usage")
@service_page(VIEW_ACTIVITY)
def template_usage(service_id):
    return _page(
        "statistics/template_usage.html",
        months=partial(monthly_statistics.template_usage, db.session, service_id),
    )


@usage_blueprint.get("/usage")
@service_page(MANAGE_SERVICE)
def index(service_id):
    return _page(
        "statistics/usage.html",
        usage=partial(billing.usage, db.session, g.service),
    )
