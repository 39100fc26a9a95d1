"""Who a message comes from, chosen before it is written or its list uploaded: a text message
sender or an email reply-to address of the service's (letters have none to choose). Asked only
when there are two or more, as Notify's admin asks; remembered in the session, by template,
until the message or job is sent."""

from __future__ import annotations

import uuid

from flask import g, session
from flask_wtf import FlaskForm

from postroom.db import db
from postroom.domain.services.senders import REPLY_TO, SMS_SENDERS, get_contact, list_contacts
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import LETTER, SMS
from postroom.web.forms import required_choice

CHOSEN = "chosen_senders"  # session key: sender id by template id
QUESTIONS = {
    "email": "Where should replies come back to?",
    "sms": "Who should the message come from?",
}
LABELS = {"email": "Reply to", "sms": "From"}


def _kind(template):
    return SMS_SENDERS if template.template_type == SMS else REPLY_TO


def senders(template) -> list:
    """The ones to choose from, the default first; none for a letter."""
    if template.template_type == LETTER:
        return []
    return list_contacts(db.session, _kind(template), g.service.id)


def value_of(contact) -> str:
    return getattr(contact, "sms_sender", None) or contact.email_address


def hint_of(contact) -> str | None:
    receives = getattr(contact, "inbound_number_id", None) is not None
    if contact.is_default:
        return "Default and receives replies" if receives else "Default"
    return "Receives replies" if receives else None


def choose_form(template, contacts: list):
    """Radios of the senders, the remembered one (else the default) picked."""
    picked = chosen(template, contacts)
    field = required_choice(
        QUESTIONS[template.template_type],
        {str(c.id): value_of(c) for c in contacts},
        "Select an option",
        default=str((picked or contacts[0]).id),
    )
    return type("SenderForm", (FlaskForm,), {"sender": field})()


def remember(template, sender_id: str | None) -> None:
    session[CHOSEN] = {**session.get(CHOSEN, {}), str(template.id): sender_id}


def forget(template) -> None:
    session[CHOSEN] = {k: v for k, v in session.get(CHOSEN, {}).items() if k != str(template.id)}


def chosen(template, contacts: list | None = None):
    """The sender remembered for this template while it is still the service's, else None."""
    remembered = session.get(CHOSEN, {}).get(str(template.id))
    if remembered is None:
        return None
    contacts = senders(template) if contacts is None else contacts
    return next((c for c in contacts if str(c.id) == remembered), None)


def shown(template) -> dict | None:
    """What the check page says about the sender: the chosen one, else the default."""
    contacts = senders(template)
    contact = chosen(template, contacts) or next((c for c in contacts if c.is_default), None)
    if contact is None:
        return None
    return {
        "label": LABELS[template.template_type],
        "value": value_of(contact),
        "id": contact.id,
        "choices": len(contacts),
    }


def of_job(job, template) -> dict | None:
    """The sender a job was started with, as its page names it (kept even once deleted)."""
    if job.sender_id is None or template.template_type == LETTER:
        return None
    try:
        contact = get_contact(db.session, _kind(template), job.service_id, job.sender_id)
    except NotFound:
        return None
    return {"label": LABELS[template.template_type], "value": value_of(contact)}


def posted(template, raw: str | None) -> uuid.UUID | None:
    """The sender a form sent, which must be one of the service's: None when none was sent;
    `LookupError` when it is not theirs (another service's, deleted, or not an id at all)."""
    if not raw:
        return None
    match = next((c for c in senders(template) if str(c.id) == raw), None)
    if match is None:
        raise LookupError(raw)
    return match.id
