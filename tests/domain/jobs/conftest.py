"""Fixtures for the jobs tests."""

from tests.test_cache import cache  # noqa: F401  (the fixture, for both kinds of cache)
