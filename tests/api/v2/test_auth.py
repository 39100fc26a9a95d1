"""Public API authentication, with GOV.UK Notify's messages."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta

import jwt
import pytest
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from postroom.clock import frozen, utcnow
from postroom.domain.services.api_keys import combined_key, revoke_api_key
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


def _refused(client, token) -> str:
    """The message of a 403 AuthError the token gets."""
    status, error, message = _error(_get(client, token))
    assert (status, error) == (403, "AuthError")
    return message


GENERAL = (
    "Invalid token: make sure your API token matches the example at "
    "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header"
)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Basic abc", "Unauthorized: authentication bearer scheme must be used"),
        ("Bearer", "Unauthorized: authentication bearer scheme must be used"),
        ("Token abc.def.ghi", "Unauthorized: authentication bearer scheme must be used"),
    ],
)
def test_wrong_scheme_is_401(anonymous_client, header, message):
    response = anonymous_client.get(URL, headers={"Authorization": header})
    assert _error(response) == (401, "AuthError", message)


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c", "e30.e30", "Zm9v.WzFd.c2ln"])
def test_garbage_token(anonymous_client, token):
    assert _refused(anonymous_client, token) == GENERAL


def test_the_scheme_is_read_in_any_case(anonymous_client, session, live_service):
    token = service_token(live_service.id, make_key(session, live_service, "normal"))
    response = anonymous_client.get(URL, headers={"Authorization": f"bEARER {token}"})
    assert response.status_code == 404


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_wrong_algorithm(anonymous_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    token = jwt.encode(
        {"iss": str(live_service.id), "iat": int(time.time())}, secret, algorithm="HS512"
    )
    assert _refused(anonymous_client, token) == "Invalid token: algorithm used is not HS256"


def test_missing_iss(anonymous_client):
    token = jwt.encode({"iat": int(time.time())}, "a-secret-of-a-decent-length-32chars!", "HS256")
    assert _refused(anonymous_client, token) == "Invalid token: iss field not provided"


@pytest.mark.parametrize("issuer", [None, 42, ["x"]])
def test_an_issuer_that_is_not_a_string(anonymous_client, issuer):
    claims = json.dumps({"iss": issuer, "iat": int(time.time())}).encode()
    token = jwt.api_jws.encode(claims, "s" * 32, "HS256")  # PyJWT's JWT refuses such an iss
    assert _error(_get(anonymous_client, token))[2] == (
        "Invalid token: service id is not the right data type"
    )


def test_a_token_without_iat_matches_no_key(anonymous_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    token = jwt.encode({"iss": str(live_service.id)}, secret, "HS256")
    assert _refused(anonymous_client, token) == "Invalid token: API key not found"


def test_an_expired_exp_claim_is_a_general_token_error(anonymous_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    claims = {"iss": str(live_service.id), "iat": int(time.time()), "exp": int(time.time()) - 60}
    assert _error(_get(anonymous_client, jwt.encode(claims, secret, "HS256")))[2] == GENERAL


def test_archived_service_is_checked_before_the_keys(
    anonymous_client, admin_client, session, live_service
):
    make_key(session, live_service, "normal")
    admin_client.post(f"/service/{live_service.id}/archive")
    # Signed with no key of the service's: still the archive is what Notify reports.
    token = service_token(live_service.id, str(uuid.uuid4()))
    assert _refused(anonymous_client, token) == "Invalid token: service is archived"


def test_a_key_revoked_over_a_week_ago_is_no_longer_known(anonymous_client, session, live_service):
    secret = make_key(session, live_service, "normal")
    key = session.query(ApiKey).one()
    with frozen(utcnow() - timedelta(days=8)):
        revoke_api_key(session, live_service.id, key.id)
    session.commit()
    token = service_token(live_service.id, secret)
    assert _error(_get(anonymous_client, token))[2] == "Invalid token: service has no API keys"
    make_key(session, live_service, "normal")
    assert _error(_get(anonymous_client, token))[2] == "Invalid token: API key not found"


def test_the_official_client_hears_notifys_auth_errors(session, api_server, live_service):
    make_key(session, live_service, "normal")
    client = NotificationsAPIClient(
        combined_key("Wrong", live_service.id, str(uuid.uuid4())), base_url=api_server
    )
    with pytest.raises(HTTPError) as error:
        client.get_all_notifications()
    assert error.value.status_code == 403
    assert error.value.message == [
        {"error": "AuthError", "message": "Invalid token: API key not found"}
    ]
