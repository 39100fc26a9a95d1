"""Admin API: inbound numbers, the numbers services receive text messages on, at GOV.UK
Notify's paths (`/inbound-number/...`; adding one is GC Notify's `POST /inbound-number/add`)."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

# The sender as `/service/<id>/sms-sender` shows it.
from postroom.api.admin.service_settings import _serialise_contact as serialise_contact
from postroom.api.openapi import endpoint
from postroom.api.schemas import inbound_numbers as schemas
from postroom.api.schemas.service_settings import SMS_SENDER
from postroom.db import db
from postroom.domain.services import inbound_numbers, senders
from postroom.domain.services.services import get_service
from postroom.domain.vocabulary.dates import iso
from postroom.models import InboundNumber

blueprint = Blueprint("inbound_numbers", __name__, url_prefix="/inbound-number")


def serialise(number: InboundNumber) -> dict:
    service = number.service
    return {
        "id": str(number.id),
        "number": number.number,
        "provider": number.provider,
        "service": None if service is None else {"id": str(service.id), "name": service.name},
        "active": number.active,
        "created_at": iso(number.created_at),
        "updated_at": iso(number.updated_at),
    }


@blueprint.get("")
@endpoint("List every inbound number", responses={200: schemas.INBOUND_NUMBERS})
def list_numbers():
    return jsonify(data=[serialise(n) for n in inbound_numbers.list_numbers(db.session)])


@blueprint.get("/available")
@endpoint("List the active numbers no service has", responses={200: schemas.INBOUND_NUMBERS})
def available_numbers():
    return jsonify(data=[serialise(n) for n in inbound_numbers.available_numbers(db.session)])


@blueprint.post("/add")
@endpoint(
    "Add an inbound number (unallocated and active)",
    body=schemas.ADD_NUMBER,
    responses={201: schemas.ADDED_NUMBER},
)
def add_number(body):
    [number] = inbound_numbers.add_numbers(
        db.session, [body["inbound_number"]], body.get("provider")
    )
    db.session.commit()
    return jsonify(data=number.number), 201


@blueprint.get("/service/<uuid:service_id>")
@endpoint(
    "Get the service's inbound number (empty when it has none)",
    responses={200: schemas.SERVICE_NUMBER},
)
def number_for_service(service_id):
    number = inbound_numbers.number_for_service(db.session, service_id)
    return jsonify(data=serialise(number) if number else {})


@blueprint.post("/service/<uuid:service_id>")
@endpoint(
    "Give the service an inbound number (the one named, or the first available) and make it "
    "the default text message sender",
    body=schemas.ALLOCATE,
    responses={201: SMS_SENDER["item"]},
)
def allocate(service_id, body):
    service = get_service(db.session, service_id)
    wanted = body.get("inbound_number_id")
    sender = inbound_numbers.allocate(db.session, service.id, uuid.UUID(wanted) if wanted else None)
    db.session.commit()
    return jsonify(serialise_contact(senders.SMS_SENDERS, sender)), 201


@blueprint.post("/service/<uuid:service_id>/off")
@endpoint("Stop texts to the service's inbound number reaching it", responses={204: None})
def deactivate(service_id):
    inbound_numbers.deactivate(db.session, service_id)
    db.session.commit()
    return "", 204
