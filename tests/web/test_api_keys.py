"""API integration: keys shown once and revoked, and who may open these pages."""

from __future__ import annotations

import re

import pytest
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy import select

from postroom.domain.services import api_keys
from postroom.models import ApiKey
from tests.factories import create_service, create_template


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _create_key(team, service, name="Integration", key_type="team"):
    return team.post(
        f"/services/{service.id}/api/keys/create", {"name": name, "key_type": key_type}
    )


def test_a_new_key_is_shown_once_and_works_with_notifys_client(team, service, session, api_server):
    response = _create_key(team, service)
    assert response.status_code == 302
    page = team.page(response.location)
    key = re.search(r'id="api-key">([^<]+)<', page).group(1)
    assert key.startswith(f"integration-{service.id}-")
    # Gone from the page once seen.
    assert team.get(response.location).status_code == 302

    template = create_template(session, service, content="Hello")
    client = NotificationsAPIClient(key, base_url=api_server)
    assert client.get_template(str(template.id))["id"] == str(template.id)


def test_trial_services_cannot_make_live_keys(team, service, session):
    page = _create_key(team, service, key_type="normal").get_data(as_text=True)
    assert "Trial mode services cannot create live API keys" in page
    assert 'href="#key_type"' in page
    assert session.scalars(select(ApiKey).where(ApiKey.service_id == service.id)).all() == []


def test_a_key_needs_a_name_and_a_type(team, service):
    page = team.post(f"/services/{service.id}/api/keys/create", {}).get_data(as_text=True)
    assert "Enter a name for this key" in page and "Select a type of key" in page


def test_revoking_asks_first(team, service, session):
    _create_key(team, service, name="Old key")
    key = session.scalar(select(ApiKey).where(ApiKey.service_id == service.id))
    path = f"/services/{service.id}/api/keys/{key.id}/revoke"
    assert "Are you sure you want to revoke ‘Old key’?" in team.page(path)
    assert team.post(path).status_code == 302
    session.expire_all()
    assert session.get(ApiKey, key.id).expiry_date is not None
    assert "Revoked" in team.page(f"/services/{service.id}/api")


def test_another_services_key_cannot_be_revoked(team, service, session):
    other = create_service(session, name="Someone else's")
    their_key, _secret = api_keys.create_api_key(
        session, other, name="theirs", key_type="test", created_by_id=other.created_by_id
    )
    session.commit()
    response = team.post(
        f"/services/{service.id}/api/keys/{their_key.id}/revoke",
        token_from=f"/services/{service.id}/api/guest-list",
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(ApiKey, their_key.id).expiry_date is None


def test_only_members_who_manage_api_keys_may_open_these_pages(web, session, member, service):
    web.sign_in_without(member, "manage_api_keys")
    assert web.get(f"/services/{service.id}/api").status_code == 403
    assert web.get(f"/services/{service.id}/api/keys/create").status_code == 403
