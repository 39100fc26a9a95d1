"""Your account: your name, email address (confirmed from a link sent to the new one), mobile
number and password; and a forgotten password, reset from an emailed link."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session, url_for

from postroom.db import db
from postroom.domain.accounts import email_changes, emailed_links, password_resets, users
from postroom.domain.sending import messages_to_users
from postroom.domain.vocabulary.users import (
    ACTIVE,
    AUTHENTICATOR_AUTH_TYPE,
    EMAIL_AUTH_TYPE,
    SMS_AUTH_TYPE,
)
from postroom.models import User
from postroom.web.access import public, signed_in
from postroom.web.form_saving import Saving
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


# How each way of signing in gets its security code.
CODES_COME = {
    SMS_AUTH_TYPE: "sent by text message",
    EMAIL_AUTH_TYPE: "sent by email",
    AUTHENTICATOR_AUTH_TYPE: "from your authenticator app",
}


@blueprint.get("/user-profile")
@signed_in
def user_profile():
    return render_template(
        "profile/user_profile.html",
        user=g.user,
        code_comes=CODES_COME[g.user.auth_type],
        uses_app=g.user.auth_type == AUTHENTICATOR_AUTH_TYPE,
    )


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


# A wrong password counts towards locking the account, even though nothing else is saved.
COUNTED = (password_resets.WrongPassword,)


def _password_confirmed(form) -> bool:
    """Whether the form's password is the user's; a wrong one counts towards locking the
    account."""
    with Saving(form, default_field="password", committed_refusals=COUNTED) as saving:
        password_resets.confirm_password(g.user, form.password.data)
    return saving.saved


# A new email address changes only once a link sent to it is opened, as GOV.UK Notify does, so
# that a mistyped or someone else's address never becomes the one the account signs in with.
_SENT_TO = "email_change_sent_to"


@blueprint.route("/user-profile/email", methods=["GET", "POST"])
@signed_in
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        with Saving(form, default_field="email_address") as checking:
            address = email_changes.new_address(db.session, g.user, form.email_address.data)
        # The password is checked even when the address is refused, so both errors show at once.
        if _password_confirmed(form) and checking.saved:
            url = emailed_link(
                "profile.confirm_email_change", token=email_changes.token_for(g.user, address)
            )
            send_to_user(
                messages_to_users.EMAIL_CHANGE,
                address,
                {"user_name": g.user.name, "email_address": address, "url": url},
            )
            session[_SENT_TO] = address  # for the next page, rather than in its URL
            return redirect(url_for("profile.email_change_sent"))
    return render_template(
        "profile/change.html",
        form=form,
        title="Change your email address",
        intro="We’ll send a link to your new email address. "
        "Your address changes when you open the link.",
        button="Continue",
        inputs=[form.email_address, form.password],
    )


@blueprint.get("/user-profile/email/check-your-email")
@signed_in
def email_change_sent():
    address = session.get(_SENT_TO)
    if address is None:
        return redirect(url_for("profile.change_email"))
    return render_template("profile/email_change_sent.html", address=address)


@blueprint.get("/user-profile/email/confirm/<token>")
@signed_in  # signed out, it sends them to sign in and then back here
def confirm_email_change(token):
    try:
        email_changes.confirm(db.session, g.user, token)
    except emailed_links.LinkProblem as problem:
        db.session.rollback()
        return _link_problem(problem, url_for("profile.change_email"))
    session.pop(_SENT_TO, None)
    return _done("Your email address has been changed")


def _link_problem(problem: emailed_links.LinkProblem, new_link_url: str):
    return render_template(
        "profile/link_problem.html", message=problem.message, new_link_url=new_link_url
    ), problem.status_code


@blueprint.route("/user-profile/mobile-number", methods=["GET", "POST"])
@signed_in
def change_mobile_number():
    form = ChangeMobileForm()
    if form.validate_on_submit() and _password_confirmed(form):
        with Saving(form, default_field="mobile_number") as saving:
            users.update_user(db.session, g.user, {"mobile_number": form.mobile_number.data})
        if saving.saved:
            return _done("Your mobile number has been changed")
    return render_template(
        "profile/change.html",
        form=form,
        title="Change your mobile number",
        inputs=[form.mobile_number, form.password],
    )


@blueprint.route("/user-profile/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with Saving(form, default_field="new_password", committed_refusals=COUNTED) as saving:
            password_resets.change_password(
                db.session, g.user, form.current_password.data, form.new_password.data
            )
        if saving.saved:
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
        if user is not None and user.state == ACTIVE:
            _send_reset_link(user)
        # The same answer whether or not there is an account, so that none is revealed.
        return redirect(url_for("profile.password_reset_sent"))
    return render_template("profile/forgot_password.html", form=form)


def _send_reset_link(user: User) -> None:
    url = emailed_link("profile.new_password", token=password_resets.token_for(user))
    send_to_user(
        messages_to_users.PASSWORD_RESET, user.email_address, {"user_name": user.name, "url": url}
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
    except emailed_links.LinkProblem as problem:
        return _link_problem(problem, url_for("profile.forgot_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        with Saving(form, default_field="password") as saving:
            password_resets.reset_password(db.session, user, form.password.data)
        if saving.saved:
            return continue_to_security_code(user, None)
    return render_template("profile/new_password.html", form=form, user=user)
