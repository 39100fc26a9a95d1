"""Received text messages: the inbox (kept up to date through `inbox.json`), its download, and
the conversation with one number."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    jsonify,
    render_template,
    request,
    stream_with_context,
)

from postroom.db import db
from postroom.domain.activity import notifications, received_texts
from postroom.domain.vocabulary.dates import local_today
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import INBOUND_SMS
from postroom.domain.vocabulary.permissions import VIEW_ACTIVITY
from postroom.web.access import service_page

blueprint = Blueprint("received_texts", __name__, url_prefix="/services/<uuid:service_id>")


def _require_inbound() -> None:
    if INBOUND_SMS not in g.service.permission_names:
        abort(404)


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        abort(404)


def _messages(service_id, page: int):
    rows, more = received_texts.inbox_page(db.session, service_id, page)
    shown = [(m, received_texts.shown_content(m)) for m in rows]
    return shown, more


@blueprint.get("/inbox")
@service_page(VIEW_ACTIVITY)
def index(service_id):
    _require_inbound()
    page = _page()
    messages, more = _messages(service_id, page)
    return render_template(
        "received_texts/index.html", service=g.service, messages=messages, page=page, more=more
    )


@blueprint.get("/inbox.json")
@service_page(VIEW_ACTIVITY)
def live(service_id):
    _require_inbound()
    page = _page()
    messages, more = _messages(service_id, page)
    html = render_template(
        "received_texts/_messages.html", service=g.service, messages=messages, page=page, more=more
    )
    return jsonify(messages=html)


@blueprint.get("/inbox.csv")
@service_page(VIEW_ACTIVITY)
def download(service_id):
    """Every received message, not just a page, streamed as it is read."""
    _require_inbound()

    filename = received_texts.csv_filename(local_today())
    return Response(
        stream_with_context(received_texts.csv_text(db.session, service_id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/conversation/<uuid:inbound_id>")
@service_page(VIEW_ACTIVITY)
def conversation(service_id, inbound_id):
    _require_inbound()
    try:
        number, thread = received_texts.conversation(db.session, service_id, inbound_id)
    except NotFound:
        abort(404)
    return render_template(
        "received_texts/conversation.html",
        service=g.service,
        number=number,
        thread=[(when, direction, _text_of(item, direction)) for when, direction, item in thread],
    )


def _text_of(item, direction: str) -> str:
    if direction == "inbound":
        return received_texts.content_of(item)
    return notifications.sent_content(db.session, item).body
