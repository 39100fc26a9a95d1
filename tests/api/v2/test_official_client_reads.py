"""Reading messages back with GOV.UK Notify's official Python client, against Postroom served
over HTTP: every field Notify returns, its statuses and its filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from postroom.domain.reporting import rates
from postroom.domain.vocabulary.dates import local_today
from tests.factories import create_notification, create_template, create_user

# The fields of Notify's `Notification.serialize_with_cost_data`, letters adding
# `estimated_delivery`.
NOTIFY_FIELDS = {
    "id",
    "reference",
    "email_address",
    "phone_number",
    *(f"line_{n}" for n in range(1, 7)),
    "postcode",
    "type",
    "status",
    "template",
    "body",
    "subject",
    "created_at",
    "created_by_name",
    "sent_at",
    "completed_at",
    "scheduled_for",
    "postage",
    "one_click_unsubscribe_url",
    "is_cost_data_ready",
    "cost_in_pounds",
    "cost_details",
}
NO_ADDRESS = dict.fromkeys([*(f"line_{n}" for n in range(1, 7)), "postcode"])
ADDRESS = {
    "address_line_1": "Ada Lovelace",
    "Address Line 2": "12 High Street",
    "address_line_3": "Holborn",
    "postcode": "SW1A 1AA",
}


@pytest.fixture
def sms_rate(session):
    rate = 0.0227
    rates.add_sms_rate(session, local_today() - timedelta(days=30), rate)
    session.commit()
    return rate


def _address(data: dict) -> dict:
    return {key: data[key] for key in NO_ADDRESS}


def test_a_text_message_has_every_notify_field_and_its_cost(
    session, client, live_service, sms_rate
):
    template = create_template(session, live_service, content="Your code is 1234")
    sent = client.send_sms_notification(phone_number="+447700900123", template_id=str(template.id))
    fetched = client.get_notification_by_id(sent["id"])
    assert set(fetched) == NOTIFY_FIELDS
    assert _address(fetched) == NO_ADDRESS
    assert (fetched["postage"], fetched["created_by_name"], fetched["scheduled_for"]) == (
        None,
        None,
        None,
    )
    assert fetched["one_click_unsubscribe_url"] is None
    assert fetched["is_cost_data_ready"] is True
    assert fetched["cost_details"] == {
        "billable_sms_fragments": 1,
        "international_rate_multiplier": 1.0,
        "sms_rate": sms_rate,
    }
    assert fetched["cost_in_pounds"] == pytest.approx(sms_rate)


def test_an_international_text_costs_its_fragments_times_the_multiplier(
    session, client, live_service, sms_rate
):
    template = create_template(session, live_service, content="x" * 200)  # two fragments
    sent = client.send_sms_notification(phone_number="+4915112345678", template_id=str(template.id))
    fetched = client.get_notification_by_id(sent["id"])
    assert fetched["cost_details"] == {
        "billable_sms_fragments": 2,
        "international_rate_multiplier": 4.0,
        "sms_rate": sms_rate,
    }
    assert fetched["cost_in_pounds"] == pytest.approx(2 * 4 * sms_rate)


def test_a_text_cost_is_not_ready_without_a_rate_for_its_day(session, client, live_service):
    template = create_template(session, live_service, content="Hello")
    sent = client.send_sms_notification(phone_number="+447700900123", template_id=str(template.id))
    fetched = client.get_notification_by_id(sent["id"])
    assert (fetched["is_cost_data_ready"], fetched["cost_in_pounds"], fetched["cost_details"]) == (
        False,
        None,
        {},
    )


def test_an_email_costs_nothing_and_keeps_its_unsubscribe_link(session, client, live_service):
    template = create_template(
        session, live_service, template_type="email", subject="Hi", content="Hello"
    )
    sent = client.send_email_notification(
        email_address="someone@example.gov.uk",
        template_id=str(template.id),
        one_click_unsubscribe_url="https://example.gov.uk/unsubscribe?id=1",
    )
    fetched = client.get_notification_by_id(sent["id"])
    assert set(fetched) == NOTIFY_FIELDS
    assert fetched["one_click_unsubscribe_url"] == "https://example.gov.uk/unsubscribe?id=1"
    assert (fetched["is_cost_data_ready"], fetched["cost_in_pounds"], fetched["cost_details"]) == (
        True,
        0.0,
        {},
    )


def test_a_message_sent_from_the_web_interface_names_who_sent_it(session, client, live_service):
    template = create_template(session, live_service, content="Hello")
    by_api, from_web = (create_notification(session, template) for _ in range(2))
    sender = create_user(session, name="Grace Hopper")
    from_web.created_by_id = sender.id
    session.commit()
    assert client.get_notification_by_id(str(from_web.id))["created_by_name"] == "Grace Hopper"
    assert client.get_notification_by_id(str(by_api.id))["created_by_name"] is None


def test_a_letter_shows_its_address_postage_status_and_delivery_estimate(
    session, client, letter_template
):
    sent = client.send_letter_notification(
        template_id=str(letter_template.id), personalisation=ADDRESS
    )
    fetched = client.get_notification_by_id(sent["id"])
    assert set(fetched) == NOTIFY_FIELDS | {"estimated_delivery"}
    assert _address(fetched) == {
        "line_1": "Ada Lovelace",
        "line_2": "12 High Street",  # found whatever the key's case and spaces, as Notify
        "line_3": "Holborn",
        "line_4": None,
        "line_5": None,
        "line_6": None,
        "postcode": "SW1A 1AA",
    }
    assert (fetched["type"], fetched["status"], fetched["postage"]) == (
        "letter",
        "accepted",
        "second",
    )
    assert fetched["estimated_delivery"] > fetched["created_at"]
    # Sheets are counted when a letter is printed: until then its cost is not known.
    assert (fetched["is_cost_data_ready"], fetched["cost_details"]) == (False, {})


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("created", "accepted"),
        ("sending", "accepted"),
        ("delivered", "received"),
        ("returned-letter", "received"),
        ("technical-failure", "technical-failure"),
        ("pending-virus-check", "pending-virus-check"),
    ],
)
def test_letter_statuses_are_shown_as_notify_shows_them(
    session, client, letter_template, stored, shown
):
    letter = create_notification(session, letter_template, status=stored, to="A\nB\nSW1A 1AA")
    assert client.get_notification_by_id(str(letter.id))["status"] == shown
    listed = client.get_all_notifications(template_type="letter")["notifications"]
    assert [n["status"] for n in listed] == [shown]


def test_filtering_letters_by_the_names_notify_shows(session, client, letter_template):
    letters = {
        status: create_notification(session, letter_template, status=status, to="A\nB\nSW1A 1AA")
        for status in ("created", "sending", "delivered", "returned-letter")
    }

    def found(status):
        return {n["id"] for n in client.get_all_notifications(status=status)["notifications"]}

    assert found("accepted") == {str(letters["created"].id), str(letters["sending"].id)}
    # As Notify's: a returned letter is shown as received but not found by that name.
    assert found("received") == {str(letters["delivered"].id)}


def test_sending_and_delivered_mean_only_those_statuses(session, client, live_service):
    template = create_template(session, live_service, content="Hello")
    made = {
        status: create_notification(session, template, status=status)
        for status in ("created", "sending", "pending", "sent", "delivered")
    }

    def found(status):
        return {n["id"] for n in client.get_all_notifications(status=status)["notifications"]}

    assert found("sending") == {str(made["sending"].id)}
    assert found("delivered") == {str(made["delivered"].id)}
    assert found(["created", "pending"]) == {str(made["created"].id), str(made["pending"].id)}


def test_every_filter_of_the_client(session, client, live_service, letter_template):
    sms = create_template(session, live_service, content="Hello")
    email = create_template(session, live_service, template_type="email", subject="S", content="x")
    older = create_notification(session, sms, client_reference="batch-1")
    create_notification(session, email, client_reference="batch-1")
    create_notification(session, letter_template, to="A\nB\nSW1A 1AA")
    newer = create_notification(session, sms, client_reference="batch-1")

    def found(**filters):
        listed = client.get_all_notifications(**filters)["notifications"]
        return [(n["type"], n["reference"]) for n in listed]

    assert found(template_type="email") == [("email", "batch-1")]
    assert sorted(found(template_type=["sms", "letter"])) == [
        ("letter", None),
        ("sms", "batch-1"),
        ("sms", "batch-1"),
    ]
    assert len(found(reference="batch-1")) == 3
    assert found(reference="batch-1", template_type="sms", older_than=str(newer.id)) == [
        ("sms", "batch-1")
    ]
    iterated = client.get_all_notifications_iterator(template_type="sms", reference="batch-1")
    assert [n["id"] for n in iterated] == [str(newer.id), str(older.id)]


def test_a_list_item_is_the_same_as_the_message_read_alone(session, client, live_service, sms_rate):
    template = create_template(session, live_service, content="Hello ((name))")
    sent = client.send_sms_notification(
        phone_number="+447700900123", template_id=str(template.id), personalisation={"name": "Ada"}
    )
    (listed,) = client.get_all_notifications()["notifications"]
    assert listed == client.get_notification_by_id(sent["id"])
