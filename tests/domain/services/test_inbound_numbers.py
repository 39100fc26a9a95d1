"""Inbound numbers: one form for a number however it is written, and who receives what."""

from __future__ import annotations

import pytest

from postroom.domain.activity import received_texts
from postroom.domain.services import inbound_numbers
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from tests.factories import create_service


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("07700 900123", "447700900123"),
        ("+44 7700 900123", "447700900123"),
        ("447700900123", "447700900123"),
        ("(020) 7946-0000", "442079460000"),
        ("0033 6 12 34 56 78", "33612345678"),
        ("60060", "60060"),
    ],
)
def test_a_number_is_stored_in_one_form_however_written(written, stored):
    assert inbound_numbers.stored_form(written) == stored


@pytest.mark.parametrize("written", ["", "12", "call me", "0770090012345678901", "+44 77OO"])
def test_what_is_not_a_number_is_refused(written):
    with pytest.raises(InvalidRequest):
        inbound_numbers.stored_form(written)


def test_a_text_to_the_number_written_another_way_reaches_its_service(session, service):
    inbound_numbers.add_numbers(session, ["447700900500"])
    inbound_numbers.allocate(session, service.id)
    message = received_texts.receive(
        session,
        notify_number="07700 900500",
        user_number="447700900123",
        content="Hello",
        provider="textco",
    )
    assert (message.service_id, message.notify_number) == (service.id, "447700900500")


def test_texts_to_an_unallocated_or_switched_off_number_are_not_kept(session, service):
    inbound_numbers.add_numbers(session, ["447700900500", "447700900501"])
    inbound_numbers.allocate(session, service.id)
    inbound_numbers.deactivate(session, service.id)
    for number in ("447700900500", "447700900501", "a name"):
        with pytest.raises(NotFound):
            received_texts.receive(
                session, notify_number=number, user_number="1", content="x", provider="p"
            )


def test_a_claimed_number_cannot_be_claimed_again(session, service):
    """Claiming is one conditional statement: a second claim of the same number changes
    nothing, and the service is given the next free number instead."""
    other = create_service(session)
    first, second = inbound_numbers.add_numbers(session, ["447700900500", "447700900501"])
    assert inbound_numbers._claim(session, other.id, first.id)
    assert not inbound_numbers._claim(session, service.id, first.id)
    sender = inbound_numbers.allocate(session, service.id)
    assert sender.inbound_number_id == second.id
