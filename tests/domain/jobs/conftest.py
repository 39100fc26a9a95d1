"""Fixtures for the jobs tests."""

from __future__ import annotations

import pytest

from tests.factories import create_template
from tests.fixtures.job_files import install_stand_in, roomy_service


@pytest.fixture(autouse=True)
def _recipient_rows(monkeypatch):
    install_stand_in(monkeypatch)


@pytest.fixture
def email_template(session, service):
    return create_template(session, service, template_type="email", content="Hello ((name))")


@pytest.fixture
def cache(api_app):
    return api_app.extensions["postroom_cache"]


@pytest.fixture
def service(session, user):
    """A trial service whose daily limits leave room for the files of these tests."""
    return roomy_service(session, user)
