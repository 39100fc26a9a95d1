"""Admin API authentication: a JWT with iss `notify-admin`, signed with a client secret."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import jwt
import pytest

from postroom.api.auth import GENERAL_TOKEN_ERROR
from postroom.clock import frozen
from tests.conftest import ADMIN_SECRET, admin_token
from tests.fixtures.routes import concrete_path


def _get(client, headers):
    return client.get("/service", headers=headers)


def test_valid_token_is_accepted(anonymous_client):
    response = _get(anonymous_client, {"Authorization": f"Bearer {admin_token()}"})
    assert response.status_code == 200


def test_missing_header_is_401(anonymous_client):
    response = _get(anonymous_client, {})
    assert response.status_code == 401
    assert response.get_json() == {
        "result": "error",
        "message": {"token": ["Unauthorized: authentication token must be provided"]},
    }


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer ", admin_token()])
def test_wrong_scheme_is_401(anonymous_client, header):
    response = _get(anonymous_client, {"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["message"]["token"] == [
        "Unauthorized: authentication bearer scheme must be used"
    ]


def test_token_signed_with_another_secret_is_403(anonymous_client):
    token = admin_token(secret="someone-elses-secret-value-of-a-good-length")
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["message"]["token"] == ["Invalid token: API key not found"]


def test_garbage_token_is_403(anonymous_client):
    response = _get(anonymous_client, {"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 403
    assert response.get_json()["message"]["token"] == [GENERAL_TOKEN_ERROR]


def test_service_issuer_is_refused_on_admin_routes(anonymous_client):
    token = admin_token(issuer="8b6b1f0e-4c3c-4d5d-9a8a-0f5a0f5a0f5a")
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert (
        response.get_json()["message"]["token"][0]
        == "Unauthorized: not allowed to perform this action"
    )


def test_token_without_issuer_is_403(anonymous_client):
    token = jwt.encode({"iat": int(time.time())}, ADMIN_SECRET, algorithm="HS256")
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["message"]["token"] == ["Invalid token: iss field not provided"]


def test_token_without_iat_is_403(anonymous_client):
    # As Notify's: a token without `iat` matches no key, whoever signed it.
    token = jwt.encode({"iss": "notify-admin"}, ADMIN_SECRET, algorithm="HS256")
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["message"]["token"] == ["Invalid token: API key not found"]


# Well past 30 seconds, so that a slow run (int() rounds iat down) cannot bring it back within.
@pytest.mark.parametrize("offset", [-40, 40, -3600])
def test_token_issued_more_than_30_seconds_away_is_403(anonymous_client, offset):
    token = admin_token(iat=time.time() + offset)
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "30 seconds" in response.get_json()["message"]["token"][0]


def test_token_issued_within_30_seconds_is_accepted(anonymous_client):
    token = admin_token(iat=time.time() - 25)
    assert _get(anonymous_client, {"Authorization": f"Bearer {token}"}).status_code == 200


def test_iat_is_held_against_the_real_clock_whatever_postrooms_clock_says(anonymous_client):
    postroom_time = datetime(2020, 1, 1, 9)  # the business clock, frozen (or moved) far away
    signed_now = {"Authorization": f"Bearer {admin_token()}"}
    signed_at_postroom_time = {
        "Authorization": f"Bearer {admin_token(iat=postroom_time.replace(tzinfo=UTC).timestamp())}"
    }
    with frozen(postroom_time):
        assert _get(anonymous_client, signed_now).status_code == 200
        assert _get(anonymous_client, signed_at_postroom_time).status_code == 403


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_token_with_another_algorithm_is_403(anonymous_client):
    token = jwt.encode(
        {"iss": "notify-admin", "iat": int(time.time())}, ADMIN_SECRET, algorithm="HS512"
    )
    response = _get(anonymous_client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.get_json()["message"]["token"] == ["Invalid token: algorithm used is not HS256"]


def test_every_admin_route_requires_authentication(api_app, anonymous_client):
    checked = 0
    for rule in api_app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        concrete = concrete_path(rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = anonymous_client.open(method, concrete, json={})
            assert response.status_code == 401, f"{method} {rule.rule}"
            checked += 1
    assert checked > 10


def test_status_and_openapi_need_no_authentication(anonymous_client):
    assert anonymous_client.get("/_status").status_code == 200
    assert anonymous_client.get("/openapi.json").status_code == 200
