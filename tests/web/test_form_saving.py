"""Saving a form: committed when the domain agrees, rolled back and shown when it refuses."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from wtforms import StringField

from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import User
from postroom.web.form_saving import Saving
from tests.factories import create_user


class NameForm(FlaskForm):
    name = StringField("Name")
    email = StringField("Email")


@pytest.fixture
def form(web_app):
    with web_app.test_request_context(method="POST"):
        yield NameForm(meta={"csrf": False})


def _name(session, user_id) -> str:
    session.expire_all()
    return session.get(User, user_id).name


def test_what_the_domain_agrees_to_is_committed(session, form):
    user = create_user(session, name="Before")
    with Saving(form, default_field="name") as saving:
        user.name = "After"
    assert saving.saved and _name(session, user.id) == "After"


def test_a_refusal_is_rolled_back_and_each_message_shown_beside_its_field(session, form):
    user = create_user(session, name="Before")
    session.commit()
    with Saving(form, default_field="name") as saving:
        user.name = "Half done"
        session.flush()
        raise InvalidRequest({"email": ["Not a valid email address."], "other": ["Elsewhere."]})
    assert not saving.saved
    assert _name(session, user.id) == "Before"
    assert form.email.errors == ["Not a valid email address."]
    assert form.name.errors == ["Elsewhere."]  # a field the form does not have: the default


def test_anything_but_a_refusal_is_a_fault_not_a_form_error(session, form):
    with pytest.raises(KeyError), Saving(form, default_field="name"):
        raise KeyError("bug")
    assert not form.name.errors
