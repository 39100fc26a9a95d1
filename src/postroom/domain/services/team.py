"""Team membership: who belongs to a service, with which permissions and template folders."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary import permissions
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.infrastructure.unique_clashes import clash_raises
from postroom.models import Permission, Service, TemplateFolder, User, UserFolderPermission


def normalise_permissions(names: Iterable[str]) -> set[str]:
    """Database permissions for `names`, which may also use the web interface's five names
    (`send_messages` stands for the three send permissions, `manage_service` for two)."""
    result: set[str] = set()
    for name in names:
        if name in permissions.DATABASE_PERMISSIONS:
            result.add(name)
        elif name in permissions.UI_TO_DATABASE:
            result |= set(permissions.UI_TO_DATABASE[name])
        else:
            raise InvalidRequest({"permissions": [f"Unknown permission: {name}."]})
    return result


TEAM_TABLES = ("user_to_service", "permissions", "user_folder_permissions")


class AlreadyMember(InvalidRequest):
    def __init__(self, service: Service, user: User) -> None:
        super().__init__(f"User id: {user.id} already part of service id: {service.id}")


@dataclass
class TeamMember:
    user: User
    permissions: list[str] = field(default_factory=list)
    folder_ids: list[uuid.UUID] = field(default_factory=list)


def team_members(session: Session, service: Service) -> list[TeamMember]:
    """The service's users, by name, each with their permissions and template folders for it
    (two queries, however big the team)."""
    members = {
        user.id: TeamMember(user)
        for user in sorted(service.users, key=lambda u: (u.name, u.email_address))
    }
    granted: dict[uuid.UUID, list[str]] = defaultdict(list)
    for user_id, permission in session.execute(
        select(Permission.user_id, Permission.permission)
        .where(Permission.service_id == service.id)
        .order_by(Permission.permission)
    ):
        granted[user_id].append(permission)
    folders: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for user_id, folder_id in session.execute(
        select(UserFolderPermission.user_id, UserFolderPermission.template_folder_id).where(
            UserFolderPermission.service_id == service.id
        )
    ):
        folders[user_id].append(folder_id)
    for user_id, member in members.items():
        member.permissions = granted[user_id]
        member.folder_ids = folders[user_id]
    return list(members.values())


def add_user_to_service(
    session: Session,
    service: Service,
    user: User,
    database_permissions: Iterable[str],
    folder_ids: Iterable[uuid.UUID] = (),
) -> None:
    if user in service.users:
        raise AlreadyMember(service, user)
    folder_ids = list(folder_ids)
    owned = set(
        session.scalars(
            select(TemplateFolder.id).where(
                TemplateFolder.service_id == service.id, TemplateFolder.id.in_(folder_ids)
            )
        )
    )
    unknown = [str(f) for f in folder_ids if f not in owned]
    if unknown:
        raise InvalidRequest({"folder_permissions": [f"No template folder with id {unknown[0]}."]})
    # Added by another request since the check (an invitation accepted twice at once).
    with clash_raises(session, AlreadyMember(service, user), *TEAM_TABLES):
        service.users.append(user)
        for permission in sorted(set(database_permissions)):
            session.add(Permission(service_id=service.id, user_id=user.id, permission=permission))
        for folder_id in owned:
            session.add(
                UserFolderPermission(
                    user_id=user.id, template_folder_id=folder_id, service_id=service.id
                )
            )


def remove_user_from_service(session: Session, service: Service, user_id: uuid.UUID) -> None:
    member = next((u for u in service.users if u.id == user_id), None)
    if member is None:
        raise NotFound(f"User not found in service (user id {user_id})")
    if len(service.users) == 1:
        raise InvalidRequest("You cannot remove the only user for a service")
    service.users.remove(member)
    session.execute(
        delete(Permission).where(Permission.service_id == service.id, Permission.user_id == user_id)
    )
    session.execute(
        delete(UserFolderPermission).where(
            UserFolderPermission.service_id == service.id, UserFolderPermission.user_id == user_id
        )
    )
    session.flush()
