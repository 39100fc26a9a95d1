"""Public API v2: sending email, text messages and letters, and reading them back (a letter as
its PDF too)."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Response, current_app, g, jsonify, request

from postroom.api.openapi import endpoint
from postroom.api.schemas import notifications as schemas
from postroom.api.v2 import parameters
from postroom.api.v2.idempotency import idempotent
from postroom.api.v2.validation import validate_v2
from postroom.db import db
from postroom.domain.activity import notifications as notifications_domain
from postroom.domain.letters.pdfs import pdf_for
from postroom.domain.sending import acceptance, precompiled_letters
from postroom.domain.services.services import email_from_address
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    LETTER,
    PUBLIC_TEMPLATE_TYPES,
    SMS,
)
from postroom.domain.vocabulary.statuses import PUBLIC_STATUSES, public_status
from postroom.tasks import delivery, letters_precompiled

blueprint = Blueprint("notifications", __name__)

V2 = {"tag": "v2", "security": "service", "validate_body": validate_v2}


def _template_ref(template_id, version, host_url: str | None = None) -> dict:
    return {
        "id": str(template_id),
        "version": version,
        "uri": f"{host_url or request.host_url}v2/template/{template_id}/version/{version}",
    }


def _send(
    notification_type: str, body: dict, recipient_field: str | None, sender_field: str | None
) -> tuple[dict, acceptance.Accepted, acceptance.SendRequest]:
    sender_id = body.get(sender_field) if sender_field else None
    wanted = acceptance.SendRequest(
        notification_type=notification_type,
        template_id=uuid.UUID(body["template_id"]),
        recipient=body[recipient_field] if recipient_field else "",
        personalisation=body.get("personalisation") or {},
        reference=body.get("reference"),
        sender_id=uuid.UUID(sender_id) if sender_id else None,
        unsubscribe_link=body.get("one_click_unsubscribe_url"),
        sanitise_content_for=body.get("sanitise_content_for") or [],
    )
    accepted = delivery.send(
        db.session,
        current_app.extensions["postroom_cache"],
        g.service,
        acceptance.Sender.from_key(g.api_key),
        wanted,
        grouped=True,  # the request writes nothing else
    )
    notification = accepted.notification
    response = {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "uri": f"{request.host_url}v2/notifications/{notification.id}",
        # As Notify builds it: the template's page under the service, not the v2 template URL.
        "template": {
            "id": str(accepted.template.id),
            "version": accepted.template.version,
            "uri": f"{request.host_url}services/{g.service.id}/templates/{accepted.template.id}",
        },
        "scheduled_for": None,
    }
    return response, accepted, wanted


@blueprint.post("/v2/notifications/sms")
@idempotent
@endpoint(
    "Send a text message",
    body=schemas.POST_SMS,
    responses={201: schemas.POST_SMS_RESPONSE},
    **V2,
)
def send_sms(body):
    response, accepted, _wanted = _send(SMS, body, "phone_number", "sms_sender_id")
    response["content"] = {"body": accepted.body, "from_number": accepted.sender}
    return jsonify(response), 201


@blueprint.post("/v2/notifications/email")
@idempotent
@endpoint(
    "Send an email",
    body=schemas.POST_EMAIL,
    responses={201: schemas.POST_EMAIL_RESPONSE},
    **V2,
)
def send_email(body):
    response, accepted, wanted = _send(EMAIL, body, "email_address", "email_reply_to_id")
    response["content"] = {
        "body": accepted.body,
        "subject": accepted.subject,
        "from_email": email_from_address(g.service),
        "one_click_unsubscribe_url": accepted.notification.unsubscribe_link,
    }
    response["sanitised_content"] = wanted.sanitised_content  # always there, {} when unchanged
    return jsonify(response), 201


def _validate_letter(body: object, _schema: dict) -> dict:
    """A body with `content` is a precompiled letter (as Notify tells them apart)."""
    precompiled_ = isinstance(body, dict) and "content" in body
    schema = schemas.POST_PRECOMPILED_LETTER if precompiled_ else schemas.POST_LETTER
    return validate_v2(body, schema)


@blueprint.post("/v2/notifications/letter")
@idempotent
@endpoint(
    "Send a letter: from a template, or a PDF of your own (`content`, base64 encoded)",
    body={"oneOf": [schemas.POST_LETTER, schemas.POST_PRECOMPILED_LETTER]},
    responses={
        201: {"oneOf": [schemas.POST_LETTER_RESPONSE, schemas.POST_PRECOMPILED_LETTER_RESPONSE]}
    },
    **{**V2, "validate_body": _validate_letter},
)
def send_letter(body):
    if "content" in body:
        return _send_precompiled_letter(body)
    response, accepted, _wanted = _send(LETTER, body, None, None)
    response["content"] = {"body": accepted.body, "subject": accepted.subject}
    return jsonify(response), 201


def _send_precompiled_letter(body: dict):
    notification = precompiled_letters.send(
        db.session,
        current_app.extensions["postroom_cache"],
        g.service,
        acceptance.Sender.from_key(g.api_key),
        body["content"],
        reference=body["reference"],
        postage=body.get("postage"),
    )
    db.session.commit()
    letters_precompiled.queue_scan(notification.id)
    response = {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "postage": notification.postage,
    }
    return jsonify(response), 201


def serialise_notification(notification, seen, host_url: str | None = None) -> dict:
    """A message as GOV.UK Notify's public API shows it (`Notification.serialize_with_cost_data`),
    field for field; `seen` is what the domain read back of it."""
    kind = notification.notification_type
    serialised = {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "email_address": notification.to if kind == EMAIL else None,
        "phone_number": notification.to if kind == SMS else None,
        **seen.address,
        "type": kind,
        "status": public_status(kind, notification.status),
        "template": _template_ref(
            notification.template_id, notification.template_version, host_url
        ),
        "body": seen.content.body,
        "subject": seen.content.subject,
        "created_at": iso(notification.created_at),
        "created_by_name": seen.created_by_name,
        "sent_at": iso(notification.sent_at),
        "completed_at": iso(notifications_domain.completed_at(notification)),
        "scheduled_for": None,
        "postage": notification.postage,
        "one_click_unsubscribe_url": notification.unsubscribe_link,
    }
    if kind == LETTER:
        serialised["estimated_delivery"] = iso(seen.estimated_delivery)
    return {
        **serialised,
        "is_cost_data_ready": seen.cost.is_cost_data_ready,
        "cost_in_pounds": seen.cost.cost_in_pounds,
        "cost_details": seen.cost.cost_details,
    }


V2_QUERY = {**V2, "parse_query": parameters.parse_query}


@blueprint.get("/v2/notifications/<notification_id>")
@endpoint("Get a message's status", responses={200: schemas.NOTIFICATION}, **V2)
def get_notification(notification_id):
    notification = notifications_domain.get_notification(db.session, g.service.id, notification_id)
    seen = notifications_domain.read_back(db.session, [notification])
    return jsonify(serialise_notification(notification, seen[notification.id]))


@blueprint.get("/v2/notifications/<notification_id>/pdf")
@endpoint("Get a letter's PDF, as it is printed", responses={200: None}, **V2)
def get_pdf_for_letter(notification_id):
    notification = notifications_domain.get_notification(db.session, g.service.id, notification_id)
    return Response(pdf_for(db.session, notification), mimetype="application/pdf")


LIST_QUERY = {
    "template_type": {"type": "array", "items": {"type": "string", "enum": PUBLIC_TEMPLATE_TYPES}},
    "status": {"type": "array", "items": {"type": "string", "enum": list(PUBLIC_STATUSES)}},
    "reference": {"type": "string"},
    "older_than": {"type": "string", "format": "uuid"},
    "include_jobs": {
        "type": "boolean",
        "default": False,
        "description": "As Notify's: `true` or `True`; leave it out for false",
    },
}


@blueprint.get("/v2/notifications")
@endpoint(
    "List messages, newest first, 250 a page",
    query=LIST_QUERY,
    responses={200: schemas.NOTIFICATIONS},
    **V2_QUERY,
)
def list_notifications(query):
    found = notifications_domain.list_for_api(
        db.session,
        g.service.id,
        g.api_key.key_type,
        template_types=query["template_type"],
        statuses_wanted=query["status"],
        reference=query["reference"],
        older_than=query["older_than"],
        include_jobs=query["include_jobs"],
    )
    links = {"current": request.url}
    if found:  # as Notify: a next link whenever this page had messages (the clients rely on it)
        given = parse_qsl(request.query_string.decode(), keep_blank_values=True)  # in order
        arguments = [(k, v) for k, v in given if k != "older_than"]
        arguments.append(("older_than", str(found[-1].id)))
        links["next"] = f"{request.base_url}?{urlencode(arguments)}"
    seen = notifications_domain.read_back(db.session, found)
    host_url = request.host_url  # once: each look at `request` costs
    return jsonify(
        notifications=[serialise_notification(n, seen[n.id], host_url) for n in found],
        links=links,
    )
