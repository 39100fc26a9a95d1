"""Templates: which can be used to send, and by whom."""

from __future__ import annotations

import pytest

from postroom.domain.services.team import add_user_to_service
from postroom.domain.templates import folders, templates
from postroom.domain.vocabulary.errors import NotFound
from postroom.domain.vocabulary.notification_types import (
    DEFAULT_SERVICE_PERMISSIONS,
    EDIT_FOLDER_PERMISSIONS,
)
from tests.factories import create_service, create_template, create_user


def test_a_template_can_be_used_only_by_its_own_service_until_deleted(session):
    service, other = create_service(session), create_service(session)
    template = create_template(session, service)
    deleted = create_template(session, service, archived=True)
    assert templates.can_be_used(template, service.id)
    assert not templates.can_be_used(template, other.id)
    assert not templates.can_be_used(deleted, service.id)
    assert not templates.can_be_used(None, service.id)
    assert templates.usable_template(session, service, template.id) is template
    for service_, template_ in ((other, template), (service, deleted)):
        with pytest.raises(NotFound):
            templates.usable_template(session, service_, template_.id)


def test_a_team_member_uses_only_templates_in_folders_they_can_see(session):
    owner = create_user(session, name="Owner")
    service = create_service(
        session, user=owner, permissions=[*DEFAULT_SERVICE_PERMISSIONS, EDIT_FOLDER_PERMISSIONS]
    )
    private = folders.create_folder(session, service, owner, "Private")
    template = create_template(session, service)
    folders.move_to_folder(session, service, owner, private.id, template_ids=[template.id])
    outsider = create_user(session, name="Outsider")
    add_user_to_service(session, service, outsider, ["send_messages"], folder_ids=[])
    session.commit()
    assert templates.usable_template(session, service, template.id, owner) is template
    assert templates.usable_template(session, service, template.id) is template  # the API
    with pytest.raises(NotFound):
        templates.usable_template(session, service, template.id, outsider)
