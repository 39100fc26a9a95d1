"""Public API v2: templates, their versions and previews."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import v2_templates as schemas
from postroom.api.v2 import parameters
from postroom.api.v2.validation import validate_v2
from postroom.db import db
from postroom.domain.sending.acceptance import check_nothing_missing
from postroom.domain.templates import templates as templates_domain
from postroom.domain.templates.rendering import render, subject_and_body
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.notification_types import EMAIL, PUBLIC_TEMPLATE_TYPES, SMS
from postroom.models import ServiceLetterContact, User
from postroom.text.placeholders import placeholders_in

blueprint = Blueprint("templates", __name__)

V2 = {"tag": "v2", "security": "service", "validate_body": validate_v2}


def serialise_template(template) -> dict:
    """A template or one of its versions, as the public API shows it."""
    author = db.session.get(User, template.created_by_id)
    contact = (
        db.session.get(ServiceLetterContact, template.service_letter_contact_id)
        if template.service_letter_contact_id
        else None
    )
    return {
        "id": str(template.id),
        "type": template.template_type,
        "created_at": iso(template.created_at),
        "updated_at": iso(template.updated_at),
        "created_by": author.email_address if author else "",
        "version": template.version,
        "body": template.content,
        "subject": template.subject if template.template_type != SMS else None,
        "name": template.name,
        # As Notify's: each placeholder, by the name it is written with, is needed to send.
        "personalisation": {
            name: {"required": True}
            for name in placeholders_in(
                template.subject if template.template_type != SMS else None, template.content
            )
        },
        "letter_contact_block": contact.contact_block if contact else None,
        "postage": template.postage,
    }


@blueprint.get("/v2/template/<template_id>")
@endpoint("Get a template", responses={200: schemas.TEMPLATE}, **V2)
def get_template(template_id):
    return jsonify(serialise_template(_live_template(template_id)))


@blueprint.get("/v2/template/<template_id>/version/<version>")
@endpoint("Get one version of a template", responses={200: schemas.TEMPLATE}, **V2)
def get_template_version(template_id, version):
    return jsonify(
        serialise_template(
            templates_domain.get_version(db.session, g.service.id, template_id, version)
        )
    )


@blueprint.get("/v2/templates")
@endpoint(
    "List the service's templates",
    query={"type": {"type": "string", "enum": PUBLIC_TEMPLATE_TYPES}},
    responses={200: schemas.TEMPLATES},
    parse_query=parameters.parse_query,
    **V2,
)
def list_templates(query):
    found = templates_domain.list_templates(db.session, g.service.id)
    if query["type"]:
        found = [t for t in found if t.template_type == query["type"]]
    return jsonify(templates=[serialise_template(t) for t in found])


@blueprint.post("/v2/template/<template_id>/preview")
@endpoint(
    "Preview a template with personalisation",
    body=schemas.PREVIEW_REQUEST,
    responses={200: schemas.PREVIEW},
    **V2,
)
def preview_template(template_id, body):
    template = _live_template(template_id)
    message = render(template, g.service, body.get("personalisation") or {})
    subject, text = subject_and_body(template, message)
    html = message.html_body if template.template_type == EMAIL else None
    check_nothing_missing(message)
    return jsonify(
        id=str(template.id),
        type=template.template_type,
        version=template.version,
        body=text,
        subject=subject,
        html=html,
        postage=template.postage,
    )


def _live_template(template_id):
    return templates_domain.usable_template(db.session, g.service, template_id)
