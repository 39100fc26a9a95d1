"""Admin API: a service's settings: text message senders, email reply-to addresses, letter
contact blocks, data retention and callbacks."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import service_settings as schemas
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.accounts.users import get_user
from postroom.domain.services import callbacks, inbound_numbers, retention_periods, senders
from postroom.domain.services.services import get_service
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES

blueprint = Blueprint("service_settings", __name__)


def _service_id(service_id: uuid.UUID) -> uuid.UUID:
    return get_service(db.session, service_id).id


# Text message senders, reply-to addresses and letter contact blocks: the same five routes each.


def _serialise_contact(kind: senders.ContactKind, contact) -> dict:
    data = {
        "id": str(contact.id),
        "service_id": str(contact.service_id),
        kind.field: getattr(contact, kind.field),
        "is_default": contact.is_default,
        "archived": contact.archived,
        "created_at": iso(contact.created_at),
        "updated_at": iso(contact.updated_at),
    }
    if kind is senders.SMS_SENDERS:
        data["inbound_number_id"] = ident(contact.inbound_number_id)
    return data


def _add_contact_routes(path: str, kind: senders.ContactKind, schema: dict) -> None:
    base = f"/service/<uuid:service_id>/{path}"
    name = path.replace("-", "_")

    @endpoint(f"List the {kind.name}s", responses={200: schema["list"]})
    def list_contacts(service_id):
        found = senders.list_contacts(db.session, kind, _service_id(service_id))
        return jsonify([_serialise_contact(kind, c) for c in found])

    @endpoint(f"Get one {kind.name}", responses={200: schema["item"]})
    def get_contact(service_id, contact_id):
        contact = senders.get_contact(db.session, kind, service_id, contact_id)
        return jsonify(_serialise_contact(kind, contact))

    @endpoint(
        f"Add a {kind.name}",
        body=schema["request"],
        responses={201: schemas.data_of(schema["item"])},
    )
    def add_contact(service_id, body):
        service_id = _service_id(service_id)
        inbound = body.get("inbound_number_id") if kind is senders.SMS_SENDERS else None
        if inbound:
            # As Notify: the number is claimed (refused when taken or switched off) and, when
            # the service has one sender, replaces it rather than adding another.
            contact = inbound_numbers.allocate(db.session, service_id, uuid.UUID(inbound))
        else:
            contact = senders.add_contact(
                db.session, kind, service_id, body[kind.field], body["is_default"]
            )
        db.session.commit()
        return jsonify(data=_serialise_contact(kind, contact)), 201

    @endpoint(
        f"Change a {kind.name}",
        body=schema["request"],
        responses={200: schemas.data_of(schema["item"])},
    )
    def update_contact(service_id, contact_id, body):
        contact = senders.update_contact(
            db.session, kind, service_id, contact_id, body[kind.field], body["is_default"]
        )
        db.session.commit()
        return jsonify(data=_serialise_contact(kind, contact))

    @endpoint(f"Delete (archive) a {kind.name}", responses={200: schemas.data_of(schema["item"])})
    def archive_contact(service_id, contact_id):
        contact = senders.archive_contact(db.session, kind, service_id, contact_id)
        db.session.commit()
        return jsonify(data=_serialise_contact(kind, contact))

    one = f"{base}/<uuid:contact_id>"
    blueprint.add_url_rule(base, f"list_{name}", list_contacts, methods=["GET"])
    blueprint.add_url_rule(base, f"add_{name}", add_contact, methods=["POST"])
    blueprint.add_url_rule(one, f"get_{name}", get_contact, methods=["GET"])
    blueprint.add_url_rule(one, f"update_{name}", update_contact, methods=["POST"])
    blueprint.add_url_rule(f"{one}/archive", f"archive_{name}", archive_contact, methods=["POST"])


_add_contact_routes("sms-sender", senders.SMS_SENDERS, schemas.SMS_SENDER)
_add_contact_routes("email-reply-to", senders.REPLY_TO, schemas.REPLY_TO)
_add_contact_routes("letter-contact", senders.LETTER_CONTACTS, schemas.LETTER_CONTACT)


# Data retention


def _serialise_retention(retention) -> dict:
    return {
        "id": str(retention.id),
        "service_id": str(retention.service_id),
        "notification_type": retention.notification_type,
        "days_of_retention": retention.days_of_retention,
        "created_at": iso(retention.created_at),
        "updated_at": iso(retention.updated_at),
    }


@blueprint.get("/service/<uuid:service_id>/data-retention")
@endpoint("List data retention settings", responses={200: schemas.RETENTION_LIST})
def list_data_retention(service_id):
    found = retention_periods.list_retention(db.session, _service_id(service_id))
    return jsonify([_serialise_retention(r) for r in found])


@blueprint.get("/service/<uuid:service_id>/data-retention/<uuid:retention_id>")
@endpoint("Get one data retention setting", responses={200: schemas.RETENTION})
def get_data_retention(service_id, retention_id):
    retention = retention_periods.get_retention(db.session, service_id, retention_id)
    return jsonify(_serialise_retention(retention))


@blueprint.get("/service/<uuid:service_id>/data-retention/notification-type/<notification_type>")
@endpoint(
    "Get the data retention setting for a message type (empty when the default applies)",
    responses={200: {"oneOf": [schemas.RETENTION, {"type": "object", "maxProperties": 0}]}},
)
def get_data_retention_for_type(service_id, notification_type):
    if notification_type not in NOTIFICATION_TYPES:
        raise NotFound()
    retention = retention_periods.retention_for_type(
        db.session, _service_id(service_id), notification_type
    )
    return jsonify(_serialise_retention(retention) if retention else {})


@blueprint.post("/service/<uuid:service_id>/data-retention")
@endpoint(
    "Set how long messages of one type are kept",
    body=schemas.CREATE_RETENTION,
    responses={201: schemas.RETENTION_RESULT},
)
def create_data_retention(service_id, body):
    retention = retention_periods.add_retention(
        db.session, _service_id(service_id), body["notification_type"], body["days_of_retention"]
    )
    db.session.commit()
    return jsonify(result=_serialise_retention(retention)), 201


@blueprint.post("/service/<uuid:service_id>/data-retention/<uuid:retention_id>")
@endpoint(
    "Change how long messages of one type are kept",
    body=schemas.UPDATE_RETENTION,
    responses={204: None},
)
def update_data_retention(service_id, retention_id, body):
    retention_periods.update_retention(
        db.session, service_id, retention_id, body["days_of_retention"]
    )
    db.session.commit()
    return "", 204


# Callbacks: delivery receipts and received text messages, the same four routes each, at a path
# of their own; and all of them at `callback-api`, the type named in the body or query (where
# newer versions of GOV.UK Notify's admin call them).


def _serialise_callback(callback) -> dict:
    return {
        "id": str(callback.id),
        "service_id": str(callback.service_id),
        "callback_type": callback.callback_type,
        "url": callback.url,
        "updated_by_id": str(callback.updated_by_id),
        "created_at": iso(callback.created_at),
        "updated_at": iso(callback.updated_at),
    }


def _create_callback(service_id, callback_type: str, body: dict):
    user = get_user(db.session, uuid.UUID(body["updated_by_id"]))
    callback = callbacks.create_callback(
        db.session,
        _service_id(service_id),
        callback_type,
        url=body["url"],
        bearer_token=body["bearer_token"],
        updated_by_id=user.id,
    )
    db.session.commit()
    return jsonify(data=_serialise_callback(callback)), 201


def _get_callback(service_id, callback_type: str, callback_id):
    callback = callbacks.get_callback(db.session, service_id, callback_type, callback_id)
    return jsonify(data=_serialise_callback(callback))


def _update_callback(service_id, callback_type: str, callback_id, body: dict):
    callback = callbacks.get_callback(db.session, service_id, callback_type, callback_id)
    user = get_user(db.session, uuid.UUID(body["updated_by_id"]))
    callbacks.update_callback(
        db.session,
        callback,
        updated_by_id=user.id,
        url=body.get("url"),
        bearer_token=body.get("bearer_token"),
    )
    db.session.commit()
    return jsonify(data=_serialise_callback(callback))


def _delete_callback(service_id, callback_type: str, callback_id):
    callback = callbacks.get_callback(db.session, service_id, callback_type, callback_id)
    callbacks.delete_callback(db.session, callback)
    db.session.commit()
    return "", 204


def _add_callback_routes(path: str, callback_type: str) -> None:
    base = f"/service/<uuid:service_id>/{path}"
    what = callbacks.CALLBACK_NAMES[callback_type]
    name = path.replace("-", "_")

    @endpoint(
        f"Set the {what} callback", body=schemas.CREATE_CALLBACK, responses={201: schemas.CALLBACK}
    )
    def create(service_id, body):
        return _create_callback(service_id, callback_type, body)

    @endpoint(f"Get the {what} callback", responses={200: schemas.CALLBACK})
    def get(service_id, callback_id):
        return _get_callback(service_id, callback_type, callback_id)

    @endpoint(
        f"Change the {what} callback",
        body=schemas.UPDATE_CALLBACK,
        responses={200: schemas.CALLBACK},
    )
    def update(service_id, callback_id, body):
        return _update_callback(service_id, callback_type, callback_id, body)

    @endpoint(f"Remove the {what} callback", responses={204: None})
    def delete(service_id, callback_id):
        return _delete_callback(service_id, callback_type, callback_id)

    one = f"{base}/<uuid:callback_id>"
    blueprint.add_url_rule(base, f"create_{name}", create, methods=["POST"])
    blueprint.add_url_rule(one, f"get_{name}", get, methods=["GET"])
    blueprint.add_url_rule(one, f"update_{name}", update, methods=["POST"])
    blueprint.add_url_rule(one, f"delete_{name}", delete, methods=["DELETE"])


_add_callback_routes("delivery-receipt-api", callbacks.DELIVERY_STATUS)
_add_callback_routes("inbound-api", callbacks.INBOUND_SMS)

CALLBACK_API = "/service/<uuid:service_id>/callback-api"
TYPE_QUERY = {"callback_type": schemas.CALLBACK_TYPE}


@blueprint.post(CALLBACK_API)
@endpoint(
    "Set a callback of the type the body names",
    body=schemas.typed_callback(schemas.CREATE_CALLBACK),
    responses={201: schemas.CALLBACK},
)
def create_callback_api(service_id, body):
    return _create_callback(service_id, body["callback_type"], body)


@blueprint.get(f"{CALLBACK_API}/<uuid:callback_id>")
@endpoint(
    "Get a callback of the type the query names",
    query=TYPE_QUERY,
    required_query=("callback_type",),
    responses={200: schemas.CALLBACK},
)
def get_callback_api(service_id, callback_id, query):
    return _get_callback(service_id, query["callback_type"], callback_id)


@blueprint.post(f"{CALLBACK_API}/<uuid:callback_id>")
@endpoint(
    "Change a callback of the type the body names",
    body=schemas.typed_callback(schemas.UPDATE_CALLBACK),
    responses={200: schemas.CALLBACK},
)
def update_callback_api(service_id, callback_id, body):
    return _update_callback(service_id, body["callback_type"], callback_id, body)


@blueprint.delete(f"{CALLBACK_API}/<uuid:callback_id>")
@endpoint(
    "Remove a callback of the type the query names",
    query=TYPE_QUERY,
    required_query=("callback_type",),
    responses={204: None},
)
def delete_callback_api(service_id, callback_id, query):
    return _delete_callback(service_id, query["callback_type"], callback_id)
