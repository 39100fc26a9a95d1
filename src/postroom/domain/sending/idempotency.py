"""Idempotency keys: a request sent again with the same `Idempotency-Key` gets the first answer
again and sends nothing more.

A key belongs to a service and a type of API key, and lasts a day. The request that first
brings it claims it (an insert: the primary key decides between requests at the same moment),
and once answered keeps its answer under it. Only answers that did something are kept: a
refused request (4xx) sent nothing, so its key is released for the corrected request.

A process that dies after storing its messages and before keeping its answer leaves its key
claimed and unanswered: its retries are told the request is still being processed until the
key expires, and never send a second time."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from postroom.clock import utcnow
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.infrastructure.unique_clashes import is_unique_violation
from postroom.models import IdempotencyKey

KEPT_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# A claim let go between our clash and our read: claim it again, this many times at most.
CLAIM_ATTEMPTS = 3


class IdempotencyRefused(InvalidRequest):
    def __init__(self, message: str, error: str, status_code: int) -> None:
        super().__init__(message, status_code)
        self.error = error


@dataclass(frozen=True)
class Claim:
    service_id: uuid.UUID
    key_type: str
    key: str
    request_hash: str

    def row(self):
        """The condition that picks this key's row."""
        return (
            (IdempotencyKey.service_id == self.service_id)
            & (IdempotencyKey.key_type == self.key_type)
            & (IdempotencyKey.key == self.key)
        )


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: str


def valid_key(key: str) -> str:
    """The key as sent, if it is 1 to 255 printable ASCII characters."""
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        raise IdempotencyRefused(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
            "ValidationError",
            400,
        )
    return key


def request_hash(path: str, body: bytes) -> str:
    return hashlib.sha256(path.encode() + b"\n" + body).hexdigest()


def claim(session: Session, wanted: Claim) -> Answer | None:
    """Claim the key for this request (None: go ahead, then `keep` or `release`), or the first
    request's answer, to give again; committed."""
    for _ in range(CLAIM_ATTEMPTS):
        # A key past its day is free, whether or not the nightly purge has run.
        session.execute(
            delete(IdempotencyKey).where(
                wanted.row(), IdempotencyKey.created_at <= utcnow() - KEPT_FOR
            )
        )
        try:
            session.execute(
                insert(IdempotencyKey).values(
                    service_id=wanted.service_id,
                    key_type=wanted.key_type,
                    key=wanted.key,
                    request_hash=wanted.request_hash,
                    created_at=utcnow(),
                )
            )
            session.commit()
            return None
        except IntegrityError as clash:
            session.rollback()
            if not is_unique_violation(clash):
                raise
        first = session.get(IdempotencyKey, (wanted.service_id, wanted.key_type, wanted.key))
        if first is None:
            continue  # its request was refused and let it go meanwhile
        session.commit()  # nothing to write: end the transaction that read it
        if first.request_hash != wanted.request_hash:
            raise IdempotencyRefused(
                f"Idempotency-Key {wanted.key} was used with a different request in the last "
                "24 hours: send this request with a new key",
                "ValidationError",
                422,
            )
        if first.status_code is None:
            raise IdempotencyRefused(
                "A request with this Idempotency-Key is still being processed: try again "
                "in a few seconds",
                "ConflictError",
                409,
            )
        return Answer(first.status_code, first.response)
    raise IdempotencyRefused(
        "Requests with this Idempotency-Key keep being refused: try again in a few seconds",
        "ConflictError",
        409,
    )


def keep(session: Session, claimed: Claim, answer: Answer) -> None:
    """The claimed request's answer, kept for its retries; committed."""
    session.execute(
        update(IdempotencyKey)
        .where(claimed.row())
        .values(status_code=answer.status_code, response=answer.body)
    )
    session.commit()


def release(session: Session, claimed: Claim) -> None:
    """The claimed request was refused: the key is free for the corrected one; committed."""
    session.execute(
        delete(IdempotencyKey).where(claimed.row(), IdempotencyKey.status_code.is_(None))
    )
    session.commit()


def remove_expired(session: Session) -> int:
    """Nightly: keys past their day go. How many went; the caller commits."""
    result = session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at <= utcnow() - KEPT_FOR)
    )
    return result.rowcount
