"""Choosing who a message comes from (a reply-to address, a text message sender) before it is
written or its list uploaded: asked only when the service has two or more, remembered until
the message or job is sent, shown on the check page and the job page, and reaching the
messages themselves; another service's sender is refused."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from postroom.domain.services.senders import (
    REPLY_TO,
    SMS_SENDERS,
    add_contact,
    list_contacts,
    send_from_inbound_number,
)
from postroom.models import InboundNumber, Job, Notification
from tests.factories import create_service, create_template
from tests.fixtures.job_files import checked_upload, email_rows


@pytest.fixture
def template(session, service):
    return create_template(
        session, service, template_type="email", name="Renewal", content="Hello ((name))"
    )


@pytest.fixture
def replies(session, service):
    """Two reply-to addresses, the first the default."""
    first = add_contact(session, REPLY_TO, service.id, "office@example.gov.uk", True)
    second = add_contact(session, REPLY_TO, service.id, "helpdesk@example.gov.uk", False)
    session.commit()
    return first, second


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _set_sender(template, then: str | None = None) -> str:
    query = f"?then={then}" if then else ""
    return f"/services/{template.service_id}/send/{template.id}/set-sender{query}"


def _radios(page: str) -> list[tuple[str, bool]]:
    """Each radio's label, and whether it is picked, in the page's order."""
    pattern = r'(<input class="govuk-radios__input"[^>]*>)\s*<label[^>]*>(.*?)</label>'
    return [(label.strip(), " checked" in tag) for tag, label in re.findall(pattern, page, re.S)]


def _messages(session, job_id) -> list[Notification]:
    session.expire_all()
    return list(session.scalars(select(Notification).where(Notification.job_id == job_id)))


def test_with_one_sender_or_none_there_is_no_question(team, session, service, template):
    add_contact(session, REPLY_TO, service.id, "office@example.gov.uk", True)
    session.commit()
    upload_page = f"/services/{service.id}/send/{template.id}/csv"
    response = team.get(_set_sender(template, "upload"))
    assert response.status_code == 302 and response.location.endswith(upload_page)
    response = team.get(_set_sender(template))
    assert response.location.endswith(f"/services/{service.id}/send/{template.id}")
    letter = create_template(session, service, template_type="letter", content="Dear ((name))")
    assert team.get(_set_sender(letter, "upload")).status_code == 302


def test_with_two_the_question_comes_first_the_default_picked_and_the_template_links_to_it(
    team, service, template, replies
):
    view = team.page(f"/services/{service.id}/templates/{template.id}")
    assert f'href="{_set_sender(template)}"' in view
    assert _set_sender(template, "upload") in view
    page = team.page(_set_sender(template, "upload"))
    assert "Where should replies come back to?" in page
    assert _radios(page) == [("office@example.gov.uk", True), ("helpdesk@example.gov.uk", False)]
    assert "Default" in page


def test_the_texts_question_lists_the_senders_and_says_which_receives_replies(
    team, session, service
):
    sms = create_template(session, service, content="Hi")
    [default] = list_contacts(session, SMS_SENDERS, service.id)
    number = InboundNumber(number="447700900123", provider="mmg", service_id=service.id)
    session.add(number)
    session.flush()
    inbound = send_from_inbound_number(session, service.id, None, number)
    inbound.is_default, default.is_default = False, True  # a second sender, not the default
    session.commit()
    page = team.page(_set_sender(sms))
    assert "Who should the message come from?" in page
    assert _radios(page) == [(default.sms_sender, True), ("447700900123", False)]
    hints = re.findall(r'class="govuk-hint govuk-radios__hint">\s*(.*?)\s*<', page)
    assert hints == ["Default", "Receives replies"]


def test_the_reply_to_chosen_reaches_every_message_of_the_job_and_its_page(
    team, session, service, template, replies
):
    _, helpdesk = replies
    response = team.post(_set_sender(template, "upload"), {"sender": str(helpdesk.id)})
    assert response.location.endswith(f"/services/{service.id}/send/{template.id}/csv")
    upload = checked_upload(session, service, template, email_rows(3))
    check = team.page(f"/services/{service.id}/{template.id}/check/{upload.id}")
    assert re.search(r"Reply to</dt>\s*<dd[^>]*>helpdesk@example.gov.uk</dd>", check)
    assert f'name="sender_id" value="{helpdesk.id}"' in check

    token = team.csrf_token(f"/services/{service.id}/{template.id}/check/{upload.id}")
    response = team.client.post(
        f"/services/{service.id}/start-job/{upload.id}",
        data={"csrf_token": token, "scheduled_for": "now", "sender_id": str(helpdesk.id)},
    )
    assert response.status_code == 302
    job = session.get(Job, upload.id)
    assert job.sender_id == helpdesk.id
    messages = _messages(session, job.id)
    assert len(messages) == 3
    assert {m.reply_to_text for m in messages} == {"helpdesk@example.gov.uk"}
    assert "Reply to: helpdesk@example.gov.uk" in team.page(response.location)
    # Sent, the choice is forgotten: the next file starts from the default again.
    again = checked_upload(session, service, template, email_rows(1))
    check = team.page(f"/services/{service.id}/{template.id}/check/{again.id}")
    assert "office@example.gov.uk" in check and "helpdesk@example.gov.uk" not in check


def test_without_a_choice_the_job_comes_from_the_default(team, session, service, template, replies):
    upload = checked_upload(session, service, template, email_rows(2))
    check = team.page(f"/services/{service.id}/{template.id}/check/{upload.id}")
    assert f'name="sender_id" value="{replies[0].id}"' in check
    token = team.csrf_token(f"/services/{service.id}/{template.id}/check/{upload.id}")
    team.client.post(
        f"/services/{service.id}/start-job/{upload.id}",
        data={"csrf_token": token, "scheduled_for": "now"},
    )
    assert {m.reply_to_text for m in _messages(session, upload.id)} == {"office@example.gov.uk"}


@pytest.fixture
def theirs(session, member, service):
    """Another service's reply-to address (made before signing in: making a service for a
    user signs them out)."""
    other = create_service(session, user=member, name="Elsewhere")
    contact = add_contact(session, REPLY_TO, other.id, "theirs@example.gov.uk", True)
    session.commit()
    return contact


def test_another_services_sender_is_refused(theirs, team, session, service, template, replies):
    page = team.post(_set_sender(template), {"sender": str(theirs.id)})
    assert page.status_code == 200 and "Select an option" in page.get_data(as_text=True)

    upload = checked_upload(session, service, template, email_rows(1))
    token = team.csrf_token(f"/services/{service.id}/{template.id}/check/{upload.id}")
    for wrong in (str(theirs.id), "not-an-id"):
        response = team.client.post(
            f"/services/{service.id}/start-job/{upload.id}",
            data={"csrf_token": token, "scheduled_for": "now", "sender_id": wrong},
        )
        assert response.status_code == 404
    assert session.get(Job, upload.id) is None


def test_the_one_off_message_comes_from_the_sender_chosen(
    team, session, member, service, template, replies
):
    _, helpdesk = replies
    base = f"/services/{service.id}/send/{template.id}"
    response = team.post(_set_sender(template), {"sender": str(helpdesk.id)})
    assert response.location.endswith(base)
    team.post(base, {"recipient": member.email_address, "placeholder_0": "Ada"})
    check = team.page(f"{base}/check")
    assert re.search(r"Reply to</dt>\s*<dd[^>]*>helpdesk@example.gov.uk</dd>", check)
    change = f"{_set_sender(template)}?change=yes"
    assert f'href="{change}"' in check
    assert ("helpdesk@example.gov.uk", True) in _radios(team.page(change))  # as chosen
    team.post(f"{base}/check")
    session.expire_all()
    [sent] = session.scalars(select(Notification).where(Notification.service_id == service.id))
    assert sent.reply_to_text == "helpdesk@example.gov.uk"


def test_choosing_needs_send_messages_on_the_service(web, session, member, service, template):
    path = _set_sender(template)
    assert web.get(path).status_code == 302  # signed out: to the sign-in page
    outsider_service = create_service(session, name="Someone else's")
    outsiders = create_template(session, outsider_service, template_type="email")
    web.sign_in_without(member, "send_emails")
    assert web.get(path).status_code == 403
    assert web.get(_set_sender(outsiders)).status_code in (403, 404)


def test_the_text_message_sender_chosen_reaches_the_jobs_texts(team, session, service):
    sms = create_template(session, service, content="Your bin day is Monday")
    council = add_contact(session, SMS_SENDERS, service.id, "Council", False)
    session.commit()
    team.post(_set_sender(sms, "upload"), {"sender": str(council.id)})
    rows = [["phone number"], ["07700900001"], ["07700900002"]]
    upload = checked_upload(session, service, sms, rows, file_name="bins.csv")
    check = team.page(f"/services/{service.id}/{sms.id}/check/{upload.id}")
    assert re.search(r"From</dt>\s*<dd[^>]*>Council</dd>", check)
    token = team.csrf_token(f"/services/{service.id}/{sms.id}/check/{upload.id}")
    response = team.client.post(
        f"/services/{service.id}/start-job/{upload.id}",
        data={"csrf_token": token, "scheduled_for": "now", "sender_id": str(council.id)},
    )
    assert {m.reply_to_text for m in _messages(session, upload.id)} == {"Council"}
    assert "From: Council" in team.page(response.location)
