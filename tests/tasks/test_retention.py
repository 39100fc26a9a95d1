"""Nightly retention: expired messages keep only what statistics need; old texts go."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from postroom.clock import frozen
from postroom.domain.activity import received_texts
from postroom.domain.reporting import statistics
from postroom.domain.services import retention_periods
from postroom.models import InboundNumber, InboundSms, Notification, NotificationHistory
from postroom.tasks.retention import remove_expired_data
from tests.factories import create_notification, create_service, create_template

NOW = datetime(2026, 11, 25, 12, 0)


def _ids(session, model):
    session.expire_all()
    return set(session.scalars(select(model.id)))


def test_expired_notifications_move_to_history(session):
    service = create_service(session)
    sms = create_template(session, service, content="Hi")
    kept = create_notification(session, sms, created_at=NOW - timedelta(days=6)).id
    expired = create_notification(
        session, sms, created_at=NOW - timedelta(days=7), status="delivered"
    ).id
    with frozen(NOW):
        result = remove_expired_data.apply().result
    assert result["notifications_moved"] == 1
    assert _ids(session, Notification) == {kept}
    [history] = session.scalars(select(NotificationHistory)).all()
    assert (history.id, history.status, history.service_id) == (expired, "delivered", service.id)


def test_each_service_keeps_its_own_retention_per_type(session):
    keeps_long = create_service(session)
    retention_periods.set_retention(session, keeps_long.id, "email", 30)
    default = create_service(session)
    old = NOW - timedelta(days=10)
    long_email = create_notification(
        session,
        create_template(session, keeps_long, template_type="email", subject="S"),
        created_at=old,
    ).id
    long_sms = create_notification(session, create_template(session, keeps_long), created_at=old).id
    other_email = create_notification(
        session,
        create_template(session, default, template_type="email", subject="S"),
        created_at=old,
    ).id
    session.commit()
    with frozen(NOW):
        remove_expired_data.apply()
    assert _ids(session, Notification) == {long_email}
    assert _ids(session, NotificationHistory) == {long_sms, other_email}


def test_statistics_still_count_moved_messages(session):
    service = create_service(session)
    sms = create_template(session, service, content="Hi")
    day = (NOW - timedelta(days=10)).date()
    create_notification(session, sms, created_at=NOW - timedelta(days=10), status="delivered")
    with frozen(NOW):
        remove_expired_data.apply()
        statistics.update_fact_notification_status(session, day)
        session.commit()
        counts = statistics.statistics_by_service(session, [service.id], day, day)[service.id]
    assert counts["sms"]["delivered"] == 1


def _received(session, content: str, at: datetime) -> int:
    with frozen(at):
        return received_texts.receive(
            session,
            notify_number="447700900500",
            user_number="447700900123",
            content=content,
            provider="smpp",
        ).id


def test_old_received_texts_are_deleted(session):
    service = create_service(session)
    session.add(InboundNumber(number="447700900500", provider="smpp", service_id=service.id))
    session.commit()
    old = _received(session, "old", NOW - timedelta(days=8))
    recent = _received(session, "new", NOW - timedelta(days=6))
    session.commit()
    with frozen(NOW):
        result = remove_expired_data.apply().result
    assert result["inbound_sms_deleted"] == 1
    assert _ids(session, InboundSms) == {recent}
    assert old not in _ids(session, InboundSms)
