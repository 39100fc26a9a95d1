"""Template folders: making, renaming, emptying and deleting them, moving templates and folders
between them, and which folders a team member may see.

Folder permissions, as GOV.UK Notify has them: a folder made at the top level can be seen by the
whole team, one made inside another by whoever can see its parent. They only narrow what a member
sees when the service has the `edit_folder_permissions` permission; platform admins see every
folder. Templates outside any folder can be seen by everyone. A member who can see a folder but
not its parent sees it where its nearest visible ancestor is (or at the top level)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import EDIT_FOLDER_PERMISSIONS
from postroom.domain.vocabulary.users import ACTIVE
from postroom.models import Service, Template, TemplateFolder, User, UserFolderPermission
from postroom.models.templates import template_folder_map

NAME_MAX_LENGTH = 255


def _checked_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidRequest({"name": ["Enter a folder name"]})
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidRequest(
            {"name": [f"Folder name must be {NAME_MAX_LENGTH} characters or fewer"]}
        )
    return name


def all_folders(session: Session, service_id: uuid.UUID) -> list[TemplateFolder]:
    return list(
        session.scalars(select(TemplateFolder).where(TemplateFolder.service_id == service_id))
    )


def get_folder(session: Session, service_id: uuid.UUID, folder_id: uuid.UUID) -> TemplateFolder:
    folder = session.get(TemplateFolder, folder_id)
    if folder is None or folder.service_id != service_id:
        raise NotFound()
    return folder


def permissions_apply(service: Service, user: User) -> bool:
    """Whether the member's folder permissions narrow what they see of this service."""
    return not user.platform_admin and EDIT_FOLDER_PERMISSIONS in service.permission_names


def visible_folder_ids(session: Session, service: Service, user: User) -> set[uuid.UUID] | None:
    """The folders `user` may see, or None when they may see every folder."""
    if not permissions_apply(service, user):
        return None
    return set(
        session.scalars(
            select(UserFolderPermission.template_folder_id).where(
                UserFolderPermission.service_id == service.id,
                UserFolderPermission.user_id == user.id,
            )
        )
    )


class FolderTree:
    """A service's folders as one member sees them."""

    def __init__(self, folders: list[TemplateFolder], visible: set[uuid.UUID] | None) -> None:
        self.by_id = {f.id: f for f in folders}
        self.visible = set(self.by_id) if visible is None else visible & set(self.by_id)

    def can_see(self, folder_id: uuid.UUID | None) -> bool:
        return folder_id is None or folder_id in self.visible

    def ancestors(self, folder_id: uuid.UUID | None) -> list[TemplateFolder]:
        """Every folder above `folder_id`, nearest first."""
        found: list[TemplateFolder] = []
        parent_id = self.by_id[folder_id].parent_id if folder_id else None
        while parent_id is not None and parent_id in self.by_id:
            found.append(self.by_id[parent_id])
            parent_id = self.by_id[parent_id].parent_id
        return found

    def shown_parent(self, folder_id: uuid.UUID) -> uuid.UUID | None:
        """Where the member sees the folder: in its nearest ancestor they can see."""
        return next((a.id for a in self.ancestors(folder_id) if a.id in self.visible), None)

    def path(self, folder_id: uuid.UUID | None) -> list[TemplateFolder]:
        """The folders the member passes through to reach `folder_id`, top first."""
        return [a for a in reversed(self.ancestors(folder_id)) if a.id in self.visible]

    def children(self, folder_id: uuid.UUID | None) -> list[TemplateFolder]:
        shown = [self.by_id[i] for i in self.visible if self.shown_parent(i) == folder_id]
        return sorted(shown, key=lambda f: (f.name.lower(), f.name))

    def label(self, folder: TemplateFolder) -> str:
        """`Parent / Child` as the member sees the way to it."""
        return " / ".join(f.name for f in [*self.path(folder.id), folder])

    def choices(self) -> list[TemplateFolder]:
        """Every folder the member can see, in the order of their labels."""
        return sorted((self.by_id[i] for i in self.visible), key=lambda f: self.label(f).lower())

    def is_inside(self, folder_id: uuid.UUID, other_id: uuid.UUID) -> bool:
        """Whether `folder_id` is `other_id` or somewhere below it."""
        return folder_id == other_id or any(a.id == other_id for a in self.ancestors(folder_id))


def folder_tree(session: Session, service: Service, user: User) -> FolderTree:
    return FolderTree(all_folders(session, service.id), visible_folder_ids(session, service, user))


def folder_of(session: Session, template: Template) -> uuid.UUID | None:
    return session.scalar(
        select(template_folder_map.c.template_folder_id).where(
            template_folder_map.c.template_id == template.id
        )
    )


def templates_in(
    session: Session, service_id: uuid.UUID, folder_id: uuid.UUID | None
) -> list[Template]:
    """The service's templates (not deleted or hidden) directly in the folder, or in none, by
    name."""
    in_a_folder = select(template_folder_map.c.template_id)
    query = select(Template).where(
        Template.service_id == service_id,
        Template.archived.is_(False),
        Template.hidden.is_(False),
    )
    if folder_id is None:
        query = query.where(Template.id.not_in(in_a_folder))
    else:
        query = query.where(
            Template.id.in_(
                in_a_folder.where(template_folder_map.c.template_folder_id == folder_id)
            )
        )
    return sorted(session.scalars(query), key=lambda t: (t.name.lower(), t.name))


@dataclass
class FolderContents:
    folder: TemplateFolder | None
    path: list[TemplateFolder] = field(default_factory=list)  # above `folder`, top first
    folders: list[TemplateFolder] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)


def folder_contents(
    session: Session, service: Service, user: User, folder_id: uuid.UUID | None = None
) -> FolderContents:
    """What the member sees in a folder (or at the top level); NotFound for a folder that is
    not the service's or that they may not see."""
    tree = folder_tree(session, service, user)
    folder = get_folder(session, service.id, folder_id) if folder_id else None
    if not tree.can_see(folder_id):
        raise NotFound()
    return FolderContents(
        folder=folder,
        path=tree.path(folder_id),
        folders=tree.children(folder_id),
        templates=templates_in(session, service.id, folder_id),
    )


def check_can_see_template(
    session: Session, service: Service, user: User, template: Template
) -> None:
    """NotFound when the template is in a folder the member may not see."""
    if not permissions_apply(service, user):
        return
    folder_id = folder_of(session, template)
    if folder_id is not None and folder_id not in visible_folder_ids(session, service, user):
        raise NotFound()


def _visible_folder(
    session: Session, service: Service, tree: FolderTree, folder_id: uuid.UUID | None
) -> TemplateFolder | None:
    if folder_id is None:
        return None
    folder = get_folder(session, service.id, folder_id)
    if not tree.can_see(folder.id):
        raise NotFound()
    return folder


def create_folder(
    session: Session,
    service: Service,
    user: User,
    name: str,
    parent_id: uuid.UUID | None = None,
) -> TemplateFolder:
    """Everyone who can see the parent (the whole team, at the top level) can see the folder."""
    parent = _visible_folder(session, service, folder_tree(session, service, user), parent_id)
    folder = TemplateFolder(
        service_id=service.id, name=_checked_name(name), parent_id=parent.id if parent else None
    )
    session.add(folder)
    session.flush()
    if parent is None:
        user_ids = [u.id for u in service.users if u.state == ACTIVE]
    else:
        user_ids = list(
            session.scalars(
                select(UserFolderPermission.user_id).where(
                    UserFolderPermission.template_folder_id == parent.id
                )
            )
        )
    for user_id in user_ids:
        session.add(
            UserFolderPermission(
                user_id=user_id, template_folder_id=folder.id, service_id=service.id
            )
        )
    session.flush()
    return folder


def rename_folder(session: Session, folder: TemplateFolder, name: str) -> TemplateFolder:
    folder.name = _checked_name(name)
    session.flush()
    return folder


def delete_folder(session: Session, folder: TemplateFolder) -> None:
    """Only an empty folder: no folders inside it, and no templates but deleted ones (which
    leave it)."""
    has_subfolders = session.scalar(
        select(TemplateFolder.id).where(TemplateFolder.parent_id == folder.id).limit(1)
    )
    if has_subfolders is not None or templates_in(session, folder.service_id, folder.id):
        raise InvalidRequest("You must empty this folder before you can delete it")
    session.execute(
        delete(template_folder_map).where(template_folder_map.c.template_folder_id == folder.id)
    )
    session.execute(
        delete(UserFolderPermission).where(UserFolderPermission.template_folder_id == folder.id)
    )
    session.delete(folder)
    session.flush()


def move_to_folder(
    session: Session,
    service: Service,
    user: User,
    target_id: uuid.UUID | None,
    *,
    template_ids: list[uuid.UUID] = (),
    folder_ids: list[uuid.UUID] = (),
) -> None:
    """Move templates and folders the member can see into `target_id` (None: the top level)."""
    if not template_ids and not folder_ids:
        raise InvalidRequest({"items": ["Select at least one template or folder"]})
    tree = folder_tree(session, service, user)
    target = _visible_folder(session, service, tree, target_id)
    folders = [_visible_folder(session, service, tree, f) for f in folder_ids]
    for folder in folders:
        if target is not None and folder.id == target.id:
            raise InvalidRequest({"move_to": ["You cannot move a folder to itself"]})
        if target is not None and tree.is_inside(target.id, folder.id):
            raise InvalidRequest({"move_to": ["You cannot move a folder to one of its subfolders"]})
    templates = []
    for template_id in template_ids:
        template = session.get(Template, template_id)
        if template is None or template.service_id != service.id or template.archived:
            raise InvalidRequest({"items": [f"No template with id {template_id}"]})
        if not tree.can_see(folder_of(session, template)):
            raise NotFound()
        templates.append(template)
    for folder in folders:
        folder.parent_id = target.id if target else None
    for template in templates:
        template.folder = target
    session.flush()
