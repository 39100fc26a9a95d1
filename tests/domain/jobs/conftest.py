"""Fixtures for the jobs tests."""

from __future__ import annotations

import pytest

from tests.test_cache import cache  # noqa: F401  (the fixture, for both kinds of cache)


@pytest.fixture
def service(job_service):
    return job_service
