"""Signing in (a password, then a security code by text message or email), and out."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from postroom.db import db
from postroom.domain.accounts import sign_in as sign_in_rules
from postroom.domain.accounts import verify_codes
from postroom.domain.sending import messages_to_users
from postroom.models import User
from postroom.web.access import public, signed_in
from postroom.web.forms import SignInForm, TwoFactorForm
from postroom.web.messages import send_to_user

blueprint = Blueprint("accounts", __name__)


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
        try:
            user = sign_in_rules.check_password(
                db.session, form.email_address.data, form.password.data
            )
        except sign_in_rules.SignInRefused as refused:
            db.session.commit()  # the failed attempt counts
            form.password.errors.append(refused.message)
        else:
            return continue_to_security_code(user, _safe_next(request.args.get("next")))
    return render_template("sign_in.html", form=form)


def _send_code(user: User) -> None:
    method = sign_in_rules.code_method(user)
    if method == sign_in_rules.APP:
        return
    code = verify_codes.create_code(db.session, user, method)
    if method == verify_codes.SMS:
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
        try:
            sign_in_rules.check_security_code(db.session, user, form.code.data)
        except sign_in_rules.SignInRefused as refused:
            db.session.commit()  # the failed attempt counts
            form.code.errors.append(refused.message)
        else:
            return _signed_in_as(user)
    return render_template("two_factor.html", form=form, method=sign_in_rules.code_method(user))


def _signed_in_as(user: User):
    target = session.get("next")
    session_id = sign_in_rules.start_session(user)
    db.session.commit()
    session.clear()  # a new session, so nothing from before signing in carries over
    session.permanent = True
    session["user_id"], session["session_id"] = str(user.id), str(session_id)
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
    sign_in_rules.end_sessions(g.user)
    db.session.commit()
    session.clear()
    return redirect(url_for("accounts.sign_in"))
