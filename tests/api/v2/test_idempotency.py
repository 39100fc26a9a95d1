"""The Idempotency-Key header on POST /v2/notifications/*: a retried request gets the first
answer again and sends nothing more; the key means one request only."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from postroom.cache import RedisCache
from postroom.clock import frozen, utcnow
from postroom.models import IdempotencyKey, Job, Notification
from postroom.tasks import delivery
from postroom.tasks.retention import remove_expired_data
from tests.factories import create_service, create_template
from tests.fixtures.service_api import ServiceClient, make_key, service_token
from tests.fixtures.smtp import free_port


@pytest.fixture
def template(session, live_service):
    return create_template(session, live_service, content="Hi ((name))")


def _body(template, **overrides) -> dict:
    return {
        "phone_number": "07700 900456",
        "template_id": str(template.id),
        "personalisation": {"name": "Ada"},
        **overrides,
    }


def _send(client, body, key="key-1", path="/v2/notifications/sms"):
    return client.post(path, json=body, headers={"Idempotency-Key": key})


def _notifications(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Notification))


def _error(response) -> tuple[int, str, str]:
    [error] = response.get_json()["errors"]
    return response.status_code, error["error"], error["message"]


def test_a_retry_gets_the_first_answer_byte_for_byte_and_sends_nothing(
    session, live_client, template
):
    first = _send(live_client, _body(template))
    again = _send(live_client, _body(template))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _notifications(session) == 1


def test_the_same_json_spaced_or_ordered_otherwise_is_the_same_request(
    session, live_client, template
):
    body = _body(template)
    first = _send(live_client, body)
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    again = live_client.post(
        "/v2/notifications/sms",
        data=reordered,
        headers={"Idempotency-Key": "key-1", "Content-Type": "application/json"},
    )
    assert again.get_data() == first.get_data()
    assert _notifications(session) == 1


def test_the_same_key_with_another_body_is_refused(session, live_client, template):
    assert _send(live_client, _body(template)).status_code == 201
    other = _send(live_client, _body(template, personalisation={"name": "Bob"}))
    assert _error(other) == (
        422,
        "ValidationError",
        "Idempotency-Key key-1 was used with a different request in the last 24 hours: "
        "send this request with a new key",
    )
    assert _notifications(session) == 1


def test_the_same_key_on_another_endpoint_is_refused(session, live_client, live_service, template):
    email = create_template(session, live_service, template_type="email", subject="S", content="Hi")
    assert _send(live_client, _body(template)).status_code == 201
    other = _send(
        live_client,
        {"email_address": "a@example.gov.uk", "template_id": str(email.id)},
        path="/v2/notifications/email",
    )
    assert _error(other)[0] == 422
    assert _notifications(session) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there", "line\x7f"])
def test_a_key_that_is_not_printable_ascii_or_too_long_is_refused(
    session, live_client, template, key
):
    response = _send(live_client, _body(template), key=key)
    assert _error(response) == (
        400,
        "ValidationError",
        "Idempotency-Key must be 1 to 255 printable ASCII characters",
    )
    assert _notifications(session) == 0


def test_the_longest_key_and_every_printable_character_are_accepted(session, live_client, template):
    printable = "".join(chr(c) for c in range(0x20, 0x7F))
    for key in ("k" * 255, printable):
        assert _send(live_client, _body(template), key=key).status_code == 201
    assert _notifications(session) == 2


def test_a_refused_request_keeps_no_key_so_the_corrected_one_can_use_it(
    session, live_client, template
):
    refused = _send(live_client, _body(template, personalisation={}))
    assert _error(refused) == (400, "BadRequestError", "Missing personalisation: name")
    invalid = _send(live_client, _body(template, template_id="not-a-uuid"))
    assert invalid.status_code == 400
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert _send(live_client, _body(template)).status_code == 201
    assert _notifications(session) == 1


def test_keys_belong_to_the_service_and_the_type_of_key(
    session, api_app, live_client, test_key_client, live_service, template
):
    other_service = create_service(session, restricted=False)
    other_template = create_template(session, other_service, content="Hi ((name))")
    other = ServiceClient(api_app, other_service.id, make_key(session, other_service, "normal"))
    assert _send(live_client, _body(template)).status_code == 201
    assert _send(test_key_client, _body(template)).status_code == 201
    assert _send(other, _body(other_template)).status_code == 201
    assert _notifications(session) == 3


def test_a_key_is_kept_a_day_then_means_a_new_request(session, live_client, template):
    start = utcnow()
    with frozen(start):
        assert _send(live_client, _body(template)).status_code == 201
    with frozen(start + timedelta(hours=23, minutes=59)):
        assert _send(live_client, _body(template)).headers.get("Idempotent-Replayed") == "true"
    with frozen(start + timedelta(hours=24)):
        fresh = _send(live_client, _body(template, personalisation={"name": "Bob"}))
        assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert _notifications(session) == 2


def test_the_nightly_retention_removes_keys_past_their_day(session, live_client, template):
    start = utcnow()
    with frozen(start):
        _send(live_client, _body(template), key="old")
    with frozen(start + timedelta(hours=2)):
        _send(live_client, _body(template), key="recent")
    with frozen(start + timedelta(hours=24, minutes=30)):
        result = remove_expired_data.apply().result
    assert result["idempotency_keys_deleted"] == 1
    session.expire_all()
    assert session.scalars(select(IdempotencyKey.key)).all() == ["recent"]


def _poster(session, api_server, service, template, key, path="sms", body=None):
    """Sends the same request (a text message unless told), with `key`, over real HTTP."""
    secret = make_key(session, service, "normal")

    def post():
        return requests.post(
            f"{api_server}/v2/notifications/{path}",
            json=body or _body(template),
            headers={
                "Authorization": f"Bearer {service_token(service.id, secret)}",
                "Idempotency-Key": key,
            },
            timeout=60,
        )

    return post


def test_a_retry_while_the_first_is_still_being_processed_is_told_so(
    session, api_app, api_server, live_service, template, monkeypatch
):
    """Real requests over HTTP at the same moment: the first to claim the key is held inside
    its send until the others have been answered, then the key replays its answer."""
    held, others_answered = threading.Event(), threading.Event()
    real_send = delivery.send

    def held_send(*args, **kwargs):
        held.set()
        assert others_answered.wait(30)
        return real_send(*args, **kwargs)

    monkeypatch.setattr(delivery, "send", held_send)
    post = _poster(session, api_server, live_service, template, "same")

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(post)
        assert held.wait(30)
        others = [pool.submit(post) for _ in range(3)]
        refused = [other.result() for other in others]
        others_answered.set()
        answered = first.result()
    assert answered.status_code == 201
    for response in refused:
        assert response.status_code == 409
        assert response.json()["errors"] == [
            {
                "error": "ConflictError",
                "message": "A request with this Idempotency-Key is still being processed: "
                "try again in a few seconds",
            }
        ]
    assert post().content == answered.content
    assert _notifications(session) == 1


def _all_at_once(post, times: int) -> list:
    """`post` sent `times` times at the same moment, from threads of their own; each answered
    201 (one at least) or 409."""
    start = threading.Barrier(times, timeout=30)

    def at_once(_):
        start.wait()
        return post()

    with ThreadPoolExecutor(times) as pool:
        responses = list(pool.map(at_once, range(times)))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and 201 in statuses, statuses
    return responses


def test_requests_at_the_same_moment_with_one_key_send_one_message(
    session, api_server, live_service, template
):
    responses = _all_at_once(_poster(session, api_server, live_service, template, "at-once"), 8)
    assert len({r.content for r in responses if r.status_code == 201}) == 1
    assert _notifications(session) == 1


def test_bulk_requests_at_the_same_moment_with_one_key_start_one_job(
    session, api_server, live_service
):
    email = create_template(session, live_service, template_type="email", subject="S", content="Hi")
    rows = [["email address"], *([f"p{n}@example.com"] for n in range(20))]
    body = {"name": "list.csv", "template_id": str(email.id), "rows": rows}
    _all_at_once(_poster(session, api_server, live_service, email, "b", path="bulk", body=body), 6)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Job)) == 1
    assert _notifications(session) == 20


def test_a_request_that_met_an_outage_keeps_no_key(
    session, api_app, live_client, live_service, template, monkeypatch
):
    secret = make_key(session, live_service, "normal")
    with monkeypatch.context() as outage:
        dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
        outage.setitem(api_app.extensions, "postroom_cache", dead)
        answer = api_app.test_client().post(
            "/v2/notifications/sms",
            json=_body(template),
            headers={
                "Authorization": f"Bearer {service_token(live_service.id, secret)}",
                "Idempotency-Key": "key-1",
            },
        )
    assert answer.status_code == 503
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert _send(live_client, _body(template)).status_code == 201
    assert _notifications(session) == 1
