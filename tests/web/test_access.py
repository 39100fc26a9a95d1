"""Every page says who may open it, and nobody sees another service's pages."""

from __future__ import annotations

import pytest

from postroom.web import access
from tests.factories import create_service, create_user
from tests.fixtures.routes import concrete_path


def _views(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_view_declares_who_may_open_it(web_app):
    undeclared = [rule.rule for rule, view in _views(web_app) if not hasattr(view, "access")]
    assert undeclared == []


def _service_rules(app):
    return [rule for rule, view in _views(app) if view.access == access.SERVICE]


def _path_for(rule, service_id) -> str:
    return concrete_path(rule.rule.replace("<uuid:service_id>", str(service_id)))


def test_pages_of_another_service_are_not_found(web_app, signed_in, session):
    stranger = create_user(session, name="Someone Else")
    theirs = create_service(session, user=stranger, name="Their service")
    session.commit()
    rules = _service_rules(web_app)
    assert rules, "no service pages to check"
    token = signed_in.csrf_token(
        "/add-service/name-your-service"
    )  # a valid token, so only access can refuse
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if method == "POST" else None
            response = signed_in.client.open(_path_for(rule, theirs.id), method=method, data=data)
            assert response.status_code == 404, f"{method} {rule.rule}"


def test_signed_out_visitors_are_sent_to_sign_in(web_app, web, session, member):
    service = create_service(session, user=member, name="Members only")
    session.commit()
    for rule, view in _views(web_app):
        if view.access in (access.PUBLIC,) or "GET" not in rule.methods:
            continue
        response = web.get(_path_for(rule, service.id))
        assert response.status_code == 302, rule.rule
        assert "/sign-in" in response.location, rule.rule


@pytest.mark.parametrize("platform_admin", [True])
def test_platform_admins_may_open_any_service(web_app, web, session, platform_admin):
    admin = create_user(session, name="Admin", platform_admin=platform_admin)
    owner = create_user(session, name="Owner")
    service = create_service(session, user=owner, name="Anyone's")
    session.commit()
    web.sign_in(admin)
    assert "Anyone&#39;s" in web.page(f"/services/{service.id}")


def test_a_page_cannot_ask_for_a_permission_the_interface_does_not_have():
    with pytest.raises(ValueError, match="not one of the web interface's permissions"):
        access.service_page("manage_everything")


def test_pages_only_platform_admins_may_use_refuse_the_services_own_managers(
    web_app, service, signed_in
):
    declared = [rule for rule, view in _views(web_app) if getattr(view, "platform_admins_only", 0)]
    assert {rule.endpoint for rule in declared} >= {
        "settings.message_limits",
        "settings.billing_details",
        "settings.branding",
    }
    for rule in declared:
        assert signed_in.get(_path_for(rule, service.id)).status_code == 403, rule.rule


def test_the_navigation_offers_only_the_pages_a_member_may_open(web, session, member, service):
    web.sign_in_without(member, "view_activity")
    landing = web.get(f"/services/{service.id}")
    assert landing.status_code == 302 and landing.location.endswith("/templates")
    page = web.page(f"/services/{service.id}/templates")
    assert "Templates</a>" in page and "Dashboard</a>" not in page
