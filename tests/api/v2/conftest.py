"""Fixtures for the public API: services with API keys, and clients that sign as a service."""

from __future__ import annotations

import threading
import time

import jwt
import pytest
from werkzeug.serving import make_server

from postroom.domain import api_keys
from tests.conftest import CheckedClient


def service_token(service_id, secret: str, iat: float | None = None) -> str:
    claims = {"iss": str(service_id), "iat": int(time.time() if iat is None else iat)}
    return jwt.encode(claims, secret, algorithm="HS256")


class ServiceClient(CheckedClient):
    """Signs each request as the service with the key's secret, as Notify's clients do."""

    def __init__(self, app, service_id, secret: str) -> None:
        super().__init__(app)
        self.service_id, self.secret = service_id, secret

    def open(self, method, path, *, headers=None, **kwargs):
        auth = {"Authorization": f"Bearer {service_token(self.service_id, self.secret)}"}
        return super().open(method, path, headers={**auth, **(headers or {})}, **kwargs)


def make_key(session, service, key_type: str) -> str:
    _key, secret = api_keys.create_api_key(
        session,
        service,
        name=f"{key_type} key",
        key_type=key_type,
        created_by_id=service.created_by_id,
    )
    session.commit()
    return secret


@pytest.fixture
def live_service(session, user):
    from tests.factories import create_service

    return create_service(session, user=user, restricted=False)


@pytest.fixture
def live_client(api_app, session, live_service):
    return ServiceClient(api_app, live_service.id, make_key(session, live_service, "normal"))


@pytest.fixture
def team_client(api_app, session, live_service):
    return ServiceClient(api_app, live_service.id, make_key(session, live_service, "team"))


@pytest.fixture
def test_key_client(api_app, session, live_service):
    return ServiceClient(api_app, live_service.id, make_key(session, live_service, "test"))


@pytest.fixture
def trial_client(api_app, session, service):
    return ServiceClient(api_app, service.id, make_key(session, service, "team"))


@pytest.fixture
def api_server(api_app, session):
    """The API served over real HTTP on a free port, for the official client."""
    server = make_server("127.0.0.1", 0, api_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
