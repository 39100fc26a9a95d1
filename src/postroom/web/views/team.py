"""Team members: the list, inviting someone (and cancelling an invitation), changing a member's
permissions, removing a member; and accepting an invitation, registering when needed."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from wtforms.fields.choices import SelectChoice

from postroom.db import db
from postroom.domain.accounts import users
from postroom.domain.sending import messages_to_users
from postroom.domain.services import invitations, team
from postroom.domain.vocabulary import permissions
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import EDIT_FOLDER_PERMISSIONS, EMAIL_AUTH
from postroom.domain.vocabulary.permissions import MANAGE_SERVICE
from postroom.domain.vocabulary.users import SMS_AUTH_TYPE
from postroom.models import InvitedUser, Service
from postroom.web.access import public, service_page
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm
from postroom.web.links import emailed_link
from postroom.web.messages import send_to_user
from postroom.web.team_forms import (
    PERMISSION_LABELS,
    InviteForm,
    PermissionsForm,
    RegisterFromInvitationForm,
)
from postroom.web.views.accounts import continue_to_security_code

blueprint = Blueprint("team", __name__)


@blueprint.get("/services/<uuid:service_id>/users")
@service_page()
def index(service_id):
    return render_template(
        "team/team_members.html",
        service=g.service,
        members=[
            (member, permissions.to_ui(member.permissions))
            for member in team.team_members(db.session, g.service)
        ],
        invitations=[
            (invite, invitations.status_of(invite) == invitations.PENDING)
            for invite in invitations.open_invitations(db.session, g.service)
        ],
        labels=PERMISSION_LABELS,
        may_manage=MANAGE_SERVICE in g.permissions,
    )


def _options(form: PermissionsForm, service: Service) -> dict:
    """Sets the folder choices; says which optional parts of the form the service shows."""
    folders = invitations.service_folders(db.session, service)
    form.folder_permissions.choices = [SelectChoice(str(f.id), f.name) for f in folders]
    return {
        "show_auth_type": EMAIL_AUTH in service.permission_names,
        "show_folders": bool(folders) and EDIT_FOLDER_PERMISSIONS in service.permission_names,
    }


def _folder_ids(form: PermissionsForm) -> list[uuid.UUID]:
    return [uuid.UUID(value) for value in form.folder_permissions.data or []]


@blueprint.route("/services/<uuid:service_id>/users/invite", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def invite_user(service_id):
    form = InviteForm()
    options = _options(form, g.service)
    if form.validate_on_submit():
        with Saving(form, default_field="email_address") as saving:
            invitation = invitations.invite(
                db.session,
                g.service,
                g.user,
                form.email_address.data,
                form.permissions.data or [],
                auth_type=form.auth_type.data or SMS_AUTH_TYPE,
                folder_ids=_folder_ids(form),
            )
        if saving.saved:
            _send_invitation(invitation)
            flash(f"Invite sent to {invitation.email_address}")
            return redirect(url_for("team.index", service_id=service_id))
    return render_template("team/invite.html", form=form, service=g.service, **options)


def _send_invitation(invitation: InvitedUser) -> None:
    url = emailed_link("team.accept_invitation", token=invitations.token_for(invitation))
    send_to_user(
        messages_to_users.INVITATION,
        invitation.email_address,
        {"user_name": g.user.name, "service_name": g.service.name, "url": url},
    )


def _confirm(question: str, explanation: str, button: str, act, done: str, then: str):
    """Asks first; on the confirming POST does `act`, which may refuse with a domain error."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            act()
        except InvalidRequest as error:
            db.session.rollback()
            return _problem(error)
        db.session.commit()
        flash(done)
        return redirect(then)
    return render_template(
        "team/confirm.html",
        service=g.service,
        question=question,
        explanation=explanation,
        button=button,
    )


def _problem(error: InvalidRequest):
    if error.status_code == 403:
        abort(403)
    message = error.message
    if isinstance(message, dict):
        message = next(iter(message.values()))[0]
    return render_template("team/problem.html", service=g.service, message=message), 400


@blueprint.route(
    "/services/<uuid:service_id>/invitations/<uuid:invited_user_id>/cancel",
    methods=["GET", "POST"],
)
@service_page(MANAGE_SERVICE)
def cancel_invitation(service_id, invited_user_id):
    try:
        invitation = invitations.get_invitation(db.session, service_id, invited_user_id)
    except NotFound:
        abort(404)
    return _confirm(
        f"Cancel the invitation to {invitation.email_address}?",
        "The link in the invitation email will stop working.",
        "Cancel invitation",
        lambda: invitations.cancel(db.session, g.service, g.user, invited_user_id),
        f"Invitation to {invitation.email_address} cancelled",
        url_for("team.index", service_id=service_id),
    )


def _team_member(member_id: uuid.UUID) -> team.TeamMember:
    for member in team.team_members(db.session, g.service):
        if member.user.id == member_id:
            return member
    abort(404)


@blueprint.route("/services/<uuid:service_id>/users/<uuid:user_id>", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def edit_member(service_id, user_id):
    member = _team_member(user_id)
    form = PermissionsForm()
    options = _options(form, g.service)
    if not form.is_submitted():
        form.permissions.data = sorted(permissions.to_ui(member.permissions))
        form.folder_permissions.data = [str(f) for f in member.folder_ids]
        form.auth_type.data = member.user.auth_type
    if form.validate_on_submit():
        with Saving(form, default_field="permissions") as saving:
            invitations.change_member(
                db.session,
                g.service,
                g.user,
                user_id,
                form.permissions.data or [],
                folder_ids=_folder_ids(form) if options["show_folders"] else None,
                auth_type=form.auth_type.data if options["show_auth_type"] else None,
            )
        if saving.saved:
            flash(f"Permissions for {member.user.name} updated")
            return redirect(url_for("team.index", service_id=service_id))
    return render_template(
        "team/edit_member.html", form=form, service=g.service, member=member, **options
    )


@blueprint.route("/services/<uuid:service_id>/users/<uuid:user_id>/remove", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def remove_member(service_id, user_id):
    name = _team_member(user_id).user.name
    leaving = user_id == g.user.id  # then the team is no longer theirs to see
    return _confirm(
        f"Remove {name} from the team?",
        f"{name} will no longer be able to use {g.service.name}.",
        "Remove",
        lambda: invitations.remove_member(db.session, g.service, g.user, user_id),
        f"{name} removed from the team",
        url_for("services.your_services")
        if leaving
        else url_for("team.index", service_id=service_id),
    )


# Accepting an invitation: public, because the person invited may have no account yet.


def _invitation(token: str) -> InvitedUser:
    try:
        return invitations.invitation_for_token(db.session, token)
    except NotFound:
        abort(404)


def _closed(invitation: InvitedUser, status: str):
    service = db.session.get(Service, invitation.service_id)
    if status == invitations.ACCEPTED:
        dashboard = url_for("dashboard.index", service_id=service.id)
        if g.user is not None:
            return redirect(dashboard)
        return redirect(url_for("accounts.sign_in", next=dashboard))
    return render_template("team/invitation_closed.html", status=status, service=service)


@blueprint.get("/invitation/<token>")
@public
def accept_invitation(token):
    invitation = _invitation(token)
    status = invitations.status_of(invitation)
    if status != invitations.PENDING:
        return _closed(invitation, status)
    if g.user is None:
        if users.find_user_by_email(db.session, invitation.email_address) is None:
            return redirect(url_for("team.register_from_invitation", token=token))
        return redirect(
            url_for("accounts.sign_in", next=url_for(".accept_invitation", token=token))
        )
    try:
        service = invitations.accept(db.session, invitation, g.user)
    except invitations.InvitationUnavailable as closed:  # the service has been archived
        db.session.rollback()
        return _closed(invitation, closed.status)
    except InvalidRequest:  # signed in as somebody else
        db.session.rollback()
        return render_template("team/wrong_account.html", invitation=invitation), 403
    db.session.commit()
    flash(f"You’ve joined {service.name}")
    return redirect(url_for("dashboard.index", service_id=service.id))


@blueprint.route("/invitation/<token>/register", methods=["GET", "POST"])
@public
def register_from_invitation(token):
    invitation = _invitation(token)
    if (
        invitations.status_of(invitation) != invitations.PENDING
        or g.user is not None
        or users.find_user_by_email(db.session, invitation.email_address) is not None
    ):
        return redirect(url_for("team.accept_invitation", token=token))
    form = RegisterFromInvitationForm()
    if form.validate_on_submit():
        with Saving(form, default_field="name") as saving:
            user = invitations.register(
                db.session,
                invitation,
                name=form.name.data,
                mobile_number=form.mobile_number.data,
                password=form.password.data,
            )
        if saving.saved:
            dashboard = url_for("dashboard.index", service_id=invitation.service_id)
            return continue_to_security_code(user, dashboard)
    service = db.session.get(Service, invitation.service_id)
    return render_template(
        "team/register.html",
        form=form,
        invitation=invitation,
        service=service,
        codes_by_text=invitation.auth_type == SMS_AUTH_TYPE,
    )
