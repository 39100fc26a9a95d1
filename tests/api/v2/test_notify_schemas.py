"""The check that holds every public API answer of the suite to GOV.UK Notify's schemas: the
schemas are valid, and the check finds what differs."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from jsonschema.validators import validator_for

from tests.api.v2 import notify_schemas
from tests.fixtures import notify_conformance
from tests.fixtures.notify_conformance import problems_with

GET_ONE = "v2.notifications.get_notification"


def _notification(**changes) -> dict:
    fields = {
        "id": str(uuid.uuid4()),
        "reference": None,
        "email_address": None,
        "phone_number": "+447700900123",
        **{f"line_{n}": None for n in range(1, 7)},
        "postcode": None,
        "type": "sms",
        "status": "delivered",
        "template": {"id": str(uuid.uuid4()), "version": 1, "uri": "http://x/v2/template/1"},
        "body": "Hello",
        "subject": None,
        "created_at": "2026-03-02T12:00:00.000000Z",
        "sent_at": None,
        "completed_at": None,
    }
    return {**fields, **changes}


@pytest.mark.parametrize(
    "schema", [*notify_schemas.SCHEMAS.values(), notify_schemas.ERROR_RESPONSE]
)
def test_each_schema_is_a_valid_json_schema_of_its_draft(schema):
    validator_for(schema).check_schema(schema)


def test_an_answer_like_notifys_passes():
    assert problems_with(GET_ONE, 200, _notification()) == []


@pytest.mark.parametrize(
    "answer",
    [
        _notification(line_1=7),
        _notification(type="fax"),
        _notification(id="not-a-uuid"),
        _notification(cost_details={"sms_rate": "free"}),
        {k: v for k, v in _notification().items() if k != "completed_at"},
    ],
)
def test_an_answer_unlike_notifys_is_found(answer):
    assert problems_with(GET_ONE, 200, answer)


def test_errors_must_have_notifys_shape_and_status():
    good = {"status_code": 404, "errors": [{"error": "NoResultFound", "message": "No result"}]}
    assert problems_with(GET_ONE, 404, good) == []
    assert problems_with(GET_ONE, 404, {"result": "error", "message": "Not found"})
    assert problems_with(GET_ONE, 400, good)  # says 404 in a 400
    assert problems_with(None, 405, {"status_code": 405, "errors": []})


def test_a_status_notify_never_answers_with_is_found():
    assert problems_with(GET_ONE, 201, _notification())


def test_the_hook_notes_each_answer_unlike_notifys():
    app = Flask(__name__)
    app.add_url_rule(
        "/v2/notifications/<notification_id>",
        endpoint=GET_ONE,
        view_func=lambda notification_id: {"id": notification_id},
    )
    notify_conformance.install(app)
    app.test_client().get("/v2/notifications/abc")
    noted = list(notify_conformance._mismatches)
    notify_conformance._mismatches.clear()  # noted on purpose: not this test's failure
    assert len(noted) == 1 and noted[0].startswith("GET /v2/notifications/abc 200")


def test_the_suites_api_app_has_the_hook(api_app):
    hooks = api_app.after_request_funcs[None]
    assert any(h.__name__ == "check_against_notify" for h in hooks)
