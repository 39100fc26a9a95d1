"""A user's first service starts with an example text message template, for the short tour
that shows how sending works."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from postroom.domain.templates import templates
from postroom.models import Service, Template, User
from postroom.models.users import user_to_service

EXAMPLE_NAME = "Example text message template"
EXAMPLE_CONTENT = (
    "Hi ((name)), this is a test from Postroom. Your appointment is on ((day)) at ((time))."
)


def is_first_service(session: Session, user: User) -> bool:
    """Whether `user` belongs to no active service yet."""
    count = session.scalar(
        select(func.count())
        .select_from(user_to_service)
        .join(Service, Service.id == user_to_service.c.service_id)
        .where(user_to_service.c.user_id == user.id, Service.active.is_(True))
    )
    return count == 0


def add_example_template(session: Session, service: Service, user: User) -> Template:
    return templates.create_template(
        session,
        service,
        name=EXAMPLE_NAME,
        template_type="sms",
        content=EXAMPLE_CONTENT,
        created_by_id=user.id,
    )
