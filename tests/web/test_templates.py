"""The templates pages: listing, adding, previewing, editing (new versions), history, copying,
deleting; folders and who may see them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from postroom.clock import utcnow
from postroom.domain.activity import retention
from postroom.domain.services import retention_periods
from postroom.domain.services.team import add_user_to_service
from postroom.domain.templates import folders
from postroom.domain.vocabulary.notification_types import (
    DEFAULT_SERVICE_PERMISSIONS,
    EDIT_FOLDER_PERMISSIONS,
)
from postroom.models import EmailBranding, Service, Template, TemplateFolder
from tests.factories import create_notification, create_service, create_template, create_user
from tests.fixtures.letter_pdfs import text_of
from tests.web.conftest import PASSWORD


@pytest.fixture
def service(session, member):
    return create_service(
        session,
        user=member,
        name="Parking permits",
        permissions=[*DEFAULT_SERVICE_PERMISSIONS, EDIT_FOLDER_PERMISSIONS],
    )


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _url(service, rest: str = "") -> str:
    return f"/services/{service.id}/templates{rest}"


def _templates(session, service) -> list[Template]:
    session.expire_all()
    return list(
        session.scalars(
            select(Template).where(Template.service_id == service.id).order_by(Template.name)
        )
    )


def _folder(session, service, member, name, parent_id=None) -> TemplateFolder:
    folder = folders.create_folder(session, service, member, name, parent_id)
    session.commit()
    return folder


def test_the_templates_page_lists_folders_then_templates(team, session, service, member):
    create_template(session, service, name="Permit renewal")
    _folder(session, service, member, "Reminders")
    page = team.page(_url(service))
    assert page.index("Reminders") < page.index("Permit renewal")
    assert "Text message template" in page and "New template" in page and "New folder" in page


def test_an_empty_service_says_it_has_no_templates(team, service):
    assert "You have not added any templates yet." in team.page(_url(service))


def test_choosing_a_type_leads_to_that_types_form(team, service):
    page = team.page(_url(service, "/add"))
    assert "Email" in page and "Text message" in page and "Letter" in page
    response = team.post(_url(service, "/add"), {"template_type": "email"})
    assert response.status_code == 302 and response.location.endswith("/templates/add-email")
    page = team.post(_url(service, "/add"), {"template_type": "fax"}).get_data(as_text=True)
    assert "Select a type of template" in page and 'href="#template_type"' in page


def test_a_text_message_template_is_previewed_with_the_prefix_and_its_charge(
    team, session, service
):
    response = team.post(
        _url(service, "/add-sms"), {"name": "Reminder", "content": "Hello ((name)), renew now"}
    )
    [template] = _templates(session, service)
    assert response.status_code == 302
    assert response.location.endswith(_url(service, f"/{template.id}"))
    assert (template.name, template.template_type, template.version) == ("Reminder", "sms", 1)
    page = team.page(response.location)
    assert 'Parking permits: Hello <mark class="postroom-placeholder">((name))</mark>' in page
    assert "Will be charged as 1 text message." in page


def test_a_long_text_message_is_charged_as_several(team, session, service):
    template = create_template(session, service, content="a" * 200)
    assert "Will be charged as 2 text messages." in team.page(_url(service, f"/{template.id}"))
    counted = team.get(_url(service, "/count-sms-length?content=" + "é" * 40)).get_json()
    assert counted == {"sms_count": "Will be charged as 1 text message."}
    counted = team.get(_url(service, "/count-sms-length?content=" + "ŵ" * 70)).get_json()
    assert counted == {"sms_count": "Will be charged as 2 text messages."}


def test_an_email_template_needs_a_subject_and_a_name(team, session, service):
    page = team.post(_url(service, "/add-email"), {"content": "Hi"}).get_data(as_text=True)
    assert "Enter a subject line" in page and 'href="#subject"' in page
    assert "Enter a template name" in page and 'href="#name"' in page
    assert "<title>Error: " in page
    assert _templates(session, service) == []


def test_a_text_message_too_long_for_the_domain_is_a_form_error(team, session, service):
    page = team.post(_url(service, "/add-sms"), {"name": "Long", "content": "x" * 919}).get_data(
        as_text=True
    )
    assert "Content has a character count greater than the limit of 918" in page
    assert 'href="#content"' in page
    assert "Text messages cannot be longer than 918 characters. Your message is 919" in page
    assert _templates(session, service) == []


def test_an_email_preview_is_rendered_and_its_html_escaped(team, session, service):
    template = create_template(
        session,
        service,
        template_type="email",
        subject="Your ((thing))",
        content="# Renew\n\nDear ((name)), <script>alert(1)</script>",
    )
    page = team.page(_url(service, f"/{template.id}"))
    assert "Renew</h2>" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'Your <mark class="postroom-placeholder">((thing))</mark>' in page


def test_a_letter_is_previewed_as_its_pages_and_its_markup_printed_as_typed(team, service):
    response = team.post(
        _url(service, "/add-letter"),
        {"name": "Letter", "subject": "Your permit <b>", "content": "* one\n* two"},
    )
    page = team.page(response.location)
    assert 'data-preview="letter"' in page and "Letter template" in page
    assert f'src="{response.location}/page-1.png"' in page
    text = text_of(team.get(response.location + ".pdf").data)
    assert "Your permit <b>" in text and "one\ntwo" in text


def test_every_edit_is_a_new_version_and_old_ones_can_be_read(team, session, service, member):
    template = create_template(session, service, name="Reminder", content="First words")
    template_id = template.id
    page = team.page(_url(service, f"/{template_id}/edit"))
    assert "First words" in page and 'value="Reminder"' in page
    response = team.post(
        _url(service, f"/{template_id}/edit"), {"name": "Reminder", "content": "Second words"}
    )
    assert response.location.endswith(_url(service, f"/{template_id}"))
    [template] = _templates(session, service)
    assert (template.version, template.content) == (2, "Second words")
    versions = team.page(_url(service, f"/{template_id}/versions"))
    assert versions.index("Version 2") < versions.index("Version 1")
    assert "Ada Member" in versions
    old = team.page(_url(service, f"/{template_id}/versions/1"))
    assert "First words" in old and "Second words" not in old
    team.post(_url(service, f"/{template_id}/edit"), {"name": "Reminder", "content": ""})
    assert _templates(session, service)[0].version == 2  # refused: no new version


def test_a_copy_starts_as_the_original_named_copy_and_lands_in_its_folder(
    team, session, service, member
):
    folder = _folder(session, service, member, "Permits")
    original = create_template(session, service, name="Renewal", content="Renew ((name))")
    folders.move_to_folder(session, service, member, folder.id, template_ids=[original.id])
    session.commit()
    folder_id, original_id = folder.id, original.id
    page = team.page(_url(service, f"/{original_id}/copy"))
    assert 'value="Renewal (copy)"' in page and "Renew ((name))" in page
    response = team.post(
        _url(service, f"/{original_id}/copy"),
        {"name": "Renewal (copy)", "content": "Renew ((name))"},
    )
    assert response.status_code == 302
    listed = team.page(_url(service, f"/folders/{folder_id}"))
    assert "Renewal (copy)" in listed and "Renewal</a>" in listed
    assert len(_templates(session, service)) == 2


def test_deleting_a_template_asks_first_then_archives_it(team, session, service):
    template = create_template(session, service, name="Old notice")
    template_id = template.id
    page = team.page(_url(service, f"/{template_id}/delete"))
    assert "Are you sure you want to delete ‘Old notice’?" in page
    assert not _templates(session, service)[0].archived  # asking changed nothing
    response = team.post(_url(service, f"/{template_id}/delete"))
    assert response.status_code == 302 and response.location.endswith(_url(service))
    [template] = _templates(session, service)
    assert template.archived and template.version == 2
    listed = team.page(_url(service))
    assert "‘Old notice’ was deleted" in listed and "Old notice</a>" not in listed
    assert team.get(_url(service, f"/{template_id}/edit")).status_code == 404
    assert "This template was deleted" in team.page(_url(service, f"/{template_id}"))


LAST_USED = "This template was last used"


def _delete_page(team, service, template) -> str:
    return team.page(_url(service, f"/{template.id}/delete"))


def test_deleting_a_template_used_hours_ago_says_when(team, session, service):
    template = create_template(session, service, name="Permit reminder")
    create_notification(session, template, created_at=utcnow() - timedelta(days=9))
    create_notification(session, template, created_at=utcnow() - timedelta(hours=3, minutes=1))
    page = _delete_page(team, service, template)
    assert "This template was last used 3 hours ago." in page
    assert "Are you sure you want to delete ‘Permit reminder’?" in page


def test_deleting_a_template_used_days_ago_says_when_even_after_retention(team, session, service):
    # Kept 3 days, a message sent 5 days ago has moved to the history table: it still counts.
    retention_periods.add_retention(session, service.id, "sms", 3)
    template = create_template(session, service, name="Permit reminder")
    create_notification(session, template, created_at=utcnow() - timedelta(days=5, hours=1))
    assert retention.move_expired_notifications(session) == 1
    assert "This template was last used 5 days ago." in _delete_page(team, service, template)


def test_deleting_a_template_not_used_this_week_only_asks(team, session, service):
    unused = create_template(session, service, name="Never sent")
    old = create_template(session, service, name="Sent long ago")
    create_notification(session, old, created_at=utcnow() - timedelta(days=10))
    for template in (unused, old):
        page = _delete_page(team, service, template)
        assert f"Are you sure you want to delete ‘{template.name}’?" in page
        assert LAST_USED not in page


def test_another_services_messages_never_count_as_use(team, session, service):
    template = create_template(session, service, name="Permit reminder")
    elsewhere = create_service(session, name="Blue badges")
    # A row of another service naming this template (as a copied id would): not this service's.
    stray = create_notification(session, template, created_at=utcnow() - timedelta(hours=1))
    stray.service_id = elsewhere.id
    session.commit()
    assert LAST_USED not in _delete_page(team, service, template)


def test_folders_are_made_renamed_filled_and_deleted_only_when_empty(team, session, service):
    template = create_template(session, service, name="Renewal")
    template_id = template.id
    response = team.post(_url(service, "/add-folder"), {"name": "Permits"})
    folder_id = session.scalar(select(TemplateFolder.id).where(TemplateFolder.name == "Permits"))
    assert response.location.endswith(_url(service, f"/folders/{folder_id}"))
    team.post(_url(service, f"/folders/{folder_id}/rename"), {"name": "Parking"})

    move = _url(service, "/move")
    page = team.post(move, {"move_to": str(folder_id)}).get_data(as_text=True)
    assert "Select at least one template or folder" in page and 'href="#items"' in page
    response = team.post(move, {"items": f"template-{template_id}", "move_to": str(folder_id)})
    assert response.location.endswith(_url(service, f"/folders/{folder_id}"))
    page = team.page(response.location)
    assert '<h1 class="govuk-heading-l">Parking</h1>' in page and "Renewal" in page

    delete = _url(service, f"/folders/{folder_id}/delete")
    page = team.post(delete).get_data(as_text=True)
    assert "You must empty this folder before you can delete it" in page
    page = team.post(move, {"items": f"template-{template_id}", "move_to": "top"})
    assert "Select templates and folders from this page" in page.get_data(as_text=True)
    team.post(
        f"{move}?folder_id={folder_id}", {"items": f"template-{template_id}", "move_to": "top"}
    )
    response = team.post(delete)
    assert response.location.endswith(_url(service))
    assert "‘Parking’ was deleted" in team.page(_url(service))
    assert session.scalar(select(TemplateFolder.id)) is None


def test_a_folder_cannot_be_moved_into_itself(team, session, service, member):
    folder = _folder(session, service, member, "Permits")
    page = team.post(
        _url(service, "/move"), {"items": f"folder-{folder.id}", "move_to": str(folder.id)}
    ).get_data(as_text=True)
    assert "You cannot move a folder to itself" in page and 'href="#move_to"' in page


def test_a_new_template_goes_into_the_folder_it_was_added_from(team, session, service, member):
    folder = _folder(session, service, member, "Permits")
    folder_id = folder.id
    page = team.page(_url(service, f"/folders/{folder_id}"))
    assert f"/templates/add?folder_id={folder_id}" in page
    team.post(_url(service, f"/add-sms?folder_id={folder_id}"), {"name": "Inside", "content": "Hi"})
    [template] = _templates(session, service)
    assert template.folder.id == folder_id


@pytest.fixture
def colleague(session, service, member):
    """A team member who may only view, and who may see none of the service's folders."""
    folder = folders.create_folder(session, service, member, "Private")
    hidden = create_template(session, service, name="Hidden one")
    folders.move_to_folder(session, service, member, folder.id, template_ids=[hidden.id])
    create_template(session, service, name="Open one")
    user = create_user(session, name="Viewer", password=PASSWORD)
    add_user_to_service(session, service, user, ["view_activity"])
    session.commit()
    return user, folder.id, hidden.id


def test_a_member_sees_only_the_folders_they_may_see(web, session, service, colleague):
    user, folder_id, hidden_id = colleague
    web.sign_in(user)
    page = web.page(_url(service))
    assert "Open one" in page and "Private" not in page
    assert web.get(_url(service, f"/folders/{folder_id}")).status_code == 404
    assert web.get(_url(service, f"/{hidden_id}")).status_code == 404
    assert web.get(_url(service, f"/{hidden_id}/versions")).status_code == 404


def test_a_member_without_manage_templates_can_look_but_not_change(
    web, session, service, colleague
):
    user, _folder_id, _hidden_id = colleague
    open_one = session.scalar(select(Template.id).where(Template.name == "Open one"))
    web.sign_in(user)
    page = web.page(_url(service))
    assert "New template" not in page
    assert "Edit" not in web.page(_url(service, f"/{open_one}"))
    for path in ("/add", "/add-sms", "/add-folder", "/move", f"/{open_one}/edit"):
        assert web.get(_url(service, path)).status_code == 403, path
    assert web.get(_url(service, f"/{open_one}/delete")).status_code == 403


def test_another_services_templates_and_folders_are_not_found(team, session, service, member):
    other = create_service(session, user=create_user(session, name="Stranger"))
    theirs = create_template(session, other)
    folder = _folder(session, other, member, "Theirs")
    for path in (f"/{theirs.id}", f"/{theirs.id}/edit", f"/folders/{folder.id}"):
        assert team.get(_url(service, path)).status_code == 404, path
    assert team.get(_url(service, f"/add-sms?folder_id={folder.id}")).status_code == 404
    assert team.get(_url(service, "/add-sms?folder_id=not-a-uuid")).status_code == 404


def test_an_email_preview_carries_the_services_branding(team, session, service):
    branding = EmailBranding(name="Borough council", text="Borough council", colour="#005ea5")
    session.add(branding)
    session.flush()
    session.get(Service, service.id).email_branding_id = branding.id
    session.commit()
    template = create_template(session, service, template_type="email", content="Hello")
    page = team.page(_url(service, f"/{template.id}"))
    assert 'style="border-left: 10px solid #005ea5; padding-left: 10px;">Borough council' in page


def test_letter_templates_choose_their_postage(team, session, service):
    response = team.post(
        _url(service, "/add-letter"),
        {"name": "Permit", "subject": "Permit", "content": "Hello", "postage": "first"},
    )
    template_id = response.location.rsplit("/", 1)[-1]
    session.expire_all()
    template = session.get(Template, uuid.UUID(template_id))
    assert template.postage == "first"
    edit = f"{_url(service, '')}/{template_id}/edit"
    assert 'value="first" checked' in team.page(edit)
    team.post(
        edit, {"name": "Permit", "subject": "Permit", "content": "Hello", "postage": "economy"}
    )
    session.expire_all()
    assert session.get(Template, template.id).postage == "economy"
    page = team.post(
        edit, {"name": "Permit", "subject": "Permit", "content": "Hello", "postage": "pigeon"}
    ).get_data(as_text=True)
    assert "Choose the postage" in page
