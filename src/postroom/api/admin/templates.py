"""Admin API: templates and their versions."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import templates as schemas
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.accounts.users import get_user
from postroom.domain.services.services import get_service
from postroom.domain.templates import templates as templates_domain
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.errors import InvalidRequest

blueprint = Blueprint("templates", __name__)


def serialise_template(template, folder_id: uuid.UUID | None = None) -> dict:
    """A template or one of its history rows, in the same shape."""
    return {
        "id": str(template.id),
        "name": template.name,
        "template_type": template.template_type,
        "content": template.content,
        "subject": template.subject,
        "service": str(template.service_id),
        "version": template.version,
        "archived": template.archived,
        "hidden": template.hidden,
        "is_precompiled_letter": templates_domain.is_precompiled_letter(template),
        "postage": template.postage,
        "folder": ident(folder_id),
        "reply_to": ident(template.service_letter_contact_id),
        "process_type": template.process_type,
        "redact_personalisation": template.redact_personalisation,
        "has_unsubscribe_link": template.has_unsubscribe_link,
        "letter_languages": template.letter_languages,
        "letter_welsh_subject": template.letter_welsh_subject,
        "letter_welsh_content": template.letter_welsh_content,
        "created_at": iso(template.created_at),
        "updated_at": iso(template.updated_at),
        "created_by": str(template.created_by_id),
    }


def _current(template) -> dict:
    return serialise_template(template, template.folder.id if template.folder else None)


# Fields of a body that only repeat what the path says (GOV.UK Notify's admin sends them).
PATH_FIELDS = ("service", "id")


def _template_fields(body: dict, **path_ids: uuid.UUID) -> dict:
    """The body without the fields that repeat the path, once they are checked to agree with it;
    an unsubscribe link given as null (Notify's admin does so for texts and letters) is none."""
    for field, expected in path_ids.items():
        if field in body and uuid.UUID(body[field]) != expected:
            raise InvalidRequest({field: [f"Does not match the {field} id in the URL."]})
    fields = {k: v for k, v in body.items() if k not in PATH_FIELDS}
    if "has_unsubscribe_link" in fields:
        fields["has_unsubscribe_link"] = bool(fields["has_unsubscribe_link"])
    return fields


@blueprint.post("/service/<uuid:service_id>/template")
@endpoint(
    "Create a template",
    body=schemas.CREATE_TEMPLATE,
    responses={201: schemas.TEMPLATE_RESPONSE},
)
def create_template(service_id, body):
    service = get_service(db.session, service_id)
    body = _template_fields(body, service=service.id)
    creator = get_user(db.session, uuid.UUID(body["created_by"]))
    template = templates_domain.create_template(
        db.session,
        service,
        name=body["name"],
        template_type=body["template_type"],
        content=body["content"],
        subject=body.get("subject"),
        created_by_id=creator.id,
        parent_folder_id=uuid.UUID(body["parent_folder_id"])
        if body.get("parent_folder_id")
        else None,
        postage=body.get("postage"),
        letter_contact_id=body.get("reply_to"),
        process_type=body.get("process_type", "normal"),
        has_unsubscribe_link=body.get("has_unsubscribe_link", False),
        letter_languages=body.get("letter_languages"),
        letter_welsh_subject=body.get("letter_welsh_subject"),
        letter_welsh_content=body.get("letter_welsh_content"),
    )
    db.session.commit()
    return jsonify(data=_current(template)), 201


@blueprint.get("/service/<uuid:service_id>/template")
@endpoint("List a service's templates", responses={200: schemas.TEMPLATES_RESPONSE})
def list_templates(service_id):
    service = get_service(db.session, service_id)
    return jsonify(
        data=[_current(t) for t in templates_domain.list_templates(db.session, service.id)]
    )


@blueprint.get("/service/<uuid:service_id>/template/<uuid:template_id>")
@endpoint("Get a template", responses={200: schemas.TEMPLATE_RESPONSE})
def get_template(service_id, template_id):
    return jsonify(
        data=_current(templates_domain.get_template(db.session, service_id, template_id))
    )


@blueprint.post("/service/<uuid:service_id>/template/<uuid:template_id>")
@endpoint(
    "Change a template (a new version when its content changes)",
    body=schemas.UPDATE_TEMPLATE,
    responses={200: schemas.TEMPLATE_RESPONSE},
)
def update_template(service_id, template_id, body):
    service = get_service(db.session, service_id)
    template = templates_domain.get_template(db.session, service_id, template_id)
    body = _template_fields(body, service=service.id, id=template.id)
    editor = get_user(db.session, uuid.UUID(body["created_by"]))
    changes = {k: v for k, v in body.items() if k != "created_by"}
    templates_domain.update_template(db.session, service, template, changes, editor.id)
    db.session.commit()
    return jsonify(data=_current(template))


@blueprint.get("/service/<uuid:service_id>/template/<uuid:template_id>/version/<version:version>")
@endpoint("Get one version of a template", responses={200: schemas.TEMPLATE_RESPONSE})
def get_template_version(service_id, template_id, version):
    row = templates_domain.get_version(db.session, service_id, template_id, version)
    return jsonify(data=serialise_template(row))


@blueprint.get("/service/<uuid:service_id>/template/<uuid:template_id>/versions")
@endpoint("Every version of a template, newest first", responses={200: schemas.TEMPLATES_RESPONSE})
def get_template_versions(service_id, template_id):
    rows = templates_domain.list_versions(db.session, service_id, template_id)
    return jsonify(data=[serialise_template(r) for r in rows])
