"""A service's settings pages."""

from __future__ import annotations

import pytest

from postroom.domain.services import services, team
from postroom.domain.services.senders import REPLY_TO, SMS_SENDERS, list_contacts
from postroom.domain.vocabulary import permissions
from postroom.models import Service
from tests.factories import create_service, create_user
from tests.web.conftest import PASSWORD, WebClient


@pytest.fixture
def service(session, member):
    service = create_service(
        session, user=member, name="Housing repairs", organisation_type="local"
    )
    session.commit()
    return service


@pytest.fixture
def manager(web, member, service):
    web.sign_in(member)
    return web


def _settings(service) -> str:
    return f"/services/{service.id}/service-settings"


def _reload(session, service) -> Service:
    session.expire_all()
    return session.get(Service, service.id)


def test_the_settings_page_summarises_the_service(manager, service):
    page = manager.page(_settings(service))
    assert "Housing repairs" in page and "No (trial mode)" in page
    assert "POSTROOM" in page  # the default text message sender
    assert "Request to go live" in page


def test_renaming_the_service(manager, service, session):
    path = f"{_settings(service)}/name"
    assert manager.post(path, {"value": "Repairs"}).status_code == 302
    assert _reload(session, service).name == "Repairs"
    page = manager.post(path, {"value": ""}).get_data(as_text=True)
    assert "Enter a service name" in page and 'href="#value"' in page


def test_a_taken_name_is_refused(manager, service, session):
    create_service(session, name="Council tax")
    session.commit()
    page = manager.post(f"{_settings(service)}/name", {"value": "council tax"}).get_data(
        as_text=True
    )
    assert "Duplicate service name" in page
    assert _reload(session, service).name == "Housing repairs"


@pytest.mark.parametrize(
    ("link", "accepted"),
    [
        ("https://www.example.gov.uk/contact", True),
        ("help@example.gov.uk", True),
        ("0300 123 4567", True),
        ("http://insecure.example", False),
        ("call us", False),
    ],
)
def test_the_contact_link(manager, service, session, link, accepted):
    response = manager.post(f"{_settings(service)}/contact-link", {"value": link})
    assert (response.status_code == 302) is accepted
    assert (_reload(session, service).contact_link == link) is accepted
    if not accepted:
        assert "Enter a URL starting with https://" in response.get_data(as_text=True)


def test_the_text_message_sender_changes_the_default(manager, service, session):
    manager.post(f"{_settings(service)}/sms-sender", {"value": "Repairs"})
    [sender] = list_contacts(session, SMS_SENDERS, service.id)
    assert (sender.sms_sender, sender.is_default) == ("Repairs", True)


def test_reply_to_addresses(manager, service, session):
    path = f"{_settings(service)}/email-reply-to"
    manager.post(path, {"email_address": "repairs@example.gov.uk"})
    manager.post(path, {"email_address": "second@example.gov.uk"})
    addresses = {
        a.email_address: a.is_default for a in list_contacts(session, REPLY_TO, service.id)
    }
    assert addresses == {"repairs@example.gov.uk": True, "second@example.gov.uk": False}
    page = manager.post(path, {"email_address": "not an email"}).get_data(as_text=True)
    assert 'href="#email_address"' in page


def test_estimated_usage(manager, service, session):
    path = f"{_settings(service)}/estimate-usage"
    page = manager.post(path, {"volume_email": "-1"}).get_data(as_text=True)
    assert "Enter a number of 0 or more" in page
    assert "Enter how many text messages you expect to send, or 0" in page
    manager.post(
        path,
        {
            "volume_email": "1000",
            "volume_sms": "0",
            "volume_letter": "5",
            "consent_to_research": "yes",
        },
    )
    saved = _reload(session, service)
    assert (saved.volume_email, saved.volume_sms, saved.volume_letter) == (1000, 0, 5)
    assert saved.consent_to_research is True


def test_switching_permissions_keeps_the_ones_only_admins_may_switch(manager, service, session):
    # inbound_sms is for platform admins to switch: a manager's form leaves it alone.
    services.update_service(
        session, _reload(session, service), {"permissions": ["email", "sms", "inbound_sms"]}
    )
    session.commit()
    manager.post(f"{_settings(service)}/permissions", {"permissions": ["email", "letter"]})
    assert sorted(_reload(session, service).permission_names) == ["email", "inbound_sms", "letter"]


def test_deleting_the_service(manager, service, session):
    path = f"{_settings(service)}/archive"
    assert "Are you sure you want to delete ‘Housing repairs’?" in manager.page(path)
    response = manager.post(path)
    assert response.location.endswith("/your-services")
    assert _reload(session, service).active is False
    assert "‘Housing repairs’ was deleted" in manager.page("/your-services")
    assert f"/services/{service.id}" not in manager.page("/your-services")


def test_settings_need_manage_service(web, session, member, service):

    web.sign_in_without(member, "manage_settings")
    assert web.get(_settings(service)).status_code == 403


def test_data_retention_per_message_type(manager, service, session):
    from postroom.domain.services import retention_periods

    path = f"{_settings(service)}/data-retention"
    assert 'value="7"' in manager.page(path)
    page = manager.post(path, {"email": "2", "sms": "7", "letter": "7"}).get_data(as_text=True)
    assert "Must be between 3 and 90 days" in page and 'href="#email"' in page
    manager.post(path, {"email": "30", "sms": "7", "letter": "90"})
    assert retention_periods.days_of_retention(session, service.id, "email") == 30
    assert retention_periods.days_of_retention(session, service.id, "letter") == 90


def test_letter_sender_addresses(manager, service, session):
    from postroom.domain.services.senders import LETTER_CONTACTS

    path = f"{_settings(service)}/letter-contact-blocks"
    manager.post(path, {"contact_block": "Housing Office\n1 High Street"})
    [block] = list_contacts(session, LETTER_CONTACTS, service.id)
    assert (block.contact_block, block.is_default) == ("Housing Office\n1 High Street", True)


def test_limits_billing_and_branding_are_for_platform_admins(manager, service):
    for page in ("message-limits", "billing-details", "branding-and-organisation"):
        assert manager.get(f"{_settings(service)}/{page}").status_code == 403, page


def test_a_platform_admin_sets_limits_and_billing(web, session, service):
    from tests.factories import create_user
    from tests.web.conftest import PASSWORD

    admin = create_user(session, name="Admin", password=PASSWORD, platform_admin=True)
    session.commit()
    web.sign_in(admin)
    web.post(
        f"{_settings(service)}/message-limits",
        {
            "email_message_limit": "1000",
            "sms_message_limit": "500",
            "letter_message_limit": "0",
            "international_sms_message_limit": "10",
        },
    )
    web.post(
        f"{_settings(service)}/billing-details",
        {"billing_reference": "REF-1", "purchase_order_number": "PO-9"},
    )
    saved = _reload(session, service)
    assert (saved.email_message_limit, saved.sms_message_limit) == (1000, 500)
    assert (saved.billing_reference, saved.purchase_order_number) == ("REF-1", "PO-9")
    assert "Branding and organisation" in web.page(
        f"{_settings(service)}/branding-and-organisation"
    )


def test_more_text_message_senders(manager, service, session):
    path = f"{_settings(service)}/sms-senders"
    manager.post(path, {"sms_sender": "Repairs", "is_default": "y"})
    senders = {s.sms_sender: s.is_default for s in list_contacts(session, SMS_SENDERS, service.id)}
    assert senders == {"POSTROOM": False, "Repairs": True}
    page = manager.post(path, {"sms_sender": "x"}).get_data(as_text=True)
    assert "Text message sender must be 3 to 11 letters and numbers" in page
    assert 'href="#sms_sender"' in page


def test_numbers_and_text_too_big_for_the_database_are_refused(manager, service, session):
    too_big = str(2**31)
    page = manager.post(
        f"{_settings(service)}/estimate-usage",
        {"volume_email": too_big, "volume_sms": "0", "volume_letter": "0"},
    )
    assert page.status_code == 200 and 'href="#volume_email"' in page.get_data(as_text=True)
    link = manager.post(
        f"{_settings(service)}/contact-link", {"value": "https://example.gov.uk/" + "a" * 300}
    )
    assert "Must be 255 characters or fewer" in link.get_data(as_text=True)
    assert _reload(session, service).volume_email is None
    assert _reload(session, service).contact_link is None


def test_a_clash_no_rule_foresaw_is_its_own_page_not_a_500(
    web_app, session, member, service, side_by_side
):
    """Two managers switch on the same permission at once: both load the service's permissions
    before either saves, and the second insert breaks the table's primary key."""
    colleague = create_user(session, name="Cal Colleague", password=PASSWORD)
    team.add_user_to_service(session, service, colleague, permissions.DATABASE_PERMISSIONS)
    session.commit()
    clients = [WebClient(web_app), WebClient(web_app)]
    for client, user in zip(clients, (member, colleague), strict=True):
        client.sign_in(user)
    path = f"{_settings(service)}/permissions"
    wanted = [*service.permission_names, "email_auth"]
    forms = [{"csrf_token": c.csrf_token(path), "permissions": wanted} for c in clients]
    responses = side_by_side(
        "FROM service_permissions",  # both have loaded the permissions
        *(
            lambda c=c, f=f: c.client.post(path, data=f)
            for c, f in zip(clients, forms, strict=True)
        ),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    page = next(r for r in responses if r.status_code == 409).get_data(as_text=True)
    assert "Sorry, someone else changed this at the same time" in page
    assert "email_auth" in _reload(session, service).permission_names
