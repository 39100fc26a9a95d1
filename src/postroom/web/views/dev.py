"""Development only: the messages Postroom sent its own users, readable in the browser, so that
with the simulated providers one can still sign in and accept invitations.

They are every user's security codes and invitation links, so the page is there only while the
web interface listens on a loopback address, and only for a browser on this machine."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from postroom import runtime
from postroom.db import db
from postroom.domain.activity import notifications
from postroom.domain.sending import messages_to_users
from postroom.models import Notification
from postroom.web.access import public

blueprint = Blueprint("dev", __name__)
SHOWN = 50
# A proxy on this machine makes every client look local; these say that one passed it on.
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-Ip")


def is_loopback(address: str | None) -> bool:
    """`127.0.0.1` (or any of 127/8), `::1`, `localhost`: this machine and nothing else."""
    address = (address or "").strip("[]")
    if address == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def _shown_to_this_request() -> bool:
    settings = runtime.settings()
    return (
        settings.dev_outbox
        and is_loopback(settings.host)
        and is_loopback(request.remote_addr)
        and not any(header in request.headers for header in PROXY_HEADERS)
    )


@blueprint.get("/_dev/outbox")
@public
def outbox():
    if not _shown_to_this_request():
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
