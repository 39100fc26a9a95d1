"""Signing in (a password, then a security code by text message or email), and out."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.accounts import authenticator, users, verify_codes
from postroom.domain.sending import messages_to_users
from postroom.domain.vocabulary.users import ACTIVE, AUTHENTICATOR_AUTH_TYPE, SMS_AUTH_TYPE
from postroom.models import User
from postroom.web.access import public, signed_in
from postroom.web.forms import SignInForm, TwoFactorForm
from postroom.web.messages import send_to_user

blueprint = Blueprint("accounts", __name__)

WRONG_DETAILS = "The email address or password you entered is incorrect."
LOCKED = (
    "Your account has been locked after too many attempts to sign in. "
    "Reset your password to unlock it."
)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never somewhere else (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    return target if not urlsplit(target).netloc else None


@blueprint.get("/")
@public
def index():
    if g.user is not None:
        return redirect(url_for("services.your_services"))
    return render_template("index.html")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if g.user is not None:
        return redirect(url_for("services.your_services"))
    form = SignInForm()
    if form.validate_on_submit():
        user = users.find_user_by_email(db.session, form.email_address.data)
        if user is not None and verify_codes.is_locked(user):
            form.password.errors.append(LOCKED)
        elif (
            user is None
            or user.state != ACTIVE
            or not users.check_password(user, form.password.data)
        ):
            if user is not None:
                verify_codes.record_failed_attempt(user)
                db.session.commit()
            form.password.errors.append(WRONG_DETAILS)
        else:
            return continue_to_security_code(user, _safe_next(request.args.get("next")))
    return render_template("sign_in.html", form=form)


APP = "app"  # the code comes from an authenticator app: nothing is sent


def _code_type(user: User) -> str:
    if user.auth_type == AUTHENTICATOR_AUTH_TYPE:
        return APP
    return verify_codes.SMS if user.auth_type == SMS_AUTH_TYPE else verify_codes.EMAIL


def _send_code(user: User) -> None:
    if _code_type(user) == APP:
        return
    code = verify_codes.create_code(db.session, user, _code_type(user))
    if _code_type(user) == verify_codes.SMS:
        send_to_user(messages_to_users.SIGN_IN_CODE_SMS, user.mobile_number, {"code": code})
    else:
        send_to_user(
            messages_to_users.SIGN_IN_CODE_EMAIL,
            user.email_address,
            {"code": code, "name": user.name},
        )


def continue_to_security_code(user: User, next_path: str | None):
    """The second step of signing in (also after registering or resetting a password): a code
    is sent, and once it is given the user is signed in and `next_path` opens."""
    _send_code(user)
    session.clear()
    session["pending_user_id"] = str(user.id)
    session["next"] = next_path
    return redirect(url_for("accounts.two_factor"))


def _pending_user() -> User | None:
    user_id = session.get("pending_user_id")
    return db.session.get(User, uuid.UUID(user_id)) if user_id else None


@blueprint.route("/two-factor", methods=["GET", "POST"])
@public
def two_factor():
    user = _pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        if verify_codes.is_locked(user):
            form.code.errors.append(LOCKED)
        else:
            problem = _check(user, form.code.data)
            if problem is None:
                return _signed_in_as(user)
            db.session.commit()
            form.code.errors.append(problem)
    return render_template("two_factor.html", form=form, method=_code_type(user))


def _check(user: User, code: str) -> str | None:
    if _code_type(user) != APP:
        return verify_codes.check_code(db.session, user, code, _code_type(user))
    if authenticator.check_code(db.session, user, code):
        user.failed_login_count = 0
        return None
    verify_codes.record_failed_attempt(user)
    return verify_codes.CODE_NOT_FOUND


def _signed_in_as(user: User):
    target = session.get("next")
    user.current_session_id = uuid.uuid4()
    user.logged_in_at = utcnow()
    db.session.commit()
    session.clear()  # a new session, so nothing from before signing in carries over
    session.permanent = True
    session["user_id"], session["session_id"] = str(user.id), str(user.current_session_id)
    return redirect(target or url_for("services.your_services"))


@blueprint.route("/two-factor/resend", methods=["POST"])
@public
def resend_code():
    user = _pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    _send_code(user)
    return redirect(url_for("accounts.two_factor"))


@blueprint.get("/sign-out")
@signed_in
def sign_out():
    g.user.current_session_id = None  # ends the session everywhere it was copied
    db.session.commit()
    session.clear()
    return redirect(url_for("accounts.sign_in"))
