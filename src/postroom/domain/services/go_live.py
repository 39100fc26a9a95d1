"""Going live: the checklist a trial-mode service completes, its request, and a platform
admin's approval, which lifts trial mode and its limits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.domain.services import services
from postroom.domain.services.senders import REPLY_TO, SMS_SENDERS, list_contacts
from postroom.domain.services.team import team_members
from postroom.domain.vocabulary import organisation_types, permissions
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import EMAIL, SMS
from postroom.infrastructure.version_history import save_version
from postroom.models import Service, Template, User

# Enough people to manage the service when one is away.
MIN_MANAGERS = 2


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    done: bool


def _template_types(session: Session, service: Service) -> set[str]:
    return set(
        session.scalars(
            select(Template.template_type).where(
                Template.service_id == service.id, Template.archived.is_(False)
            )
        )
    )


def checklist(session: Session, service: Service) -> list[ChecklistItem]:
    """What the service must do before it may ask to go live; some items only apply to the
    kinds of message its templates send, or to its type of organisation."""
    types = _template_types(session, service)
    managers = [
        m
        for m in team_members(session, service)
        if permissions.MANAGE_SERVICE in permissions.to_ui(m.permissions)
    ]
    items = [
        ChecklistItem(
            "volumes",
            "Tell us how many messages you expect to send",
            any(
                v is not None
                for v in (service.volume_email, service.volume_sms, service.volume_letter)
            ),
        ),
        ChecklistItem(
            "team",
            f"Add {MIN_MANAGERS} or more team members who can manage settings, team and usage",
            len(managers) >= MIN_MANAGERS,
        ),
        ChecklistItem(
            "templates", "Add templates with examples of the content you plan to send", bool(types)
        ),
    ]
    if EMAIL in types:
        items.append(
            ChecklistItem(
                "reply_to",
                "Add a reply-to email address",
                bool(list_contacts(session, REPLY_TO, service.id)),
            )
        )
    if (
        SMS in types
        and service.organisation_type not in organisation_types.CROWN_ORGANISATION_TYPES
    ):
        senders = list_contacts(session, SMS_SENDERS, service.id)
        default = next((s.sms_sender for s in senders if s.is_default), None)
        items.append(
            ChecklistItem(
                "sms_sender",
                "Change your text message sender name",
                default is not None and default != services.DEFAULT_SMS_SENDER,
            )
        )
    return items


def request_go_live(session: Session, service: Service, user: User) -> None:
    if not service.restricted:
        raise InvalidRequest("This service is already live")
    undone = [item.text for item in checklist(session, service) if not item.done]
    if undone:
        raise InvalidRequest(f"Before you can go live: {undone[0].lower()}")
    service.has_active_go_live_request = True
    service.go_live_user_id = user.id
    save_version(session, service)


def pending_requests(session: Session) -> list[Service]:
    return list(
        session.scalars(
            select(Service)
            .where(Service.has_active_go_live_request.is_(True), Service.active.is_(True))
            .order_by(Service.name)
        )
    )


def approve(session: Session, service: Service) -> None:
    """A platform admin agrees: the service goes live (see `services.update_service`)."""
    services.update_service(session, service, {"restricted": False})


def decline(session: Session, service: Service) -> None:
    service.has_active_go_live_request = False
    save_version(session, service)
