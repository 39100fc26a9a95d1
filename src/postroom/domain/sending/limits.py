"""Daily message limits and the per-minute API rate limit, counted in the shared cache so that
every API process counts together."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime

from postroom.cache import Cache, TokenBucket
from postroom.clock import utcnow
from postroom.domain.vocabulary.notification_types import (
    EMAIL,
    INTERNATIONAL_SMS,
    KEY_TYPE_NORMAL,
    KEY_TYPE_TEAM,
    KEY_TYPE_TEST,
    LETTER,
    SMS,
)
from postroom.models import Service

DAY_SECONDS = 24 * 60 * 60
MINUTE_SECONDS = 60
# GOV.UK Notify's bucket bounds (notifications-api pull request 4539: "a bucket max of 1,000 and
# bucket min of 0"): refused requests take nothing from an empty bucket.
TOKEN_BUCKET_MAX = 1000
TOKEN_BUCKET_MIN = 0
KEY_TYPE_NAMES = {KEY_TYPE_NORMAL: "LIVE", KEY_TYPE_TEAM: "TEAM", KEY_TYPE_TEST: "TEST"}


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


def rate_limit_bucket(service: Service, key_type: str) -> TokenBucket:
    """Notify's per-minute rate limit as a token bucket: refilled at a sixtieth of the limit a
    second, holding a third of a minute's worth (and one more: the request that takes the last
    token is refused), at most a thousand."""
    return TokenBucket(
        key=f"rate-limit:{service.id}:{key_type}",
        per_second=service.rate_limit / MINUTE_SECONDS,
        capacity=min(math.ceil(service.rate_limit / 3) + 1, TOKEN_BUCKET_MAX),
        floor=TOKEN_BUCKET_MIN,
    )


def _daily_key(service_id: uuid.UUID, kind: str) -> str:
    return f"daily-limit:{service_id}:{kind}:{utcnow():%Y-%m-%d}"


def take_daily(cache: Cache, service: Service, amounts: dict[str, int]) -> bool:
    """Count a job's whole file (`amounts` of each kind) against today's limits, each kind in
    one step so that concurrent senders cannot pass a limit together; when they do not all
    fit, what was taken is given back and nothing is counted. Whether they fit."""
    taken: dict[str, int] = {}
    for kind, amount in amounts.items():
        key = _daily_key(service.id, kind)
        taken[key] = amount
        (count,) = cache.add({key: DAY_SECONDS}, amount=amount)
        if count > daily_limit(service, kind):
            for key, amount in taken.items():
                cache.add({key: DAY_SECONDS}, amount=-amount)
            return False
    return True


class Counted:
    """A request counted against the service's per-minute rate limit, and provisionally against
    today's limits for the kinds of message it would send, in one round trip to the cache.

    Counting first and giving back when the request is refused means concurrent requests can
    never go past a daily limit together."""

    def __init__(self, cache: Cache, service: Service, key_type: str, kinds: list[str]) -> None:
        self.cache, self.service = cache, service
        self.daily = {_daily_key(service.id, kind): kind for kind in kinds}
        tokens_left, daily_counts = cache.take_token(
            rate_limit_bucket(service, key_type),
            utcnow().replace(tzinfo=UTC).timestamp(),
            dict.fromkeys(self.daily, DAY_SECONDS),
        )
        self.over_rate_limit = tokens_left < 1
        self.key_type = key_type
        self.counts = dict(zip(self.daily.values(), daily_counts, strict=True))

    def check_rate_limit(self) -> None:
        if self.over_rate_limit:
            raise RateLimitExceeded(
                f"Exceeded rate limit for key type {KEY_TYPE_NAMES[self.key_type]} of "
                f"{self.service.rate_limit} requests per 60 seconds"
            )

    def also(self, kind: str) -> None:
        """Count one more kind, known only once the recipient is (international texts)."""
        key = _daily_key(self.service.id, kind)
        (self.counts[kind],) = self.cache.add({key: DAY_SECONDS})
        self.daily[key] = kind

    def check_daily_limits(self) -> None:
        for kind, count in self.counts.items():
            limit = daily_limit(self.service, kind)
            if count > limit:
                raise DailyLimitExceeded(f"Exceeded send limits ({kind}: {limit}) for today")

    def give_back(self) -> None:
        """The request was refused: it sends nothing today."""
        if self.daily:
            self.cache.add(dict.fromkeys(self.daily, DAY_SECONDS), amount=-1)


def remaining_today(cache: Cache, service: Service, kind: str) -> int:
    """How many more of `kind` the service may send today, read without counting anything."""
    return max(daily_limit(service, kind) - int(cache.get(_daily_key(service.id, kind)) or 0), 0)


def give_back_sent_today(
    cache: Cache, service_id: uuid.UUID, kind: str, created_at: list[datetime]
) -> None:
    """Messages that will not be sent after all (cancelled letters) no longer count against
    today's limit; those counted on an earlier day are gone with that day's count."""
    today = utcnow().date()
    count = sum(1 for moment in created_at if moment.date() == today)
    if count:
        cache.add({_daily_key(service_id, kind): DAY_SECONDS}, amount=-count)
