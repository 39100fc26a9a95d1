"""Public API authentication, with GOV.UK Notify's messages."""

from __future__ import annotations

import time
import uuid

import pytest

from postroom.domain.services.api_keys import revoke_api_key
from postroom.models import ApiKey
from tests.fixtures.routes import concrete_path
from tests.fixtures.service_api import make_key, service_token

URL = f"/v2/notifications/{uuid.uuid4()}"


def _error(response):
    body = response.get_json()
    assert body["status_code"] == response.status_code
    return response.status_code, body["errors"][0]["error"], body["errors"][0]["message"]


def _get(client, token):
    return client.get(URL, headers={"Authorization": f"Bearer {token}"} if token else {})


def test_no_token(anonymous_client):
    assert _error(_get(anonymous_client, None)) == (
        401,
        "AuthError",
        "Unauthorized: authentication token must be provided",
    )


def test_valid_key_reaches_the_endpoint(anonymous_client, session, live_service):
    token = service_token(live_service.id, make_key(session, live_service, "normal"))
    assert _error(_get(anonymous_client, token)) == (404, "NoResultFound", "No result found")


def test_wrong_secret(anonymous_client, session, live_service):
    make_key(session, live_service, "normal")
    token = service_token(live_service.id, str(uuid.uuid4()))
    assert _error(_get(anonymous_client, token)) == (
        403,
        "AuthError",
        "Invalid token: API key not found",
    )


def test_service_without_keys(anonymous_client, live_service):
    token = service_token(live_service.id, str(uuid.uuid4()))
    assert _error(_get(anonymous_client, token))[2] == "Invalid token: service has no API keys"


def test_unknown_service(anonymous_client):
    token = service_token(uuid.uuid4(), str(uuid.uuid4()))
    assert _error(_get(anonymous_client, token))[2] == "Invalid token: service not found"


def test_issuer_not_a_service_id(anonymous_client):
    token = service_token("not-a-uuid", str(uuid.uuid4()))
    assert _error(_get(anonymous_client, token))[2] == (
        "Invalid token: service id is not the right data type"
    )


def test_revoked_key(anonymous_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    key = session.query(ApiKey).one()
    revoke_api_key(session, live_service.id, key.id)
    session.commit()
    token = service_token(live_service.id, secret)
    assert _error(_get(anonymous_client, token)) == (
        403,
        "AuthError",
        "Invalid token: API key revoked",
    )


@pytest.mark.parametrize("offset", [-40, 40])
def test_clock_skew(anonymous_client, session, live_service, offset):
    token = service_token(
        live_service.id, make_key(session, live_service, "normal"), time.time() + offset
    )
    assert _error(_get(anonymous_client, token))[2] == (
        "Error: Your system clock must be accurate to within 30 seconds"
    )


def test_archived_service(anonymous_client, admin_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    # Archiving revokes the keys too; the archived check guards keys revoked after archiving.
    admin_client.post(f"/service/{live_service.id}/archive")
    token = service_token(live_service.id, secret)
    assert _error(_get(anonymous_client, token))[0] == 403


def test_every_public_route_requires_a_service_key(api_app, anonymous_client):
    checked = 0
    for rule in api_app.url_map.iter_rules():
        if not rule.endpoint.startswith("v2."):
            continue
        concrete = concrete_path(rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = anonymous_client.open(method, concrete, json={})
            assert _error(response)[:2] == (401, "AuthError"), f"{method} {rule.rule}"
            checked += 1
    assert checked >= 10
