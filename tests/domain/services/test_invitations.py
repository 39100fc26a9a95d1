"""Invitations to a team and the team's changes to itself, and resetting passwords: the rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from postroom.clock import frozen, utcnow
from postroom.domain.accounts import emailed_links, password_resets, users
from postroom.domain.services import invitations, team
from postroom.domain.vocabulary import permissions
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.models import InvitedUser, TemplateFolder, User
from tests.factories import create_service, create_user
from tests.fixtures.clashes import in_a_session_of_its_own, outcomes

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def owner(session):
    return create_user(session, name="Olive Owner")


@pytest.fixture
def team_service(session, owner):
    return create_service(session, user=owner, name="Parking permits")


def _ui(session, service, user) -> set[str]:
    member = next(m for m in team.team_members(session, service) if m.user.id == user.id)
    return permissions.to_ui(member.permissions)


def _invite(session, service, by, email="new.person@example.gov.uk", ui=("send_messages",), **kw):
    return invitations.invite(session, service, by, email, ui, **kw)


def test_an_invitation_stores_the_database_permissions_of_the_ui_ones(session, team_service, owner):
    invitation = _invite(session, team_service, owner, ui=["send_messages", "view_activity"])
    assert invitation.permissions == "send_emails,send_letters,send_texts,view_activity"
    assert (invitation.status, invitation.auth_type) == ("pending", "sms_auth")
    assert invitations.open_invitations(session, team_service) == [invitation]


def test_only_someone_who_manages_the_service_may_invite(session, team_service, owner):
    sender = create_user(session, name="Sam Sender")
    team.add_user_to_service(
        session, team_service, sender, permissions.to_database({"send_messages"})
    )
    with pytest.raises(InvalidRequest) as raised:
        _invite(session, team_service, sender)
    assert raised.value.status_code == 403
    admin = create_user(session, name="Ada Admin", platform_admin=True)
    assert _invite(session, team_service, admin).from_user_id == admin.id


@pytest.mark.parametrize("restricted", [True, False])
def test_trial_and_live_services_alike_may_invite(session, owner, restricted):
    service = create_service(session, user=owner, restricted=restricted)
    assert _invite(session, service, owner).status == "pending"


def test_nobody_already_in_the_team_is_invited(session, team_service, owner):
    with pytest.raises(InvalidRequest) as raised:
        _invite(session, team_service, owner, email=owner.email_address.upper())
    assert raised.value.message == {"email_address": [invitations.ALREADY_MEMBER]}


def test_a_new_invitation_replaces_the_pending_one_to_the_same_address(
    session, team_service, owner
):
    first = _invite(session, team_service, owner)
    second = _invite(session, team_service, owner, email="NEW.person@example.gov.uk")
    assert first.status == "cancelled"
    assert invitations.open_invitations(session, team_service) == [second]


def test_unknown_permissions_and_bad_addresses_are_refused(session, team_service, owner):
    with pytest.raises(InvalidRequest, match="Unknown permission"):
        _invite(session, team_service, owner, ui=["send_texts_to_everyone"])
    with pytest.raises(InvalidRequest, match="Not a valid email"):
        _invite(session, team_service, owner, email="not an address")


def test_email_sign_in_only_where_the_service_allows_it(session, owner):
    plain = create_service(session, user=owner)
    with pytest.raises(InvalidRequest) as raised:
        _invite(session, plain, owner, auth_type="email_auth")
    assert raised.value.message == {"auth_type": [invitations.NO_EMAIL_AUTH]}
    allowing = create_service(session, user=owner, permissions=["email", "sms", "email_auth"])
    assert _invite(session, allowing, owner, auth_type="email_auth").auth_type == "email_auth"


def test_folders_are_chosen_only_where_the_service_sets_folder_permissions(session, owner):
    service = create_service(session, user=owner, permissions=["email", "edit_folder_permissions"])
    folders = [TemplateFolder(service_id=service.id, name=n) for n in ("Alpha", "Beta")]
    session.add_all(folders)
    session.flush()
    chosen = _invite(session, service, owner, folder_ids=[folders[1].id])
    assert chosen.folder_permissions == [str(folders[1].id)]
    other = create_service(session, user=owner)
    stranger = TemplateFolder(service_id=other.id, name="Not yours")
    session.add(stranger)
    session.flush()
    with pytest.raises(InvalidRequest, match="folder_permissions"):
        _invite(session, service, owner, email="b@example.gov.uk", folder_ids=[stranger.id])
    # Without folder permissions every folder is granted, so switching them on hides nothing.
    everything = create_service(session, user=owner)
    folder = TemplateFolder(service_id=everything.id, name="Gamma")
    session.add(folder)
    session.flush()
    assert _invite(session, everything, owner, folder_ids=[]).folder_permissions == [str(folder.id)]


def test_invitations_expire_after_two_days(session, team_service, owner):
    with frozen(datetime(2025, 3, 1, 12, 0)):
        invitation = _invite(session, team_service, owner)
    assert invitations.status_of(invitation, datetime(2025, 3, 3, 11, 59)) == "pending"
    assert invitations.status_of(invitation, datetime(2025, 3, 3, 12, 0)) == "expired"
    with frozen(datetime(2025, 3, 3, 12, 0)), pytest.raises(invitations.InvitationUnavailable):
        invitations.accept(session, invitation, create_user(session, email_address="x@x.gov.uk"))


def test_a_token_finds_its_invitation_and_a_forged_one_finds_nothing(session, team_service, owner):
    invitation = _invite(session, team_service, owner)
    token = invitations.token_for(invitation)
    assert invitations.invitation_for_token(session, token) is invitation
    with pytest.raises(NotFound):
        invitations.invitation_for_token(session, token[:-2] + "xx")


def test_accepting_joins_the_service_once_with_the_invited_permissions(
    session, team_service, owner
):
    invitation = _invite(session, team_service, owner, ui=["send_messages", "manage_templates"])
    person = create_user(session, email_address="New.Person@example.gov.uk")
    assert invitations.accept(session, invitation, person) is team_service
    assert _ui(session, team_service, person) == {"send_messages", "manage_templates"}
    assert invitation.status == "accepted"
    with pytest.raises(invitations.InvitationUnavailable) as raised:
        invitations.accept(session, invitation, person)
    assert raised.value.status == "accepted"


def test_an_invitation_accepted_twice_at_once_joins_once(
    session, team_service, owner, side_by_side
):
    invitation = _invite(session, team_service, owner)
    person = create_user(session, email_address="new.person@example.gov.uk")
    session.commit()

    def accept(own):
        return invitations.accept(
            own, own.get(InvitedUser, invitation.id), own.get(User, person.id)
        )

    # Both find the person outside the team, then both add them.
    results = side_by_side("user_to_service.service_id", *[in_a_session_of_its_own(accept)] * 2)
    assert outcomes(results) == ["Service", "Service"]  # both see the person joined
    session.expire_all()
    assert [u.id for u in team_service.users].count(person.id) == 1
    assert _ui(session, team_service, person) == {"send_messages"}


def test_only_the_invited_address_may_accept(session, team_service, owner):
    invitation = _invite(session, team_service, owner)
    with pytest.raises(InvalidRequest) as raised:
        invitations.accept(session, invitation, create_user(session, name="Someone Else"))
    assert raised.value.status_code == 403


def test_a_cancelled_invitation_cannot_be_accepted(session, team_service, owner):
    invitation = _invite(session, team_service, owner)
    invitations.cancel(session, team_service, owner, invitation.id)
    with pytest.raises(invitations.InvitationUnavailable) as raised:
        invitations.accept(
            session, invitation, create_user(session, email_address=invitation.email_address)
        )
    assert raised.value.status == "cancelled"
    with pytest.raises(invitations.InvitationUnavailable):
        invitations.cancel(session, team_service, owner, invitation.id)


def test_registering_makes_an_active_account_in_the_team(session, team_service, owner):
    invitation = _invite(session, team_service, owner)
    person = invitations.register(
        session,
        invitation,
        name=" New Person ",
        mobile_number="07700 900123",
        password=NEW_PASSWORD,
    )
    assert (person.name, person.state, person.mobile_number) == (
        "New Person",
        "active",
        "+447700900123",
    )
    assert person in team_service.users and invitation.status == "accepted"


def test_registering_keeps_the_password_rules_and_needs_a_mobile_for_text_codes(
    session, team_service, owner
):
    invitation = _invite(session, team_service, owner)
    with pytest.raises(InvalidRequest, match="at least 8"):
        invitations.register(
            session, invitation, name="N", mobile_number="07700900123", password="short"
        )
    with pytest.raises(InvalidRequest, match="Mobile number is required"):
        invitations.register(session, invitation, name="N", mobile_number="", password=NEW_PASSWORD)


def test_registering_is_refused_when_the_address_has_an_account(session, team_service, owner):
    invitation = _invite(session, team_service, owner)
    create_user(session, email_address=invitation.email_address)
    with pytest.raises(InvalidRequest) as raised:
        invitations.register(
            session, invitation, name="N", mobile_number="07700900123", password=NEW_PASSWORD
        )
    assert raised.value.message == {"email_address": [invitations.ACCOUNT_EXISTS]}


def test_changing_a_member_replaces_their_permissions(session, team_service, owner):
    member = create_user(session, name="Mo Member")
    team.add_user_to_service(session, team_service, member, ["view_activity"])
    invitations.change_member(
        session, team_service, owner, member.id, ["manage_api_keys", "manage_templates"]
    )
    assert _ui(session, team_service, member) == {"manage_api_keys", "manage_templates"}


def test_a_service_keeps_at_least_one_member_who_can_manage_it(session, team_service, owner):
    admin = create_user(session, name="Ada Admin", platform_admin=True)
    with pytest.raises(InvalidRequest) as raised:
        invitations.change_member(session, team_service, admin, owner.id, ["view_activity"])
    assert raised.value.message == {"permissions": [invitations.LAST_MANAGER]}
    other = create_user(session, name="Mo Member")
    team.add_user_to_service(session, team_service, other, ["view_activity"])
    with pytest.raises(InvalidRequest, match="at least one team member"):
        invitations.remove_member(session, team_service, admin, owner.id)

    team.add_user_to_service(
        session, team_service, create_user(session), permissions.to_database({"manage_service"})
    )
    invitations.change_member(session, team_service, admin, owner.id, ["view_activity"])
    assert _ui(session, team_service, owner) == {"view_activity"}


def test_removing_a_member_takes_them_out_of_the_team(session, team_service, owner):
    member = create_user(session, name="Mo Member")
    team.add_user_to_service(session, team_service, member, ["view_activity"])
    invitations.remove_member(session, team_service, owner, member.id)
    assert member not in team_service.users
    with pytest.raises(NotFound):
        invitations.remove_member(session, team_service, owner, member.id)


def test_only_managers_change_or_remove_members(session, team_service, owner):
    member = create_user(session, name="Mo Member")
    team.add_user_to_service(session, team_service, member, ["view_activity"])
    for attempt in (
        lambda: invitations.change_member(session, team_service, member, owner.id, []),
        lambda: invitations.remove_member(session, team_service, member, owner.id),
    ):
        with pytest.raises(InvalidRequest) as raised:
            attempt()
        assert raised.value.status_code == 403


def test_a_member_s_sign_in_method_changes_only_where_email_codes_are_allowed(session, owner):
    service = create_service(session, user=owner, permissions=["email", "email_auth"])
    member = create_user(session, name="Mo Member")
    team.add_user_to_service(session, service, member, [])
    invitations.change_member(session, service, owner, member.id, [], auth_type="email_auth")
    assert member.auth_type == "email_auth"
    plain = create_service(session, user=owner)
    texted = create_user(session, name="Tex Ted")
    team.add_user_to_service(session, plain, texted, [])
    with pytest.raises(InvalidRequest) as raised:
        invitations.change_member(session, plain, owner, texted.id, [], auth_type="email_auth")
    assert raised.value.message == {"auth_type": [invitations.NO_EMAIL_AUTH]}


# Password resets.


def test_a_reset_link_works_once(session, owner):
    owner.failed_login_count = 10
    token = password_resets.token_for(owner)
    assert password_resets.user_for_token(session, token) is owner
    password_resets.reset_password(session, owner, NEW_PASSWORD)
    assert users.check_password(owner, NEW_PASSWORD)
    assert owner.failed_login_count == 0 and owner.current_session_id is None
    with pytest.raises(emailed_links.LinkProblem, match="already been used"):
        password_resets.user_for_token(session, token)


def test_a_reset_link_expires_after_24_hours(session, owner):
    with frozen(utcnow()):
        token = password_resets.token_for(owner)
    with frozen(utcnow() + timedelta(hours=23, minutes=59)):
        assert password_resets.user_for_token(session, token) is owner
    with (
        frozen(utcnow() + timedelta(hours=24, seconds=2)),
        pytest.raises(emailed_links.LinkProblem, match="expired"),
    ):
        password_resets.user_for_token(session, token)


def test_a_forged_reset_link_is_refused(session, owner):
    with pytest.raises(emailed_links.LinkProblem, match="not valid"):
        password_resets.user_for_token(session, "made-up." + password_resets.token_for(owner))


def test_a_new_password_keeps_the_rules(session, owner):
    with pytest.raises(InvalidRequest) as raised:
        password_resets.reset_password(session, owner, "password1")
    assert raised.value.message == {"password": ["Choose a password that’s harder to guess."]}


def test_changing_a_password_needs_the_current_one_and_counts_failures(session, owner):
    with pytest.raises(password_resets.WrongPassword):
        password_resets.change_password(session, owner, "not it", NEW_PASSWORD)
    assert owner.failed_login_count == 1
    password_resets.change_password(session, owner, "correct horse battery staple", NEW_PASSWORD)
    assert users.check_password(owner, NEW_PASSWORD)
