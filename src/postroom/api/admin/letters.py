"""Admin API: cancelling a letter or a whole letter job, the references of letters the printer
says came back, and a service's returned letters."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from postroom.api.openapi import endpoint
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.printing import cancelling, returned
from postroom.domain.services.services import get_service
from postroom.domain.vocabulary.dates import iso
from postroom.tasks.printing import queue_returned

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


REFERENCES = {
    "type": "object",
    "required": ["references"],
    "additionalProperties": False,
    "properties": {
        "references": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": "^[0-9A-Z]{16}$"},
        }
    },
}


@blueprint.post("/letters/returned")
@endpoint(
    "Report letters the printer returned, by reference",
    body=REFERENCES,
    responses={200: REFERENCES},
)
def letters_returned(body):
    queue_returned(body["references"])
    return jsonify(references=body["references"])


COUNT = {"type": "integer", "minimum": 0}
DAY = {"type": ["string", "null"], "format": "date"}
RETURNED_STATISTICS = {
    "type": "object",
    "required": ["returned_letter_count", "most_recent_report"],
    "properties": {"returned_letter_count": COUNT, "most_recent_report": DAY},
}
RETURNED_SUMMARY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["returned_letter_count", "reported_at"],
        "properties": {"returned_letter_count": COUNT, "reported_at": DAY},
    },
}
RETURNED_LETTERS = {
    "type": "array",
    "items": {"type": "object", "required": ["notification_id", "template_id", "date_sent"]},
}


@blueprint.get("/service/<uuid:service_id>/returned-letter-statistics")
@endpoint("Returned letters reported in the last 7 days", responses={200: RETURNED_STATISTICS})
def returned_letter_statistics(service_id):
    return jsonify(returned.statistics(db.session, get_service(db.session, service_id).id))


@blueprint.get("/service/<uuid:service_id>/returned-letter-summary")
@endpoint("Returned letters by the day they were reported", responses={200: RETURNED_SUMMARY})
def returned_letter_summary(service_id):
    return jsonify(returned.summary(db.session, get_service(db.session, service_id).id))


@blueprint.get("/service/<uuid:service_id>/returned-letters")
@endpoint(
    "The letters reported returned on one day",
    query={"reported_at": {"type": "string", "format": "date"}},
    required_query=("reported_at",),
    responses={200: RETURNED_LETTERS},
)
def returned_letters(service_id, query):
    service = get_service(db.session, service_id)
    return jsonify(returned.reported_on(db.session, service.id, query["reported_at"]))
