"""Public API v2: text messages received by the service."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from postroom.api.openapi import endpoint
from postroom.api.schemas.common import UUID
from postroom.api.v2 import parameters
from postroom.api.v2.validation import validate_v2
from postroom.db import db
from postroom.domain.activity import received_texts
from postroom.domain.vocabulary.dates import iso

blueprint = Blueprint("received_text_messages", __name__)

RECEIVED = {
    "type": "object",
    "required": ["id", "user_number", "notify_number", "created_at", "service_id", "content"],
    "properties": {
        "id": UUID,
        "user_number": {"type": "string"},
        "notify_number": {"type": "string"},
        "created_at": {"type": "string"},
        "service_id": UUID,
        "content": {"type": "string"},
    },
}
RECEIVED_PAGE = {
    "type": "object",
    "required": ["received_text_messages", "links"],
    "properties": {
        "received_text_messages": {"type": "array", "items": RECEIVED},
        "links": {"type": "object", "required": ["current"]},
    },
}


@blueprint.get("/v2/received-text-messages")
@endpoint(
    "Received text messages, newest first, 250 a page",
    query={"older_than": {"type": "string", "format": "uuid"}},
    responses={200: RECEIVED_PAGE},
    tag="v2",
    security="service",
    validate_body=validate_v2,
    parse_query=parameters.parse_query,
)
def list_received_text_messages(query):
    found = received_texts.list_received(db.session, g.service.id, query["older_than"])
    links = {"current": request.url}
    if found:  # as Notify: a next link whenever this page had messages (the clients rely on it)
        links["next"] = f"{request.base_url}?older_than={found[-1].id}"
    return jsonify(
        received_text_messages=[
            {
                "id": str(m.id),
                "user_number": m.user_number,
                "notify_number": m.notify_number,
                "created_at": iso(m.created_at),
                "service_id": str(m.service_id),
                "content": received_texts.content_of(m),
            }
            for m in found
        ],
        links=links,
    )
