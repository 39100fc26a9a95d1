"""Errors no view raised answer in the shape of the API asked: the public API's below /v2/, the
admin API's elsewhere; an unexpected one is logged under the request id it answers with."""

from __future__ import annotations

import pytest
from flask import Flask

from postroom import http_requests
from postroom.api.errors import register_error_handlers
from postroom.cache import RedisCache
from postroom.db import db, make_engine
from postroom.http_requests import MAX_CONTENT_LENGTH
from postroom.models import Notification
from tests.conftest import admin_token
from tests.factories import create_template
from tests.fixtures.service_api import service_token
from tests.fixtures.smtp import free_port


def _v2_error(response, status: int, error: str) -> str:
    body = response.get_json()
    assert response.status_code == status
    assert body["status_code"] == status
    [only] = body["errors"]
    assert only["error"] == error
    return only["message"]


def _admin_error(response, status: int) -> str:
    body = response.get_json()
    assert response.status_code == status and body["result"] == "error"
    return body["message"]


@pytest.fixture
def service_headers(live_client):
    return {"Authorization": f"Bearer {service_token(live_client.service_id, live_client.secret)}"}


@pytest.fixture
def admin_headers():
    return {"Authorization": f"Bearer {admin_token()}"}


def test_no_such_route_or_method(api_app, session, service_headers, admin_headers):
    client = api_app.test_client()
    assert _v2_error(client.get("/v2/nowhere"), 404, "NotFound") == "Resource not found"
    answer = client.put("/v2/notifications/sms", headers=service_headers)
    assert "not allowed" in _v2_error(answer, 405, "MethodNotAllowed")
    assert "not allowed" in _admin_error(client.put("/service", headers=admin_headers), 405)


def test_a_body_too_big(api_app, session, service_headers, admin_headers):
    client = api_app.test_client()
    body = b"x" * (MAX_CONTENT_LENGTH + 1)
    sent = {"data": body, "content_type": "application/json"}
    answer = client.post("/v2/notifications/sms", headers=service_headers, **sent)
    assert _v2_error(answer, 413, "RequestEntityTooLarge") == "The request is too large."
    answer = client.post("/service", headers=admin_headers, **sent)
    assert _admin_error(answer, 413) == "The request is too large."


@pytest.fixture
def database_down(api_app, session):
    """The database stops answering: nothing listens where it was."""
    alive = db.engine
    dead = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/gone")
    db.session.remove()
    db.engine = dead
    db.session.configure(bind=dead)
    yield
    db.session.remove()
    db.engine = alive
    db.session.configure(bind=alive)
    dead.dispose()


def _outage(answer) -> None:
    message = _v2_error(answer, 503, "ServiceUnavailableError")
    assert message == "Service temporarily unavailable: try again in a few seconds."
    assert answer.headers["Retry-After"] == "5"


def test_an_outage_of_the_cache_answers_503_and_stores_nothing(
    api_app, session, live_service, service_headers, monkeypatch, caplog
):
    template = create_template(session, live_service, content="Hello")
    session.commit()
    dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setitem(api_app.extensions, "postroom_cache", dead)
    answer = api_app.test_client().post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900123", "template_id": str(template.id)},
        headers=service_headers,
    )
    _outage(answer)
    assert session.query(Notification).count() == 0
    [logged] = [r for r in caplog.records if r.name == "postroom.api.errors"]
    assert "ConnectionError" in logged.getMessage()
    assert answer.headers["X-Request-Id"] in logged.getMessage()


def test_an_outage_of_the_database_answers_503(
    api_app, session, live_service, service_headers, admin_headers, database_down
):
    client = api_app.test_client()
    _outage(client.get("/v2/notifications", headers=service_headers))
    answer = client.get("/service", headers=admin_headers)
    assert answer.status_code == 503 and answer.get_json()["result"] == "error"


def _broken_client(path: str):
    """A client of an app with the API's error handling whose one route meets a bug."""
    app = Flask(__name__)
    http_requests.install(app)
    register_error_handlers(app)

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule(path, view_func=broken)
    return app.test_client()


def test_an_unexpected_error_in_the_public_api(caplog):
    answer = _broken_client("/v2/broken").get("/v2/broken")
    request_id = answer.headers["X-Request-Id"]
    message = _v2_error(answer, 500, "InternalServerError")
    assert message == f"Internal server error (request id {request_id})"
    [logged] = [r for r in caplog.records if r.name == "postroom.api.errors"]
    assert request_id in logged.getMessage() and logged.exc_info is not None


def test_an_unexpected_error_in_the_admin_api(caplog):
    client = _broken_client("/service/broken")
    answer = client.get("/service/broken", headers={"X-Request-Id": "lb-1234"})
    assert answer.headers["X-Request-Id"] == "lb-1234"
    assert _admin_error(answer, 500) == "Internal server error (request id lb-1234)"
    [logged] = [r for r in caplog.records if r.name == "postroom.api.errors"]
    assert "lb-1234" in logged.getMessage() and "GET /service/broken" in logged.getMessage()
