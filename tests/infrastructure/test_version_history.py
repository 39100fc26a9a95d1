"""Versions: each change saved is a new version, even two saved at the same moment."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from postroom.db import db
from postroom.infrastructure.version_history import save_version
from postroom.models import Template, TemplateHistory
from tests.factories import create_template


def test_two_changes_made_from_the_same_version_make_two_versions(session, service):
    template_id = create_template(session, service, name="Reminder", content="Hello").id
    with Session(db.engine) as first, Session(db.engine) as second:
        # Two people open version 1, and each saves a change.
        mine, theirs = first.get(Template, template_id), second.get(Template, template_id)
        mine.name = "Renewal reminder"
        save_version(first, mine)
        first.commit()
        theirs.content = "Hello again"
        save_version(second, theirs)
        second.commit()
    history = session.scalars(
        select(TemplateHistory)
        .where(TemplateHistory.id == template_id)
        .order_by(TemplateHistory.version)
    ).all()
    assert [h.version for h in history] == [1, 2, 3]
    # The last version is the template as it now is, with both changes.
    assert (history[-1].name, history[-1].content) == ("Renewal reminder", "Hello again")
    session.expire_all()
    assert session.get(Template, template_id).version == 3
