"""Scheduled clean-up of messages that never heard back or never left."""

from __future__ import annotations

from datetime import timedelta

from postroom.clock import utcnow
from postroom.models import Notification, NotificationStatusEvent
from postroom.tasks.timeouts import timeout_sending_notifications
from tests.factories import create_notification, create_template


def test_sending_for_over_72_hours_becomes_temporary_failure(session, service):
    template = create_template(session, service)
    old = create_notification(
        session, template, status="sending", created_at=utcnow() - timedelta(hours=73)
    )
    recent = create_notification(
        session, template, status="sending", created_at=utcnow() - timedelta(hours=71)
    )
    delivered = create_notification(
        session, template, status="delivered", created_at=utcnow() - timedelta(hours=80)
    )
    assert timeout_sending_notifications() == 1
    session.expire_all()
    assert session.get(Notification, old.id).status == "temporary-failure"
    assert session.get(Notification, recent.id).status == "sending"
    assert session.get(Notification, delivered.id).status == "delivered"
    assert session.query(NotificationStatusEvent).filter_by(
        notification_id=old.id
    ).one().detail == ("no receipt within 72 hours")
