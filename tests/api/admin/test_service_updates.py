"""Admin API: updating, archiving and the history of services (spec 002)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest

from postroom.api.errors import CHANGED_MEANWHILE
from postroom.clock import frozen
from postroom.domain.services.api_keys import create_api_key
from postroom.models import (
    ApiKey,
    ApiKeyHistory,
    EmailBranding,
    LetterBranding,
    Organisation,
    Service,
    ServiceHistory,
    Template,
)
from tests.conftest import AdminClient
from tests.factories import create_service, create_template, create_user


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


def test_a_new_name_is_no_longer_confirmed_unique(admin_client, session, service):
    url = f"/service/{service.id}"
    confirmed = admin_client.post(url, json={"confirmed_unique": True}).get_json()["data"]
    assert confirmed["confirmed_unique"] is True
    same_name = admin_client.post(url, json={"name": service.name}).get_json()["data"]
    assert same_name["confirmed_unique"] is True
    renamed = admin_client.post(url, json={"name": "Another name"}).get_json()["data"]
    assert renamed["confirmed_unique"] is False


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
    key, _ = create_api_key(
        session, service, name="key", key_type="team", created_by_id=service.created_by_id
    )
    session.commit()
    original_name = service.name
    with frozen(datetime(2024, 5, 10, 12, 30, 5)):
        assert admin_client.post(f"/service/{service.id}/archive").status_code == 204
    session.expire_all()
    archived = session.get(Service, service.id)
    assert archived.active is False
    assert archived.name == f"_archived_2024-05-10-12:30:05_{original_name}"
    assert session.get(Template, template.id).archived is True
    assert session.get(ApiKey, key.id).expiry_date == datetime(2024, 5, 10, 12, 30, 5)
    key_versions = session.query(ApiKeyHistory).filter_by(id=key.id).count()
    assert key_versions == 2


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


def test_update_records_who_made_the_change_in_the_new_version(admin_client, session, service):
    editor = create_user(session, name="Editor")
    response = admin_client.post(
        f"/service/{service.id}",
        json={"contact_link": "https://example.gov.uk/help", "created_by": str(editor.id)},
    )
    assert response.get_json()["data"]["created_by"] == str(editor.id)
    history = admin_client.get(f"/service/{service.id}/history").get_json()["data"]
    assert history["service_history"][-1]["created_by"] == str(editor.id)
    assert history["service_history"][-1]["contact_link"] == "https://example.gov.uk/help"


def test_update_by_an_unknown_user_is_404(admin_client, service):
    response = admin_client.post(
        f"/service/{service.id}", json={"name": "x", "created_by": str(uuid.uuid4())}
    )
    assert response.status_code == 404


def test_update_sets_and_clears_brandings_and_organisation(admin_client, session, service):
    email = EmailBranding(name="Blue", colour="#0000ff")
    letter = LetterBranding(name="Crest", filename="crest")
    organisation = Organisation(name="Cabinet Office", organisation_type="central")
    session.add_all([email, letter, organisation])
    session.commit()
    data = admin_client.post(
        f"/service/{service.id}",
        json={
            "email_branding": str(email.id),
            "letter_branding": str(letter.id),
            "organisation": str(organisation.id),
        },
    ).get_json()["data"]
    assert (data["email_branding"], data["letter_branding"], data["organisation"]) == (
        str(email.id),
        str(letter.id),
        str(organisation.id),
    )
    assert data["organisation_name"] == "Cabinet Office"
    cleared = admin_client.post(
        f"/service/{service.id}", json={"email_branding": None, "letter_branding": None}
    ).get_json()["data"]
    assert (cleared["email_branding"], cleared["letter_branding"]) == (None, None)


@pytest.mark.parametrize("field", ["letter_branding", "organisation", "go_live_user"])
def test_update_refuses_ids_of_nothing(admin_client, service, field):
    response = admin_client.post(f"/service/{service.id}", json={field: str(uuid.uuid4())})
    assert response.status_code == 400
    assert list(response.get_json()["message"]) == [field]


def test_update_refuses_an_unknown_permission(admin_client, service):
    response = admin_client.post(f"/service/{service.id}", json={"permissions": ["teleport"]})
    assert response.status_code == 400
    assert "Must be one of" in response.get_json()["message"]["permissions.0"][0]


def test_update_changes_limits_volumes_billing_and_sender_fields(admin_client, service):
    changes = {
        "email_message_limit": 250000,
        "letter_message_limit": 20000,
        "international_sms_message_limit": 100,
        "rate_limit": 3000,
        "prefix_sms": False,
        "volume_email": 1000,
        "volume_sms": None,
        "volume_letter": 0,
        "consent_to_research": True,
        "count_as_live": False,
        "billing_contact_names": "Ada Lovelace",
        "billing_contact_email_addresses": "ada@example.gov.uk",
        "billing_reference": "REF-1",
        "purchase_order_number": "PO-2",
        "custom_email_sender_name": "Parking team",
        "email_sender_local_part": "parking.team",
        "organisation_type": "local",
        "has_active_go_live_request": True,
        "notes": "Talked to them on Tuesday.",
    }
    data = admin_client.post(f"/service/{service.id}", json=changes).get_json()["data"]
    assert {k: data[k] for k in changes} == changes


def test_going_live_stamps_go_live_at_once(admin_client, service):
    with frozen(datetime(2024, 6, 1, 9)):
        live = admin_client.post(f"/service/{service.id}", json={"restricted": False})
    assert live.get_json()["data"]["go_live_at"] == "2024-06-01T09:00:00.000000Z"
    again = admin_client.post(f"/service/{service.id}", json={"restricted": False})
    assert again.get_json()["data"]["go_live_at"] == "2024-06-01T09:00:00.000000Z"


def test_go_live_fields_can_be_set_as_notifys_admin_sends_them(admin_client, session, service):
    approver = create_user(session)
    data = admin_client.post(
        f"/service/{service.id}",
        json={
            "restricted": False,
            "go_live_user": str(approver.id),
            "go_live_at": "2024-06-01T10:00:00+01:00",
        },
    ).get_json()["data"]
    assert data["go_live_user"] == str(approver.id)
    assert data["go_live_at"] == "2024-06-01T09:00:00.000000Z"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "x" * 256}, "name", "Longer than maximum length 255."),
        ({"sms_message_limit": 2**31}, "sms_message_limit", "Must be less than or equal to"),
        ({"sms_message_limit": -1}, "sms_message_limit", "Must be greater than or equal to 0."),
        ({"rate_limit": 0}, "rate_limit", "Must be greater than or equal to 1."),
        ({"volume_sms": 1.5}, "volume_sms", "Not a valid integer."),
        ({"billing_reference": "r" * 256}, "billing_reference", "Longer than maximum length"),
        ({"email_sender_local_part": "no spaces"}, "email_sender_local_part", "Can only contain"),
        ({"go_live_at": "yesterday"}, "go_live_at", "Not a valid date and time."),
        ({"permissions": "sms"}, "permissions", "Not a valid list."),
    ],
)
def test_update_says_which_field_is_wrong(admin_client, service, body, field, message):
    response = admin_client.post(f"/service/{service.id}", json=body)
    assert response.status_code == 400
    assert message in response.get_json()["message"][field][0]


def test_archiving_a_service_with_the_longest_name_fits_the_column(admin_client, session, user):
    service = create_service(session, user=user, name="n" * 255)
    assert admin_client.post(f"/service/{service.id}/archive").status_code == 204
    archived = admin_client.get(f"/service/{service.id}").get_json()["data"]
    assert len(archived["name"]) == 255 and re.match(r"_archived_\d{4}-", archived["name"])


def test_history_shows_key_revocation_and_template_versions(admin_client, session, service):
    key, _ = create_api_key(
        session, service, name="CI key", key_type="test", created_by_id=service.created_by_id
    )
    template = create_template(session, service, name="Welcome")
    session.commit()
    admin_client.post(f"/service/{service.id}/api-key/revoke/{key.id}")
    data = admin_client.get(f"/service/{service.id}/history").get_json()["data"]
    assert [
        (k["name"], k["version"], k["revoked_at"] is None) for k in data["api_key_history"]
    ] == [
        ("CI key", 1, True),
        ("CI key", 2, False),
    ]
    assert data["api_key_history"][1]["expiry_date"] == data["api_key_history"][1]["revoked_at"]
    assert [(t["id"], t["name"], t["version"]) for t in data["template_history"]] == [
        (str(template.id), "Welcome", 1)
    ]
    assert data["service_history"][0]["version"] == 1


def test_going_live_through_the_api_is_the_same_as_a_platform_admins_approval(
    admin_client, session, service
):
    """Either way: live limits (unless the request sets its own) and the request answered."""
    from postroom.domain.services import go_live
    from postroom.domain.vocabulary.organisation_types import LIVE_LIMITS

    other = create_service(session)
    for trial in (service, other):
        trial.has_active_go_live_request = True
    session.commit()
    data = admin_client.post(
        f"/service/{service.id}", json={"restricted": False, "sms_message_limit": 1000}
    ).get_json()["data"]
    go_live.approve(session, other)
    session.commit()
    assert (data["sms_message_limit"], data["email_message_limit"]) == (1000, LIVE_LIMITS.email)
    assert data["has_active_go_live_request"] is False
    assert (other.restricted, other.sms_message_limit, other.has_active_go_live_request) == (
        False,
        LIVE_LIMITS.sms,
        False,
    )
    assert other.go_live_at is not None


def test_a_clash_no_rule_foresaw_is_a_409_not_a_500(api_app, service, side_by_side, caplog):
    """Two requests switch on the same service permission at once: both load the service's
    permissions before either adds it, and the second insert breaks the table's primary key."""
    clients = [AdminClient(api_app), AdminClient(api_app)]
    wanted = {"permissions": [*service.permission_names, "inbound_sms"]}
    responses = side_by_side(
        "FROM service_permissions",  # both have loaded the permissions
        *(lambda c=c: c.post(f"/service/{service.id}", json=wanted) for c in clients),
    )
    assert sorted(r.status_code for r in responses) == [200, 409]
    clash = next(r for r in responses if r.status_code == 409)
    assert clash.get_json() == {"result": "error", "message": CHANGED_MEANWHILE}
    assert clash.headers["X-Request-Id"] in caplog.text
