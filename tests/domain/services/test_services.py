"""Services in the domain: creating, finding, updating and archiving them."""

from __future__ import annotations

from datetime import datetime

import pytest

from postroom.clock import frozen
from postroom.domain.services import services
from postroom.domain.services.api_keys import create_api_key
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models import (
    AnnualBilling,
    ApiKeyHistory,
    Organisation,
    OrganisationDomain,
    Service,
    ServiceHistory,
    ServiceSmsSender,
    TemplateHistory,
    User,
)
from tests.factories import create_service, create_template, create_user
from tests.fixtures.clashes import in_a_session_of_its_own, outcomes


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bin collections", "BIN-COLLECTIONS!"), ("Café rates", "cafe rates"), ("A  B", "a.b")],
)
def test_names_differing_only_in_case_accents_or_punctuation_are_the_same(a, b):
    assert services.normalise_service_name(a) == services.normalise_service_name(b)


@pytest.mark.parametrize(
    ("name", "local_part"),
    [
        ("Renew Your Licence!", "renew.your.licence"),
        ("Pay - council tax", "pay.council.tax"),
        ("Règles été", "regles.ete"),
        ("!!!", "service"),
        ("word " * 30, ("word." * 13)[:64].strip(".")),
    ],
)
def test_email_sender_local_part_is_made_from_the_name(name, local_part):
    assert services.email_sender_local_part(name) == local_part


def test_new_service_has_trial_limits_a_sender_an_allowance_and_a_first_version(session, user):
    with frozen(datetime(2024, 5, 10, 12)):
        service = create_service(session, user=user, organisation_type="local")
    assert service.restricted is True
    assert (service.email_message_limit, service.sms_message_limit) == (50, 50)
    assert (service.letter_message_limit, service.international_sms_message_limit) == (50, 10)
    sender = session.query(ServiceSmsSender).filter_by(service_id=service.id).one()
    assert (sender.sms_sender, sender.is_default) == (services.DEFAULT_SMS_SENDER, True)
    allowance = session.query(AnnualBilling).filter_by(service_id=service.id).one()
    assert (allowance.financial_year_start, allowance.free_sms_fragment_limit) == (2024, 20_000)
    assert session.query(ServiceHistory).filter_by(id=service.id, version=1).count() == 1
    assert service.users == [user]


def test_creator_joins_the_organisation_of_the_most_specific_domain(session):
    parent = Organisation(name="Department", organisation_type="central")
    agency = Organisation(name="Agency", organisation_type="nhs_central")
    session.add_all([parent, agency])
    session.flush()
    session.add_all(
        [
            OrganisationDomain(domain="dept.gov.uk", organisation_id=parent.id),
            OrganisationDomain(domain="agency.dept.gov.uk", organisation_id=agency.id),
        ]
    )
    session.commit()
    at_agency = create_user(session, email_address="someone@Agency.Dept.gov.uk")
    at_parent = create_user(session, email_address="someone@team.dept.gov.uk")
    elsewhere = create_user(session, email_address="someone@example.com")
    assert services.organisation_for_email_address(session, at_agency.email_address) == agency
    assert services.organisation_for_email_address(session, at_parent.email_address) == parent
    assert services.organisation_for_email_address(session, elsewhere.email_address) is None


def test_chosen_organisation_type_wins_over_the_organisations(session):
    organisation = Organisation(name="Surgery group", organisation_type="nhs_gp")
    session.add(organisation)
    session.flush()
    session.add(OrganisationDomain(domain="surgery.nhs.uk", organisation_id=organisation.id))
    session.commit()
    creator = create_user(session, email_address="gp@surgery.nhs.uk")
    joined = services.create_service(session, name="Surgery", user=creator)
    chosen = services.create_service(
        session, name="Other", user=creator, organisation_type="nhs_local"
    )
    assert (joined.organisation_type, joined.sms_message_limit) == ("nhs_gp", 0)
    assert (chosen.organisation_type, chosen.sms_message_limit) == ("nhs_local", 50)
    assert chosen.organisation_id == organisation.id


def test_a_name_of_only_punctuation_is_refused(session, user):
    with pytest.raises(InvalidRequest) as error:
        services.create_service(session, name="!!!", user=user)
    assert error.value.message == {"name": ["Service name must contain letters or numbers."]}


def test_find_by_name_matches_parts_of_names_and_escapes_wildcards(session):
    create_service(session, name="100% online forms")
    create_service(session, name="Online_payments")
    create_service(session, name="Offline")
    assert [s.name for s in services.find_services_by_name(session, "ONLINE")] == [
        "100% online forms",
        "Online_payments",
    ]
    assert [s.name for s in services.find_services_by_name(session, "0%")] == ["100% online forms"]
    assert [s.name for s in services.find_services_by_name(session, "e_p")] == ["Online_payments"]


def test_list_services_filters_by_member_and_by_active(session, user):
    mine = create_service(session, user=user, name="Mine")
    archived = create_service(session, user=user, name="Gone")
    create_service(session, name="Theirs")
    services.archive_service(session, archived)
    session.commit()
    assert services.list_services(session, user_id=user.id, only_active=True) == [mine]
    assert len(services.list_services(session, user_id=user.id)) == 2
    assert len(services.list_services(session)) == 3


def test_update_keeps_unchanged_permission_rows_and_adds_new_ones(session, service):
    email_row = next(p for p in service.permissions if p.permission == "email")
    services.update_service(session, service, {"permissions": ["email", "inbound_sms"]})
    assert service.permission_names == ["email", "inbound_sms"]
    assert next(p for p in service.permissions if p.permission == "email") is email_row


def test_each_update_is_a_version_with_its_author(session, service):
    editor = create_user(session)
    services.update_service(session, service, {"name": "Renamed"}, updated_by=editor)
    services.update_service(session, service, {"rate_limit": 10})
    session.commit()
    versions = session.query(ServiceHistory).filter_by(id=service.id).order_by("version").all()
    assert [(v.version, v.name, v.rate_limit) for v in versions] == [
        (1, versions[0].name, 3000),
        (2, "Renamed", 3000),
        (3, "Renamed", 10),
    ]
    assert versions[1].created_by_id == editor.id


def test_going_back_to_trial_mode_keeps_when_it_first_went_live(session, service):
    with frozen(datetime(2024, 6, 1, 9)):
        services.update_service(session, service, {"restricted": False})
    services.update_service(session, service, {"restricted": True})
    assert service.go_live_at == datetime(2024, 6, 1, 9)


def test_archiving_revokes_keys_and_archives_templates_as_new_versions(session, service):
    template = create_template(session, service)
    key, _ = create_api_key(
        session, service, name="k", key_type="team", created_by_id=service.created_by_id
    )
    revoked_earlier, _ = create_api_key(
        session, service, name="old", key_type="test", created_by_id=service.created_by_id
    )
    revoked_earlier.expiry_date = datetime(2024, 1, 1)
    local_part = service.email_sender_local_part
    with frozen(datetime(2024, 5, 10, 8, 5, 9)):
        services.archive_service(session, service)
    session.commit()
    assert service.email_sender_local_part == f"_archived_2024-05-10-08:05:09_{local_part}"
    assert template.archived is True and template.version == 2
    assert session.query(TemplateHistory).filter_by(id=template.id).count() == 2
    assert key.expiry_date == datetime(2024, 5, 10, 8, 5, 9)
    assert session.query(ApiKeyHistory).filter_by(id=key.id).count() == 2
    assert revoked_earlier.expiry_date == datetime(2024, 1, 1)


def test_archiving_again_changes_nothing_and_archived_services_cannot_be_updated(session, service):
    services.archive_service(session, service)
    name, version = service.name, service.version
    services.archive_service(session, service)
    assert (service.name, service.version) == (name, version)
    with pytest.raises(InvalidRequest):
        services.update_service(session, service, {"restricted": False})


NAME_CHECK = "services.normalised_service_name ="  # in the query that checks a name is free


def test_two_services_made_at_once_with_one_name_make_one(session, side_by_side):
    makers = [create_user(session).id for _ in range(2)]
    session.commit()

    def make(own, user_id):
        return services.create_service(own, name="Bins", user=own.get(User, user_id)).name

    results = side_by_side(NAME_CHECK, *(in_a_session_of_its_own(make, u) for u in makers))
    assert outcomes(results) == ["ServiceNameTaken", "str"]
    assert [s.name for s in services.list_services(session)] == ["Bins"]


def test_two_services_renamed_at_once_to_one_name(session, user, backend, side_by_side):
    ids = [create_service(session, user=user, name=name).id for name in ("Parking", "Permits")]

    def rename(own, service_id):
        return services.update_service(own, own.get(Service, service_id), {"name": "Bins"}).name

    # SQLite has one writer at a time: the second rename's check already sees the first.
    check = NAME_CHECK if backend["name"] == "postgresql" else None
    results = side_by_side(check, *(in_a_session_of_its_own(rename, i) for i in ids))
    assert outcomes(results) == ["ServiceNameTaken", "str"]
    names = {s.name for s in services.list_services(session)}
    assert "Bins" in names and len(names & {"Parking", "Permits"}) == 1
