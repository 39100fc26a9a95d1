"""The inbox, its download and conversations."""

from __future__ import annotations

import csv
import io

import pytest

from postroom.domain.activity import received_texts
from postroom.domain.services import services
from postroom.models import InboundNumber
from tests.factories import create_notification, create_service, create_template


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="Surgery")
    services.update_service(session, service, {"permissions": ["sms", "inbound_sms"]})
    session.add(InboundNumber(number="447700900500", provider="smpp", service_id=service.id))
    session.commit()
    return service


def _receive(session, content, sender="447700900123"):
    message = received_texts.receive(
        session, notify_number="447700900500", user_number=sender, content=content, provider="smpp"
    )
    session.commit()
    return message


def test_newest_first_with_formulas_stripped(web, member, session, service):
    _receive(session, "alpha message")
    _receive(session, "=HYPERLINK(evil)")
    web.sign_in(member)
    page = web.page(f"/services/{service.id}/inbox")
    assert "07700 900123" in page
    assert page.index("HYPERLINK(evil)") < page.index("alpha message")
    assert "=HYPERLINK" not in page
    live = web.get(f"/services/{service.id}/inbox.json").get_json()
    assert "HYPERLINK(evil)" in live["messages"]


def test_fifty_a_page(web, member, session, service):
    for n in range(51):
        _receive(session, f"message {n}")
    web.sign_in(member)
    first = web.page(f"/services/{service.id}/inbox")
    assert first.count('class="govuk-table__row inbox-message"') == 50 and "Older messages" in first
    second = web.page(f"/services/{service.id}/inbox?page=2")
    assert second.count('class="govuk-table__row inbox-message"') == 1 and "message 0" in second


def test_the_download_has_every_message(web, member, session, service):
    for n in range(60):
        _receive(session, f"+{n} reply")
    web.sign_in(member)
    response = web.get(f"/services/{service.id}/inbox.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="Received text messages ' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Phone number", "Message", "Received"]
    assert len(rows) == 61
    assert rows[1][0] == "07700 900123" and rows[1][1] == "'+59 reply"  # whole, and inert


def test_the_conversation_with_a_number(web, member, session, service):
    template = create_template(session, service, content="Reply YES to confirm")
    create_notification(session, template, to="+447700900123")
    create_notification(session, template, to="+447700900999")  # someone else
    message = _receive(session, "YES")
    web.sign_in(member)
    page = web.page(f"/services/{service.id}/conversation/{message.id}")
    assert "Reply YES to confirm" in page and "YES" in page
    assert page.count("conversation-message--outbound") == 1


def test_services_without_inbound_have_no_inbox(web, member, session):
    plain = create_service(session, user=member, name="No inbox")
    session.commit()
    web.sign_in(member)
    assert web.get(f"/services/{plain.id}/inbox").status_code == 404


def test_another_services_messages_never_show(web, member, session, service):
    other = create_service(session, name="Other surgery")
    services.update_service(session, other, {"permissions": ["sms", "inbound_sms"]})
    session.add(InboundNumber(number="447700900501", provider="smpp", service_id=other.id))
    session.commit()
    theirs = received_texts.receive(
        session,
        notify_number="447700900501",
        user_number="447700900777",
        content="secret",
        provider="smpp",
    )
    session.commit()
    web.sign_in(member)
    assert "secret" not in web.page(f"/services/{service.id}/inbox")
    assert web.get(f"/services/{service.id}/conversation/{theirs.id}").status_code == 404
