"""Admin API: API keys."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import api_keys as schemas
from postroom.db import db
from postroom.domain.accounts.users import get_user
from postroom.domain.services import api_keys as api_keys_domain
from postroom.domain.services.services import get_service
from postroom.domain.vocabulary.dates import iso

blueprint = Blueprint("api_keys", __name__)


def serialise_api_key(key) -> dict:
    return {
        "id": str(key.id),
        "name": key.name,
        "key_type": key.key_type,
        "created_at": iso(key.created_at),
        "updated_at": iso(key.updated_at),
        "created_by": str(key.created_by_id),
        "expiry_date": iso(key.expiry_date),
        "version": key.version,
    }


@blueprint.post("/service/<uuid:service_id>/api-key")
@endpoint(
    "Create an API key: the answer holds its secret, shown this once",
    body=schemas.CREATE_API_KEY,
    responses={201: schemas.SECRET_RESPONSE},
)
def create_api_key(service_id, body):
    service = get_service(db.session, service_id)
    creator = get_user(db.session, uuid.UUID(body["created_by"]))
    _key, secret = api_keys_domain.create_api_key(
        db.session, service, name=body["name"], key_type=body["key_type"], created_by_id=creator.id
    )
    db.session.commit()
    return jsonify(data=secret), 201


@blueprint.get("/service/<uuid:service_id>/api-keys")
@endpoint(
    "List a service's API keys (never their secrets)", responses={200: schemas.API_KEYS_RESPONSE}
)
def list_api_keys(service_id):
    service = get_service(db.session, service_id)
    keys = api_keys_domain.list_api_keys(db.session, service.id)
    return jsonify(apiKeys=[serialise_api_key(k) for k in keys])


@blueprint.get("/service/<uuid:service_id>/api-keys/<uuid:key_id>")
@endpoint("Get one API key (never its secret)", responses={200: schemas.API_KEYS_RESPONSE})
def get_api_key(service_id, key_id):
    key = api_keys_domain.get_api_key(db.session, service_id, key_id)
    return jsonify(apiKeys=[serialise_api_key(key)])


@blueprint.post("/service/<uuid:service_id>/api-key/revoke/<uuid:key_id>")
@endpoint("Revoke an API key, for good", responses={202: schemas.REVOKED_RESPONSE})
def revoke_api_key(service_id, key_id):
    api_keys_domain.revoke_api_key(db.session, service_id, key_id)
    db.session.commit()
    return jsonify({}), 202
