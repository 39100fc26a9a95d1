"""Public API: GET /v2/notifications, filtered and paged as GOV.UK Notify's."""

from __future__ import annotations

from datetime import timedelta

from postroom.clock import utcnow
from postroom.infrastructure.keyset_paging import PAGE_SIZE
from postroom.models import Notification
from tests.factories import create_notification, create_template


def _make(session, template, count, **kwargs):
    start = utcnow() - timedelta(hours=1)
    return [
        create_notification(session, template, created_at=start + timedelta(seconds=i), **kwargs)
        for i in range(count)
    ]


def test_lists_newest_first_with_only_the_same_key_type(session, live_client, live_service):
    template = create_template(session, live_service, content="Hello")
    made = _make(session, template, 3)
    create_notification(session, template, key_type="test")
    data = live_client.get("/v2/notifications").get_json()
    assert [n["id"] for n in data["notifications"]] == [str(n.id) for n in reversed(made)]
    assert data["links"]["next"].endswith(f"older_than={made[0].id}")


def test_filters_by_type_status_and_reference(session, live_client, live_service):
    sms = create_template(session, live_service, content="Hello")
    email = create_template(session, live_service, template_type="email", content="Hi")
    create_notification(session, sms, status="delivered")
    failed = create_notification(session, sms, status="permanent-failure", client_reference="r1")
    technical = create_notification(session, sms, status="technical-failure")
    create_notification(session, email, status="delivered")

    def ids(query):
        return {
            n["id"]
            for n in live_client.get(f"/v2/notifications?{query}").get_json()["notifications"]
        }

    assert len(ids("template_type=email")) == 1
    assert ids("status=failed") == {str(failed.id), str(technical.id)}
    assert ids("status=permanent-failure&status=technical-failure") == {
        str(failed.id),
        str(technical.id),
    }
    assert ids("reference=r1") == {str(failed.id)}


def test_job_notifications_only_when_asked(session, live_client, live_service):
    import uuid

    template = create_template(session, live_service, content="Hello")
    from_job = create_notification(session, template, job_id=uuid.uuid4())
    assert live_client.get("/v2/notifications").get_json()["notifications"] == []
    with_jobs = live_client.get("/v2/notifications?include_jobs=true").get_json()["notifications"]
    assert [n["id"] for n in with_jobs] == [str(from_job.id)]


def test_pages_of_250_with_a_next_link(session, live_client, live_service):
    template = create_template(session, live_service, content="Hello")
    _make(session, template, PAGE_SIZE + 5)
    first = live_client.get("/v2/notifications?template_type=sms").get_json()
    assert len(first["notifications"]) == PAGE_SIZE
    next_link = first["links"]["next"]
    assert "template_type=sms" in next_link and "older_than=" in next_link
    second = live_client.get(next_link.split("localhost", 1)[1]).get_json()
    assert len(second["notifications"]) == 5
    seen = {n["id"] for n in first["notifications"]} | {n["id"] for n in second["notifications"]}
    assert len(seen) == PAGE_SIZE + 5 == session.query(Notification).count()


def test_bad_filters_are_validation_errors(live_client):
    for query in ("status=elephant", "template_type=fax", "older_than=yesterday"):
        response = live_client.get(f"/v2/notifications?{query}")
        assert response.status_code == 400
        assert response.get_json()["errors"][0]["error"] == "ValidationError"


def test_older_than_an_unknown_id_is_an_empty_page(session, live_client, live_service):
    import uuid

    create_template(session, live_service, content="Hello")
    data = live_client.get(f"/v2/notifications?older_than={uuid.uuid4()}").get_json()
    assert data["notifications"] == []


def test_repeated_filters_are_all_honoured_and_kept_in_the_next_link(
    session, live_client, live_service
):
    sms = create_template(session, live_service, content="Hello")
    email = create_template(session, live_service, template_type="email", content="Hi")
    letter = create_template(session, live_service, template_type="letter", content="Dear")
    wanted = {
        create_notification(session, sms, status="created").id,
        create_notification(session, email, status="pending").id,
    }
    create_notification(session, sms, status="delivered")
    create_notification(session, letter, status="created")
    query = "status=created&template_type=sms&status=pending&template_type=email"
    data = live_client.get(f"/v2/notifications?{query}").get_json()
    assert {n["id"] for n in data["notifications"]} == {str(i) for i in wanted}
    assert data["links"]["current"].endswith(f"/v2/notifications?{query}")
    last = data["notifications"][-1]["id"]
    assert data["links"]["next"].endswith(f"/v2/notifications?{query}&older_than={last}")
