"""Where Postroom calls a service back: delivery receipts and received text messages."""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain import sending_lookups
from postroom.domain.errors import InvalidRequest, NotFound
from postroom.domain.secrets import decrypt, encrypt
from postroom.domain.statuses import FINAL_STATUSES
from postroom.domain.versioning import save_version
from postroom.models import ServiceCallback

DELIVERY_STATUS = "delivery_status"
INBOUND_SMS = "inbound_sms"
CALLBACK_TYPES = (DELIVERY_STATUS, INBOUND_SMS)
MIN_BEARER_TOKEN_LENGTH = 10
CALLBACK_NAMES = {DELIVERY_STATUS: "delivery status", INBOUND_SMS: "received text messages"}


def check_url(url: str) -> str:
    """HTTPS only; plain HTTP to this machine only where the operator allowed it (development)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip()
    local = parts.hostname == "localhost" or _is_loopback(parts.hostname or "")
    if parts.scheme == "http" and local and runtime.settings().allow_http_callbacks:
        return url.strip()
    raise InvalidRequest({"url": ["url is not a valid https url"]})


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_token(token: str) -> str:
    if len(token) < MIN_BEARER_TOKEN_LENGTH:
        raise InvalidRequest(
            {"bearer_token": [f"Must be at least {MIN_BEARER_TOKEN_LENGTH} characters."]}
        )
    return token


def get_callback(
    session: Session, service_id: uuid.UUID, callback_type: str, callback_id: uuid.UUID
) -> ServiceCallback:
    callback = session.get(ServiceCallback, callback_id)
    if (
        callback is None
        or callback.service_id != service_id
        or callback.callback_type != callback_type
    ):
        raise NotFound()
    return callback


def callback_for(
    session: Session, service_id: uuid.UUID, callback_type: str
) -> ServiceCallback | None:
    return session.scalar(
        select(ServiceCallback).where(
            ServiceCallback.service_id == service_id, ServiceCallback.callback_type == callback_type
        )
    )


def wants_delivery_status(session: Session, service_id: uuid.UUID) -> bool:
    """Whether the service has asked to be told of its messages' status changes."""
    return DELIVERY_STATUS in sending_lookups.callback_types(session, service_id)


def create_callback(
    session: Session,
    service_id: uuid.UUID,
    callback_type: str,
    *,
    url: str,
    bearer_token: str,
    updated_by_id: uuid.UUID,
) -> ServiceCallback:
    if callback_for(session, service_id, callback_type) is not None:
        raise InvalidRequest(
            f"Service already has a {CALLBACK_NAMES[callback_type]} callback: change that one"
        )
    callback = ServiceCallback(
        service_id=service_id,
        callback_type=callback_type,
        url=check_url(url),
        bearer_token=encrypt(runtime.settings().secret_key, _check_token(bearer_token)),
        updated_by_id=updated_by_id,
    )
    save_version(session, callback, new=True)
    return callback


def update_callback(
    session: Session,
    callback: ServiceCallback,
    *,
    updated_by_id: uuid.UUID,
    url: str | None = None,
    bearer_token: str | None = None,
) -> ServiceCallback:
    if url is not None:
        callback.url = check_url(url)
    if bearer_token is not None:
        callback.bearer_token = encrypt(runtime.settings().secret_key, _check_token(bearer_token))
    callback.updated_by_id = updated_by_id
    save_version(session, callback)
    return callback


def delete_callback(session: Session, callback: ServiceCallback) -> None:
    session.delete(callback)
    session.flush()


def bearer_token_of(callback: ServiceCallback) -> str:
    return decrypt(runtime.settings().secret_key, callback.bearer_token)


def delivery_status_payload(notification) -> dict:
    """The body GOV.UK Notify posts to a service when a message's status changes."""

    def stamp(value):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value else None

    final = notification.status in FINAL_STATUSES
    return {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "to": notification.to,
        "status": notification.status,
        "created_at": stamp(notification.created_at),
        "completed_at": stamp(notification.updated_at) if final else None,
        "sent_at": stamp(notification.sent_at),
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
        "date_received": message.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
