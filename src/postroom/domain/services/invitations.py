"""Invitations to join a service's team, and the other changes a team makes to itself: a member's
permissions and sign-in method, and removing a member.

The rules, as GOV.UK Notify has them:
- only someone who may manage the service (or a platform admin) invites, changes or removes;
- trial mode makes no difference: a trial service may send only to its team, so inviting the
  people it will send to is how a trial service is tried;
- nobody already in the team is invited again; a new invitation to the same address replaces
  the pending one;
- an invitation is accepted once, only by the account with the invited address, and expires
  after 2 days;
- a service always keeps at least one member who can manage it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.clock import utcnow
from postroom.domain.accounts import users
from postroom.domain.services import team
from postroom.domain.vocabulary import permissions
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import EDIT_FOLDER_PERMISSIONS, EMAIL_AUTH
from postroom.domain.vocabulary.users import (
    ACTIVE,
    EMAIL_AUTH_TYPE,
    INVITED_AUTH_TYPES,
    SMS_AUTH_TYPE,
)
from postroom.models import (
    InvitedUser,
    Permission,
    Service,
    TemplateFolder,
    User,
    UserFolderPermission,
)

INVITATION_LIFETIME = timedelta(days=2)
PENDING, ACCEPTED, CANCELLED, EXPIRED = "pending", "accepted", "cancelled", "expired"

NOT_A_MANAGER = "You do not have permission to manage this team"
ALREADY_MEMBER = "This person is already a team member"
NO_EMAIL_AUTH = "This service does not let team members sign in with an email code"
UNKNOWN_AUTH_TYPE = "Select a sign-in method"
UNKNOWN_FOLDER = "Select folders from this service"
LAST_MANAGER = (
    "A service must keep at least one team member with permission to "
    "manage settings, team and usage"
)
WRONG_ACCOUNT = "This invitation is for a different email address"
ACCOUNT_EXISTS = "An account already exists for this email address: sign in to accept"
_SALT = "postroom-invitation"


class InvitationUnavailable(InvalidRequest):
    """The invitation was accepted, cancelled or has expired; `status` says which."""

    def __init__(self, status: str) -> None:
        super().__init__(f"This invitation has been {status}")
        self.status = status


# Who may manage the team.


def can_manage_team(session: Session, service: Service, user: User) -> bool:
    if user.platform_admin:
        return True
    held = session.scalars(
        select(Permission.permission).where(
            Permission.service_id == service.id, Permission.user_id == user.id
        )
    ).all()
    return permissions.MANAGE_SERVICE in permissions.to_ui(held)


def _require_manager(session: Session, service: Service, user: User) -> None:
    if not can_manage_team(session, service, user):
        raise InvalidRequest(NOT_A_MANAGER, 403)


def _managers(session: Session, service: Service) -> set[uuid.UUID]:
    members = {member.id for member in service.users}
    held: dict[uuid.UUID, set[str]] = {}
    for user_id, permission in session.execute(
        select(Permission.user_id, Permission.permission).where(Permission.service_id == service.id)
    ):
        held.setdefault(user_id, set()).add(permission)
    return {
        user_id
        for user_id, granted in held.items()
        if user_id in members and permissions.MANAGE_SERVICE in permissions.to_ui(granted)
    }


def _check_keeps_a_manager(session: Session, service: Service, leaving: uuid.UUID) -> None:
    """Refuses a change that leaves the service with nobody who can manage it."""
    if not (_managers(session, service) - {leaving}):
        raise InvalidRequest({"permissions": [LAST_MANAGER]})


# What may be granted.


def _check_ui_permissions(ui_permissions: Iterable[str]) -> set[str]:
    wanted = set(ui_permissions)
    unknown = wanted - set(permissions.UI_PERMISSIONS)
    if unknown:
        raise InvalidRequest({"permissions": [f"Unknown permission: {sorted(unknown)[0]}"]})
    return permissions.to_database(wanted)


def check_auth_type(service: Service, auth_type: str) -> str:
    if auth_type not in INVITED_AUTH_TYPES:
        raise InvalidRequest({"auth_type": [UNKNOWN_AUTH_TYPE]})
    if auth_type == EMAIL_AUTH_TYPE and EMAIL_AUTH not in service.permission_names:
        raise InvalidRequest({"auth_type": [NO_EMAIL_AUTH]})
    return auth_type


def service_folders(session: Session, service: Service) -> list[TemplateFolder]:
    return list(
        session.scalars(
            select(TemplateFolder)
            .where(TemplateFolder.service_id == service.id)
            .order_by(TemplateFolder.name)
        )
    )


def _check_folders(
    session: Session, service: Service, folder_ids: Iterable[uuid.UUID] | None
) -> list[uuid.UUID]:
    """The folders to grant: those chosen when the service sets folder permissions, otherwise
    all of its folders (so that switching folder permissions on later hides nothing)."""
    owned = [folder.id for folder in service_folders(session, service)]
    if EDIT_FOLDER_PERMISSIONS not in service.permission_names or folder_ids is None:
        return owned
    chosen = list(dict.fromkeys(folder_ids))
    if any(folder_id not in owned for folder_id in chosen):
        raise InvalidRequest({"folder_permissions": [UNKNOWN_FOLDER]})
    return chosen


# Invitations.


def status_of(invitation: InvitedUser, now: datetime | None = None) -> str:
    """Its status, counting a pending invitation older than 2 days as expired."""
    if invitation.status == PENDING and expires_at(invitation) <= (now or utcnow()):
        return EXPIRED
    return invitation.status


def expires_at(invitation: InvitedUser) -> datetime:
    return invitation.created_at + INVITATION_LIFETIME


def open_invitations(session: Session, service: Service) -> list[InvitedUser]:
    """Invitations not yet accepted or cancelled (pending, or expired unanswered), by address."""
    return list(
        session.scalars(
            select(InvitedUser)
            .where(InvitedUser.service_id == service.id, InvitedUser.status == PENDING)
            .order_by(InvitedUser.email_address, InvitedUser.created_at)
        )
    )


def invite(
    session: Session,
    service: Service,
    from_user: User,
    email_address: str,
    ui_permissions: Iterable[str],
    *,
    auth_type: str = SMS_AUTH_TYPE,
    folder_ids: Iterable[uuid.UUID] | None = None,
) -> InvitedUser:
    _require_manager(session, service, from_user)
    email_address = users.check_email_address(email_address)
    if any(member.email_address.lower() == email_address.lower() for member in service.users):
        raise InvalidRequest({"email_address": [ALREADY_MEMBER]})
    database_permissions = _check_ui_permissions(ui_permissions)
    auth_type = check_auth_type(service, auth_type)
    folders = _check_folders(session, service, folder_ids)
    for earlier in open_invitations(session, service):
        if earlier.email_address.lower() == email_address.lower():
            earlier.status = CANCELLED
    invitation = InvitedUser(
        email_address=email_address,
        from_user_id=from_user.id,
        service_id=service.id,
        status=PENDING,
        permissions=",".join(sorted(database_permissions)),
        folder_permissions=[str(folder_id) for folder_id in folders],
        auth_type=auth_type,
    )
    session.add(invitation)
    session.flush()
    return invitation


def get_invitation(
    session: Session, service_id: uuid.UUID, invitation_id: uuid.UUID
) -> InvitedUser:
    """One of the service's invitations; another service's is not found."""
    invitation = session.get(InvitedUser, invitation_id)
    if invitation is None or invitation.service_id != service_id:
        raise NotFound("No such invitation")
    return invitation


def cancel(
    session: Session, service: Service, by_user: User, invitation_id: uuid.UUID
) -> InvitedUser:
    _require_manager(session, service, by_user)
    invitation = get_invitation(session, service.id, invitation_id)
    if invitation.status != PENDING:
        raise InvitationUnavailable(invitation.status)
    invitation.status = CANCELLED
    session.flush()
    return invitation


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(runtime.settings().secret_key, salt=_SALT)


def token_for(invitation: InvitedUser) -> str:
    """The secret part of the link in the invitation email."""
    return _serializer().dumps(str(invitation.id))


def invitation_for_token(session: Session, token: str) -> InvitedUser:
    try:
        invitation_id = uuid.UUID(_serializer().loads(token))
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound("No such invitation") from error
    invitation = session.get(InvitedUser, invitation_id)
    if invitation is None:
        raise NotFound("No such invitation")
    return invitation


def check_open(invitation: InvitedUser) -> None:
    status = status_of(invitation)
    if status != PENDING:
        raise InvitationUnavailable(status)


def accept(session: Session, invitation: InvitedUser, user: User) -> Service:
    """`user` joins the service with the invited permissions and folders."""
    check_open(invitation)
    if user.email_address.lower() != invitation.email_address.lower():
        raise InvalidRequest(WRONG_ACCOUNT, 403)
    service = session.get(Service, invitation.service_id)
    if not service.active:
        raise InvitationUnavailable(CANCELLED)
    if user not in service.users:
        folders = {folder.id for folder in service_folders(session, service)}  # not deleted
        # Accepted at the same moment in another request: the same outcome.
        with suppress(team.AlreadyMember):
            team.add_user_to_service(
                session,
                service,
                user,
                [p for p in invitation.permissions.split(",") if p],
                [uuid.UUID(f) for f in invitation.folder_permissions if uuid.UUID(f) in folders],
            )
    invitation.status = ACCEPTED
    session.flush()
    return service


def register(
    session: Session,
    invitation: InvitedUser,
    *,
    name: str,
    mobile_number: str | None,
    password: str,
) -> User:
    """A new account for the invited address, active and in the service straight away (it still
    signs in with a security code before it can do anything)."""
    check_open(invitation)
    if users.find_user_by_email(session, invitation.email_address) is not None:
        raise InvalidRequest({"email_address": [ACCOUNT_EXISTS]})
    user = users.create_user(
        session,
        name=name,
        email_address=invitation.email_address,
        password=password,
        mobile_number=mobile_number or None,
        auth_type=invitation.auth_type,
        state=ACTIVE,
    )
    accept(session, invitation, user)
    return user


# Changing the team.


def _member(service: Service, user_id: uuid.UUID) -> User:
    member = next((u for u in service.users if u.id == user_id), None)
    if member is None:
        raise NotFound("No such team member")
    return member


def change_member(
    session: Session,
    service: Service,
    by_user: User,
    member_id: uuid.UUID,
    ui_permissions: Iterable[str],
    *,
    folder_ids: Iterable[uuid.UUID] | None = None,
    auth_type: str | None = None,
) -> User:
    """Replaces the member's permissions; and their folders, when the service sets folder
    permissions and `folder_ids` is given; and their sign-in method, when given."""
    _require_manager(session, service, by_user)
    member = _member(service, member_id)
    database_permissions = _check_ui_permissions(ui_permissions)
    if permissions.MANAGE_SERVICE not in permissions.to_ui(database_permissions):
        _check_keeps_a_manager(session, service, member.id)
    if auth_type is not None and auth_type != member.auth_type:
        users.update_user(session, member, {"auth_type": check_auth_type(service, auth_type)})
    session.execute(
        delete(Permission).where(
            Permission.service_id == service.id, Permission.user_id == member.id
        )
    )
    for permission in sorted(database_permissions):
        session.add(Permission(service_id=service.id, user_id=member.id, permission=permission))
    if EDIT_FOLDER_PERMISSIONS in service.permission_names and folder_ids is not None:
        _replace_folders(session, service, member, _check_folders(session, service, folder_ids))
    session.flush()
    return member


def _replace_folders(
    session: Session, service: Service, member: User, folders: list[uuid.UUID]
) -> None:
    session.execute(
        delete(UserFolderPermission).where(
            UserFolderPermission.service_id == service.id,
            UserFolderPermission.user_id == member.id,
        )
    )
    for folder_id in folders:
        session.add(
            UserFolderPermission(
                user_id=member.id, template_folder_id=folder_id, service_id=service.id
            )
        )


def remove_member(session: Session, service: Service, by_user: User, member_id: uuid.UUID) -> User:
    _require_manager(session, service, by_user)
    member = _member(service, member_id)
    _check_keeps_a_manager(session, service, member.id)
    team.remove_user_from_service(session, service, member.id)
    return member
