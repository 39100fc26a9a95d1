"""The "Using Postroom" page: trial mode, how a message is sent, receiving text messages and what
each delivery status means. Anyone may read it; a signed-in team member who comes from one of
their service's pages (`?service_id=`) gets links to that service's own pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import Blueprint, g, render_template, request, url_for

from postroom.db import db
from postroom.domain.delivery.timeouts import SENDING_TIMEOUT
from postroom.domain.vocabulary.organisation_types import TRIAL_LIMITS
from postroom.domain.vocabulary.permissions import MANAGE_SERVICE
from postroom.domain.vocabulary.status_labels import guidance_anchor
from postroom.models import Service
from postroom.web.access import permissions_on, public

blueprint = Blueprint("guidance", __name__)


@dataclass(frozen=True)
class CurrentService:
    service: Service
    team_url: str
    go_live_url: str | None  # only while in trial mode, for those who may ask


def _current_service() -> CurrentService | None:
    """The service named in the query string, if the user may open its pages; otherwise none,
    without saying whether it exists."""
    try:
        service_id = uuid.UUID(request.args.get("service_id", ""))
    except ValueError:
        return None
    service = db.session.get(Service, service_id) if g.user is not None else None
    held = None if service is None else permissions_on(g.user, service)
    if held is None:
        return None
    may_ask = service.restricted and MANAGE_SERVICE in held
    return CurrentService(
        service=service,
        team_url=url_for("team.index", service_id=service.id),
        go_live_url=url_for("settings.request_to_go_live", service_id=service.id)
        if may_ask
        else None,
    )


def status_help_url(
    status: str, notification_type: str, service_id: uuid.UUID | None = None
) -> str:
    """Where a message's status is explained: the page's section for it, keeping the service."""
    return url_for(
        "guidance.using_postroom",
        service_id=service_id,
        _anchor=guidance_anchor(status, notification_type),
    )


@blueprint.get("/using-postroom")
@public
def using_postroom():
    return render_template(
        "guidance/using_postroom.html",
        current=_current_service(),
        trial_limits=TRIAL_LIMITS,
        sending_timeout_hours=int(SENDING_TIMEOUT.total_seconds() // 3600),
    )
