"""Rate and daily limits counted in the shared cache: one round trip a request, and never past a
limit however many requests arrive together."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from postroom.cache import RedisCache
from postroom.clock import frozen
from postroom.domain.sending import limits
from postroom.domain.vocabulary.notification_types import INTERNATIONAL_SMS
from postroom.models import Service
from tests.test_cache import cache  # noqa: F401  (the fixture, for both kinds of cache)

NOW = datetime(2026, 3, 31, 23, 59, 59)


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


def test_a_refused_request_gives_its_place_back_but_still_takes_its_token(cache):  # noqa: F811
    service = _service(rate_limit=6)  # a bucket of 3: two requests, and the third refused
    with frozen(NOW):
        limits.Counted(cache, service, "normal", ["sms"]).give_back()
        assert _sent_today(cache, service, "sms") == 0
        limits.Counted(cache, service, "normal", ["sms"]).check_rate_limit()
        third = limits.Counted(cache, service, "normal", ["sms"])
        with pytest.raises(limits.RateLimitExceeded, match="key type LIVE of 6 requests per 60"):
            third.check_rate_limit()


def _allowed(cache, service, key_type="normal") -> bool:  # noqa: F811
    return not limits.Counted(cache, service, key_type, []).over_rate_limit


@pytest.mark.parametrize(
    ("rate_limit", "capacity"), [(1, 2), (60, 21), (2997, 1000), (3000, 1000), (6000, 1000)]
)
def test_the_bucket_holds_a_third_of_the_limit_and_one_more_at_most_a_thousand(
    rate_limit, capacity
):
    bucket = limits.rate_limit_bucket(_service(rate_limit=rate_limit), "normal")
    assert (bucket.capacity, bucket.per_second, bucket.floor) == (capacity, rate_limit / 60, 0)


def test_a_burst_takes_the_bucket_less_one_then_is_refused(cache):  # noqa: F811
    service = _service(rate_limit=3000)
    with frozen(NOW):
        assert sum(_allowed(cache, service) for _ in range(1000)) == 999
        assert not _allowed(cache, service)


def _burst(cache, service, size=25) -> int:  # noqa: F811
    """How many of `size` requests arriving together are allowed."""
    return sum(_allowed(cache, service) for _ in range(size))


def test_tokens_come_back_at_a_sixtieth_of_the_limit_a_second(cache):  # noqa: F811
    service = _service(rate_limit=60)  # one token a second, a bucket of 21
    with frozen(NOW):
        assert _burst(cache, service) == 20
    with frozen(NOW + timedelta(seconds=0.6)):
        assert not _allowed(cache, service)
    # Five tokens back, less the one a request needs in hand: the 0.6 s waited at the refused
    # request above is not lost to rounding (it would be 3 if it were).
    with frozen(NOW + timedelta(seconds=5)):
        assert _burst(cache, service) == 4
    # A bucket left alone fills up again, and no further.
    with frozen(NOW + timedelta(minutes=5)):
        assert _burst(cache, service) == 20


def test_refused_requests_do_not_dig_the_bucket_deeper(cache):  # noqa: F811
    service = _service(rate_limit=60)
    with frozen(NOW):
        assert _burst(cache, service, 100) == 20
    with frozen(NOW + timedelta(seconds=3)):
        assert _burst(cache, service) == 2


def test_each_key_type_has_its_own_bucket(cache):  # noqa: F811
    service = _service(rate_limit=3)
    with frozen(NOW):
        assert _allowed(cache, service, "normal") and not _allowed(cache, service, "normal")
        assert _allowed(cache, service, "team") and _allowed(cache, service, "test")
        with pytest.raises(limits.RateLimitExceeded, match="key type TEST of 3 requests"):
            limits.Counted(cache, service, "test", []).check_rate_limit()


def test_a_request_is_counted_in_one_round_trip_to_redis(cache, monkeypatch):  # noqa: F811
    if not isinstance(cache, RedisCache):
        pytest.skip("the SQLite cache counts in one transaction of its own file")
    calls = []
    execute = cache.client.execute_command
    monkeypatch.setattr(
        cache.client, "execute_command", lambda *a, **k: calls.append(a[0]) or execute(*a, **k)
    )
    limits.Counted(cache, _service(), "normal", ["sms"])  # Redis may first need the script
    calls.clear()
    limits.Counted(cache, _service(), "normal", ["sms", "email"])
    assert calls == ["EVALSHA"]


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
