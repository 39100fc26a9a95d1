"""The notifications pages: status filters with counts, search with the term kept out of every
URL, keyset pages, the retention window, permissions, and only this service's messages."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import unquote_plus

import pytest

from postroom.clock import frozen
from postroom.domain.activity.search_terms import search_hash
from postroom.domain.services import retention_periods
from tests.domain.activity.test_search import NOW, a_job, an_api_key, sent
from tests.factories import create_service, create_template

_URLS = re.compile(r'(?:href|action|src|content)="([^"]*)"')
_FILTER = re.compile(r"<span[^>]*data-count>([\d,]+)</span>\s*(\w+)")


@pytest.fixture
def service(session, member):
    return create_service(session, user=member, name="Clinic reminders")


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


@pytest.fixture
def sms(session, service):
    return create_template(session, service, name="Appointment reminder")


def _page(team, path: str) -> str:
    with frozen(NOW):
        return team.page(path)


def _without_csrf_token(page: str) -> str:
    """A CSRF token carries the time it was signed, so two loads of a page differ there."""
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', page)


def _urls(page: str) -> list[str]:
    return [unquote_plus(html.unescape(url)) for url in _URLS.findall(page)]


def _filters(page: str) -> dict[str, int]:
    return {label: int(count.replace(",", "")) for count, label in _FILTER.findall(page)}


def test_lists_this_services_messages_with_links_and_never_another_services(
    team, session, service, sms
):
    mine = sent(session, sms, to="07700 900123", status="delivered")
    other = create_template(session, create_service(session, name="Elsewhere"))
    sent(session, other, to="07700 900999")
    page = _page(team, f"/services/{service.id}/notifications/sms")
    assert "<h1" in page and "Text messages" in page
    assert "07700 900123" in page and "Appointment reminder" in page and "Delivered" in page
    assert f"/services/{service.id}/notification/{mine.id}" in page
    assert "07700 900999" not in page
    assert "Elsewhere" not in page


def test_each_status_filter_shows_its_count_and_its_messages(team, session, service, sms):
    for status in ("delivered", "delivered", "sending", "technical-failure"):
        sent(session, sms, status=status)
    sent(session, sms, status="delivered", key_type="test")
    base = f"/services/{service.id}/notifications/sms"
    page = _page(team, base)
    assert _filters(page) == {"total": 4, "delivering": 1, "delivered": 2, "failed": 1}
    assert page.count("data-notification-id") == 4
    failed = _page(team, base + "?status=failed")
    assert failed.count("data-notification-id") == 1 and "Technical failure" in failed
    assert 'href="' + base + '?status=failed" aria-current="page"' in failed
    assert _page(team, base + "?status=sending").count("data-notification-id") == 1


@pytest.mark.parametrize(
    ("message_type", "to", "term"),
    [
        ("email", "ada.lovelace@example.gov.uk", "ada.lovelace@example.gov.uk"),
        ("sms", "07700 900123", "+44 7700 900 123"),
        ("letter", "A Person\n1 High Street\nLS1 1AA", "1 high street"),
        ("letter", "B Person\n2 Low Road\nYO1 1AA", "renewals june"),  # the file's name
    ],
)
def test_search_by_each_kind_keeps_the_term_out_of_every_url(
    team, session, service, message_type, to, term
):
    template = create_template(session, service, template_type=message_type, name="Sent")
    job = a_job(session, template, "Renewals June.csv")
    found = sent(session, template, to=to, job_id=job.id if "renewals" in term else None)
    decoy = {"email": "someone@example.gov.uk", "sms": "07700 900456"}
    sent(session, template, to=decoy.get(message_type, "C Person\n3 Side Lane\nM1 1AA"))
    base = f"/services/{service.id}/notifications/{message_type}"
    with frozen(NOW):
        response = team.post(base + "?status=delivered", {"to": term}, token_from=base)
    assert response.status_code == 302
    location = unquote_plus(response.location)
    assert term not in location
    assert f"search_query={search_hash(term)}" in location and "status=delivered" in location
    page = _page(team, response.location)
    assert f'data-notification-id="{found.id}"' in page
    assert page.count("data-notification-id") == 1
    assert f'value="{html.escape(term)}"' in page  # shown in the box, not in the address
    assert not [url for url in _urls(page) if term in url or term.lower() in url.lower()]
    coming_back = _page(team, response.location)
    assert _without_csrf_token(coming_back) == _without_csrf_token(page)  # the search is restored


def test_references_are_searchable_once_the_service_has_api_keys(team, session, service, sms):
    found = sent(session, sms, client_reference="invoice-7731")
    base = f"/services/{service.id}/notifications"
    assert "Search by recipient or file name" in _page(team, base)
    an_api_key(session, service)
    assert "Search by recipient, file name or reference" in _page(team, base)
    with frozen(NOW):
        response = team.post(base, {"to": "invoice-7731"})
    assert "invoice" not in response.location
    assert f'data-notification-id="{found.id}"' in _page(team, response.location)


def test_an_empty_or_forgotten_search_shows_everything(team, service):
    base = f"/services/{service.id}/notifications/email"
    response = team.post(base, {"to": "  "})
    assert response.location == base
    with frozen(NOW):
        forgotten = team.get(f"{base}?status=failed&search_query={'a' * 128}")
    assert forgotten.status_code == 302 and forgotten.location == base + "?status=failed"


def test_pages_of_fifty_with_next_and_previous(team, session, service, sms):
    for n in range(60):
        sent(session, sms, created_at=NOW - timedelta(minutes=n))
    base = f"/services/{service.id}/notifications/sms"
    first = _page(team, base)
    assert first.count("data-notification-id") == 50
    assert 'rel="prev"' not in first
    next_url = html.unescape(re.search(r'href="([^"]+)" rel="next"', first).group(1))
    second = _page(team, next_url)
    assert second.count("data-notification-id") == 10 and 'rel="next"' not in second
    previous_url = html.unescape(re.search(r'href="([^"]+)" rel="prev"', second).group(1))
    assert _page(team, previous_url).count("data-notification-id") == 50


def test_messages_older_than_the_retention_period_are_not_shown(team, session, service, sms):
    recent = sent(session, sms, created_at=NOW - timedelta(days=6))
    old = sent(session, sms, created_at=NOW - timedelta(days=8))
    base = f"/services/{service.id}/notifications/sms"
    page = _page(team, base)
    assert "Messages sent in the last 7 days" in page
    assert str(recent.id) in page and str(old.id) not in page
    retention_periods.set_retention(session, service.id, "sms", 10)
    session.commit()
    page = _page(team, base)
    assert "Messages sent in the last 10 days" in page and str(old.id) in page


def test_without_view_activity_the_pages_are_forbidden(web, member, session, service):
    web.sign_in_without(member, "view_activity")
    token = web.csrf_token("/add-service/name-your-service")
    for path in ("/notifications", "/notifications/letter", "/download-notifications.csv"):
        assert web.get(f"/services/{service.id}{path}").status_code == 403, path
    response = web.client.post(
        f"/services/{service.id}/notifications", data={"csrf_token": token, "to": "x"}
    )
    assert response.status_code == 403
