"""Admin API: cancelling a letter or a whole letter job, and the references of letters the
printer says came back."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from postroom.api.openapi import endpoint
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.letters import cancelling
from postroom.domain.vocabulary.dates import iso

blueprint = Blueprint("letters", __name__)

CANCELLED_LETTER = {
    "type": "object",
    "required": ["id", "status", "notification_type"],
    "properties": {
        "id": {"type": "string"},
        "status": {"const": "cancelled"},
        "notification_type": {"const": "letter"},
    },
}


def _cache():
    return current_app.extensions["postroom_cache"]


@blueprint.post("/service/<uuid:service_id>/notifications/<uuid:notification_id>/cancel")
@endpoint("Cancel a letter before it goes to print", responses={200: CANCELLED_LETTER})
def cancel_letter(service_id, notification_id):
    notification = cancelling.cancel_letter(db.session, _cache(), service_id, notification_id)
    return jsonify(
        id=str(notification.id),
        reference=notification.client_reference,
        status=notification.status,
        notification_type=notification.notification_type,
        postage=notification.postage,
        template_id=ident(notification.template_id),
        template_version=notification.template_version,
        job_id=ident(notification.job_id),
        job_row_number=notification.job_row_number,
        created_at=iso(notification.created_at),
        updated_at=iso(notification.updated_at),
    )


@blueprint.post("/service/<uuid:service_id>/job/<uuid:job_id>/cancel-letter-job")
@endpoint(
    "Cancel every letter of a letter job before they go to print",
    responses={200: {"type": "integer", "minimum": 0}},
)
def cancel_letter_job(service_id, job_id):
    return jsonify(cancelling.cancel_letter_job(db.session, _cache(), service_id, job_id))
