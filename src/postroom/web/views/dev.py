"""Development only: the messages Postroom sent its own users, readable in the browser, so that
with the simulated providers one can still sign in and accept invitations."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from postroom import runtime
from postroom.db import db
from postroom.domain.activity import notifications
from postroom.domain.sending import messages_to_users
from postroom.models import Notification
from postroom.web.access import public

blueprint = Blueprint("dev", __name__)
SHOWN = 50


@blueprint.get("/_dev/outbox")
@public
def outbox():
    if not runtime.settings().dev_outbox:
        abort(404)
    service, _key, _templates = messages_to_users.own_service(db.session)
    db.session.commit()
    sent = db.session.scalars(
        select(Notification)
        .where(Notification.service_id == service.id)
        .order_by(Notification.created_at.desc())
        .limit(SHOWN)
    ).all()
    contents = notifications.sent_contents(db.session, list(sent))
    return render_template("dev_outbox.html", messages=[(n, contents[n.id]) for n in sent])
