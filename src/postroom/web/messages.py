"""Sending Postroom's own messages (codes, invitations) to its users, from a request."""

from __future__ import annotations

from flask import current_app

from postroom.db import db
from postroom.domain.sending import messages_to_users
from postroom.tasks.delivery import queue_delivery


def send_to_user(template: messages_to_users.OwnTemplate, to: str, personalisation: dict) -> None:
    notification = messages_to_users.send(
        db.session, current_app.extensions["postroom_cache"], template, to, personalisation
    )
    db.session.commit()
    queue_delivery(notification.id, notification.notification_type)
