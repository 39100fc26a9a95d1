"""Team members: the list, invitations (sent, accepted, cancelled, expired), changing a member's
permissions and removing a member."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from postroom.clock import frozen, utcnow
from postroom.domain.services import team
from postroom.domain.vocabulary import permissions
from postroom.models import InvitedUser, Service, TemplateFolder, User
from tests.factories import create_service, create_user
from tests.web.conftest import PASSWORD, WebClient

NEW_EMAIL = "new.person@example.gov.uk"


@pytest.fixture
def team_service(session, member):
    return create_service(session, user=member, name="Parking permits")


@pytest.fixture
def manager(web, member, team_service) -> WebClient:
    """Signed in as the member, who manages the team service (created before signing in)."""
    web.sign_in(member)
    return web


def _users_page(service) -> str:
    return f"/services/{service.id}/users"


def _add(session, service, name: str, ui: set[str]) -> User:
    """A new member (the objects of earlier requests are detached: use fresh ones)."""
    service = session.get(Service, service.id)
    user = create_user(session, name=name)
    team.add_user_to_service(session, service, user, permissions.to_database(ui))
    session.commit()
    return user


def _ui(session, service, user) -> set[str] | None:
    session.expire_all()
    service = session.get(Service, service.id)
    for found in team.team_members(session, service):
        if found.user.id == user.id:
            return permissions.to_ui(found.permissions)
    return None


def invitation_path(web: WebClient, email: str) -> str:
    """The path of the link in the newest invitation to `email`, read off the outbox (decoded:
    the link percent-encodes underscores, which a browser decodes as Flask does)."""
    outbox = html.unescape(web.page("/_dev/outbox"))
    card = outbox.split(f'data-recipient="{email}"', 1)[1]
    return unquote(re.search(r"https?://[^/\s]+(/invitation/[\w.%\-]+)", card).group(1))


def _invite(web: WebClient, service, email: str = NEW_EMAIL, ui=("send_messages",), **extra):
    path = f"/services/{service.id}/users/invite"
    return web.post(path, {"email_address": email, "permissions": list(ui), **extra})


# The list.


def test_any_member_sees_the_team_and_what_each_may_do(web, session, member, team_service):
    viewer = _add(session, team_service, "Vic Viewer", {"view_activity"})
    web.sign_in(viewer)
    page = web.page(_users_page(team_service))
    assert "<title>Team members – Parking permits – Postroom</title>" in page
    assert "Ada Member" in page and member.email_address in page
    vic = page.split(f'data-member="{viewer.email_address}"', 1)[1].split("data-member=", 1)[0]
    assert "Can see dashboard" in vic and "Cannot send messages" in vic
    assert "Vic Viewer (you)" in page
    assert "Invite a team member" not in page and "Change details" not in page
    assert web.get(f"/services/{team_service.id}/users/invite").status_code == 403


# Inviting.


def test_a_manager_invites_someone_by_email(manager, session, member, team_service):
    response = _invite(manager, team_service, ui=["send_messages", "view_activity"])
    assert response.status_code == 302 and response.location.endswith(_users_page(team_service))
    invitation = session.scalar(select(InvitedUser))
    assert invitation.email_address == NEW_EMAIL and invitation.from_user_id == member.id
    assert invitation.permissions == "send_emails,send_letters,send_texts,view_activity"
    page = manager.page(_users_page(team_service))
    assert f"Invite sent to {NEW_EMAIL}" in page and "Invite pending" in page
    outbox = html.unescape(manager.page("/_dev/outbox"))
    assert "Ada Member has invited you to collaborate on Parking permits" in outbox
    assert invitation_path(manager, NEW_EMAIL).startswith("/invitation/")


def test_an_invitation_needs_an_address_and_not_a_member_s(manager, member, team_service):
    page = _invite(manager, team_service, email="").get_data(as_text=True)
    assert "Enter an email address" in page and 'href="#email_address"' in page
    page = _invite(manager, team_service, email=member.email_address).get_data(as_text=True)
    assert "This person is already a team member" in page


def test_the_sign_in_method_is_offered_only_where_email_codes_are_allowed(
    web, session, member, team_service
):
    allowing = create_service(session, user=member, permissions=["email", "sms", "email_auth"])
    web.sign_in(member)
    assert "Sign-in method" not in web.page(f"/services/{team_service.id}/users/invite")
    assert "Sign-in method" in web.page(f"/services/{allowing.id}/users/invite")
    _invite(web, allowing, auth_type="email_auth")
    assert session.scalar(select(InvitedUser)).auth_type == "email_auth"


def test_folders_are_offered_where_the_service_sets_folder_permissions(
    web, session, member, team_service
):
    service = create_service(session, user=member, permissions=["email", "edit_folder_permissions"])
    folders = [TemplateFolder(service_id=service.id, name=n) for n in ("Adults", "Children")]
    session.add_all(folders)
    session.commit()
    chosen = str(folders[1].id)
    web.sign_in(member)
    assert "Folders this team member can see" not in web.page(
        f"/services/{team_service.id}/users/invite"
    )
    assert "Children" in web.page(f"/services/{service.id}/users/invite")
    page = _invite(web, service, folder_permissions=["not-a-folder"]).get_data(as_text=True)
    assert 'href="#folder_permissions"' in page
    assert _invite(web, service, folder_permissions=[chosen]).status_code == 302
    assert session.scalar(select(InvitedUser.folder_permissions)) == [chosen]


def test_a_pending_invitation_can_be_cancelled(manager, session, team_service):
    _invite(manager, team_service)
    invitation_id = session.scalar(select(InvitedUser.id))
    path = f"/services/{team_service.id}/invitations/{invitation_id}/cancel"
    assert "Cancel the invitation to new.person@example.gov.uk?" in manager.page(path)
    assert manager.post(path).status_code == 302
    assert session.get(InvitedUser, invitation_id).status == "cancelled"
    assert "Invite pending" not in manager.page(_users_page(team_service))


# Accepting.


def test_a_new_person_registers_from_the_invitation_and_signs_in_with_a_code(
    web_app, manager, session, team_service
):
    _invite(manager, team_service, ui=["send_messages", "manage_templates"])
    link = invitation_path(manager, NEW_EMAIL)
    newcomer = WebClient(web_app)
    response = newcomer.get(link)
    assert response.status_code == 302 and response.location.endswith(f"{link}/register")
    page = newcomer.page(f"{link}/register")
    assert NEW_EMAIL in page and "Parking permits" in page

    register = f"{link}/register"
    page = newcomer.post(register, {"name": "Nia New", "mobile_number": "", "password": "short"})
    text = page.get_data(as_text=True)
    assert "Mobile number is required" in text or "at least 8 characters" in text
    response = newcomer.post(
        register, {"name": "Nia New", "mobile_number": "07700 900111", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.location.endswith("/two-factor")
    assert newcomer.get(f"/services/{team_service.id}").status_code == 302  # not signed in yet

    response = newcomer.post("/two-factor", {"code": newcomer.latest_code("+447700900111")})
    assert response.location.endswith(f"/services/{team_service.id}")
    # Without view_activity the dashboard sends them to the templates.
    dashboard = newcomer.get(f"/services/{team_service.id}")
    assert dashboard.location.endswith(f"/services/{team_service.id}/templates")
    assert "Parking permits" in newcomer.page(dashboard.location)
    person = session.scalar(select(User).where(User.email_address == NEW_EMAIL))
    assert person.state == "active"
    assert _ui(session, team_service, person) == {"send_messages", "manage_templates"}
    assert newcomer.get(link).location.endswith(f"/services/{team_service.id}")  # used up


def test_registering_keeps_the_password_rules(web_app, manager, team_service):
    _invite(manager, team_service)
    register = invitation_path(manager, NEW_EMAIL) + "/register"
    newcomer = WebClient(web_app)
    page = newcomer.post(
        register, {"name": "Nia", "mobile_number": "07700900111", "password": "password1"}
    ).get_data(as_text=True)
    assert "harder to guess" in page and 'href="#password"' in page


def test_someone_with_an_account_signs_in_then_joins(web_app, manager, session, team_service):
    person = create_user(session, name="Pat Existing", email_address=NEW_EMAIL)
    session.commit()
    _invite(manager, team_service, email=NEW_EMAIL, ui=["view_activity"])
    link = invitation_path(manager, NEW_EMAIL)
    visitor = WebClient(web_app)
    response = visitor.get(link)
    assert response.status_code == 302 and f"/sign-in?next={link}" in response.location
    visitor.post(
        f"/sign-in?next={link}",
        {"email_address": NEW_EMAIL, "password": PASSWORD},
        token_from="/sign-in",
    )
    response = visitor.post("/two-factor", {"code": visitor.latest_code(person.mobile_number)})
    assert response.location.endswith(link)
    response = visitor.get(link)
    assert response.location.endswith(f"/services/{team_service.id}")
    assert "You’ve joined Parking permits" in visitor.page(f"/services/{team_service.id}")
    assert _ui(session, team_service, person) == {"view_activity"}


def test_an_invitation_for_someone_else_is_refused(web_app, manager, session, team_service):
    other = create_user(session, name="Oz Other")
    session.commit()
    _invite(manager, team_service)
    link = invitation_path(manager, NEW_EMAIL)
    client = WebClient(web_app)
    client.sign_in(other)
    response = client.get(link)
    assert response.status_code == 403
    assert "This invitation is for another email address" in response.get_data(as_text=True)
    session.expire_all()
    assert other not in team_service.users


def test_expired_and_cancelled_invitations_say_so(web_app, manager, session, team_service):
    with frozen(utcnow() - timedelta(days=2, minutes=1)):
        _invite(manager, team_service, email="late@example.gov.uk")
    _invite(manager, team_service)
    expired = invitation_path(manager, "late@example.gov.uk")
    cancelled = invitation_path(manager, NEW_EMAIL)
    assert "Invite expired" in manager.page(_users_page(team_service))
    invitation = session.scalar(select(InvitedUser).where(InvitedUser.email_address == NEW_EMAIL))
    manager.post(f"/services/{team_service.id}/invitations/{invitation.id}/cancel")
    visitor = WebClient(web_app)
    assert "The invitation you were sent has expired" in visitor.page(expired)
    assert "The invitation you were sent has been cancelled" in visitor.page(cancelled)
    assert visitor.get(expired + "/register").status_code == 302


def test_a_made_up_invitation_link_is_not_found(web):
    assert web.get("/invitation/not-a-real-token").status_code == 404


# Changing and removing members.


def test_a_manager_changes_a_member_s_permissions(manager, session, team_service):
    mo = _add(session, team_service, "Mo Member", {"view_activity"})
    path = f"/services/{team_service.id}/users/{mo.id}"
    page = manager.page(path)
    assert 'value="view_activity" checked' in page
    response = manager.post(path, {"permissions": ["send_messages", "manage_api_keys"]})
    assert response.status_code == 302
    assert _ui(session, team_service, mo) == {"send_messages", "manage_api_keys"}


def test_the_last_manager_keeps_manage_service(web, session, member, team_service):
    admin = create_user(session, name="Ada Admin", platform_admin=True)
    session.commit()
    web.sign_in(admin)
    path = f"/services/{team_service.id}/users/{member.id}"
    page = web.post(path, {"permissions": ["view_activity"]}).get_data(as_text=True)
    assert "at least one team member with permission to manage" in page
    assert 'href="#permissions"' in page
    response = web.post(f"{path}/remove", token_from=f"{path}/remove")
    assert response.status_code == 400
    assert "at least one team member" in response.get_data(as_text=True)
    assert _ui(session, team_service, member) == set(permissions.UI_PERMISSIONS)


def test_a_manager_removes_a_member_after_confirming(manager, session, team_service):
    mo = _add(session, team_service, "Mo Member", {"view_activity"})
    path = f"/services/{team_service.id}/users/{mo.id}/remove"
    assert "Remove Mo Member from the team?" in manager.page(path)
    response = manager.post(path)
    assert response.status_code == 302 and response.location.endswith(_users_page(team_service))
    session.expire_all()
    assert mo not in team_service.users
    assert manager.get(path).status_code == 404


def test_members_without_manage_service_cannot_change_the_team(web, session, member, team_service):
    sender = _add(session, team_service, "Sam Sender", {"send_messages", "manage_templates"})
    web.sign_in(sender)
    for path in (f"/users/{member.id}", f"/users/{member.id}/remove", "/users/invite"):
        assert web.get(f"/services/{team_service.id}{path}").status_code == 403, path
