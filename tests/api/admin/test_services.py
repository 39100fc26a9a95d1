"""Admin API: services (spec 002)."""

from __future__ import annotations

import uuid

import pytest

from postroom.models import ApiKey, Service, ServiceHistory, Template
from tests.factories import create_notification, create_service, create_template, create_user


def test_create_service_starts_in_trial_mode_with_trial_limits(admin_client, user):
    response = admin_client.post(
        "/service",
        json={
            "name": "Renew your licence",
            "user_id": str(user.id),
            "organisation_type": "central",
        },
    )
    assert response.status_code == 201
    data = response.get_json()["data"]
    assert data["name"] == "Renew your licence"
    assert data["restricted"] is True
    assert data["active"] is True
    assert data["organisation_type"] == "central"
    assert (
        data["email_message_limit"],
        data["sms_message_limit"],
        data["letter_message_limit"],
        data["international_sms_message_limit"],
    ) == (50, 50, 50, 10)
    assert sorted(data["permissions"]) == ["email", "international_sms", "letter", "sms"]
    assert data["version"] == 1


def test_create_service_makes_the_creator_a_member_with_every_permission(admin_client, user):
    data = admin_client.post(
        "/service", json={"name": "Parking permits", "user_id": str(user.id)}
    ).get_json()["data"]
    members = admin_client.get(f"/service/{data['id']}/users").get_json()["data"]
    assert [m["id"] for m in members] == [str(user.id)]
    assert len(members[0]["permissions"]) == 8


def test_gp_practice_gets_zero_limits_in_trial_mode(admin_client, user):
    data = admin_client.post(
        "/service",
        json={"name": "Riverside Surgery", "user_id": str(user.id), "organisation_type": "nhs_gp"},
    ).get_json()["data"]
    assert data["sms_message_limit"] == 0
    assert data["email_message_limit"] == 0


def test_create_service_with_chosen_permissions(admin_client, user):
    data = admin_client.post(
        "/service",
        json={"name": "Email only", "user_id": str(user.id), "permissions": ["email"]},
    ).get_json()["data"]
    assert data["permissions"] == ["email"]


@pytest.mark.parametrize("name", ["Bin collections", "BIN COLLECTIONS", " bin-collections! "])
def test_create_service_refuses_a_duplicate_name(admin_client, session, user, name):
    create_service(session, user=user, name="Bin collections")
    response = admin_client.post("/service", json={"name": name, "user_id": str(user.id)})
    assert response.status_code == 400
    assert "Duplicate service name" in response.get_json()["message"]["name"][0]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"user_id": "x"}, "name", "Missing data for required field."),
        ({"name": "A"}, "user_id", "Missing data for required field."),
        ({"name": 5, "user_id": None}, "name", "Not a valid string."),
        ({"name": "A", "user_id": "not-a-uuid"}, "user_id", "Not a valid uuid."),
        ({"name": "", "user_id": str(uuid.uuid4())}, "name", "Can not be empty."),
        ({"name": "A", "user_id": str(uuid.uuid4()), "colour": "red"}, "colour", "Unknown field."),
        (
            {"name": "A", "user_id": str(uuid.uuid4()), "organisation_type": "pirates"},
            "organisation_type",
            "Must be one of",
        ),
        (
            {"name": "A", "user_id": str(uuid.uuid4()), "permissions": ["teleport"]},
            "permissions.0",
            "Must be one of",
        ),
    ],
)
def test_create_service_says_which_field_is_wrong(admin_client, body, field, message):
    response = admin_client.post("/service", json=body)
    assert response.status_code == 400
    errors = response.get_json()["message"]
    assert any(message in text for text in errors[field]), errors


def test_create_service_for_unknown_user_is_404(admin_client):
    response = admin_client.post("/service", json={"name": "A", "user_id": str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.get_json() == {"result": "error", "message": "No result found"}


@pytest.mark.parametrize("raw", ["{not json", "[1, 2", ""])
def test_bad_json_is_a_400_not_a_500(admin_client, raw):
    response = admin_client.post("/service", data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["result"] == "error"


def test_get_service(admin_client, service):
    response = admin_client.get(f"/service/{service.id}")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["id"] == str(service.id)
    assert "statistics" not in data


def test_get_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}").status_code == 404


def test_get_service_with_a_malformed_id_is_404(admin_client):
    assert admin_client.get("/service/not-a-uuid").status_code == 404


def test_get_service_detailed_counts_today(admin_client, session, service):
    template = create_template(session, service, template_type="sms")
    create_notification(session, template, status="delivered")
    create_notification(session, template, status="permanent-failure")
    create_notification(session, template, status="sending")
    data = admin_client.get(f"/service/{service.id}?detailed=true&today_only=true").get_json()[
        "data"
    ]
    assert data["statistics"]["sms"] == {"requested": 3, "delivered": 1, "failed": 1}
    assert data["statistics"]["email"] == {"requested": 0, "delivered": 0, "failed": 0}


def test_list_services(admin_client, session, user):
    first = create_service(session, user=user, name="First")
    second = create_service(session, name="Second")
    data = admin_client.get("/service").get_json()["data"]
    assert {s["id"] for s in data} == {str(first.id), str(second.id)}


def test_list_services_for_a_user(admin_client, session, user):
    mine = create_service(session, user=user, name="Mine")
    create_service(session, name="Not mine")
    data = admin_client.get(f"/service?user_id={user.id}").get_json()["data"]
    assert [s["id"] for s in data] == [str(mine.id)]


def test_list_only_active_services(admin_client, session, user):
    active = create_service(session, user=user, name="Active")
    archived = create_service(session, user=user, name="Archived")
    assert admin_client.post(f"/service/{archived.id}/archive").status_code == 204
    data = admin_client.get("/service?only_active=true").get_json()["data"]
    assert [s["id"] for s in data] == [str(active.id)]
    assert len(admin_client.get("/service").get_json()["data"]) == 2


def test_list_services_detailed_can_leave_out_test_keys(admin_client, session, service):
    template = create_template(session, service, template_type="email")
    create_notification(session, template, status="delivered", key_type="normal")
    create_notification(session, template, status="delivered", key_type="test")
    with_test = admin_client.get("/service?detailed=true").get_json()["data"][0]
    without = admin_client.get("/service?detailed=true&include_from_test_key=false").get_json()[
        "data"
    ][0]
    assert with_test["statistics"]["email"]["requested"] == 2
    assert without["statistics"]["email"]["requested"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("detailed=perhaps", "detailed"),
        ("start_date=2024-13-01", "start_date"),
        ("user_id=bob", "user_id"),
        ("detailed=true&start_date=2024-05-02&end_date=2024-05-01", "start_date"),
    ],
)
def test_list_services_refuses_bad_query_parameters(admin_client, service, query, field):
    response = admin_client.get(f"/service?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["message"]


def test_update_service_saves_a_new_version(admin_client, session, service):
    response = admin_client.post(
        f"/service/{service.id}",
        json={"name": "New name", "restricted": False, "sms_message_limit": 1000},
    )
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert (data["name"], data["restricted"], data["sms_message_limit"]) == (
        "New name",
        False,
        1000,
    )
    assert data["version"] == 2
    versions = session.query(ServiceHistory).filter_by(id=service.id).count()
    assert versions == 2


def test_update_service_replaces_permissions(admin_client, service):
    data = admin_client.post(
        f"/service/{service.id}", json={"permissions": ["sms", "inbound_sms"]}
    ).get_json()["data"]
    assert data["permissions"] == ["inbound_sms", "sms"]


def test_update_service_refuses_duplicate_permissions(admin_client, service):
    response = admin_client.post(f"/service/{service.id}", json={"permissions": ["sms", "sms"]})
    assert response.status_code == 400


def test_update_service_refuses_another_services_name(admin_client, session, service):
    create_service(session, name="Taken")
    response = admin_client.post(f"/service/{service.id}", json={"name": "taken"})
    assert response.status_code == 400
    assert "Duplicate service name" in response.get_json()["message"]["name"][0]


def test_update_service_keeps_its_own_name_with_other_case(admin_client, session, service):
    response = admin_client.post(f"/service/{service.id}", json={"name": service.name.upper()})
    assert response.status_code == 200


def test_update_service_refuses_unknown_branding(admin_client, service):
    response = admin_client.post(
        f"/service/{service.id}", json={"email_branding": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert "email_branding" in response.get_json()["message"]


def test_update_service_refuses_unknown_fields_and_bad_types(admin_client, service):
    response = admin_client.post(
        f"/service/{service.id}", json={"restricted": "no", "favourite_colour": "blue"}
    )
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert message["restricted"] == ["Not a valid boolean."]
    assert message["favourite_colour"] == ["Unknown field."]


def test_update_unknown_service_is_404(admin_client):
    assert admin_client.post(f"/service/{uuid.uuid4()}", json={"name": "x"}).status_code == 404


def test_archive_service_deactivates_archives_templates_and_revokes_keys(
    admin_client, session, service
):
    template = create_template(session, service)
    key = ApiKey(
        name="key",
        secret="s",
        service_id=service.id,
        key_type="normal",
        created_by_id=service.created_by_id,
    )
    session.add(key)
    session.commit()
    original_name = service.name
    assert admin_client.post(f"/service/{service.id}/archive").status_code == 204
    session.expire_all()
    archived = session.get(Service, service.id)
    assert archived.active is False
    assert archived.name.startswith("_archived_") and archived.name.endswith(original_name)
    assert session.get(Template, template.id).archived is True
    assert session.get(ApiKey, key.id).expiry_date is not None


def test_archived_service_frees_its_name_and_cannot_be_changed(
    admin_client, session, user, service
):
    name = service.name
    admin_client.post(f"/service/{service.id}/archive")
    response = admin_client.post(f"/service/{service.id}", json={"restricted": False})
    assert response.status_code == 400
    again = admin_client.post("/service", json={"name": name, "user_id": str(user.id)})
    assert again.status_code == 201


def test_archiving_twice_changes_nothing_more(admin_client, session, service):
    admin_client.post(f"/service/{service.id}/archive")
    first_name = admin_client.get(f"/service/{service.id}").get_json()["data"]["name"]
    assert admin_client.post(f"/service/{service.id}/archive").status_code == 204
    assert admin_client.get(f"/service/{service.id}").get_json()["data"]["name"] == first_name


def test_archive_unknown_service_is_404(admin_client):
    assert admin_client.post(f"/service/{uuid.uuid4()}/archive").status_code == 404


def test_find_services_by_partial_name_ignoring_case(admin_client, session):
    wanted = create_service(session, name="Apply for a fishing licence")
    create_service(session, name="Council tax")
    data = admin_client.get("/service/find-services-by-name?service_name=FISHING").get_json()[
        "data"
    ]
    assert [s["id"] for s in data] == [str(wanted.id)]
    assert data[0]["organisation_name"] is None


def test_find_services_treats_wildcards_literally(admin_client, session):
    create_service(session, name="Council tax")
    data = admin_client.get("/service/find-services-by-name?service_name=%25").get_json()["data"]
    assert data == []


def test_find_services_needs_a_search_term(admin_client):
    response = admin_client.get("/service/find-services-by-name")
    assert response.status_code == 400
    assert response.get_json()["message"] == {"service_name": ["Missing data for required field."]}


def test_history_lists_service_template_and_api_key_versions(admin_client, session, service):
    admin_client.post(f"/service/{service.id}", json={"name": "Renamed"})
    create_template(session, service)
    data = admin_client.get(f"/service/{service.id}/history").get_json()["data"]
    assert [v["version"] for v in data["service_history"]] == [1, 2]
    assert data["service_history"][1]["name"] == "Renamed"
    assert len(data["template_history"]) == 1
    assert data["api_key_history"] == []


def test_history_of_unknown_service_is_404(admin_client):
    assert admin_client.get(f"/service/{uuid.uuid4()}/history").status_code == 404


def test_other_service_history_is_not_mixed_in(admin_client, session, service):
    other = create_service(session)
    create_template(session, other)
    data = admin_client.get(f"/service/{service.id}/history").get_json()["data"]
    assert data["template_history"] == []


def test_create_service_unknown_creator_is_404(admin_client, user):
    response = admin_client.post(
        "/service",
        json={"name": "A", "user_id": str(user.id), "created_by": str(uuid.uuid4())},
    )
    assert response.status_code == 404


def test_platform_admin_services_do_not_count_as_live(admin_client, session):
    admin = create_user(session, platform_admin=True)
    data = admin_client.post("/service", json={"name": "Admin test", "user_id": str(admin.id)})
    assert data.get_json()["data"]["count_as_live"] is False
