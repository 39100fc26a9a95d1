"""Admin API: templates and versions."""

from __future__ import annotations

import uuid

import pytest

from postroom.models import ServiceLetterContact, TemplateFolder
from tests.factories import create_service, create_template


def _new(service, user, **overrides):
    return {
        "name": "Appointment reminder",
        "template_type": "sms",
        "content": "Your appointment is on ((date)).",
        "created_by": str(user.id),
        **overrides,
    }


def test_create_sms_template(admin_client, service, user):
    response = admin_client.post(f"/service/{service.id}/template", json=_new(service, user))
    assert response.status_code == 201
    data = response.get_json()["data"]
    assert (data["template_type"], data["version"], data["subject"]) == ("sms", 1, None)
    assert data["service"] == str(service.id)


def test_create_email_template_needs_a_subject(admin_client, service, user):
    response = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, template_type="email")
    )
    assert response.status_code == 400
    assert "subject" in response.get_json()["message"]


def test_create_letter_template_gets_second_class_by_default(admin_client, service, user):
    body = _new(service, user, template_type="letter", subject="Your licence")
    data = admin_client.post(f"/service/{service.id}/template", json=body).get_json()["data"]
    assert data["postage"] == "second"


def test_sms_template_cannot_have_a_subject(admin_client, service, user):
    response = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, subject="Hi")
    )
    assert response.status_code == 400


def test_sms_template_longer_than_918_characters_is_refused_whatever_its_prefix(
    admin_client, service, user
):
    assert service.prefix_sms
    content = "[" * 919  # characters as written: the GSM extension's two septets do not count
    response = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, content=content)
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {
        "content": ["Content has a character count greater than the limit of 918"]
    }
    shorter = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, content=content[:-1])
    )
    assert shorter.status_code == 201


def test_template_type_needs_the_service_permission(admin_client, session, user):
    service = create_service(session, user=user, permissions=["email"])
    response = admin_client.post(f"/service/{service.id}/template", json=_new(service, user))
    assert response.status_code == 400
    assert response.get_json()["message"] == {
        "template_type": ["Creating text message templates is not allowed"]
    }


def test_create_template_in_a_folder(admin_client, session, service, user):
    folder = TemplateFolder(service_id=service.id, name="Reminders")
    session.add(folder)
    session.commit()
    body = _new(service, user, parent_folder_id=str(folder.id))
    data = admin_client.post(f"/service/{service.id}/template", json=body).get_json()["data"]
    assert data["folder"] == str(folder.id)


def test_create_template_refuses_another_services_folder(admin_client, session, service, user):
    folder = TemplateFolder(service_id=create_service(session).id, name="Theirs")
    session.add(folder)
    session.commit()
    body = _new(service, user, parent_folder_id=str(folder.id))
    response = admin_client.post(f"/service/{service.id}/template", json=body)
    assert response.status_code == 400


def test_letter_template_with_a_contact_block(admin_client, session, service, user):
    contact = ServiceLetterContact(service_id=service.id, contact_block="Town Hall\nHigh Street")
    session.add(contact)
    session.commit()
    body = _new(service, user, template_type="letter", subject="S", reply_to=str(contact.id))
    data = admin_client.post(f"/service/{service.id}/template", json=body).get_json()["data"]
    assert data["reply_to"] == str(contact.id)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"template_type": "fax"}, "template_type"),
        ({"content": ""}, "content"),
        ({"name": None}, "name"),
        ({"postage": "pigeon"}, "postage"),
        ({"font": "Comic Sans"}, "font"),
    ],
)
def test_create_template_says_which_field_is_wrong(admin_client, service, user, change, field):
    response = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, **change)
    )
    assert response.status_code == 400
    assert field in response.get_json()["message"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"has_unsubscribe_link": True},
            "has_unsubscribe_link",
            "Only email templates can have an unsubscribe link.",
        ),
        (
            {"letter_languages": "english"},
            "letter_languages",
            "Only letter templates have a language.",
        ),
        (
            {"template_type": "letter", "subject": "S", "letter_languages": "welsh_then_english"},
            "letter_welsh_content",
            "A Welsh letter needs a Welsh subject and Welsh content.",
        ),
        (
            {"template_type": "letter", "subject": "S", "letter_welsh_content": "Corff"},
            "letter_welsh_content",
            "Only a Welsh letter has a Welsh subject and Welsh content.",
        ),
        (
            {"letter_languages": "cornish"},
            "letter_languages",
            "Must be one of: english, welsh_then_english.",
        ),
    ],
)
def test_create_template_refuses_notify_fields_that_do_not_fit(
    admin_client, service, user, change, field, message
):
    response = admin_client.post(
        f"/service/{service.id}/template", json=_new(service, user, **change)
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {field: [message]}


def test_a_service_that_is_not_an_id_is_refused(admin_client, service, user):
    body = {**_new(service, user), "service": "not-a-uuid"}
    response = admin_client.post(f"/service/{service.id}/template", json=body)
    assert response.status_code == 400
    assert response.get_json()["message"] == {"service": ["Not a valid uuid."]}


def test_update_refuses_ids_other_than_the_paths(admin_client, session, service, user):
    template = create_template(session, service)
    url = f"/service/{service.id}/template/{template.id}"
    for field in ("service", "id"):
        body = {field: str(uuid.uuid4()), "created_by": str(user.id)}
        response = admin_client.post(url, json=body)
        assert response.status_code == 400
        assert response.get_json()["message"] == {
            field: [f"Does not match the {field} id in the URL."]
        }
    same = {"service": str(service.id), "id": str(template.id), "created_by": str(user.id)}
    assert admin_client.post(url, json={**same, "name": "Renamed"}).status_code == 200


def test_update_keeps_a_welsh_letter_whole(admin_client, session, service, user):
    letter = create_template(session, service, template_type="letter")
    url = f"/service/{service.id}/template/{letter.id}"
    half = {"letter_languages": "welsh_then_english", "letter_welsh_subject": "Pennawd"}
    response = admin_client.post(url, json={**half, "created_by": str(user.id)})
    assert response.status_code == 400
    assert list(response.get_json()["message"]) == ["letter_welsh_content"]


def test_create_template_for_unknown_service_or_user_is_404(admin_client, service, user):
    assert (
        admin_client.post(f"/service/{uuid.uuid4()}/template", json=_new(service, user)).status_code
        == 404
    )
    body = _new(service, user, created_by=str(uuid.uuid4()))
    assert admin_client.post(f"/service/{service.id}/template", json=body).status_code == 404


def test_archived_service_cannot_get_templates(admin_client, service, user):
    admin_client.post(f"/service/{service.id}/archive")
    response = admin_client.post(f"/service/{service.id}/template", json=_new(service, user))
    assert response.status_code == 400


def test_get_and_list_templates(admin_client, session, service):
    template = create_template(session, service)
    create_template(session, service, archived=True)
    got = admin_client.get(f"/service/{service.id}/template/{template.id}").get_json()["data"]
    assert got["id"] == str(template.id)
    listed = admin_client.get(f"/service/{service.id}/template").get_json()["data"]
    assert [t["id"] for t in listed] == [str(template.id)]


def test_another_services_template_is_404(admin_client, session, service):
    theirs = create_template(session, create_service(session))
    assert admin_client.get(f"/service/{service.id}/template/{theirs.id}").status_code == 404


def test_update_makes_a_new_version_only_when_content_changes(admin_client, session, service, user):
    template = create_template(session, service)
    original = template.content
    url = f"/service/{service.id}/template/{template.id}"
    same = admin_client.post(url, json={"content": original, "created_by": str(user.id)})
    assert same.get_json()["data"]["version"] == 1
    changed = admin_client.post(url, json={"content": "New words", "created_by": str(user.id)})
    assert changed.get_json()["data"]["version"] == 2
    assert admin_client.get(f"{url}/version/1").get_json()["data"]["content"] == original
    assert admin_client.get(f"{url}/version/2").get_json()["data"]["content"] == "New words"
    versions = admin_client.get(f"{url}/versions").get_json()["data"]
    assert [v["version"] for v in versions] == [2, 1]


def test_update_can_archive(admin_client, session, service, user):
    template = create_template(session, service)
    url = f"/service/{service.id}/template/{template.id}"
    data = admin_client.post(url, json={"archived": True, "created_by": str(user.id)}).get_json()
    assert data["data"]["archived"] is True
    assert admin_client.get(f"/service/{service.id}/template").get_json()["data"] == []


def test_update_cannot_change_the_type(admin_client, session, service, user):
    template = create_template(session, service)
    response = admin_client.post(
        f"/service/{service.id}/template/{template.id}",
        json={"template_type": "email", "created_by": str(user.id)},
    )
    assert response.status_code == 400


def test_unknown_version_is_404(admin_client, session, service):
    template = create_template(session, service)
    response = admin_client.get(f"/service/{service.id}/template/{template.id}/version/7")
    assert response.status_code == 404


def test_versions_of_another_services_template_are_404(admin_client, session, service):
    theirs = create_template(session, create_service(session))
    url = f"/service/{service.id}/template/{theirs.id}"
    assert admin_client.get(f"{url}/versions").status_code == 404
    assert admin_client.get(f"{url}/version/1").status_code == 404


@pytest.mark.parametrize("version", ["0", "2147483648", "-1", "one"])
def test_version_out_of_range_is_404(admin_client, session, service, version):
    template = create_template(session, service)
    url = f"/service/{service.id}/template/{template.id}/version/{version}"
    assert admin_client.get(url).status_code == 404
