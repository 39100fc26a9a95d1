"""Templates: creating and changing them (every change a new version), and reading versions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.domain.templates.folders import check_can_see_template
from postroom.domain.templates.rendering import (
    SMS_CHARACTER_LIMIT,
    render_text_message,
    sms_too_long,
)
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    LETTER,
    SMS,
    type_name,
)
from postroom.infrastructure.version_history import save_version
from postroom.models import (
    Notification,
    NotificationHistory,
    Service,
    ServiceLetterContact,
    Template,
    TemplateFolder,
    TemplateHistory,
    User,
)

DEFAULT_POSTAGE = "second"

# The languages a letter can be written in, as GOV.UK Notify names them: English only, or a
# Welsh version (its own subject and content) followed by the English one.
ENGLISH = "english"
WELSH_THEN_ENGLISH = "welsh_then_english"
LETTER_LANGUAGES = (ENGLISH, WELSH_THEN_ENGLISH)

# Changing any of these makes a new version; anything else is not part of a template's content.
VERSIONED_FIELDS = (
    "name",
    "content",
    "subject",
    "postage",
    "archived",
    "hidden",
    "process_type",
    "service_letter_contact_id",
    "redact_personalisation",
    "has_unsubscribe_link",
    "letter_languages",
    "letter_welsh_subject",
    "letter_welsh_content",
    "letter_attachment_id",
)


def is_precompiled_letter(template: Template | TemplateHistory) -> bool:
    """A letter sent as a ready-made PDF has a hidden letter template (never listed or edited)."""
    return template.template_type == LETTER and template.hidden


def get_template(session: Session, service_id: uuid.UUID, template_id: uuid.UUID) -> Template:
    template = session.get(Template, template_id)
    if template is None or template.service_id != service_id:
        raise NotFound()
    return template


def can_be_used(template: Template | TemplateHistory | None, service_id: uuid.UUID) -> bool:
    """Whether `template` can make (or preview) messages of the service: it exists, is the
    service's own, and has not been deleted (archived)."""
    return template is not None and template.service_id == service_id and not template.archived


def usable_template(
    session: Session, service: Service, template_id: uuid.UUID, user: User | None = None
) -> Template:
    """The template, if it can be used (see `can_be_used`) and, for a team member, is in a
    folder they may see; NotFound otherwise."""
    template = session.get(Template, template_id)
    if not can_be_used(template, service.id):
        raise NotFound()
    if user is not None:
        check_can_see_template(session, service, user, template)
    return template


def list_templates(session: Session, service_id: uuid.UUID) -> list[Template]:
    """The service's templates, not deleted, nor hidden (its precompiled letters' template)."""
    return list(
        session.scalars(
            select(Template)
            .where(
                Template.service_id == service_id,
                Template.archived.is_(False),
                Template.hidden.is_(False),
            )
            .order_by(Template.created_at.desc(), Template.name)
        )
    )


def get_version(
    session: Session, service_id: uuid.UUID, template_id: uuid.UUID, version: int
) -> TemplateHistory:
    row = session.get(TemplateHistory, (template_id, version))
    if row is None or row.service_id != service_id:
        raise NotFound()
    return row


def list_versions(
    session: Session, service_id: uuid.UUID, template_id: uuid.UUID
) -> list[TemplateHistory]:
    get_template(session, service_id, template_id)
    return list(
        session.scalars(
            select(TemplateHistory)
            .where(TemplateHistory.id == template_id)
            .order_by(TemplateHistory.version.desc())
        )
    )


def last_used_since(
    session: Session, service_id: uuid.UUID, template_id: uuid.UUID, since: datetime
) -> datetime | None:
    """When the template last made a message of the service at or after `since`, if it did.
    Messages past a short retention have moved to the history table, so both are read; each read
    is bounded by the service's (service_id, created_at) index."""
    newest = [
        session.scalar(
            select(func.max(table.created_at)).where(
                table.service_id == service_id,
                table.created_at >= since,
                table.template_id == template_id,
            )
        )
        for table in (Notification, NotificationHistory)
    ]
    return max((moment for moment in newest if moment is not None), default=None)


def _check_content(service: Service, template_type: str, content: str, subject: str | None) -> None:
    if template_type in (EMAIL, LETTER) and not (subject or "").strip():
        raise InvalidRequest({"subject": [f"A subject is required for {template_type} templates."]})
    if template_type == SMS and subject:
        raise InvalidRequest({"subject": ["Text message templates have no subject."]})
    if template_type == SMS and sms_too_long(render_text_message(service, content)):
        message = f"Content has a character count greater than the limit of {SMS_CHARACTER_LIMIT}"
        raise InvalidRequest({"content": [message]})


def _check_extras(
    template_type: str, has_unsubscribe_link: bool, languages: str | None, welsh: tuple
) -> None:
    """An unsubscribe link is for emails; a language is for letters, and a Welsh subject and
    content come with Welsh letters and only with them."""
    if has_unsubscribe_link and template_type != EMAIL:
        raise InvalidRequest(
            {"has_unsubscribe_link": ["Only email templates can have an unsubscribe link."]}
        )
    if template_type != LETTER:
        if languages is not None or welsh != (None, None):
            raise InvalidRequest({"letter_languages": ["Only letter templates have a language."]})
        return
    if languages == WELSH_THEN_ENGLISH and not all((part or "").strip() for part in welsh):
        message = "A Welsh letter needs a Welsh subject and Welsh content."
        raise InvalidRequest({"letter_welsh_content": [message]})
    if languages != WELSH_THEN_ENGLISH and welsh != (None, None):
        message = "Only a Welsh letter has a Welsh subject and Welsh content."
        raise InvalidRequest({"letter_welsh_content": [message]})


def _check_letter_contact(session: Session, service_id: uuid.UUID, contact_id) -> uuid.UUID | None:
    if contact_id is None:
        return None
    contact = session.get(ServiceLetterContact, uuid.UUID(str(contact_id)))
    if contact is None or contact.service_id != service_id or contact.archived:
        raise InvalidRequest({"reply_to": [f"No letter contact block with id {contact_id}."]})
    return contact.id


def create_template(
    session: Session,
    service: Service,
    *,
    name: str,
    template_type: str,
    content: str,
    created_by_id: uuid.UUID,
    subject: str | None = None,
    parent_folder_id: uuid.UUID | None = None,
    postage: str | None = None,
    letter_contact_id: uuid.UUID | None = None,
    process_type: str = "normal",
    has_unsubscribe_link: bool = False,
    letter_languages: str | None = None,
    letter_welsh_subject: str | None = None,
    letter_welsh_content: str | None = None,
) -> Template:
    if not service.active:
        raise InvalidRequest("Templates cannot be created for an archived service.")
    if template_type not in service.permission_names:
        raise InvalidRequest(
            {"template_type": [f"Creating {type_name(template_type)} templates is not allowed"]}
        )
    _check_content(service, template_type, content, subject)
    if postage is not None and template_type != LETTER:
        raise InvalidRequest({"postage": ["Only letter templates have postage."]})
    if template_type == LETTER:
        letter_languages = letter_languages or ENGLISH
    welsh = (letter_welsh_subject, letter_welsh_content)
    _check_extras(template_type, has_unsubscribe_link, letter_languages, welsh)
    template = Template(
        name=name.strip(),
        template_type=template_type,
        content=content,
        subject=subject,
        service_id=service.id,
        created_by_id=created_by_id,
        postage=(postage or DEFAULT_POSTAGE) if template_type == LETTER else None,
        process_type=process_type,
        service_letter_contact_id=_check_letter_contact(session, service.id, letter_contact_id),
        has_unsubscribe_link=has_unsubscribe_link,
        letter_languages=letter_languages,
        letter_welsh_subject=letter_welsh_subject,
        letter_welsh_content=letter_welsh_content,
    )
    if parent_folder_id is not None:
        folder = session.get(TemplateFolder, parent_folder_id)
        if folder is None or folder.service_id != service.id:
            raise InvalidRequest({"parent_folder_id": ["parent_folder_id not found"]})
        template.folder = folder
    save_version(session, template, new=True)
    return template


def update_template(
    session: Session, service: Service, template: Template, changes: dict, updated_by_id: uuid.UUID
) -> Template:
    """Apply `changes`; save a new version only when something versioned actually changed."""
    if "template_type" in changes and changes["template_type"] != template.template_type:
        raise InvalidRequest({"template_type": ["The type of a template cannot be changed."]})
    if "reply_to" in changes:
        changes = {
            **changes,
            "service_letter_contact_id": _check_letter_contact(
                session, service.id, changes["reply_to"]
            ),
        }
    if "postage" in changes and template.template_type != LETTER:
        raise InvalidRequest({"postage": ["Only letter templates have postage."]})
    content = changes.get("content", template.content)
    subject = changes.get("subject", template.subject)
    _check_content(service, template.template_type, content, subject)
    _check_extras(
        template.template_type,
        changes.get("has_unsubscribe_link", template.has_unsubscribe_link),
        changes.get("letter_languages", template.letter_languages),
        tuple(
            changes.get(field, getattr(template, field))
            for field in ("letter_welsh_subject", "letter_welsh_content")
        ),
    )
    changed = [f for f in VERSIONED_FIELDS if f in changes and changes[f] != getattr(template, f)]
    if not changed:
        return template
    for field in changed:
        setattr(template, field, changes[field])
    if "name" in changed:
        template.name = template.name.strip()
    template.created_by_id = updated_by_id
    save_version(session, template)
    return template


def copy_name(template: Template) -> str:
    """The name a copy of `template` starts with."""
    return f"{template.name} (copy)"


def archive_template(
    session: Session, service: Service, template: Template, archived_by_id: uuid.UUID
) -> Template:
    """Delete a template as GOV.UK Notify does: archived (a new version), out of its folder.
    Its content is not checked again: a template that no longer passes can still be deleted."""
    if template.service_id != service.id:
        raise NotFound()
    if not template.archived:
        template.archived = True
        template.created_by_id = archived_by_id
        template.folder = None
        save_version(session, template)
    return template
