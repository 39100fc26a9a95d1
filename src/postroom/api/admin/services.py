"""Admin API: services (spec 002): list, get, create, update, archive, find by name, team members,
history, guest list and statistics."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import services as schemas
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.accounts.users import get_user
from postroom.domain.reporting import statistics
from postroom.domain.services import guest_list, team
from postroom.domain.services import services as services_domain
from postroom.domain.vocabulary.dates import iso, local_today
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import Service

blueprint = Blueprint("services", __name__)

BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}

# Columns shown under their own name; the rest of SERVICE_COLUMNS are ids or times.
PLAIN_COLUMNS = (
    "name",
    "active",
    "restricted",
    "organisation_type",
    "email_message_limit",
    "sms_message_limit",
    "letter_message_limit",
    "international_sms_message_limit",
    "rate_limit",
    "prefix_sms",
    "contact_link",
    "email_sender_local_part",
    "custom_email_sender_name",
    "count_as_live",
    "has_active_go_live_request",
    "confirmed_unique",
    "volume_email",
    "volume_sms",
    "volume_letter",
    "consent_to_research",
    "billing_contact_names",
    "billing_contact_email_addresses",
    "billing_reference",
    "purchase_order_number",
    "notes",
    "version",
)


def serialise_service_columns(row) -> dict:
    """A service or one of its versions, with GOV.UK Notify's field names."""
    return {
        "id": str(row.id),
        **{name: getattr(row, name) for name in PLAIN_COLUMNS},
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "go_live_at": iso(row.go_live_at),
        "organisation": ident(row.organisation_id),
        "email_branding": ident(row.email_branding_id),
        "letter_branding": ident(row.letter_branding_id),
        "go_live_user": ident(row.go_live_user_id),
        "created_by": str(row.created_by_id),
    }


def serialise_service(service: Service, stats: dict | None = None) -> dict:
    data = {
        **serialise_service_columns(service),
        "permissions": service.permission_names,
        "organisation_name": service.organisation.name if service.organisation else None,
    }
    if stats is not None:
        data["statistics"] = stats
    return data


def _service(service_id: uuid.UUID) -> Service:
    return services_domain.get_service(db.session, service_id)


@blueprint.get("/service")
@endpoint(
    "List services",
    query={
        "only_active": {**BOOLEAN, "default": False},
        "detailed": {**BOOLEAN, "default": False},
        "user_id": {"type": "string", "format": "uuid"},
        "include_from_test_key": {**BOOLEAN, "default": True},
        "start_date": DATE,
        "end_date": DATE,
    },
    responses={200: schemas.SERVICES_RESPONSE},
)
def list_services(query):
    found = services_domain.list_services(
        db.session, only_active=query["only_active"], user_id=query["user_id"]
    )
    if not query["detailed"]:
        return jsonify(data=[serialise_service(s) for s in found])
    # As in Notify, dates left out mean today (an end date alone means that one day).
    last = query["end_date"] or local_today()
    first = query["start_date"] or min(last, local_today())
    if first > last:
        raise InvalidRequest({"start_date": ["Start date must be on or before end date."]})
    counts = statistics.statistics_by_service(
        db.session, [s.id for s in found], first, last, query["include_from_test_key"]
    )
    return jsonify(data=[serialise_service(s, counts[s.id]) for s in found])


@blueprint.get("/service/<uuid:service_id>")
@endpoint(
    "Get a service",
    query={"detailed": {**BOOLEAN, "default": False}, "today_only": {**BOOLEAN, "default": False}},
    responses={200: schemas.SERVICE_RESPONSE},
)
def get_service(service_id, query):
    service = _service(service_id)
    stats = None
    if query["detailed"]:
        stats = statistics.service_statistics(
            db.session, service.id, today_only=query["today_only"]
        )
    return jsonify(data=serialise_service(service, stats))


@blueprint.post("/service")
@endpoint(
    "Create a service (in trial mode)",
    body=schemas.CREATE_SERVICE,
    responses={201: schemas.SERVICE_RESPONSE},
)
def create_service(body):
    service = services_domain.create_service(
        db.session,
        name=body["name"],
        user=get_user(db.session, uuid.UUID(body["user_id"])),
        organisation_type=body.get("organisation_type"),
        permissions_=body.get("permissions"),
        restricted=body.get("restricted", True),
        active=body.get("active", True),
        organisation_id=uuid.UUID(body["organisation"]) if body.get("organisation") else None,
        email_sender_local_part_=body.get("email_sender_local_part"),
        created_by=_user_or_none(body.get("created_by")),
        message_limits={
            kind: body[f"{kind}_message_limit"]
            for kind in schemas.MESSAGE_LIMIT_KINDS
            if f"{kind}_message_limit" in body
        },
    )
    db.session.commit()
    return jsonify(data=serialise_service(service)), 201


def _user_or_none(raw_id: str | None):
    return None if raw_id is None else get_user(db.session, uuid.UUID(raw_id))


@blueprint.post("/service/<uuid:service_id>")
@endpoint(
    "Update a service; each update is saved as a new version",
    body=schemas.UPDATE_SERVICE,
    responses={200: schemas.SERVICE_RESPONSE},
)
def update_service(service_id, body):
    service = _service(service_id)
    changes = {k: v for k, v in body.items() if k != "created_by"}
    updated_by = _user_or_none(body.get("created_by"))
    services_domain.update_service(db.session, service, changes, updated_by)
    db.session.commit()
    return jsonify(data=serialise_service(service))


@blueprint.post("/service/<uuid:service_id>/archive")
@endpoint("Archive a service, for good", responses={204: None})
def archive_service(service_id):
    services_domain.archive_service(db.session, _service(service_id))
    db.session.commit()
    return "", 204


@blueprint.get("/service/find-services-by-name")
@endpoint(
    "Find services whose name contains a search term",
    query={"service_name": {"type": "string"}},
    required_query=("service_name",),
    responses={200: schemas.FOUND_SERVICES_RESPONSE},
)
def find_services_by_name(query):
    found = services_domain.find_services_by_name(db.session, query["service_name"])
    return jsonify(
        data=[
            {
                "id": str(s.id),
                "name": s.name,
                "active": s.active,
                "restricted": s.restricted,
                "organisation_name": s.organisation.name if s.organisation else None,
            }
            for s in found
        ]
    )


@blueprint.get("/service/<uuid:service_id>/users")
@endpoint("List a service's team members", responses={200: schemas.SERVICE_USERS_RESPONSE})
def get_service_users(service_id):
    members = team.team_members(db.session, _service(service_id))
    return jsonify(
        data=[
            {
                "id": str(member.user.id),
                "name": member.user.name,
                "email_address": member.user.email_address,
                "mobile_number": member.user.mobile_number,
                "permissions": member.permissions,
                "folder_permissions": [str(f) for f in member.folder_ids],
            }
            for member in members
        ]
    )


@blueprint.post("/service/<uuid:service_id>/users/<uuid:user_id>")
@endpoint(
    "Add a user to a service",
    body=schemas.ADD_USER,
    responses={201: schemas.SERVICE_WITH_USERS},
)
def add_user_to_service(service_id, user_id, body):
    service = _service(service_id)
    team.add_user_to_service(
        db.session,
        service,
        get_user(db.session, user_id),
        team.normalise_permissions(p["permission"] for p in body["permissions"]),
        [uuid.UUID(f) for f in body.get("folder_permissions", [])],
    )
    db.session.commit()
    users = [{"id": str(u.id), "name": u.name} for u in service.users]
    return jsonify(data={**serialise_service(service), "users": users}), 201


@blueprint.delete("/service/<uuid:service_id>/users/<uuid:user_id>")
@endpoint("Remove a user from a service", responses={204: None})
def remove_user_from_service(service_id, user_id):
    team.remove_user_from_service(db.session, _service(service_id), user_id)
    db.session.commit()
    return "", 204


def _version(row) -> dict:
    """What API key and template versions have in common."""
    return {
        "id": str(row.id),
        "name": row.name,
        "service_id": str(row.service_id),
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "created_by": str(row.created_by_id),
        "version": row.version,
    }


@blueprint.get("/service/<uuid:service_id>/history")
@endpoint(
    "Every version of a service, its API keys and templates", responses={200: schemas.HISTORY}
)
def get_service_history(service_id):
    history = services_domain.service_history(db.session, _service(service_id).id)
    return jsonify(
        data={
            "service_history": [serialise_service_columns(r) for r in history["service_history"]],
            # Notify calls the revocation time expiry_date; the spec calls it revoked_at.
            "api_key_history": [
                {
                    **_version(r),
                    "key_type": r.key_type,
                    "expiry_date": iso(r.expiry_date),
                    "revoked_at": iso(r.expiry_date),
                }
                for r in history["api_key_history"]
            ],
            "template_history": [
                {**_version(r), "template_type": r.template_type, "archived": r.archived}
                for r in history["template_history"]
            ],
        }
    )


@blueprint.get("/service/<uuid:service_id>/guest-list")
@endpoint("Get the guest list", responses={200: schemas.GUEST_LIST})
def get_guest_list(service_id):
    return jsonify(guest_list.get_guest_list(db.session, _service(service_id).id))


@blueprint.put("/service/<uuid:service_id>/guest-list")
@endpoint("Replace the guest list", body=schemas.GUEST_LIST, responses={204: None})
def update_guest_list(service_id, body):
    guest_list.replace_guest_list(
        db.session, _service(service_id).id, body["email_addresses"], body["phone_numbers"]
    )
    db.session.commit()
    return "", 204


@blueprint.get("/service/<uuid:service_id>/statistics")
@endpoint(
    "Requested, delivered and failed counts by message type",
    query={
        "today_only": {**BOOLEAN, "default": False},
        "limit_days": {"type": "integer", "minimum": 1, "maximum": 366, "default": 7},
    },
    responses={200: schemas.STATISTICS_RESPONSE},
)
def get_service_statistics(service_id, query):
    service = _service(service_id)
    return jsonify(
        data=statistics.service_statistics(
            db.session, service.id, limit_days=query["limit_days"], today_only=query["today_only"]
        )
    )


@blueprint.get("/service/<uuid:service_id>/notifications/monthly")
@endpoint(
    "Counts by month and message type for a financial year (April to March)",
    query={"year": {"type": "integer", "minimum": 2000, "maximum": 2100}},
    required_query=("year",),
    responses={200: schemas.MONTHLY},
)
def get_monthly_statistics(service_id, query):
    service = _service(service_id)
    return jsonify(data=statistics.monthly_statistics(db.session, service.id, query["year"]))
