"""Who belongs to an organisation's team: the one question every other part asks of it."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from postroom.models import Organisation, Service
from postroom.models.organisations import user_to_organisation


def is_organisation_user(session: Session, user_id: uuid.UUID, organisation_id: uuid.UUID) -> bool:
    return session.scalar(
        select(
            exists().where(
                user_to_organisation.c.user_id == user_id,
                user_to_organisation.c.organisation_id == organisation_id,
            )
        )
    )


def organisations_of(session: Session, user_id: uuid.UUID) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .join(user_to_organisation)
            .where(user_to_organisation.c.user_id == user_id, Organisation.active.is_(True))
            .order_by(Organisation.name)
        )
    )


def is_organisation_user_of_service(
    session: Session, user_id: uuid.UUID, service_id: uuid.UUID
) -> bool:
    """Whether the user is on the team of the organisation the service belongs to."""
    return session.scalar(
        select(
            exists().where(
                Service.id == service_id,
                user_to_organisation.c.organisation_id == Service.organisation_id,
                user_to_organisation.c.user_id == user_id,
            )
        )
    )
