"""The admin API takes the request bodies GOV.UK Notify's admin sends, exactly as it sends them.

Each test posts, over real HTTP with the official client's `BaseAPIClient` set up as Notify's
admin sets it up (issuer `notify-admin`, the admin secret), the body one method of
notifications-admin's `app/notify_client/*_api_client.py` builds, keys, types and nulls as that
method writes them (named in each test), and checks what it changed in the database.
`created_by` is what the admin's `_attach_current_user` adds: the signed-in user's id."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from notifications_python_client.base import BaseAPIClient
from notifications_python_client.errors import HTTPError
from sqlalchemy import select

from postroom.models import (
    ApiKey,
    GuestListRecipient,
    Permission,
    Service,
    ServiceCallback,
    ServiceDataRetention,
    ServiceEmailReplyTo,
    ServiceHistory,
    ServiceLetterContact,
    ServiceSmsSender,
    Template,
    TemplateFolder,
    User,
)
from tests.conftest import ADMIN_SECRET
from tests.factories import create_template, create_user


@pytest.fixture
def notify_admin(api_server) -> BaseAPIClient:
    """The official client's base class as Notify's admin configures it (NotifyAdminAPIClient)."""
    client = BaseAPIClient("a" * 73, base_url=api_server)
    client.service_id, client.api_key = "notify-admin", ADMIN_SECRET
    return client


def fresh(session, model, key):
    session.expire_all()
    return session.get(model, key)


# service_api_client.py


def test_create_service_takes_notify_admins_body_and_its_limits(notify_admin, session, user):
    session.commit()
    # ServiceAPIClient.create_service
    body = {
        "name": "Apply for a licence",
        "organisation_type": "central",
        "active": True,
        "email_message_limit": 50,
        "international_sms_message_limit": 100,
        "sms_message_limit": 50,
        "letter_message_limit": 20,
        "user_id": str(user.id),
        "restricted": True,
        "created_by": str(user.id),
    }
    service_id = notify_admin.post("/service", body)["data"]["id"]
    service = fresh(session, Service, uuid.UUID(service_id))
    assert (service.name, service.organisation_type, service.restricted) == (
        "Apply for a licence",
        "central",
        True,
    )
    limits = (
        service.email_message_limit,
        service.international_sms_message_limit,
        service.sms_message_limit,
        service.letter_message_limit,
    )
    assert limits == (50, 100, 50, 20)
    assert user in service.users


def _versions(session, service_id) -> list[ServiceHistory]:
    session.expire_all()
    return list(
        session.scalars(
            select(ServiceHistory)
            .where(ServiceHistory.id == service_id)
            .order_by(ServiceHistory.version)
        )
    )


def test_update_service_takes_each_body_notify_admin_sends(notify_admin, session, service, user):
    url = f"/service/{service.id}"
    me = str(user.id)
    # ServiceAPIClient.update_service, from the go-live checklist's unique name question
    notify_admin.post(url, {"confirmed_unique": True, "created_by": me})
    assert fresh(session, Service, service.id).confirmed_unique is True
    # ...from service_name_change: a new name is not confirmed unique yet
    notify_admin.post(url, {"name": "Renamed service", "confirmed_unique": False, "created_by": me})
    # ServiceAPIClient.update_status(live=True); Notify's admin sends str(datetime.utcnow()).
    notify_admin.post(
        url,
        {
            "email_message_limit": 250000,
            "sms_message_limit": 250000,
            "letter_message_limit": 20000,
            "restricted": False,
            "go_live_at": str(datetime(2026, 5, 1, 9, 30, 15, 123456)),
            "has_active_go_live_request": False,
            "created_by": me,
        },
    )
    # ServiceAPIClient.update_count_as_live
    notify_admin.post(url, {"count_as_live": False, "created_by": me})
    # Service.update_permissions (via force_permission): the whole list, as a list
    notify_admin.post(url, {"permissions": ["email", "sms", "inbound_sms"], "created_by": me})

    service = fresh(session, Service, service.id)
    assert (service.name, service.confirmed_unique) == ("Renamed service", False)
    assert (service.restricted, service.count_as_live) == (False, False)
    assert (service.email_message_limit, service.letter_message_limit) == (250000, 20000)
    assert service.go_live_at == datetime(2026, 5, 1, 9, 30, 15, 123456)
    assert sorted(service.permission_names) == ["email", "inbound_sms", "sms"]
    assert [v.created_by_id for v in _versions(session, service.id)[1:]] == [user.id] * 5


def test_archive_service_takes_no_body(notify_admin, session, service):
    # ServiceAPIClient.archive_service: post(..., data=None)
    notify_admin.post(f"/service/{service.id}/archive", data=None)
    assert fresh(session, Service, service.id).active is False


def test_update_guest_list_takes_notify_admins_body(notify_admin, session, service):
    # ServiceAPIClient.update_guest_list, with the dict the guest_list view builds
    body = {"email_addresses": ["someone@example.gov.uk"], "phone_numbers": ["07700900123"]}
    notify_admin.put(f"/service/{service.id}/guest-list", data=body)
    session.expire_all()
    recipients = session.scalars(
        select(GuestListRecipient.recipient).where(GuestListRecipient.service_id == service.id)
    )
    assert sorted(recipients) == ["+447700900123", "someone@example.gov.uk"]


def _template(session, template_id: str) -> Template:
    return fresh(session, Template, uuid.UUID(template_id))


def test_create_template_takes_notify_admins_body(notify_admin, session, service, user):
    url = f"/service/{service.id}/template"
    folder = TemplateFolder(service_id=service.id, name="Reminders")
    session.add(folder)
    session.commit()
    # ServiceAPIClient.create_service_template for a text message: `service` repeats the path,
    # `has_unsubscribe_link` is always there (null but for emails), no subject.
    sms = notify_admin.post(
        url,
        {
            "name": "Reminder",
            "template_type": "sms",
            "content": "Your appointment is on ((date))",
            "service": str(service.id),
            "has_unsubscribe_link": None,
            "parent_folder_id": str(folder.id),
            "created_by": str(user.id),
        },
    )["data"]
    # ...for an email with an unsubscribe link
    email = notify_admin.post(
        url,
        {
            "name": "Newsletter",
            "template_type": "email",
            "content": "News",
            "service": str(service.id),
            "has_unsubscribe_link": True,
            "subject": "This month",
            "created_by": str(user.id),
        },
    )["data"]
    # ...for a new letter (templates.py _add_template_by_type): no parent folder, no language
    letter = notify_admin.post(
        url,
        {
            "name": "Untitled letter template",
            "template_type": "letter",
            "content": "Body text",
            "service": str(service.id),
            "has_unsubscribe_link": None,
            "subject": "Heading",
            "created_by": str(user.id),
        },
    )["data"]
    # ...for a copy of a Welsh letter (letter_languages not None)
    welsh = notify_admin.post(
        url,
        {
            "name": "Copy of Welsh letter",
            "template_type": "letter",
            "content": "English body",
            "service": str(service.id),
            "has_unsubscribe_link": None,
            "subject": "English heading",
            "letter_languages": "welsh_then_english",
            "letter_welsh_subject": "Pennawd",
            "letter_welsh_content": "Corff",
            "created_by": str(user.id),
        },
    )["data"]

    stored = _template(session, sms["id"])
    assert (stored.service_id, stored.created_by_id, stored.has_unsubscribe_link) == (
        service.id,
        user.id,
        False,
    )
    assert stored.folder.id == folder.id
    assert _template(session, email["id"]).has_unsubscribe_link is True
    assert letter["is_precompiled_letter"] is False
    stored = _template(session, letter["id"])
    assert (stored.postage, stored.letter_languages, stored.letter_welsh_content) == (
        "second",
        "english",
        None,
    )
    stored = _template(session, welsh["id"])
    assert (stored.letter_languages, stored.letter_welsh_subject) == (
        "welsh_then_english",
        "Pennawd",
    )
    assert (welsh["letter_languages"], welsh["letter_welsh_content"]) == (
        "welsh_then_english",
        "Corff",
    )


def test_create_template_refuses_a_service_other_than_the_paths(
    notify_admin, session, service, user
):
    body = {
        "name": "Reminder",
        "template_type": "sms",
        "content": "Hello",
        "service": str(uuid.uuid4()),
        "has_unsubscribe_link": None,
        "created_by": str(user.id),
    }
    with pytest.raises(HTTPError) as refused:
        notify_admin.post(f"/service/{service.id}/template", body)
    assert refused.value.status_code == 400
    assert refused.value.message == {"service": ["Does not match the service id in the URL."]}
    assert session.scalars(select(Template).where(Template.service_id == service.id)).all() == []


def test_update_template_takes_each_body_notify_admin_sends(notify_admin, session, service, user):
    me = str(user.id)
    sms = create_template(session, service, content="Old text")
    letter = create_template(session, service, template_type="letter")
    contact = ServiceLetterContact(service_id=service.id, contact_block="Town Hall")
    session.add(contact)
    session.commit()
    sms_url = f"/service/{service.id}/template/{sms.id}"
    letter_url = f"/service/{service.id}/template/{letter.id}"
    # ServiceAPIClient.update_service_template, from edit_service_template: a text message's
    # subject is None
    notify_admin.post(
        sms_url, {"name": "New name", "content": "New text", "subject": None, "created_by": me}
    )
    # ServiceAPIClient.redact_service_template
    notify_admin.post(sms_url, {"redact_personalisation": True, "created_by": me})
    # ServiceAPIClient.update_service_template, from a letter's language and postage pages
    notify_admin.post(
        letter_url,
        {
            "letter_languages": "welsh_then_english",
            "letter_welsh_subject": "Pennawd",
            "letter_welsh_content": "Corff",
            "created_by": me,
        },
    )
    notify_admin.post(letter_url, {"postage": "economy", "created_by": me})
    # ServiceAPIClient.update_service_template_sender
    notify_admin.post(letter_url, {"reply_to": str(contact.id), "created_by": me})

    stored = fresh(session, Template, sms.id)
    assert (stored.name, stored.content, stored.subject) == ("New name", "New text", None)
    assert (stored.redact_personalisation, stored.version, stored.created_by_id) == (
        True,
        3,
        user.id,
    )
    stored = fresh(session, Template, letter.id)
    assert (stored.letter_languages, stored.letter_welsh_content) == ("welsh_then_english", "Corff")
    assert (stored.postage, stored.service_letter_contact_id) == ("economy", contact.id)

    # Back to English only: the Welsh version goes, as nulls
    notify_admin.post(
        letter_url,
        {
            "letter_languages": "english",
            "letter_welsh_subject": None,
            "letter_welsh_content": None,
            "created_by": me,
        },
    )
    # ServiceAPIClient.delete_service_template
    notify_admin.post(letter_url, {"archived": True, "created_by": me})
    stored = fresh(session, Template, letter.id)
    assert (stored.letter_languages, stored.letter_welsh_subject) == ("english", None)
    assert stored.archived is True


def test_add_sms_sender_then_change_and_delete_it_with_notify_admins_bodies(
    notify_admin, session, service
):
    base = f"/service/{service.id}/sms-sender"
    # ServiceAPIClient.add_sms_sender
    added = notify_admin.post(base, data={"sms_sender": "COUNCIL", "is_default": False})["data"]
    # ServiceAPIClient.update_sms_sender
    notify_admin.post(f"{base}/{added['id']}", data={"sms_sender": "TOWNHALL", "is_default": False})
    stored = fresh(session, ServiceSmsSender, uuid.UUID(added["id"]))
    assert (stored.sms_sender, stored.is_default, stored.archived) == ("TOWNHALL", False, False)
    # ServiceAPIClient.delete_sms_sender: post(..., data=None)
    notify_admin.post(f"{base}/{added['id']}/archive", data=None)
    assert fresh(session, ServiceSmsSender, stored.id).archived is True


def test_add_reply_to_address_then_change_and_delete_it_with_notify_admins_bodies(
    notify_admin, session, service
):
    base = f"/service/{service.id}/email-reply-to"
    # ServiceAPIClient.add_reply_to_email_address
    added = notify_admin.post(
        base, data={"email_address": "help@example.gov.uk", "is_default": True}
    )["data"]
    # ServiceAPIClient.update_reply_to_email_address
    notify_admin.post(
        f"{base}/{added['id']}", data={"email_address": "team@example.gov.uk", "is_default": True}
    )
    stored = fresh(session, ServiceEmailReplyTo, uuid.UUID(added["id"]))
    assert (stored.email_address, stored.is_default) == ("team@example.gov.uk", True)
    second = notify_admin.post(
        base, data={"email_address": "other@example.gov.uk", "is_default": False}
    )["data"]
    # ServiceAPIClient.delete_reply_to_email_address: post(..., data=None)
    notify_admin.post(f"{base}/{second['id']}/archive", data=None)
    assert fresh(session, ServiceEmailReplyTo, uuid.UUID(second["id"])).archived is True


def test_add_letter_contact_then_change_and_delete_it_with_notify_admins_bodies(
    notify_admin, session, service
):
    base = f"/service/{service.id}/letter-contact"
    # ServiceAPIClient.add_letter_contact
    added = notify_admin.post(base, data={"contact_block": "Town Hall", "is_default": False})[
        "data"
    ]
    # ServiceAPIClient.update_letter_contact
    notify_admin.post(
        f"{base}/{added['id']}", data={"contact_block": "Civic Centre", "is_default": False}
    )
    stored = fresh(session, ServiceLetterContact, uuid.UUID(added["id"]))
    assert stored.contact_block == "Civic Centre"
    # ServiceAPIClient.delete_letter_contact: post(..., data=None)
    notify_admin.post(f"{base}/{added['id']}/archive", data=None)
    assert fresh(session, ServiceLetterContact, stored.id).archived is True


def test_data_retention_takes_notify_admins_bodies(notify_admin, session, service):
    base = f"/service/{service.id}/data-retention"
    # ServiceAPIClient.create_service_data_retention
    created = notify_admin.post(base, {"notification_type": "sms", "days_of_retention": 10})
    # ServiceAPIClient.update_service_data_retention
    notify_admin.post(f"{base}/{created['result']['id']}", {"days_of_retention": 30})
    stored = fresh(session, ServiceDataRetention, uuid.UUID(created["result"]["id"]))
    assert (stored.notification_type, stored.days_of_retention) == ("sms", 30)


NEW_CALLBACK = {"url": "https://example.gov.uk/callback", "bearer_token": "a-long-enough-token"}


@pytest.mark.parametrize(
    ("path", "callback_type"),
    [("delivery-receipt-api", "delivery_status"), ("inbound-api", "inbound_sms")],
)
def test_callbacks_take_notify_admins_bodies(
    notify_admin, session, service, user, path, callback_type
):
    base = f"/service/{service.id}/{path}"
    # ServiceAPIClient.create_service_callback_api / create_service_inbound_api (the versions
    # of notifications-admin that call these two routes)
    created = notify_admin.post(base, {**NEW_CALLBACK, "updated_by_id": str(user.id)})["data"]
    # ...update_service_callback_api / update_service_inbound_api: no bearer_token unless changed
    notify_admin.post(
        f"{base}/{created['id']}",
        {"url": "https://example.gov.uk/new-callback", "updated_by_id": str(user.id)},
    )
    stored = fresh(session, ServiceCallback, uuid.UUID(created["id"]))
    assert (stored.callback_type, stored.url) == (
        callback_type,
        "https://example.gov.uk/new-callback",
    )


@pytest.mark.parametrize("callback_type", ["delivery_status", "inbound_sms"])
def test_callback_api_takes_newer_notify_admins_bodies(
    notify_admin, session, service, user, callback_type
):
    base = f"/service/{service.id}/callback-api"
    # ServiceAPIClient.create_service_callback_api (current notifications-admin)
    body = {**NEW_CALLBACK, "updated_by_id": str(user.id), "callback_type": callback_type}
    created = notify_admin.post(base, body)["data"]
    one = f"{base}/{created['id']}"
    # ServiceAPIClient.update_service_callback_api, the bearer token left unchanged
    notify_admin.post(
        one,
        {
            "url": "https://example.gov.uk/new-callback",
            "updated_by_id": str(user.id),
            "callback_type": callback_type,
        },
    )
    stored = fresh(session, ServiceCallback, uuid.UUID(created["id"]))
    assert (stored.callback_type, stored.url) == (
        callback_type,
        "https://example.gov.uk/new-callback",
    )
    # ServiceAPIClient.get_service_callback_api
    read = notify_admin.get(f"{one}?callback_type={callback_type}")["data"]
    assert (read["id"], read["callback_type"]) == (created["id"], callback_type)
    # ServiceAPIClient.delete_service_callback_api
    notify_admin.delete(f"{one}?callback_type={callback_type}")
    assert fresh(session, ServiceCallback, stored.id) is None


def test_callback_api_refuses_a_type_postroom_has_not_and_keeps_types_apart(
    notify_admin, session, service, user
):
    base = f"/service/{service.id}/callback-api"
    body = {**NEW_CALLBACK, "updated_by_id": str(user.id)}
    with pytest.raises(HTTPError) as refused:
        notify_admin.post(base, {**body, "callback_type": "complaint"})
    assert refused.value.status_code == 400
    assert refused.value.message == {
        "callback_type": ["Must be one of: delivery_status, inbound_sms, returned_letter."]
    }
    created = notify_admin.post(base, {**body, "callback_type": "inbound_sms"})["data"]
    with pytest.raises(HTTPError) as other_type:
        notify_admin.get(f"{base}/{created['id']}?callback_type=delivery_status")
    assert other_type.value.status_code == 404


# api_key_api_client.py


def test_api_keys_take_notify_admins_bodies(notify_admin, session, service, user):
    # ApiKeyApiClient.create_api_key
    notify_admin.post(
        f"/service/{service.id}/api-key",
        {"name": "Team key", "key_type": "team", "created_by": str(user.id)},
    )
    session.expire_all()
    key = session.scalars(select(ApiKey).where(ApiKey.service_id == service.id)).one()
    assert (key.name, key.key_type, key.created_by_id) == ("Team key", "team", user.id)
    # ApiKeyApiClient.revoke_api_key: a body of just created_by
    notify_admin.post(
        f"/service/{service.id}/api-key/revoke/{key.id}", data={"created_by": str(user.id)}
    )
    assert fresh(session, ApiKey, key.id).expiry_date is not None


# user_api_client.py


def test_register_user_takes_notify_admins_body(notify_admin, session):
    # UserApiClient.register_user: an email-auth user may have no mobile number (None)
    body = {
        "name": "New Person",
        "email_address": "new.person@example.gov.uk",
        "mobile_number": None,
        "password": "a long and rather good password",
        "auth_type": "email_auth",
    }
    created = notify_admin.post("/user", body)["data"]
    # Fields Notify's admin reads from a user (its User model)
    assert created["can_use_webauthn"] is False
    assert created["current_session_id"] is None
    assert created["email_access_validated_at"] is not None
    stored = fresh(session, User, uuid.UUID(created["id"]))
    assert (stored.email_address, stored.mobile_number, stored.auth_type) == (
        "new.person@example.gov.uk",
        None,
        "email_auth",
    )


def test_update_user_attribute_takes_notify_admins_body(notify_admin, session, user):
    admin = create_user(session, platform_admin=True)
    session.commit()
    # UserApiClient.update_user_attribute(user_id, mobile_number=..., updated_by=...)
    notify_admin.post(
        f"/user/{user.id}", data={"mobile_number": "+447700900123", "updated_by": str(admin.id)}
    )
    assert fresh(session, User, user.id).mobile_number == "+447700900123"


def test_get_user_by_email_takes_notify_admins_body(notify_admin, session, user):
    session.commit()
    # UserApiClient.get_user_by_email (Notify posts the address so it stays out of URLs)
    found = notify_admin.post("/user/email", data={"email": user.email_address})["data"]
    assert found["id"] == str(user.id)


def test_add_user_to_service_then_remove_them_with_notify_admins_bodies(
    notify_admin, session, service, user
):
    colleague = create_user(session)
    session.commit()
    # UserApiClient.add_user_to_service: the admin's roles already translated to the database's
    notify_admin.post(
        f"/service/{service.id}/users/{colleague.id}",
        data={
            "permissions": [
                {"permission": p} for p in ("send_texts", "send_emails", "send_letters")
            ],
            "folder_permissions": [],
        },
    )
    session.expire_all()
    granted = session.scalars(
        select(Permission.permission).where(
            Permission.service_id == service.id, Permission.user_id == colleague.id
        )
    )
    assert sorted(granted) == ["send_emails", "send_letters", "send_texts"]
    # ServiceAPIClient.remove_user_from_service: a DELETE whose body is just created_by
    notify_admin.delete(
        f"/service/{service.id}/users/{colleague.id}", data={"created_by": str(user.id)}
    )
    assert colleague not in fresh(session, Service, service.id).users
