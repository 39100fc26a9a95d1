"""The precompiled letters' tasks: run twice, they change nothing more; a letter that cannot be
checked is a technical failure, not left waiting."""

from __future__ import annotations

import base64
import uuid

from postroom.domain.letters import precompiled
from postroom.domain.printing import print_days, print_run
from postroom.models import Notification
from postroom.tasks import letters_precompiled
from tests.letter_pdfs import letter


def _sent(session, client, content: bytes) -> Notification:
    response = client.post(
        "/v2/notifications/letter",
        json={"reference": "r", "content": base64.b64encode(content).decode()},
    )
    session.expire_all()
    return session.get(Notification, uuid.UUID(response.get_json()["id"]))


def test_a_letter_scanned_again_is_left_as_it_is(session, live_client):
    sent = _sent(session, live_client, letter())
    assert sent.status == "created"
    sent.to = "checked once"
    session.commit()
    letters_precompiled.scan_letter.apply(args=[str(sent.id)])
    letters_precompiled.check_letter.apply(args=[str(sent.id)])
    session.expire_all()
    assert (sent.status, sent.to) == ("created", "checked once")


def test_a_letter_that_cannot_be_checked_is_a_technical_failure(session, live_client, monkeypatch):
    def broken(content, checked):
        raise RuntimeError("the sanitiser broke")

    monkeypatch.setattr(precompiled, "sanitise", broken)
    assert _sent(session, live_client, letter()).status == "technical-failure"


def test_a_scan_of_no_letter_does_nothing(session):
    letters_precompiled.scan_letter.apply(args=[str(uuid.uuid4())])
    letters_precompiled.check_letter.apply(args=[str(uuid.uuid4())])


def test_a_test_keys_letter_is_delivered_once_valid_and_never_printed(session, test_key_client):
    sent = _sent(session, test_key_client, letter())
    assert sent.status == "delivered"
    assert sent.billable_units == 1 and sent.to.startswith("Ada Lovelace")
    # The print run's next evening finds nothing of it to print.
    assert print_run.collate(session, print_days.print_day(sent.created_at)) == []
    assert sent.sent_at is None


def test_a_test_keys_invalid_letter_is_validation_failed(session, test_key_client):
    assert _sent(session, test_key_client, letter(pages=11)).status == "validation-failed"
