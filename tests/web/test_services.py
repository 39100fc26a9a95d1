"""Your services, adding a service, and its dashboard."""

from __future__ import annotations

from sqlalchemy import select

from postroom.models import Service, Template
from tests.factories import create_service, create_user
from tests.web.conftest import PASSWORD, WebClient


def test_adding_a_service_puts_it_in_trial_mode_with_you_in_its_team(signed_in, member, session):
    response = signed_in.post(
        "/add-service/name-your-service", {"name": "Bin collections", "organisation_type": "local"}
    )
    assert response.status_code == 302
    service = session.scalar(select(Service).where(Service.name == "Bin collections"))
    assert (service.restricted, service.organisation_type) == (True, "local")
    assert [u.id for u in service.users] == [member.id]
    [example] = session.scalars(select(Template).where(Template.service_id == service.id)).all()
    assert example.template_type == "sms" and "((name))" in example.content
    # A first service: the tour, which starts from the example template.
    assert response.location.endswith(f"/services/{service.id}/tour/{example.id}")
    tour = signed_in.page(response.location)
    assert f"/services/{service.id}/send/{example.id}" in tour
    page = signed_in.page(f"/services/{service.id}")
    assert "Bin collections" in page and "Trial mode" in page
    assert "Bin collections" in signed_in.page("/your-services")


def test_a_service_needs_a_name_and_an_organisation_type(signed_in):
    page = signed_in.post("/add-service/name-your-service", {}).get_data(as_text=True)
    assert "Enter a service name" in page and 'href="#name"' in page
    assert "Select the type of organisation" in page and 'href="#organisation_type"' in page


def test_service_names_are_unique(web, session, member):
    create_service(session, user=member, name="Parking permits")
    session.commit()
    signed_in = web
    signed_in.sign_in(member)
    page = signed_in.post(
        "/add-service/name-your-service", {"name": "parking  PERMITS", "organisation_type": "local"}
    ).get_data(as_text=True)
    assert "This service name is already in use" in page


def test_an_odd_organisation_type_is_refused(signed_in):
    page = signed_in.post(
        "/add-service/name-your-service", {"name": "Odd", "organisation_type": "pirates"}
    ).get_data(as_text=True)
    assert "Select the type of organisation" in page


def test_your_services_lists_only_yours(signed_in, session):
    stranger = create_user(session, name="Someone Else")
    create_service(session, user=stranger, name="Not yours")
    session.commit()
    assert "Not yours" not in signed_in.page("/your-services")


def test_later_services_get_no_example_and_no_tour(web, session, member):
    create_service(session, user=member, name="First one")
    session.commit()
    web.sign_in(member)
    response = web.post(
        "/add-service/name-your-service", {"name": "Second one", "organisation_type": "local"}
    )
    service = session.scalar(select(Service).where(Service.name == "Second one"))
    assert response.location.endswith(f"/services/{service.id}")
    assert session.scalars(select(Template).where(Template.service_id == service.id)).all() == []


def test_add_service_starts_with_naming_it(signed_in):
    response = signed_in.get("/add-service")
    assert response.location.endswith("/add-service/name-your-service")


def test_two_services_added_at_once_with_one_name(web_app, session, member, side_by_side):
    colleague = create_user(session, name="Cal Colleague", password=PASSWORD)
    session.commit()
    clients = [WebClient(web_app), WebClient(web_app)]
    for client, user in zip(clients, (member, colleague), strict=True):
        client.sign_in(user)
    path = "/add-service/name-your-service"
    forms = [
        {"csrf_token": c.csrf_token(path), "name": "Bins", "organisation_type": "local"}
        for c in clients
    ]
    responses = side_by_side(
        "services.normalised_service_name =",  # both past the check that the name is free
        *(
            lambda c=c, f=f: c.client.post(path, data=f)
            for c, f in zip(clients, forms, strict=True)
        ),
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).get_data(as_text=True)
    assert "This service name is already in use" in refused
    assert len(session.scalars(select(Service).where(Service.name == "Bins")).all()) == 1
