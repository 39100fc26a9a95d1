"""API keys: created once (the secret shown that one time), stored encrypted, revoked for good."""

from __future__ import annotations

import functools
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import KEY_TYPE_NORMAL
from postroom.infrastructure.encryption import decrypt, encrypt
from postroom.infrastructure.version_history import save_version
from postroom.models import ApiKey, Service


def create_api_key(
    session: Session, service: Service, *, name: str, key_type: str, created_by_id: uuid.UUID
) -> tuple[ApiKey, str]:
    """The new key and its secret; the secret is never readable through the API again."""
    if not service.active:
        raise InvalidRequest("API keys cannot be created for an archived service.")
    if key_type == KEY_TYPE_NORMAL and service.restricted:
        raise InvalidRequest(
            {
                "key_type": [
                    "Trial mode services cannot create live API keys. Request to go live first."
                ]
            }
        )
    secret = str(uuid.uuid4())
    key = ApiKey(
        name=name.strip(),
        secret=encrypt(runtime.settings().secret_key, secret),
        service_id=service.id,
        key_type=key_type,
        created_by_id=created_by_id,
    )
    save_version(session, key, new=True)
    return key, secret


def get_api_key(session: Session, service_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None or key.service_id != service_id:
        raise NotFound()
    return key


def list_api_keys(session: Session, service_id: uuid.UUID) -> list[ApiKey]:
    return list(
        session.scalars(
            select(ApiKey).where(ApiKey.service_id == service_id).order_by(ApiKey.created_at)
        )
    )


def revoke_api_key(session: Session, service_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    key = get_api_key(session, service_id, key_id)
    if key.expiry_date is None:
        key.expiry_date = utcnow()
        save_version(session, key)
    return key


def decrypted_secret(key: ApiKey) -> str:
    return _decrypt(runtime.settings().secret_key, key.secret)


@functools.lru_cache(maxsize=4096)
def _decrypt(secret_key: str, ciphertext: str) -> str:
    """Every API request checks its token against the service's keys; decrypting each of them
    every time was a fifth of a request's work. Keyed by the ciphertext, so nothing goes stale."""
    return decrypt(secret_key, ciphertext)


def combined_key(key_name: str, service_id: uuid.UUID, secret: str) -> str:
    """The key a service puts in its client, in Notify's format `<name>-<service id>-<secret>`."""
    return f"{key_name.strip().lower().replace(' ', '_')}-{service_id}-{secret}"
