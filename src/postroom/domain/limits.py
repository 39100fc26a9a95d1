"""Daily message limits and the per-minute API rate limit, counted in the shared cache so that
every API process counts together."""

from __future__ import annotations

import uuid

from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.notification_types import EMAIL, KEY_TYPE_NORMAL, KEY_TYPE_TEST, LETTER, SMS
from postroom.models import Service

DAY_SECONDS = 24 * 60 * 60
KEY_TYPE_NAMES = {KEY_TYPE_NORMAL: "LIVE", "team": "TEAM", KEY_TYPE_TEST: "TEST"}
INTERNATIONAL_SMS = "international_sms"


class LimitExceeded(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RateLimitExceeded(LimitExceeded):
    pass


class DailyLimitExceeded(LimitExceeded):
    pass


def daily_limit(service: Service, kind: str) -> int:
    return {
        EMAIL: service.email_message_limit,
        SMS: service.sms_message_limit,
        LETTER: service.letter_message_limit,
        INTERNATIONAL_SMS: service.international_sms_message_limit,
    }[kind]


def _daily_key(service_id: uuid.UUID, kind: str) -> str:
    return f"daily-limit:{service_id}:{kind}:{utcnow():%Y-%m-%d}"


def check_rate_limit(cache: Cache, service: Service, key_type: str) -> None:
    """Count this request against the service's per-minute limit for its key type."""
    minute = utcnow().strftime("%Y-%m-%dT%H:%M")
    count = cache.incr(f"rate-limit:{service.id}:{key_type}:{minute}", ttl=120)
    if count > service.rate_limit:
        raise RateLimitExceeded(
            f"Exceeded rate limit for key type {KEY_TYPE_NAMES[key_type]} of "
            f"{service.rate_limit} requests per 60 seconds"
        )


def check_daily_limits(cache: Cache, service: Service, kinds: list[str]) -> None:
    """Refuse when any of `kinds` (a message type, and international_sms for international
    texts) has reached today's limit."""
    for kind in kinds:
        limit = daily_limit(service, kind)
        sent = int(cache.get(_daily_key(service.id, kind)) or 0)
        if sent >= limit:
            raise DailyLimitExceeded(f"Exceeded send limits ({kind}: {limit}) for today")


def count_towards_daily_limits(cache: Cache, service: Service, kinds: list[str]) -> None:
    for kind in kinds:
        cache.incr(_daily_key(service.id, kind), ttl=DAY_SECONDS)
