"""Received text messages: what the inbox shows, and their download."""

from __future__ import annotations

import csv
import io

from postroom.domain.activity import received_texts
from postroom.domain.services import services
from postroom.models import InboundNumber
from tests.factories import create_service


def test_the_inbox_strips_formula_characters_and_the_download_keeps_them_inert(session):
    service = create_service(session)
    services.update_service(session, service, {"permissions": ["sms", "inbound_sms"]})
    session.add(InboundNumber(number="447700900500", provider="smpp", service_id=service.id))
    message = received_texts.receive(
        session,
        notify_number="+447700900500",
        user_number="+33612345678",
        content="=HYPERLINK(evil)",
        provider="smpp",
    )
    assert received_texts.shown_content(message) == "HYPERLINK(evil)"
    text = "".join(received_texts.csv_text(session, service.id, per_query=1))
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == ["Phone number", "Message", "Received"]
    assert row[:2] == ["'+33 6 12 34 56 78", "'=HYPERLINK(evil)"]
