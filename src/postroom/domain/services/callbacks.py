"""Where a service asks to be called back: a URL and bearer token for delivery receipts, one for
received text messages and one for returned letters."""

from __future__ import annotations

import ipaddress
import uuid
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.infrastructure.encryption import encrypt
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.infrastructure.version_history import save_version
from postroom.models import ServiceCallback

DELIVERY_STATUS = "delivery_status"
INBOUND_SMS = "inbound_sms"
RETURNED_LETTER = "returned_letter"
MIN_BEARER_TOKEN_LENGTH = 10
CALLBACK_NAMES = {
    DELIVERY_STATUS: "delivery status",
    INBOUND_SMS: "received text messages",
    RETURNED_LETTER: "returned letters",
}


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


def create_callback(
    session: Session,
    service_id: uuid.UUID,
    callback_type: str,
    *,
    url: str,
    bearer_token: str,
    updated_by_id: uuid.UUID,
) -> ServiceCallback:
    exists = InvalidRequest(
        f"Service already has a {CALLBACK_NAMES[callback_type]} callback: change that one"
    )
    if callback_for(session, service_id, callback_type) is not None:
        raise exists
    callback = ServiceCallback(
        service_id=service_id,
        callback_type=callback_type,
        url=check_url(url),
        bearer_token=encrypt(runtime.settings().secret_key, _check_token(bearer_token)),
        updated_by_id=updated_by_id,
    )
    with clash_raises(session, exists, "service_callbacks"):  # made meanwhile
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
