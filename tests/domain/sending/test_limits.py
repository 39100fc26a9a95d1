"""Rate and daily limits counted in the shared cache: one round trip a request, and never past a
limit however many requests arrive together."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from postroom.domain.sending import limits
from postroom.domain.vocabulary.notification_types import INTERNATIONAL_SMS
from postroom.models import Service
from tests.test_cache import cache  # noqa: F401  (the fixture, for both kinds of cache)


def _service(**limits_) -> Service:
    return Service(
        id=uuid.uuid4(),
        rate_limit=limits_.get("rate_limit", 3000),
        sms_message_limit=limits_.get("sms", 1000),
        email_message_limit=1000,
        letter_message_limit=1000,
        international_sms_message_limit=limits_.get("international_sms", 1000),
    )


def _sent_today(cache, service, kind) -> int:  # noqa: F811 (a parameter, not the fixture)
    return int(cache.get(f"daily-limit:{service.id}:{kind}:{limits.utcnow():%Y-%m-%d}") or 0)


def test_requests_arriving_together_never_go_past_the_daily_limit(cache):  # noqa: F811
    service = _service(sms=5)

    def attempt(_) -> bool:
        counted = limits.Counted(cache, service, "normal", ["sms"])
        try:
            counted.check_daily_limits()
        except limits.DailyLimitExceeded:
            counted.give_back()
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        accepted = sum(pool.map(attempt, range(40)))
    assert accepted == 5
    assert _sent_today(cache, service, "sms") == 5


def test_a_refused_request_gives_its_place_back_but_still_counts_for_the_rate(cache):  # noqa: F811
    service = _service(rate_limit=2)
    limits.Counted(cache, service, "normal", ["sms"]).give_back()
    assert _sent_today(cache, service, "sms") == 0
    limits.Counted(cache, service, "normal", ["sms"]).check_rate_limit()
    third = limits.Counted(cache, service, "normal", ["sms"])
    with pytest.raises(limits.RateLimitExceeded, match="key type LIVE of 2 requests per 60"):
        third.check_rate_limit()


def test_international_texts_count_against_both_limits(cache):  # noqa: F811
    service = _service(international_sms=1)
    first = limits.Counted(cache, service, "normal", ["sms"])
    first.also(INTERNATIONAL_SMS)
    first.check_daily_limits()
    second = limits.Counted(cache, service, "normal", ["sms"])
    second.also(INTERNATIONAL_SMS)
    with pytest.raises(limits.DailyLimitExceeded, match=r"international_sms: 1\) for today"):
        second.check_daily_limits()
    second.give_back()
    assert _sent_today(cache, service, "sms") == 1
    assert _sent_today(cache, service, INTERNATIONAL_SMS) == 1


def test_test_keys_count_only_towards_the_rate_limit(cache):  # noqa: F811
    service = _service()
    counted = limits.Counted(cache, service, "test", [])
    counted.give_back()
    assert counted.counts == {} and _sent_today(cache, service, "sms") == 0
