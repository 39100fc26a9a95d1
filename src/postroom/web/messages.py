"""Sending Postroom's own messages (codes, invitations) to its users, from a request."""

from __future__ import annotations

from flask import current_app

from postroom.db import db
from postroom.domain.sending import messages_to_users
from postroom.tasks import delivery


def send_to_user(template: messages_to_users.OwnTemplate, to: str, personalisation: dict) -> None:
    delivery.send(
        db.session,
        current_app.extensions["postroom_cache"],
        *messages_to_users.message_to(db.session, template, to, personalisation),
    )
