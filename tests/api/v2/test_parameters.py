"""Query parameters and path values of the public API, refused as GOV.UK Notify refuses them and
in its words."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import create_template

EVERY_STATUS = (
    "cancelled, created, sending, sent, delivered, pending, failed, technical-failure, "
    "temporary-failure, permanent-failure, pending-virus-check, validation-failed, "
    "virus-scan-failed, returned-letter, accepted, received"
)


def _refused(response) -> list[str]:
    assert response.status_code == 400, response.get_json()
    body = response.get_json()
    assert body["status_code"] == 400
    assert {e["error"] for e in body["errors"]} == {"ValidationError"}
    return [e["message"] for e in body["errors"]]


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("status=elephant", [f"status elephant is not one of [{EVERY_STATUS}]"]),
        (
            "status=sending&status=elephant",
            [f"status elephant is not one of [{EVERY_STATUS}]"],
        ),
        ("template_type=orange", ["template_type orange is not one of [sms, email, letter]"]),
        ("older_than=1234-badly-formatted-id-7890", ["older_than is not a valid UUID"]),
        # Notify's UUIDs are hyphenated.
        (f"older_than={uuid.uuid4().hex}", ["older_than is not a valid UUID"]),
        ("include_jobs=false", ["include_jobs false is not one of [true, True]"]),
        ("colour=red", ["Additional properties are not allowed (colour was unexpected)"]),
        (
            "template_type=fax&page=2",
            [
                "template_type fax is not one of [sms, email, letter]",
                "Additional properties are not allowed (page was unexpected)",
            ],
        ),
        ("reference=a%00b", ["reference must not contain the NUL character."]),
    ],
)
def test_bad_list_queries_are_refused_in_notifys_words(live_client, query, messages):
    assert sorted(_refused(live_client.get(f"/v2/notifications?{query}"))) == sorted(messages)


def test_include_jobs_takes_notifys_words_for_true(live_client):
    for word in ("true", "True"):
        assert live_client.get(f"/v2/notifications?include_jobs={word}").status_code == 200


def test_received_texts_query_is_checked_as_notify_checks_it(live_client):
    assert _refused(live_client.get("/v2/received-text-messages?older_than=yesterday")) == [
        "older_than is not a valid UUID"
    ]
    assert _refused(live_client.get("/v2/received-text-messages?page=2")) == [
        "Additional properties are not allowed (page was unexpected)"
    ]


@pytest.mark.parametrize("bad_id", ["1234-badly-formatted-id-7890", "0"])
def test_a_malformed_notification_id_is_a_validation_error(live_client, bad_id):
    response = live_client.get(f"/v2/notifications/{bad_id}")
    assert response.get_json() == {
        "status_code": 400,
        "errors": [{"error": "ValidationError", "message": "notification_id is not a valid UUID"}],
    }


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/v2/template/not-an-id", "id is not a valid UUID"),
        ("/v2/template/not-an-id/version/1", "id is not a valid UUID"),
        ("/v2/template/{id}/version/two", "version two is not of type integer, null"),
        ("/v2/template/{id}/version/0", "version 0 is less than the minimum of 1"),
        (
            "/v2/template/{id}/version/99999999999",
            "version 99999999999 is greater than the maximum of 2147483647",
        ),
    ],
)
def test_malformed_template_ids_and_versions_are_validation_errors(
    session, live_client, live_service, path, message
):
    template = create_template(session, live_service, content="Hello")
    assert _refused(live_client.get(path.format(id=template.id))) == [message]


def test_a_malformed_template_id_in_a_preview_is_a_validation_error(live_client):
    response = live_client.post("/v2/template/not-an-id/preview", json={"personalisation": {}})
    assert _refused(response) == ["id is not a valid UUID"]


def test_a_well_formed_unknown_id_is_still_not_found(live_client):
    response = live_client.get(f"/v2/template/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.get_json()["errors"] == [
        {"error": "NoResultFound", "message": "No result found"}
    ]


def test_who_is_asking_is_checked_before_the_id(anonymous_client):
    response = anonymous_client.get("/v2/notifications/not-an-id")
    assert response.status_code == 401
    assert response.get_json()["errors"][0]["error"] == "AuthError"
