"""Generated requests for every documented operation, valid and invalid, never get a 500 and
always get an answer the OpenAPI document allows (schemathesis driving the real app)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from tests.conftest import admin_token
from tests.fixtures.service_api import make_key, service_token

FUZZ_SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def _operations(api_app, prefix: str = "/") -> list:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", api_app)
    found = [result.ok() for result in schema.get_all_operations()]
    return [operation for operation in found if operation.path.startswith(prefix)]


def _fuzz(operations: list, authorization) -> None:
    """`authorization()` gives a fresh Authorization header value for each request."""
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ_SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                case.call_and_validate(
                    headers={"Authorization": authorization()},
                    checks=[schemathesis.checks.not_a_server_error],
                )

            try:
                check()
            except Unsatisfiable:
                # An operation with no input at all has no invalid request to make.
                assert mode is GenerationMode.NEGATIVE


def test_every_operation_survives_generated_requests(api_app, session, service):
    operations = _operations(api_app)
    assert len(operations) > 40
    _fuzz(operations, lambda: f"Bearer {admin_token()}")


def test_public_api_survives_generated_requests_with_a_live_key(api_app, session, live_service):
    secret = make_key(session, live_service, "normal")
    operations = _operations(api_app, "/v2/")
    assert len(operations) >= 10
    _fuzz(operations, lambda: f"Bearer {service_token(live_service.id, secret)}")
