"""The go-live checklist, the request, and a platform admin's approval."""

from __future__ import annotations

import pytest

from postroom.domain.services import go_live, services
from postroom.domain.services.senders import REPLY_TO, SMS_SENDERS, add_contact, list_contacts
from postroom.domain.services.team import add_user_to_service
from postroom.domain.vocabulary import organisation_types, permissions
from postroom.models import Service
from tests.factories import create_service, create_template, create_user


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="School meals", organisation_type="local")
    session.commit()
    return service


def _complete_checklist(session, service):
    services.update_service(session, service, {"volume_email": 100, "volume_sms": 100})
    colleague = create_user(session, name="Colleague")
    add_user_to_service(session, service, colleague, permissions.to_database({"manage_service"}))
    create_template(session, service, content="Lunch money due")
    create_template(session, service, template_type="email", subject="Menu", content="Menu")
    add_contact(session, REPLY_TO, service.id, "meals@example.gov.uk", True)
    [sender] = list_contacts(session, SMS_SENDERS, service.id)
    sender.sms_sender = "Meals"
    session.commit()


def test_the_checklist_follows_what_the_service_has_done(session, service):
    undone = {item.key for item in go_live.checklist(session, service) if not item.done}
    assert undone == {"volumes", "team", "templates"}  # no email or text templates yet
    _complete_checklist(session, service)
    assert all(item.done for item in go_live.checklist(session, service))


def test_central_government_keeps_the_default_sender(session, member):
    service = create_service(session, user=member, organisation_type="central")
    create_template(session, service, content="Hi")
    assert "sms_sender" not in {item.key for item in go_live.checklist(session, service)}


def test_an_incomplete_service_cannot_ask(web, session, member, service):
    web.sign_in(member)
    path = f"/services/{service.id}/service-settings/request-to-go-live"
    page = web.page(path)
    assert "Tell us how many messages you expect to send" in page and "Not completed" in page
    response = web.post(path, token_from=f"/services/{service.id}/service-settings/name")
    assert "Before you can go live" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Service, service.id).has_active_go_live_request is False


def test_request_then_approval_makes_the_service_live(web_app, web, session, member, service):
    from tests.web.conftest import WebClient

    _complete_checklist(session, service)
    admin = create_user(session, name="Platform Admin", platform_admin=True)
    session.commit()
    web.sign_in(member)
    path = f"/services/{service.id}/service-settings/request-to-go-live"
    assert web.post(path).status_code == 302
    assert "being reviewed" in web.page(f"/services/{service.id}/service-settings")

    admin_web = WebClient(web_app)
    admin_web.sign_in(admin)
    page = admin_web.page("/platform-admin")
    assert "Make ‘School meals’ live" in page
    response = admin_web.post(
        f"/platform-admin/services/{service.id}/make-live", token_from="/platform-admin"
    )
    assert response.status_code == 302
    session.expire_all()
    live = session.get(Service, service.id)
    assert (live.restricted, live.has_active_go_live_request) == (False, False)
    assert live.go_live_at is not None
    assert live.sms_message_limit == organisation_types.LIVE_LIMITS.sms
    assert "No service is waiting to go live." in admin_web.page("/platform-admin")


def test_only_platform_admins_see_platform_admin(signed_in):
    assert signed_in.get("/platform-admin").status_code == 403
