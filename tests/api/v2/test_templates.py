"""Public API: templates, versions and previews."""

from __future__ import annotations

import uuid

from tests.factories import create_service, create_template


def test_get_template(session, live_client, live_service, user):
    template = create_template(
        session, live_service, template_type="email", subject="Hi ((name))", content="Dear ((name))"
    )
    data = live_client.get(f"/v2/template/{template.id}").get_json()
    assert (data["type"], data["subject"], data["body"], data["version"]) == (
        "email",
        "Hi ((name))",
        "Dear ((name))",
        1,
    )
    assert data["created_by"] == user.email_address


def test_get_a_version(session, admin_client, live_client, live_service, user):
    template = create_template(session, live_service, content="First")
    admin_client.post(
        f"/service/{live_service.id}/template/{template.id}",
        json={"content": "Second", "created_by": str(user.id)},
    )
    assert live_client.get(f"/v2/template/{template.id}/version/1").get_json()["body"] == "First"
    assert live_client.get(f"/v2/template/{template.id}").get_json()["body"] == "Second"


def test_list_templates_by_type(session, live_client, live_service):
    create_template(session, live_service, content="sms")
    email = create_template(session, live_service, template_type="email", content="email")
    create_template(session, live_service, content="gone", archived=True)
    everything = live_client.get("/v2/templates").get_json()["templates"]
    assert len(everything) == 2
    emails = live_client.get("/v2/templates?type=email").get_json()["templates"]
    assert [t["id"] for t in emails] == [str(email.id)]


def test_preview_fills_in_personalisation(session, live_client, live_service):
    template = create_template(
        session,
        live_service,
        template_type="email",
        subject="Hi ((name))",
        content="# Title\n\nDear ((name))",
    )
    data = live_client.post(
        f"/v2/template/{template.id}/preview", json={"personalisation": {"name": "Ada"}}
    ).get_json()
    assert data["subject"] == "Hi Ada"
    assert "Dear Ada" in data["body"] and "<h2" in data["html"]


def test_a_preview_body_of_nothing_previews_a_template_without_placeholders(
    session, live_client, live_service
):
    template = create_template(session, live_service, content="Your parcel is on its way")
    response = live_client.post(f"/v2/template/{template.id}/preview", json={})
    assert response.status_code == 200
    data = response.get_json()
    assert (data["body"], data["subject"], data["html"]) == (
        "Your parcel is on its way",
        None,
        None,
    )


def test_preview_with_missing_personalisation(session, live_client, live_service):
    template = create_template(session, live_service, content="Hi ((name))")
    response = live_client.post(f"/v2/template/{template.id}/preview", json={})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["message"] == "Missing personalisation: name"


def test_other_services_and_unknown_templates_are_404(session, live_client):
    theirs = create_template(session, create_service(session), content="x")
    for url in (
        f"/v2/template/{theirs.id}",
        f"/v2/template/{uuid.uuid4()}",
        f"/v2/template/{theirs.id}/version/1",
    ):
        response = live_client.get(url)
        assert response.status_code == 404
        assert response.get_json()["errors"][0]["error"] == "NoResultFound"
