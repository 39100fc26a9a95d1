"""Admin API: users."""

from __future__ import annotations

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.api.schemas import users as schemas
from postroom.api.serialise import ident
from postroom.db import db
from postroom.domain.accounts import users as users_domain
from postroom.domain.vocabulary.dates import iso
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.users import SMS_AUTH_TYPE
from postroom.models import User

blueprint = Blueprint("users", __name__)


def serialise_user(user: User) -> dict:
    permissions = users_domain.service_permissions_of(db.session, user)
    return {
        "id": str(user.id),
        "name": user.name,
        "email_address": user.email_address,
        "mobile_number": user.mobile_number,
        "auth_type": user.auth_type,
        "state": user.state,
        "platform_admin": user.platform_admin,
        "logged_in_at": iso(user.logged_in_at),
        "password_changed_at": iso(user.password_changed_at),
        "failed_login_count": user.failed_login_count,
        "email_access_validated_at": iso(user.email_access_validated_at),
        "current_session_id": ident(user.current_session_id),
        # Notify's admin reads this to offer security keys; Postroom offers an authenticator app.
        "can_use_webauthn": False,
        "created_at": iso(user.created_at),
        "services": list(permissions),
        "organisations": [str(o.id) for o in user.organisations],
        "permissions": permissions,
    }


@blueprint.post("/user")
@endpoint("Create a user", body=schemas.CREATE_USER, responses={201: schemas.USER_RESPONSE})
def create_user(body):
    user = users_domain.create_user(
        db.session,
        name=body["name"],
        email_address=body["email_address"],
        password=body["password"],
        mobile_number=body.get("mobile_number"),
        auth_type=body.get("auth_type", SMS_AUTH_TYPE),
    )
    db.session.commit()
    return jsonify(data=serialise_user(user)), 201


@blueprint.get("/user/<uuid:user_id>")
@endpoint("Get a user", responses={200: schemas.USER_RESPONSE})
def get_user(user_id):
    return jsonify(data=serialise_user(users_domain.get_user(db.session, user_id)))


@blueprint.post("/user/<uuid:user_id>")
@endpoint(
    "Change a user's name, email address, mobile number or sign-in method",
    body=schemas.UPDATE_USER,
    responses={200: schemas.USER_RESPONSE},
)
def update_user(user_id, body):
    user = users_domain.get_user(db.session, user_id)
    changes = {k: v for k, v in body.items() if k != "updated_by"}
    users_domain.update_user(db.session, user, changes)
    db.session.commit()
    return jsonify(data=serialise_user(user))


@blueprint.post("/user/email")
@endpoint(
    "Find a user by email address",
    body=schemas.FIND_BY_EMAIL,
    responses={200: schemas.USER_RESPONSE},
)
def find_user_by_email(body):
    user = users_domain.find_user_by_email(db.session, body["email"])
    if user is None:
        raise NotFound("No user with this email address")
    return jsonify(data=serialise_user(user))
