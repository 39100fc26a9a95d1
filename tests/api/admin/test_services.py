"""Admin API: services (spec 002)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from postroom.clock import frozen
from postroom.domain.reporting.statistics import update_fact_notification_status
from postroom.models import EmailBranding, Organisation, OrganisationDomain
from tests.conftest import AdminClient
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
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/service"),
        ("POST", "/service/{id}"),
        ("POST", "/service/{id}/users/{user}"),
        ("PUT", "/service/{id}/guest-list"),
    ],
)
def test_bad_json_is_a_400_not_a_500(admin_client, service, user, method, path, raw):
    url = path.format(id=service.id, user=user.id)
    response = admin_client.open(
        method, url, data=raw, headers={"Content-Type": "application/json"}
    )
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


def test_gp_practice_gets_zero_for_every_limit(admin_client, user):
    data = admin_client.post(
        "/service",
        json={"name": "Hillside Surgery", "user_id": str(user.id), "organisation_type": "nhs_gp"},
    ).get_json()["data"]
    assert [data[f"{kind}_message_limit"] for kind in ("email", "sms", "letter")] == [0, 0, 0]
    assert data["international_sms_message_limit"] == 0


def test_create_service_joins_the_organisation_of_its_creators_email_domain(admin_client, session):
    branding = EmailBranding(name="Council crest")
    council = Organisation(name="Riverside Council", organisation_type="local")
    session.add_all([branding, council])
    session.flush()
    council.email_branding_id = branding.id
    session.add(OrganisationDomain(domain="riverside.gov.uk", organisation_id=council.id))
    session.commit()
    creator = create_user(session, email_address="clerk@parking.riverside.gov.uk")
    data = admin_client.post(
        "/service", json={"name": "Parking", "user_id": str(creator.id)}
    ).get_json()["data"]
    assert data["organisation"] == str(council.id)
    assert data["organisation_name"] == "Riverside Council"
    assert data["organisation_type"] == "local"
    assert data["email_branding"] == str(branding.id)


def test_create_service_refuses_an_organisation_that_does_not_exist(admin_client, user):
    response = admin_client.post(
        "/service",
        json={"name": "A", "user_id": str(user.id), "organisation": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert list(response.get_json()["message"]) == ["organisation"]


def test_create_service_records_who_created_it(admin_client, session, user):
    admin = create_user(session, platform_admin=True)
    data = admin_client.post(
        "/service", json={"name": "On behalf", "user_id": str(user.id), "created_by": str(admin.id)}
    ).get_json()["data"]
    assert data["created_by"] == str(admin.id)


def test_create_service_derives_or_takes_its_email_sender(admin_client, user):
    derived = admin_client.post(
        "/service", json={"name": "Renew Your Licence!", "user_id": str(user.id)}
    ).get_json()["data"]
    chosen = admin_client.post(
        "/service",
        json={"name": "Other", "user_id": str(user.id), "email_sender_local_part": "licences"},
    ).get_json()["data"]
    assert derived["email_sender_local_part"] == "renew.your.licence"
    assert chosen["email_sender_local_part"] == "licences"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "n" * 256}, "name", "Longer than maximum length 255."),
        ({"active": "yes"}, "active", "Not a valid boolean."),
        ({"email_sender_local_part": "a@b"}, "email_sender_local_part", "Can only contain"),
        ({"created_by": "me"}, "created_by", "Not a valid uuid."),
    ],
)
def test_create_service_refuses_bad_optional_fields(admin_client, user, body, field, message):
    response = admin_client.post("/service", json={"name": "A", "user_id": str(user.id), **body})
    assert response.status_code == 400
    assert message in response.get_json()["message"][field][0]


def test_list_services_detailed_over_past_dates_reads_the_fact_table(
    admin_client, session, service
):
    template = create_template(session, service, template_type="sms")
    for day, status in ((3, "delivered"), (4, "temporary-failure"), (6, "delivered")):
        create_notification(session, template, status=status, created_at=datetime(2024, 5, day, 9))
        update_fact_notification_status(session, date(2024, 5, day))
    session.commit()
    with frozen(datetime(2024, 5, 10, 12)):
        span = admin_client.get("/service?detailed=true&start_date=2024-05-03&end_date=2024-05-04")
        to_today = admin_client.get("/service?detailed=true&start_date=2024-05-04")
        one_day = admin_client.get("/service?detailed=true&end_date=2024-05-06")
    assert span.get_json()["data"][0]["statistics"]["sms"] == {
        "requested": 2,
        "delivered": 1,
        "failed": 1,
    }
    assert to_today.get_json()["data"][0]["statistics"]["sms"]["requested"] == 2
    assert one_day.get_json()["data"][0]["statistics"]["sms"]["requested"] == 1


def test_find_services_shows_the_organisation_name(admin_client, session):
    organisation = Organisation(name="Cabinet Office", organisation_type="central")
    session.add(organisation)
    session.commit()
    found = create_service(session, name="Civil service jobs")
    found.organisation_id = organisation.id
    session.commit()
    data = admin_client.get("/service/find-services-by-name?service_name=civil").get_json()["data"]
    assert data == [
        {
            "id": str(found.id),
            "name": "Civil service jobs",
            "active": True,
            "restricted": True,
            "organisation_name": "Cabinet Office",
        }
    ]


def test_nul_characters_are_refused_before_they_reach_the_database(admin_client, service):
    body = admin_client.post(f"/service/{service.id}", json={"notes": "a\u0000b"})
    nested = admin_client.put(
        f"/service/{service.id}/guest-list",
        json={"email_addresses": ["a\u0000@example.gov.uk"], "phone_numbers": []},
    )
    query = admin_client.get("/service/find-services-by-name?service_name=a%00b")
    assert body.get_json()["message"] == {"notes": ["Must not contain the NUL character."]}
    assert nested.get_json()["message"] == {
        "email_addresses.0": ["Must not contain the NUL character."]
    }
    assert query.get_json()["message"] == {"service_name": ["Must not contain the NUL character."]}


def test_two_services_created_at_once_with_one_name(api_app, session, side_by_side):
    makers = [create_user(session).id for _ in range(2)]
    session.commit()
    clients = [AdminClient(api_app) for _ in makers]
    responses = side_by_side(
        "services.normalised_service_name =",  # both past the check that the name is free
        *(
            lambda c=c, u=u: c.post("/service", json={"name": "Bins", "user_id": str(u)})
            for c, u in zip(clients, makers, strict=True)
        ),
    )
    assert sorted(r.status_code for r in responses) == [201, 400]
    refused = next(r for r in responses if r.status_code == 400).get_json()
    assert refused["message"] == {"name": ["Duplicate service name 'Bins'"]}
