"""Calling a service back: what Postroom posts when a message's status changes or someone texts
the service's number, and posting it with the service's bearer token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.sending import cached_reads
from postroom.domain.services.callbacks import DELIVERY_STATUS
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.statuses import FINAL_STATUSES
from postroom.infrastructure.encryption import decrypt
from postroom.models import ServiceCallback


def wants_delivery_status(session: Session, service_id: uuid.UUID) -> bool:
    """Whether the service has asked to be told of its messages' status changes."""
    return DELIVERY_STATUS in cached_reads.callback_types(session, service_id)


def bearer_token_of(callback: ServiceCallback) -> str:
    return decrypt(runtime.settings().secret_key, callback.bearer_token)


def delivery_status_payload(notification) -> dict:
    """The body GOV.UK Notify posts to a service when a message's status changes."""

    final = notification.status in FINAL_STATUSES
    return {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "to": notification.to,
        "status": notification.status,
        "created_at": iso(notification.created_at),
        "completed_at": iso(notification.updated_at) if final else None,
        "sent_at": iso(notification.sent_at),
        "notification_type": notification.notification_type,
        "template_id": str(notification.template_id),
        "template_version": notification.template_version,
    }


class CallbackFailed(Exception):
    """The service's callback URL did not take the message; worth trying again later."""


def post_to_service(url: str, bearer_token: str, payload: dict, timeout: float = 5.0) -> None:
    """POST `payload` as JSON with the service's bearer token; any non-2xx answer is a failure."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {bearer_token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if not 200 <= response.status < 300:
                raise CallbackFailed(f"{url} answered {response.status}")
    except (urllib.error.URLError, OSError) as error:
        raise CallbackFailed(f"{url}: {error}") from error


def inbound_sms_payload(message, content: str) -> dict:
    """The body GOV.UK Notify posts to a service when someone texts its number."""
    return {
        "id": str(message.id),
        "source_number": message.user_number,
        "destination_number": message.notify_number,
        "message": content,
        "date_received": iso(message.created_at),
    }
