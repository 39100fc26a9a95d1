"""Setting up an authenticator app as the second factor, from the user's profile."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session, url_for

from postroom.db import db
from postroom.domain.accounts import authenticator
from postroom.web.access import signed_in
from postroom.web.forms import TwoFactorForm

blueprint = Blueprint("authenticator_app", __name__)
PENDING = "pending_totp_secret"  # the secret being set up, until a code confirms it


@blueprint.route("/user-profile/authenticator-app", methods=["GET", "POST"])
@signed_in
def set_up():
    secret = session.get(PENDING) or authenticator.new_secret()
    session[PENDING] = secret
    form = TwoFactorForm()
    if form.validate_on_submit():
        if authenticator.switch_on(g.user, secret, form.code.data):
            db.session.commit()
            session.pop(PENDING, None)
            flash("You’ll now sign in with a code from your authenticator app")
            return redirect(url_for("services.your_services"))
        form.code.errors.append("Code not found")
    return render_template(
        "authenticator_app.html",
        form=form,
        secret=secret,
        uri=authenticator.provisioning_uri(g.user, secret),
    )
