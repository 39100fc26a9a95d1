"""Admin API: a service's team members."""

from __future__ import annotations

import uuid

import pytest

from postroom.models import TemplateFolder
from tests.factories import create_service, create_user


def test_list_users_with_their_permissions(admin_client, service, user):
    data = admin_client.get(f"/service/{service.id}/users").get_json()["data"]
    assert data[0]["email_address"] == user.email_address
    assert data[0]["mobile_number"] == user.mobile_number
    assert "manage_api_keys" in data[0]["permissions"]


def test_list_users_of_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}/users").status_code == 404


def test_add_user_with_permissions_and_folders(admin_client, session, service):
    folder = TemplateFolder(service_id=service.id, name="Reminders")
    session.add(folder)
    session.commit()
    newcomer = create_user(session, name="Newcomer")
    response = admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}",
        json={
            "permissions": [{"permission": "send_emails"}, {"permission": "view_activity"}],
            "folder_permissions": [str(folder.id)],
        },
    )
    assert response.status_code == 201
    assert {u["name"] for u in response.get_json()["data"]["users"]} == {"Test User", "Newcomer"}
    members = admin_client.get(f"/service/{service.id}/users").get_json()["data"]
    added = next(m for m in members if m["id"] == str(newcomer.id))
    assert added["permissions"] == ["send_emails", "view_activity"]
    assert added["folder_permissions"] == [str(folder.id)]


def test_add_user_accepts_the_interface_permission_names(admin_client, session, service):
    newcomer = create_user(session)
    admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}",
        json={"permissions": [{"permission": "send_messages"}, {"permission": "manage_service"}]},
    )
    members = admin_client.get(f"/service/{service.id}/users").get_json()["data"]
    added = next(m for m in members if m["id"] == str(newcomer.id))
    assert added["permissions"] == [
        "manage_settings",
        "manage_users",
        "send_emails",
        "send_letters",
        "send_texts",
    ]


def test_add_user_refuses_an_unknown_permission(admin_client, session, service):
    newcomer = create_user(session)
    response = admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}",
        json={"permissions": [{"permission": "launch_rockets"}]},
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == {
        "permissions": ["Unknown permission: launch_rockets."]
    }


def test_add_user_refuses_another_services_folder(admin_client, session, service):
    other = create_service(session)
    folder = TemplateFolder(service_id=other.id, name="Theirs")
    session.add(folder)
    session.commit()
    newcomer = create_user(session)
    response = admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}",
        json={"permissions": [], "folder_permissions": [str(folder.id)]},
    )
    assert response.status_code == 400
    assert "folder_permissions" in response.get_json()["message"]


def test_add_existing_member_again_is_400(admin_client, service, user):
    response = admin_client.post(f"/service/{service.id}/users/{user.id}", json={"permissions": []})
    assert response.status_code == 400
    assert "already part of service" in response.get_json()["message"]


def test_add_unknown_user_is_404(admin_client, service):
    response = admin_client.post(
        f"/service/{service.id}/users/{uuid.uuid4()}", json={"permissions": []}
    )
    assert response.status_code == 404


def test_add_user_needs_permissions(admin_client, session, service):
    newcomer = create_user(session)
    response = admin_client.post(f"/service/{service.id}/users/{newcomer.id}", json={})
    assert response.status_code == 400
    assert response.get_json()["message"] == {"permissions": ["Missing data for required field."]}


def test_remove_user(admin_client, session, service):
    newcomer = create_user(session)
    admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}",
        json={"permissions": [{"permission": "view_activity"}]},
    )
    assert admin_client.delete(f"/service/{service.id}/users/{newcomer.id}").status_code == 204
    members = admin_client.get(f"/service/{service.id}/users").get_json()["data"]
    assert [m["id"] for m in members] != [] and str(newcomer.id) not in {m["id"] for m in members}


def test_cannot_remove_the_only_user(admin_client, service, user):
    response = admin_client.delete(f"/service/{service.id}/users/{user.id}")
    assert response.status_code == 400
    assert response.get_json()["message"] == "You cannot remove the only user for a service"


def test_removing_a_non_member_is_404(admin_client, session, service):
    stranger = create_user(session)
    assert admin_client.delete(f"/service/{service.id}/users/{stranger.id}").status_code == 404


def test_add_user_answers_with_the_service_and_its_team(admin_client, session, service, user):
    newcomer = create_user(session, name="Newcomer")
    data = admin_client.post(
        f"/service/{service.id}/users/{newcomer.id}", json={"permissions": []}
    ).get_json()["data"]
    assert (data["id"], data["name"], data["restricted"]) == (str(service.id), service.name, True)
    assert sorted(u["id"] for u in data["users"]) == sorted([str(user.id), str(newcomer.id)])


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"permissions": [{"perm": "x"}]}, "permissions.0.perm", "Unknown field."),
        ({"permissions": [{}]}, "permissions.0.permission", "Missing data for required field."),
        ({"permissions": ["send_texts"]}, "permissions.0", "Not a valid object."),
        ({"permissions": [], "folder_permissions": ["f"]}, "folder_permissions.0", "Not a valid"),
        ({"permissions": [], "extra": 1}, "extra", "Unknown field."),
    ],
)
def test_add_user_says_which_field_is_wrong(admin_client, session, service, body, field, message):
    newcomer = create_user(session)
    response = admin_client.post(f"/service/{service.id}/users/{newcomer.id}", json=body)
    assert response.status_code == 400
    assert message in response.get_json()["message"][field][0]


def test_add_user_to_unknown_service_is_404(admin_client, user):
    response = admin_client.post(
        f"/service/{uuid.uuid4()}/users/{user.id}", json={"permissions": []}
    )
    assert response.status_code == 404


def test_removed_user_loses_permissions_and_folders(admin_client, session, service):
    folder = TemplateFolder(service_id=service.id, name="Reminders")
    session.add(folder)
    session.commit()
    newcomer = create_user(session)
    body = {
        "permissions": [{"permission": "view_activity"}],
        "folder_permissions": [str(folder.id)],
    }
    admin_client.post(f"/service/{service.id}/users/{newcomer.id}", json=body)
    admin_client.delete(f"/service/{service.id}/users/{newcomer.id}")
    admin_client.post(f"/service/{service.id}/users/{newcomer.id}", json={"permissions": []})
    members = admin_client.get(f"/service/{service.id}/users").get_json()["data"]
    again = next(m for m in members if m["id"] == str(newcomer.id))
    assert (again["permissions"], again["folder_permissions"]) == ([], [])


def test_remove_user_from_unknown_service_is_404(admin_client, user):
    assert admin_client.delete(f"/service/{uuid.uuid4()}/users/{user.id}").status_code == 404
