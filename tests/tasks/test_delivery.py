"""The delivery pipeline: provider hand-over, receipts, retries, and statuses that never go back."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from postroom import runtime
from postroom.clock import frozen, utcnow
from postroom.db import db
from postroom.domain.delivery import hand_over, outbox
from postroom.domain.sending import messages_to_users
from postroom.domain.sending.acceptance import Sender, SendRequest
from postroom.models import Notification, NotificationStatusEvent
from postroom.providers.base import Outcome
from postroom.providers.smtp import SmtpEmailProvider
from postroom.tasks.delivery import deliver_batch, dispatch, send
from postroom.tasks.receipts import process_receipts
from tests.factories import create_template, stored
from tests.fixtures.service_api import ServiceClient, make_key
from tests.fixtures.smtp import Inbox, free_port


@pytest.fixture
def use_smtp(monkeypatch):
    def configure(url: str) -> None:
        monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), smtp_url=url))

    return configure


def _send_email(client, template, to="someone@example.gov.uk"):
    response = client.post(
        "/v2/notifications/email", json={"email_address": to, "template_id": str(template.id)}
    )
    assert response.status_code == 201, response.get_json()
    return uuid.UUID(response.get_json()["id"])


def _status(session, notification_id) -> str:
    session.expire_all()
    wanted = uuid.UUID(str(notification_id))
    return session.scalar(select(Notification.status).where(Notification.id == wanted))


@pytest.fixture
def email_template(session, live_service):
    return create_template(
        session, live_service, template_type="email", subject="Hi", content="Hello"
    )


def test_live_email_goes_through_smtp_and_waits_for_a_receipt(
    session, live_client, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    notification_id = _send_email(live_client, email_template)
    [received] = smtp_server["inbox"].messages
    notification = session.get(Notification, notification_id)
    assert (notification.status, notification.sent_by) == ("sending", "smtp")
    assert notification.reference == received["Message-ID"].strip("<>")

    process_receipts([[notification.reference, Outcome.DELIVERED, "smtp", None]])
    assert _status(session, notification_id) == "delivered"


def _claim(session) -> outbox.Batch:
    [batch] = outbox.claim_batches(session, utcnow())
    session.commit()
    return batch


def test_a_batch_handed_over_twice_is_sent_once(
    session, api_app, live_service, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    ids = stored(session, api_app, live_service, email_template, count=3)
    batch = _claim(session)
    assert (batch.size, batch.lane, batch.notification_type) == (3, "priority", "email")
    deliver_batch(str(batch.claim))
    deliver_batch(str(batch.claim))
    assert len(smtp_server["inbox"].messages) == 3
    assert {_status(session, i) for i in ids} == {"sending"}


def test_one_smtp_connection_carries_a_whole_batch(
    session, api_app, live_service, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    stored(session, api_app, live_service, email_template, count=5)
    deliver_batch(str(_claim(session).claim))
    assert len(smtp_server["inbox"].messages) == 5
    assert smtp_server["inbox"].connections == 1


def test_the_message_id_is_the_notification_id_so_a_repeat_can_be_dropped(
    session, live_client, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    notification_id = _send_email(live_client, email_template)
    [received] = smtp_server["inbox"].messages
    assert received["Message-ID"] == f"<{notification_id}@postroom.localhost>"


def test_test_keys_never_reach_the_provider(
    session, api_app, live_service, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    client = ServiceClient(api_app, live_service.id, make_key(session, live_service, "test"))
    notification_id = _send_email(client, email_template)
    assert smtp_server["inbox"].messages == []
    assert _status(session, notification_id) == "delivered"


@pytest.mark.parametrize(
    ("to", "status"),
    [
        ("perm-fail@simulator.notify", "permanent-failure"),
        ("temp-fail@simulator.notify", "temporary-failure"),
    ],
)
def test_simulated_failures_for_test_keys(
    session, api_app, live_service, email_template, to, status
):
    client = ServiceClient(api_app, live_service.id, make_key(session, live_service, "test"))
    assert _status(session, _send_email(client, email_template, to=to)) == status


def test_simulated_sms_failure_numbers(session, api_app, live_service):
    client = ServiceClient(api_app, live_service.id, make_key(session, live_service, "test"))
    template = create_template(session, live_service, content="Hello")
    sent = client.post(
        "/v2/notifications/sms",
        json={"phone_number": "07700900002", "template_id": str(template.id)},
    ).get_json()
    assert _status(session, sent["id"]) == "permanent-failure"


def test_international_texts_are_sent_not_delivered(session, live_client, live_service):
    template = create_template(session, live_service, content="Hello")
    sent = live_client.post(
        "/v2/notifications/sms",
        json={"phone_number": "+33 6 12 34 56 78", "template_id": str(template.id)},
    ).get_json()
    # The simulated receipt still says delivered, but `sent` is final: it is kept.
    assert _status(session, sent["id"]) == "sent"


def test_a_final_status_never_changes(session, live_client, email_template):
    notification_id = _send_email(live_client, email_template)
    notification = session.get(Notification, notification_id)
    assert notification.status == "delivered"
    process_receipts([[notification.reference, Outcome.NOT_DELIVERED, "simulated-email", None]])
    assert _status(session, notification_id) == "delivered"
    history = session.scalars(
        select(NotificationStatusEvent.status).where(
            NotificationStatusEvent.notification_id == notification.id
        )
    ).all()
    assert sorted(history) == ["delivered", "sending"]


def _retry_until_done(
    session, notification_id, every=hand_over.PROVIDER_LONGEST_RETRY_DELAY
) -> int:
    """Move the clock on and dispatch again until the message leaves `created`; how often."""
    passes, moment = 0, utcnow()
    while _status(session, notification_id) == "created" and passes < 100:
        moment += every
        with frozen(moment):
            dispatch()
        passes += 1
    return passes


def test_provider_errors_are_retried_for_four_hours_then_technical_failure(
    session, live_client, email_template, use_smtp
):
    use_smtp(f"smtp://127.0.0.1:{free_port()}?tls=none")
    tried_at = utcnow()
    notification_id = _send_email(live_client, email_template)
    notification = session.get(Notification, notification_id)
    assert (notification.status, notification.attempts) == ("created", 1)
    assert notification.claim is None
    first_retry = notification.next_attempt_at - tried_at
    assert timedelta(seconds=9) < first_retry <= timedelta(seconds=11)
    with frozen(notification.next_attempt_at - timedelta(seconds=1)):
        dispatch()  # not yet due
    assert session.get(Notification, notification_id).attempts == 1
    assert _retry_until_done(session, notification_id) == hand_over.PROVIDER_TRIES - 1
    session.expire_all()
    notification = session.get(Notification, notification_id)
    assert (notification.status, notification.attempts) == ("technical-failure", 53)
    assert notification.sent_by is None


def test_retries_come_sooner_first_and_span_four_hours():
    delays = [hand_over.provider_retry_delay(n) for n in range(1, hand_over.PROVIDER_TRIES)]
    assert [d.total_seconds() for d in delays[:7]] == [10, 20, 40, 80, 160, 300, 300]
    assert timedelta(hours=4) <= sum(delays, timedelta()) < timedelta(hours=4, minutes=5)


def test_a_provider_back_after_an_outage_gets_the_batch_at_the_next_try(
    session, api_app, live_service, email_template, use_smtp, monkeypatch
):
    port = free_port()
    use_smtp(f"smtp://127.0.0.1:{port}?tls=none")  # down: nothing listens there
    connections = []
    connect = SmtpEmailProvider._connect
    monkeypatch.setattr(
        SmtpEmailProvider, "_connect", lambda self: connections.append(1) or connect(self)
    )
    ids = stored(session, api_app, live_service, email_template, count=3)
    dispatch()
    # One connection refused: the rest of the batch was not tried, and all wait 10 seconds.
    assert len(connections) == 1
    session.expire_all()
    assert [session.get(Notification, i).attempts for i in ids] == [1, 1, 1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with frozen(utcnow() + hand_over.PROVIDER_FIRST_RETRY_DELAY + timedelta(seconds=1)):
            dispatch()
    finally:
        controller.stop()
    assert [_status(session, i) for i in ids] == ["sending"] * 3
    assert len(inbox.messages) == 3


@pytest.mark.parametrize(
    "fault",
    [RecursionError("nested 950 deep"), UnicodeEncodeError("ascii", "é", 0, 1, "no"), KeyError()],
)
def test_an_unexpected_error_ends_in_technical_failure_after_three_tries(
    session, live_client, email_template, monkeypatch, caplog, fault
):
    """Whatever goes wrong (a message that cannot be rendered, an address the SMTP code
    refuses, a bug), the message is not left claimed: tried three times, then given up."""

    def broken(*_args):
        raise fault

    monkeypatch.setattr(hand_over, "outgoing", broken)
    notification_id = _send_email(live_client, email_template)
    assert _retry_until_done(session, notification_id, hand_over.UNEXPECTED_RETRY_DELAY * 3) == 2
    notification = session.get(Notification, notification_id)
    assert (notification.status, notification.attempts, notification.claim) == (
        "technical-failure",
        3,
        None,
    )
    assert f"unexpected {type(fault).__name__}" in caplog.text


def test_a_batch_lost_with_its_worker_is_found_again_and_sent(
    session, api_app, live_service, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    [notification_id] = stored(session, api_app, live_service, email_template)
    _claim(session)  # queued, then the worker holding it died: nothing refreshes the claim
    dispatch()
    assert smtp_server["inbox"].messages == []
    with frozen(utcnow() + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)):
        dispatch()
    assert _status(session, notification_id) == "sending"
    assert len(smtp_server["inbox"].messages) == 1


def _drop_connections(which: str) -> None:
    """PostgreSQL ends the test database's connections that match `which` (but the one asking)."""
    other = create_engine(db.engine.url, poolclass=NullPool)
    with other.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                f"current_database() AND pid <> pg_backend_pid() AND {which}"
            )
        )
    other.dispose()


def test_a_result_the_database_lost_is_recorded_once_it_answers_again(
    session, api_app, backend, live_service, email_template, smtp_server, use_smtp, monkeypatch
):
    """The provider took the message, then the worker's database connection went: the worker
    records it on a new connection instead of leaving it to be sent again."""
    if backend["name"] != "postgresql":
        pytest.skip("needs a database server that can drop a connection")
    use_smtp(smtp_server["url"])
    monkeypatch.setattr(hand_over, "RECORD_RETRY_PAUSE_SECONDS", 0)
    send_email = SmtpEmailProvider.send_email

    def send_then_lose_the_database(provider, message):
        reference = send_email(provider, message)
        _drop_connections("state = 'idle in transaction'")  # the worker's, left open
        return reference

    monkeypatch.setattr(SmtpEmailProvider, "send_email", send_then_lose_the_database)
    [notification_id] = stored(session, api_app, live_service, email_template)
    dispatch()
    assert _status(session, notification_id) == "sending"
    assert len(smtp_server["inbox"].messages) == 1


def test_a_batch_that_meets_a_database_outage_is_tried_again_under_its_claim(
    session, api_app, backend, live_service, email_template, smtp_server, use_smtp
):
    if backend["name"] != "postgresql":
        pytest.skip("needs a database server that can drop connections")
    use_smtp(smtp_server["url"])
    ids = stored(session, api_app, live_service, email_template, count=2)
    batch = _claim(session)
    _drop_connections("true")  # every connection the pool holds, as by a database restart
    try:
        result = deliver_batch.apply(args=[str(batch.claim)])
        assert result.successful()
        assert [_status(session, i) for i in ids] == ["sending", "sending"]
        assert len(smtp_server["inbox"].messages) == 2
    finally:  # the next test starts with a pool that holds no connection the restart ended
        db.session.remove()
        db.engine.dispose()


def test_refused_recipient_is_a_permanent_failure(
    session, live_client, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    notification_id = _send_email(live_client, email_template, to="nobody@refused.example")
    assert _status(session, notification_id) == "permanent-failure"


def test_one_click_unsubscribe_headers_reach_the_recipient(
    session, live_client, email_template, smtp_server, use_smtp
):
    use_smtp(smtp_server["url"])
    response = live_client.post(
        "/v2/notifications/email",
        json={
            "email_address": "someone@example.gov.uk",
            "template_id": str(email_template.id),
            "one_click_unsubscribe_url": "https://service.example.gov.uk/unsubscribe?u=1",
        },
    )
    assert response.get_json()["content"]["one_click_unsubscribe_url"] == (
        "https://service.example.gov.uk/unsubscribe?u=1"
    )
    [received] = smtp_server["inbox"].messages
    assert received["List-Unsubscribe"] == "<https://service.example.gov.uk/unsubscribe?u=1>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribe_url_must_be_https(session, live_client, email_template):
    response = live_client.post(
        "/v2/notifications/email",
        json={
            "email_address": "someone@example.gov.uk",
            "template_id": str(email_template.id),
            "one_click_unsubscribe_url": "http://service.example.gov.uk/unsubscribe",
        },
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0] == {
        "error": "ValidationError",
        "message": "one_click_unsubscribe_url is not a valid https url",
    }


def test_sending_commits_then_queues_only_what_a_task_delivers(session, api_app, live_service):
    """Emails and texts are handed to a provider at once; letters wait for the printing run."""
    sender = Sender("normal", api_key_id=None, created_by_id=live_service.created_by_id)
    cache = api_app.extensions["postroom_cache"]
    email = create_template(session, live_service, template_type="email", content="Hi")
    letter = create_template(session, live_service, template_type="letter", content="Hi")
    address = {"address_line_1": "A Person", "address_line_2": "1 High St", "postcode": "SW1A 1AA"}
    sent = send(
        session, cache, live_service, sender, SendRequest("email", email.id, "a@example.gov.uk")
    )
    posted = send(
        session,
        cache,
        live_service,
        sender,
        SendRequest("letter", letter.id, "", personalisation=address),
    )
    assert _status(session, sent.notification.id) == "delivered"  # eager: queued, delivered
    assert _status(session, posted.notification.id) == "created"


HAND_OVER_LOG = "postroom.domain.delivery.hand_over"


def _delivery_log(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == HAND_OVER_LOG]


def test_each_retry_and_the_final_failure_are_logged_by_id_without_the_recipient(
    session, live_client, email_template, use_smtp, caplog
):
    caplog.set_level("INFO", logger=HAND_OVER_LOG)
    use_smtp(f"smtp://127.0.0.1:{free_port()}?tls=none")  # nothing listens there
    notification_id = _send_email(live_client, email_template, to="private.person@example.gov.uk")
    _retry_until_done(session, notification_id)
    logged = _delivery_log(caplog)
    assert len(logged) == hand_over.PROVIDER_TRIES
    assert all(line.startswith(f"Notification {notification_id}: ") for line in logged)
    assert "attempt 1 failed" in logged[0] and "trying again" in logged[0]
    assert "technical-failure" in logged[-1]
    assert "private.person" not in caplog.text and "Hello" not in caplog.text


def test_a_refused_recipient_is_logged_by_id_without_the_recipient(
    session, live_client, email_template, smtp_server, use_smtp, caplog
):
    caplog.set_level("INFO", logger=HAND_OVER_LOG)
    use_smtp(smtp_server["url"])
    notification_id = _send_email(live_client, email_template, to="nobody@refused.example")
    [logged] = _delivery_log(caplog)
    assert logged.startswith(f"Notification {notification_id}: permanent-failure")
    assert "nobody" not in caplog.text and "refused.example" not in caplog.text


def _send_own_code(session, api_app) -> None:
    """Accepted, queued and (tasks run eagerly here) delivered at once."""
    message = messages_to_users.message_to(
        session,
        messages_to_users.SIGN_IN_CODE_EMAIL,
        "ada@example.gov.uk",
        {"name": "Ada", "code": "424242"},
    )
    send(session, api_app.extensions["postroom_cache"], *message)


def _console(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.name == "postroom.dev_outbox")


@pytest.fixture
def dev_outbox(monkeypatch):
    def switch(on: bool) -> None:
        monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), dev_outbox=on))

    return switch


def test_with_the_outbox_on_the_worker_prints_the_codes_postroom_sends_its_users(
    session, api_app, dev_outbox, caplog
):
    caplog.set_level("INFO", logger="postroom.dev_outbox")
    dev_outbox(True)
    _send_own_code(session, api_app)
    printed = _console(caplog)
    assert "Email to ada@example.gov.uk: Your Postroom security code" in printed
    assert "Your security code is 424242." in printed


def test_the_worker_prints_no_other_service_s_messages(
    session, live_client, email_template, dev_outbox, caplog
):
    caplog.set_level("INFO", logger="postroom.dev_outbox")
    dev_outbox(True)
    _send_email(live_client, email_template)
    assert _console(caplog) == ""


def test_with_the_outbox_off_the_worker_prints_nothing(session, api_app, dev_outbox, caplog):
    caplog.set_level("INFO", logger="postroom.dev_outbox")
    dev_outbox(False)
    _send_own_code(session, api_app)
    assert _console(caplog) == ""
