"""A service's financial year month by month: messages by type and status, and the templates
used. Past days come from the daily fact table and today from live rows, so a year of a busy
service costs no more to show than a quiet one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.reporting import template_counts
from postroom.domain.reporting.statistics import Totals, monthly_statistics
from postroom.domain.templates.templates import is_precompiled_letter
from postroom.domain.vocabulary.dates import (
    financial_year_bounds,
    financial_year_months,
    financial_year_of,
    local_today,
)
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES
from postroom.models import Template

# The current financial year and this many before it can be chosen.
YEARS_BACK = 2
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def selectable_years() -> list[int]:
    """The financial years the statistics pages offer, the current one first."""
    current = financial_year_of(local_today())
    return [current - n for n in range(YEARS_BACK + 1)]


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def month_label(month: str) -> str:
    """`2024-05` as `May 2024`."""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def months_so_far(year: int) -> list[str]:
    """`YYYY-MM` for the months of the financial year that have begun, April first."""
    today = local_today()
    this_month = f"{today.year}-{today.month:02d}"
    return [month for month in financial_year_months(year) if month <= this_month]


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    totals: list[Totals]  # one per message type

    @property
    def label(self) -> str:
        return month_label(self.month)


def monthly_totals(session: Session, service_id: uuid.UUID, year: int) -> list[Month]:
    """Requested, delivered and failed by type for each month of the year so far."""
    counts = monthly_statistics(session, service_id, year)
    return [
        Month(
            month,
            [Totals.of(kind, counts[month][kind]) for kind in NOTIFICATION_TYPES],
        )
        for month in months_so_far(year)
    ]


@dataclass(frozen=True)
class TemplateUsage:
    template_id: uuid.UUID
    name: str
    template_type: str
    is_precompiled_letter: bool
    count: int
    percent_of_most_used: float  # the bar's length


@dataclass(frozen=True)
class TemplateMonth:
    month: str
    templates: list[TemplateUsage]  # most used first

    @property
    def label(self) -> str:
        return month_label(self.month)


def _template_counts(session, service_id, year: int) -> dict[str, dict[uuid.UUID, int]]:
    """Messages by month (`YYYY-MM`) and template in the financial year."""
    rows = template_counts.counts_between(session, service_id, *financial_year_bounds(year))
    counts: dict[str, dict[uuid.UUID, int]] = {}
    for row_year, row_month, template_id, count in rows:
        by_template = counts.setdefault(f"{int(row_year)}-{int(row_month):02d}", {})
        by_template[template_id] = by_template.get(template_id, 0) + int(count)
    return counts


def _month_of_templates(month: str, counts: dict[uuid.UUID, int], templates) -> TemplateMonth:
    most = max(counts.values())
    used = sorted(counts.items(), key=lambda pair: (-pair[1], templates[pair[0]].name.lower()))
    return TemplateMonth(
        month,
        [
            TemplateUsage(
                template_id=template_id,
                name=templates[template_id].name,
                template_type=templates[template_id].template_type,
                is_precompiled_letter=is_precompiled_letter(templates[template_id]),
                count=count,
                percent_of_most_used=round(100 * count / most, 1),
            )
            for template_id, count in used
        ],
    )


def template_usage(session: Session, service_id: uuid.UUID, year: int) -> list[TemplateMonth]:
    """For each month of the year so far that used any template: its templates, most used
    first (then by name)."""
    counts = _template_counts(session, service_id, year)
    template_ids = {template_id for month in counts.values() for template_id in month}
    templates = {
        template.id: template
        for template in session.scalars(
            select(Template).where(Template.service_id == service_id, Template.id.in_(template_ids))
        )
    }
    result = []
    for month in months_so_far(year):
        used = {t: n for t, n in counts.get(month, {}).items() if n and t in templates}
        if used:
            result.append(_month_of_templates(month, used, templates))
    return result
