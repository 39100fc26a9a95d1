"""Factories for test data. Each makes what the domain would make, through the domain where the
domain has a function for it, so tests see real data."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.accounts import users as users_domain
from postroom.domain.sending.acceptance import Sender, SendRequest, accept
from postroom.domain.services import services as services_domain
from postroom.infrastructure.version_history import save_version
from postroom.models import Job, Notification, Service, Template, User


def create_user(
    session: Session,
    *,
    name: str = "Test User",
    email_address: str | None = None,
    password: str = "correct horse battery staple",
    mobile_number: str = "+447700900986",
    platform_admin: bool = False,
) -> User:
    return users_domain.create_user(
        session,
        name=name,
        email_address=email_address or f"user-{uuid.uuid4().hex[:8]}@example.gov.uk",
        password=password,
        mobile_number=mobile_number,
        platform_admin=platform_admin,
    )


def create_service(
    session: Session,
    *,
    user: User | None = None,
    name: str | None = None,
    organisation_type: str = "central",
    restricted: bool = True,
    permissions: list[str] | None = None,
) -> Service:
    service = services_domain.create_service(
        session,
        name=name or f"Service {uuid.uuid4().hex[:8]}",
        user=user or create_user(session),
        organisation_type=organisation_type,
        restricted=restricted,
        permissions_=permissions,
    )
    session.commit()
    return service


def create_template(
    session: Session,
    service: Service,
    *,
    template_type: str = "sms",
    name: str | None = None,
    content: str = "Hello ((name)), your reference is ((reference)).",
    subject: str | None = None,
    archived: bool = False,
) -> Template:
    template = Template(
        name=name or f"{template_type} template",
        template_type=template_type,
        content=content,
        subject=subject if subject is not None else ("Subject" if template_type != "sms" else None),
        service_id=service.id,
        created_by_id=service.created_by_id,
        archived=archived,
        postage="second" if template_type == "letter" else None,
    )
    save_version(session, template, new=True)
    session.commit()
    return template


def create_notification(
    session: Session,
    template: Template,
    *,
    status: str = "sending",
    created_at: datetime | None = None,
    key_type: str = "normal",
    to: str | None = None,
    billable_units: int = 1,
    job_id: uuid.UUID | None = None,
    client_reference: str | None = None,
) -> Notification:
    default_to = "+447700900123" if template.template_type == "sms" else "someone@example.gov.uk"
    notification = Notification(
        to=to or default_to,
        normalised_to=(to or default_to).lower(),
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        key_type=key_type,
        notification_type=template.template_type,
        status=status,
        created_at=created_at or utcnow(),
        billable_units=billable_units,
        job_id=job_id,
        client_reference=client_reference,
        postage=template.postage,
    )
    session.add(notification)
    session.commit()
    return notification


def stored(
    session: Session,
    api_app,
    service: Service,
    template: Template,
    count: int = 1,
    *,
    job: Job | None = None,
) -> list[uuid.UUID]:
    """Messages accepted through the domain and committed, not yet dispatched: waiting in the
    outbox. From `job`'s file when given (so in the bulk lane)."""
    sender = Sender("normal", created_by_id=service.created_by_id)
    to = "+447700900123" if template.template_type == "sms" else "someone@example.gov.uk"
    request = SendRequest(template.template_type, template.id, to)
    cache = api_app.extensions["postroom_cache"]

    def store(session: Session, row: dict) -> None:
        session.execute(insert(Notification.__table__), {**row, "job_id": job and job.id})

    found = [
        accept(session, cache, service, sender, request, store).notification.id
        for _ in range(count)
    ]
    session.commit()
    return found


def create_job(
    session: Session,
    template: Template,
    *,
    notification_count: int,
    job_status: str = "finished",
    original_file_name: str = "letters.csv",
) -> Job:
    job = Job(
        original_file_name=original_file_name,
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        notification_count=notification_count,
        job_status=job_status,
    )
    session.add(job)
    session.commit()
    return job
