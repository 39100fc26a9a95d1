"""Calling a service back: what Postroom posts when a message's status changes or someone texts
the service's number, and posting it with the service's bearer token (a batch of statuses over
one kept-alive connection)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.domain.sending import cached_reads
from postroom.domain.services.callbacks import DELIVERY_STATUS
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.statuses import FINAL_STATUSES
from postroom.infrastructure.encryption import decrypt
from postroom.models import Notification, ServiceCallback


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

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


def post_to_service(
    url: str,
    bearer_token: str,
    payload: dict,
    timeout: float = 5.0,
    http: requests.Session | None = None,
) -> None:
    """POST `payload` as JSON with the service's bearer token, over `http`'s kept-alive
    connection when given; any non-2xx answer is a failure."""
    headers = {"Authorization": f"Bearer {bearer_token}"}
    try:
        response = (http or requests).post(url, json=payload, headers=headers, timeout=timeout)
    except requests.RequestException as error:
        raise CallbackFailed(f"{url}: {error}", unreachable=True) from error
    if not 200 <= response.status_code < 300:
        raise CallbackFailed(f"{url} answered {response.status_code}")


def post_all_to_service(
    url: str, bearer_token: str, payloads: list[dict], timeout: float = 5.0
) -> list[tuple[dict, CallbackFailed]]:
    """POST each payload in turn over one connection; those that failed, with why. Once the URL
    cannot be reached the rest are not tried (each would wait its own timeout): they fail too."""
    failed: list[tuple[dict, CallbackFailed]] = []
    with requests.Session() as http:
        for payload in payloads:
            if failed and failed[-1][1].unreachable:
                failed.append((payload, failed[-1][1]))
                continue
            try:
                post_to_service(url, bearer_token, payload, timeout, http)
            except CallbackFailed as error:
                failed.append((payload, error))
    return failed


def notifications_of(
    session: Session, service_id: uuid.UUID, ids: Collection[str]
) -> Sequence[Notification]:
    """The service's notifications among `ids`, in one query."""
    wanted = [uuid.UUID(i) for i in ids]
    return session.scalars(
        select(Notification).where(
            Notification.service_id == service_id, Notification.id.in_(wanted)
        )
    ).all()


def inbound_sms_payload(message, content: str) -> dict:
    """The body GOV.UK Notify posts to a service when someone texts its number."""
    return {
        "id": str(message.id),
        "source_number": message.user_number,
        "destination_number": message.notify_number,
        "message": content,
        "date_received": iso(message.created_at),
    }
