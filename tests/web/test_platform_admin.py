"""The platform admin's inbound numbers page: adding numbers and giving one to a service; and
switching "Receive text messages" on in a service's settings, which gives it a number."""

from __future__ import annotations

from postroom.domain.services import inbound_numbers
from postroom.domain.services.senders import SMS_SENDERS, list_contacts
from postroom.models import InboundNumber, Service

PAGE = "/platform-admin/inbound-numbers"


def _numbers(session) -> list[tuple[str, object, bool]]:
    session.expire_all()
    rows = session.query(InboundNumber).order_by(InboundNumber.number)
    return [(n.number, n.service_id, n.active) for n in rows]


def _default_sender(session, service) -> tuple[str, bool]:
    session.expire_all()
    [default] = [s for s in list_contacts(session, SMS_SENDERS, service.id) if s.is_default]
    return default.sms_sender, default.inbound_number_id is not None


def _add(client, numbers: str, provider: str = ""):
    return client.post(f"{PAGE}/add", {"numbers": numbers, "provider": provider}, token_from=PAGE)


def test_only_platform_admins_may_see_or_use_the_page(session, service, signed_in):
    [number] = inbound_numbers.add_numbers(session, ["447700900500"])
    session.commit()
    assert signed_in.get(PAGE).status_code == 403
    token_page = f"/services/{service.id}/service-settings/name"
    added = signed_in.post(f"{PAGE}/add", {"numbers": "07700900501"}, token_from=token_page)
    assert added.status_code == 403
    allocate = {"service": str(service.id), "inbound_number": str(number.id)}
    assert signed_in.post(f"{PAGE}/allocate", allocate, token_from=token_page).status_code == 403
    assert _numbers(session) == [("447700900500", None, True)]


def test_signed_out_people_are_sent_to_sign_in(web):
    response = web.get(PAGE)
    assert response.status_code == 302 and "/sign-in" in response.location


def test_a_platform_admin_adds_numbers(admin, session):
    assert "There are no inbound numbers yet." in admin.page(PAGE)
    response = _add(admin, "07700 900500\n\n+447700900501\n60060", provider="smpp")
    assert response.status_code == 302
    page = admin.page(PAGE)
    assert "3 inbound numbers added" in page
    assert _numbers(session) == [
        ("447700900500", None, True),
        ("447700900501", None, True),
        ("60060", None, True),
    ]
    assert page.count("Available") == 3


def test_numbers_already_known_are_refused_and_none_added(admin, session):
    _add(admin, "447700900500")
    response = _add(admin, "07700 900501\n07700 900500")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "447700900500 is already an inbound number" in page
    assert 'class="govuk-error-summary' in page
    assert _numbers(session) == [("447700900500", None, True)]


def test_a_platform_admin_gives_a_number_to_a_service(admin, session, service):
    _add(admin, "447700900500\n447700900501")
    chosen = session.query(InboundNumber).filter_by(number="447700900501").one()
    response = admin.post(
        f"{PAGE}/allocate",
        {"service": str(service.id), "inbound_number": str(chosen.id)},
        token_from=PAGE,
    )
    assert response.status_code == 302
    page = admin.page(PAGE)
    assert f"‘{service.name}’ now receives text messages sent to 447700900501" in page
    assert _numbers(session) == [("447700900500", None, True), ("447700900501", service.id, True)]
    assert _default_sender(session, service) == ("447700900501", True)
    # A service with a number is no longer offered one.
    assert f'<option value="{service.id}"' not in admin.page(PAGE)


def test_giving_a_number_needs_a_service_and_a_free_number(admin, session, service):
    _add(admin, "447700900500")
    response = admin.post(
        f"{PAGE}/allocate", {"service": str(service.id), "inbound_number": ""}, token_from=PAGE
    )
    assert "Choose a number" in response.get_data(as_text=True)
    assert _numbers(session) == [("447700900500", None, True)]


def test_with_no_numbers_free_the_page_says_so(admin, session, service):
    _add(admin, "447700900500")
    number = session.query(InboundNumber).one()
    inbound_numbers.allocate(session, service.id, number.id)
    session.commit()
    assert "There are no available inbound numbers." in admin.page(PAGE)


# The "Receive text messages" switch, among a service's permissions.


def _permissions(service) -> str:
    return f"/services/{service.id}/service-settings/permissions"


def _switch(client, service, *permissions):
    return client.post(_permissions(service), {"permissions": list(permissions)})


def _permission_names(session, service) -> list[str]:
    session.expire_all()
    return session.get(Service, service.id).permission_names


def test_receiving_text_messages_gives_the_service_a_number(admin, session, service):
    inbound_numbers.add_numbers(session, ["447700900500"])
    session.commit()
    assert _switch(admin, service, "email", "sms", "inbound_sms").status_code == 302
    assert "inbound_sms" in _permission_names(session, service)
    assert _numbers(session) == [("447700900500", service.id, True)]
    assert _default_sender(session, service) == ("447700900500", True)
    page = admin.page(_permissions(service))
    assert "This service receives text messages sent to 447700900500." in page


def test_receiving_text_messages_is_refused_when_no_number_is_available(admin, session, service):
    response = _switch(admin, service, "email", "sms", "inbound_sms")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There are no available inbound numbers" in page
    assert 'class="govuk-error-summary' in page
    assert "inbound_sms" not in _permission_names(session, service)
    assert _default_sender(session, service) == ("POSTROOM", False)


def test_stopping_then_starting_again_keeps_the_same_number(admin, session, service):
    inbound_numbers.add_numbers(session, ["447700900500", "447700900501"])
    session.commit()
    _switch(admin, service, "email", "sms", "inbound_sms")
    _switch(admin, service, "email", "sms")
    assert "inbound_sms" not in _permission_names(session, service)
    assert _numbers(session)[0] == ("447700900500", service.id, False)
    assert "(switched off)" in admin.page(_permissions(service))
    _switch(admin, service, "email", "sms", "inbound_sms")
    assert _numbers(session) == [
        ("447700900500", service.id, True),
        ("447700900501", None, True),
    ]
