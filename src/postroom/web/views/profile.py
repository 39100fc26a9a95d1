"""Your account: your name, email address, mobile number and password; and a forgotten password,
reset from an emailed link."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for

from postroom.db import db
from postroom.domain import own_messages, password_resets, users
from postroom.domain.errors import InvalidRequest
from postroom.models import User
from postroom.web.access import public, signed_in
from postroom.web.form_errors import add_domain_errors
from postroom.web.links import emailed_link
from postroom.web.messages import send_to_user
from postroom.web.team_forms import (
    ChangeEmailForm,
    ChangeMobileForm,
    ChangeNameForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    NewPasswordForm,
)
from postroom.web.views.accounts import continue_to_security_code

blueprint = Blueprint("profile", __name__)


@blueprint.get("/user-profile")
@signed_in
def user_profile():
    return render_template("profile/user_profile.html", user=g.user)


def _done(message: str):
    db.session.commit()
    flash(message)
    return redirect(url_for("profile.user_profile"))


@blueprint.route("/user-profile/name", methods=["GET", "POST"])
@signed_in
def change_name():
    form = ChangeNameForm(data={"name": g.user.name})
    if form.validate_on_submit():
        users.update_user(db.session, g.user, {"name": form.name.data})
        return _done("Your name has been changed")
    return render_template(
        "profile/change.html", form=form, title="Change your name", inputs=[form.name]
    )


def _change_with_password(form, field: str, title: str, done: str):
    """A change of `field` that asks for the password first; a wrong one counts towards
    locking the account."""
    if form.validate_on_submit():
        try:
            password_resets.confirm_password(g.user, form.password.data)
        except password_resets.WrongPassword as error:
            db.session.commit()  # the failed attempt counts
            add_domain_errors(form, error, default_field="password")
        else:
            try:
                users.update_user(db.session, g.user, {field: form[field].data})
            except InvalidRequest as error:
                db.session.rollback()
                add_domain_errors(form, error, default_field=field)
            else:
                return _done(done)
    return render_template(
        "profile/change.html", form=form, title=title, inputs=[form[field], form.password]
    )


@blueprint.route("/user-profile/email", methods=["GET", "POST"])
@signed_in
def change_email():
    return _change_with_password(
        ChangeEmailForm(),
        "email_address",
        "Change your email address",
        "Your email address has been changed",
    )


@blueprint.route("/user-profile/mobile-number", methods=["GET", "POST"])
@signed_in
def change_mobile_number():
    return _change_with_password(
        ChangeMobileForm(),
        "mobile_number",
        "Change your mobile number",
        "Your mobile number has been changed",
    )


@blueprint.route("/user-profile/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            password_resets.change_password(
                db.session, g.user, form.current_password.data, form.new_password.data
            )
        except password_resets.WrongPassword as error:
            db.session.commit()  # the failed attempt counts
            add_domain_errors(form, error, default_field="current_password")
        except InvalidRequest as error:
            db.session.rollback()
            add_domain_errors(form, error, default_field="new_password")
        else:
            return _done("Your password has been changed")
    return render_template(
        "profile/change.html",
        form=form,
        title="Change your password",
        inputs=[form.current_password, form.new_password],
    )


# A forgotten password: public, since whoever forgot it cannot sign in.


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = users.find_user_by_email(db.session, form.email_address.data)
        if user is not None and user.state == "active":
            _send_reset_link(user)
        # The same answer whether or not there is an account, so that none is revealed.
        return redirect(url_for("profile.password_reset_sent"))
    return render_template("profile/forgot_password.html", form=form)


def _send_reset_link(user: User) -> None:
    url = emailed_link("profile.new_password", token=password_resets.token_for(user))
    send_to_user(
        own_messages.PASSWORD_RESET, user.email_address, {"user_name": user.name, "url": url}
    )


@blueprint.get("/forgot-password/check-your-email")
@public
def password_reset_sent():
    return render_template("profile/password_reset_sent.html")


@blueprint.route("/new-password/<token>", methods=["GET", "POST"])
@public
def new_password(token):
    try:
        user = password_resets.user_for_token(db.session, token)
    except password_resets.ResetLinkProblem as problem:
        return render_template("profile/reset_link_problem.html", message=problem.message), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            password_resets.reset_password(db.session, user, form.password.data)
        except InvalidRequest as error:
            db.session.rollback()
            add_domain_errors(form, error, default_field="password")
        else:
            db.session.commit()
            return continue_to_security_code(user, None)
    return render_template("profile/new_password.html", form=form, user=user)
