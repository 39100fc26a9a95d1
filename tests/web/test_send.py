"""Sending one message from the web interface, and following it on its page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from postroom.models import Notification
from tests.factories import create_service, create_template


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="Clinic reminders")
    session.commit()
    return service


@pytest.fixture
def sms_template(session, service):
    return create_template(session, service, content="Hi ((name)), see you at ((time))")


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _sent(session, service) -> list[Notification]:
    session.expire_all()
    return session.scalars(select(Notification).where(Notification.service_id == service.id)).all()


def test_send_a_text_to_yourself_and_watch_it_delivered(
    team, member, service, sms_template, session
):
    base = f"/services/{service.id}/send/{sms_template.id}"
    page = team.page(base)
    labels = [
        " ".join(label.split()) for label in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    ]
    assert labels == ["Phone number", "name", "time"]
    response = team.post(
        base, {"recipient": member.mobile_number, "placeholder_0": "Ada", "placeholder_1": "9am"}
    )
    assert response.status_code == 302 and response.location.endswith("/check")
    check = team.page(f"{base}/check")
    assert "Clinic reminders: Hi Ada, see you at 9am" in check
    assert "Will be charged as 1 text message." in check

    response = team.post(f"{base}/check")
    [notification] = _sent(session, service)
    assert response.location.endswith(f"/services/{service.id}/notification/{notification.id}")
    assert (notification.created_by_id, notification.api_key_id) == (member.id, None)
    page = team.page(response.location)
    # As the phone showed it, with the service's name (the API's body has no prefix).
    assert "Clinic reminders: Hi Ada, see you at 9am" in page and "Delivered" in page
    status = team.get(f"{response.location}/status.json").get_json()
    assert status == {
        "status": "delivered",
        "label": "Delivered",
        "help_url": f"/using-postroom?service_id={service.id}#delivered",
        "final": True,
    }


def test_every_placeholder_and_the_recipient_are_needed(team, service, sms_template):
    page = team.post(f"/services/{service.id}/send/{sms_template.id}", {}).get_data(as_text=True)
    assert "Enter a phone number" in page and "Enter name" in page and "Enter time" in page
    assert 'href="#placeholder_0"' in page


def test_trial_mode_refuses_strangers_and_sends_nothing(team, service, sms_template, session):
    base = f"/services/{service.id}/send/{sms_template.id}"
    team.post(base, {"recipient": "07700 900999", "placeholder_0": "X", "placeholder_1": "Y"})
    page = team.post(f"{base}/check").get_data(as_text=True)
    assert "Can’t send to this recipient when service is in trial mode" in page
    assert _sent(session, service) == []


def test_send_an_email(team, member, service, session):
    template = create_template(
        session, service, template_type="email", subject="Hello ((name))", content="# Welcome"
    )
    base = f"/services/{service.id}/send/{template.id}"
    team.post(base, {"recipient": member.email_address, "placeholder_0": "Ada"})
    check = team.page(f"{base}/check")
    assert "Hello Ada" in check and "<h2" in check
    assert team.post(f"{base}/check").status_code == 302
    [notification] = _sent(session, service)
    assert notification.to == member.email_address


def test_another_services_notification_is_not_found(team, service, session):
    other = create_service(session, name="Other clinic")
    template = create_template(session, other, content="Hello")
    from tests.factories import create_notification

    theirs = create_notification(session, template)
    assert team.get(f"/services/{service.id}/notification/{theirs.id}").status_code == 404
    assert team.get(f"/services/{service.id}/send/{template.id}").status_code == 404


@pytest.mark.parametrize(
    ("template_type", "to", "heading"),
    [
        ("sms", "07700 900123", "Text message to 07700 900123"),
        ("email", "ada@example.gov.uk", "Email to ada@example.gov.uk"),
        ("letter", "A Person\n1 High Street\nLS1 1AA", "Letter to A Person"),
    ],
)
def test_the_notification_page_names_the_kind_of_message(
    team, service, session, template_type, to, heading
):
    from tests.factories import create_notification

    template = create_template(session, service, template_type=template_type)
    notification = create_notification(session, template, to=to)
    page = team.page(f"/services/{service.id}/notification/{notification.id}")
    assert re.search(rf"<h1[^>]*>{re.escape(heading)}</h1>", page)


def test_the_notification_page_shows_its_history_and_the_way_back(
    team, member, service, session, sms_template
):
    base = f"/services/{service.id}/send/{sms_template.id}"
    team.post(base, {"recipient": member.mobile_number, "placeholder_0": "A", "placeholder_1": "B"})
    location = team.post(f"{base}/check").location
    page = team.page(location)
    assert "sending" in page and "delivered" in page and 'class="govuk-list status-history"' in page
    assert f'href="/services/{service.id}/templates/{sms_template.id}"' in page
    from_list = team.page(f"{location}?from_statuses=failed&from_search_query=abc")
    assert "Back to messages" in from_list
    assert (
        f"/services/{service.id}/notifications/sms?status=failed&amp;search_query=abc" in from_list
    )
