"""The audit trail: what happened, recorded as events."""

from __future__ import annotations

from sqlalchemy.orm import Session

from postroom.models import Event


def record_event(session: Session, event_type: str, data: dict) -> Event:
    event = Event(event_type=event_type, data=data)
    session.add(event)
    session.flush()
    return event
