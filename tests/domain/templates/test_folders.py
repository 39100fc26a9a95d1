"""Template folders: who sees which, making, renaming, deleting and moving things between them."""

from __future__ import annotations

import pytest

from postroom.domain.services.team import add_user_to_service
from postroom.domain.templates import folders
from postroom.domain.templates.templates import archive_template
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import (
    DEFAULT_SERVICE_PERMISSIONS,
    EDIT_FOLDER_PERMISSIONS,
)
from tests.factories import create_service, create_template, create_user


@pytest.fixture
def owner(session):
    return create_user(session, name="Owner")


def _service(session, owner, *, folder_permissions: bool = True):
    extra = [EDIT_FOLDER_PERMISSIONS] if folder_permissions else []
    return create_service(session, user=owner, permissions=[*DEFAULT_SERVICE_PERMISSIONS, *extra])


def _join(session, service, folder_ids=()):
    """A second team member who may see only `folder_ids`."""
    user = create_user(session, name="Colleague")
    add_user_to_service(session, service, user, ["view_activity"], folder_ids)
    return user


def _names(items) -> list[str]:
    return [item.name for item in items]


def test_a_top_level_folder_can_be_seen_by_the_whole_team(session, owner):
    service = _service(session, owner)
    colleague = _join(session, service)
    folders.create_folder(session, service, owner, "  Reminders  ")
    for member in (owner, colleague):
        assert _names(folders.folder_contents(session, service, member).folders) == ["Reminders"]


def test_a_subfolder_can_be_seen_by_whoever_can_see_its_parent(session, owner):
    service = _service(session, owner)
    parent = folders.create_folder(session, service, owner, "Parent")
    insider = _join(session, service, [parent.id])
    outsider = _join(session, service)
    child = folders.create_folder(session, service, owner, "Child", parent.id)
    assert _names(folders.folder_contents(session, service, insider, parent.id).folders) == [
        "Child"
    ]
    assert folders.folder_contents(session, service, outsider).folders == []
    with pytest.raises(NotFound):
        folders.folder_contents(session, service, outsider, child.id)


def test_folder_permissions_narrow_what_is_seen_only_when_the_service_has_them(session, owner):
    service = _service(session, owner, folder_permissions=False)
    folders.create_folder(session, service, owner, "Everyone's")
    newcomer = _join(session, service)  # joined after the folder was made: no permission for it
    assert _names(folders.folder_contents(session, service, newcomer).folders) == ["Everyone's"]

    narrowed = _service(session, owner)
    folders.create_folder(session, narrowed, owner, "Private")
    latecomer = _join(session, narrowed)
    assert folders.folder_contents(session, narrowed, latecomer).folders == []
    admin = create_user(session, name="Admin", platform_admin=True)
    assert _names(folders.folder_contents(session, narrowed, admin).folders) == ["Private"]


def test_a_folder_under_one_you_cannot_see_shows_where_its_nearest_visible_ancestor_is(
    session, owner
):
    service = _service(session, owner)
    top = folders.create_folder(session, service, owner, "Top")
    middle = folders.create_folder(session, service, owner, "Middle", top.id)
    bottom = folders.create_folder(session, service, owner, "Bottom", middle.id)
    member = _join(session, service, [top.id, bottom.id])
    assert _names(folders.folder_contents(session, service, member, top.id).folders) == ["Bottom"]
    contents = folders.folder_contents(session, service, member, bottom.id)
    assert _names(contents.path) == ["Top"]
    assert folders.folder_tree(session, service, member).label(bottom) == "Top / Bottom"


def test_templates_in_hidden_folders_are_not_found_but_top_level_ones_are_seen(session, owner):
    service = _service(session, owner)
    secret = folders.create_folder(session, service, owner, "Secret")
    hidden = create_template(session, service, name="Hidden")
    shown = create_template(session, service, name="Shown")
    folders.move_to_folder(session, service, owner, secret.id, template_ids=[hidden.id])
    member = _join(session, service)
    assert _names(folders.folder_contents(session, service, member).templates) == ["Shown"]
    folders.check_can_see_template(session, service, member, shown)
    with pytest.raises(NotFound):
        folders.check_can_see_template(session, service, member, hidden)
    folders.check_can_see_template(session, service, owner, hidden)


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "Enter a folder name"), ("x" * 256, "Folder name must be 255 characters or fewer")],
)
def test_a_folder_needs_a_name(session, owner, name, message):
    service = _service(session, owner)
    with pytest.raises(InvalidRequest) as error:
        folders.create_folder(session, service, owner, name)
    assert error.value.message == {"name": [message]}
    folder = folders.create_folder(session, service, owner, "Old")
    with pytest.raises(InvalidRequest):
        folders.rename_folder(session, folder, name)
    assert folders.rename_folder(session, folder, " New ").name == "New"


def test_a_folder_cannot_be_made_inside_another_services_folder(session, owner):
    service, other = _service(session, owner), _service(session, owner)
    theirs = folders.create_folder(session, other, owner, "Theirs")
    with pytest.raises(NotFound):
        folders.create_folder(session, service, owner, "Mine", theirs.id)


def test_only_an_empty_folder_can_be_deleted(session, owner):
    service = _service(session, owner)
    parent = folders.create_folder(session, service, owner, "Parent")
    child = folders.create_folder(session, service, owner, "Child", parent.id)
    template = create_template(session, service)
    folders.move_to_folder(session, service, owner, child.id, template_ids=[template.id])
    for full in (parent, child):
        with pytest.raises(InvalidRequest, match="You must empty this folder"):
            folders.delete_folder(session, full)
    archive_template(session, service, template, owner.id)  # a deleted template leaves it
    assert template.archived and template.folder is None and template.version == 2
    folders.delete_folder(session, child)
    folders.delete_folder(session, parent)
    assert folders.all_folders(session, service.id) == []


def test_moving_templates_and_folders_into_a_folder_and_back_out(session, owner):
    service = _service(session, owner)
    target = folders.create_folder(session, service, owner, "Target")
    moving = folders.create_folder(session, service, owner, "Moving")
    template = create_template(session, service, name="Letter", template_type="letter")
    folders.move_to_folder(
        session, service, owner, target.id, template_ids=[template.id], folder_ids=[moving.id]
    )
    contents = folders.folder_contents(session, service, owner, target.id)
    assert (_names(contents.folders), _names(contents.templates)) == (["Moving"], ["Letter"])
    assert template.version == 1  # moving is not a change to the template
    folders.move_to_folder(session, service, owner, None, template_ids=[template.id])
    assert _names(folders.folder_contents(session, service, owner).templates) == ["Letter"]


def test_a_folder_cannot_move_into_itself_or_below_itself(session, owner):
    service = _service(session, owner)
    parent = folders.create_folder(session, service, owner, "Parent")
    child = folders.create_folder(session, service, owner, "Child", parent.id)
    with pytest.raises(InvalidRequest) as itself:
        folders.move_to_folder(session, service, owner, parent.id, folder_ids=[parent.id])
    assert itself.value.message == {"move_to": ["You cannot move a folder to itself"]}
    with pytest.raises(InvalidRequest) as below:
        folders.move_to_folder(session, service, owner, child.id, folder_ids=[parent.id])
    assert below.value.message == {"move_to": ["You cannot move a folder to one of its subfolders"]}


def test_moving_needs_something_of_this_service_to_move(session, owner):
    service, other = _service(session, owner), _service(session, owner)
    theirs = create_template(session, other)
    with pytest.raises(InvalidRequest) as nothing:
        folders.move_to_folder(session, service, owner, None)
    assert nothing.value.message == {"items": ["Select at least one template or folder"]}
    with pytest.raises(InvalidRequest):
        folders.move_to_folder(session, service, owner, None, template_ids=[theirs.id])


def test_a_member_cannot_move_things_into_a_folder_they_cannot_see(session, owner):
    service = _service(session, owner)
    secret = folders.create_folder(session, service, owner, "Secret")
    member = _join(session, service)
    template = create_template(session, service)
    with pytest.raises(NotFound):
        folders.move_to_folder(session, service, member, secret.id, template_ids=[template.id])
