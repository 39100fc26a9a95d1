from __future__ import annotations

import pytest


@pytest.fixture
def service(job_service):
    return job_service
