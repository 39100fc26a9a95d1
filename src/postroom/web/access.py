"""Who is asking, and what they may see. Every view says who may open it with one of these
decorators; a test walks the URL map and fails on a view that says nothing.

A member of a service sees its pages only with the permission each page names; anyone else gets
404, so that a service's existence is not revealed. Platform admins may open every service."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select

from postroom.db import db
from postroom.domain.accounts import sign_in
from postroom.domain.vocabulary import permissions
from postroom.models import Permission, Service, User
from postroom.models.users import user_to_service

PUBLIC, SIGNED_IN, PLATFORM_ADMIN, SERVICE = "public", "signed in", "platform admin", "service"


def load_user() -> None:
    """Sets `g.user` from the session: the user it names, if that is still their session."""
    g.user = None
    user_id, session_id = session.get("user_id"), session.get("session_id")
    if not user_id or not session_id:
        return
    user = db.session.get(User, uuid.UUID(user_id))
    if not sign_in.is_current_session(user, session_id):
        session.clear()  # signed out elsewhere, or the account was switched off
        return
    g.user = user


def _declare(view: Callable, access: str, permission: str | None = None) -> Callable:
    view.access = access
    view.permission = permission
    return view


def public(view: Callable) -> Callable:
    return _declare(view, PUBLIC)


def signed_in(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if g.user is None:
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return _declare(wrapper, SIGNED_IN)


def platform_admin(view: Callable) -> Callable:
    @signed_in
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not g.user.platform_admin:
            abort(403)
        return view(*args, **kwargs)

    return _declare(wrapper, PLATFORM_ADMIN)


def held_permissions(user: User, service_id: uuid.UUID) -> set[str]:
    """The interface permissions `user` holds on the service."""
    held = db.session.scalars(
        select(Permission.permission).where(
            Permission.user_id == user.id, Permission.service_id == service_id
        )
    ).all()
    return permissions.to_ui(held)


def _is_member(user_id: uuid.UUID, service_id: uuid.UUID) -> bool:
    """One indexed look-up, rather than loading the whole team on every page."""
    found = db.session.scalar(
        select(user_to_service.c.user_id).where(
            user_to_service.c.user_id == user_id, user_to_service.c.service_id == service_id
        )
    )
    return found is not None


def permissions_on(user: User, service: Service) -> set[str] | None:
    """What `user` may do on `service`: every permission for a platform admin, the ones they
    hold for a team member (perhaps none), and None for anyone else."""
    if user.platform_admin:
        return set(permissions.UI_PERMISSIONS)
    if not _is_member(user.id, service.id):
        return None
    return held_permissions(user, service.id)


def service_page(
    permission: str | None = None,
    *,
    platform_admins_only: bool = False,
    otherwise: str | None = None,
) -> Callable:
    """A page of the service in the URL (`service_id`): for its team members, holding
    `permission` (one of the interface's five) when one is named, or for platform admins only
    (pages of settings a service cannot change for itself: limits, billing, branding). A member
    without the permission is sent to the page `otherwise` names, if any, instead of a 403."""
    if permission is not None and permission not in permissions.UI_PERMISSIONS:
        raise ValueError(f"{permission!r} is not one of the web interface's permissions")

    def decorate(view: Callable) -> Callable:
        @signed_in
        @functools.wraps(view)
        def wrapper(*args, service_id: uuid.UUID, **kwargs):
            service = db.session.get(Service, service_id)
            held = None if service is None else permissions_on(g.user, service)
            if held is None:
                abort(404)
            g.service = service
            g.permissions = held
            if permission is not None and permission not in g.permissions:
                if otherwise is not None:
                    return redirect(url_for(otherwise, service_id=service_id))
                abort(403)
            if platform_admins_only and not g.user.platform_admin:
                abort(403)
            return view(*args, service_id=service_id, **kwargs)

        wrapper.platform_admins_only = platform_admins_only
        return _declare(wrapper, SERVICE, permission)

    return decorate
