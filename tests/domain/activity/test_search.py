"""Finding a service's messages: status filters and their counts, the retention window, search
by recipient, file name and reference, the search term kept under its hash, and keyset pages."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from postroom.cache import make_cache
from postroom.clock import frozen
from postroom.domain.activity import search, search_terms
from postroom.domain.reporting import statistics
from postroom.domain.sending.recipients import validate_email_address, validate_phone_number
from postroom.domain.services import retention_periods
from postroom.domain.vocabulary.postal_address import PostalAddress
from postroom.models import ApiKey, Job
from tests.factories import create_notification, create_service, create_template

NOW = datetime(2026, 6, 15, 11, 0)  # 12:00 in London


def stored_form(template_type: str, to: str) -> str:
    """The recipient as sending stores it for searching."""
    if template_type == "sms":
        return validate_phone_number(to, allow_international=True).normalised
    if template_type == "email":
        return validate_email_address(to).lower()
    return PostalAddress(tuple(to.splitlines()), international=False).normalised


def sent(session, template, *, to=None, status="delivered", created_at=None, **columns):
    """A message as the sending code stores it (recipient in its searchable form)."""
    notification = create_notification(
        session,
        template,
        to=to,
        status=status,
        created_at=created_at or NOW,
        key_type=columns.pop("key_type", "normal"),
        client_reference=columns.pop("client_reference", None),
        job_id=columns.pop("job_id", None),
    )
    notification.normalised_to = stored_form(template.template_type, notification.to)
    for name, value in columns.items():
        setattr(notification, name, value)
    session.commit()
    return notification


def a_job(session, template, file_name: str) -> Job:
    job = Job(
        original_file_name=file_name,
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        notification_count=1,
    )
    session.add(job)
    session.commit()
    return job


def an_api_key(session, service, name: str = "Live") -> ApiKey:
    key = ApiKey(
        name=name,
        secret="x",
        service_id=service.id,
        key_type="normal",
        created_by_id=service.created_by_id,
    )
    session.add(key)
    session.commit()
    return key


def build_facts(session, days: int = 10) -> None:
    with frozen(NOW):
        for back in range(1, days + 1):
            statistics.update_fact_notification_status(session, (NOW - timedelta(days=back)).date())
    session.commit()


def selection(service, message_type=None, session=None, **kwargs) -> search.Selection:
    return search.Selection(
        service_id=service.id,
        days_by_type=search.retention_days(session, service.id, message_type),
        **kwargs,
    )


@pytest.fixture
def sms(session, service):
    return create_template(session, service, name="Reminder")


@pytest.fixture
def email(session, service):
    return create_template(session, service, template_type="email", name="Welcome")


@pytest.fixture
def letter(session, service):
    return create_template(session, service, template_type="letter", name="Letter")


def _ids(page) -> list:
    return [n.id for n in page.notifications]


def test_status_parameter_keeps_known_groups_in_order():
    assert search.status_parameter(None) == "sending,delivered,failed"
    assert search.status_parameter("failed,sending") == "sending,failed"
    assert search.status_parameter("nonsense") == "sending,delivered,failed"
    assert "permanent-failure" in search.statuses_for("failed")
    assert "cancelled" not in search.statuses_for("sending,delivered,failed")
    assert search.count_key("delivered") == "delivered"
    assert search.count_key("sending,failed") is None


def test_counts_use_facts_for_past_days_and_live_rows_for_today(session, service, sms, email):
    for status in ("sending", "delivered", "delivered", "permanent-failure"):
        sent(session, sms, status=status)
    sent(session, sms, status="technical-failure", created_at=NOW - timedelta(days=3))
    sent(session, sms, status="delivered", created_at=NOW - timedelta(days=9))  # beyond 7 days
    sent(session, sms, status="delivered", key_type="test")
    sent(session, sms, status="cancelled")
    sent(session, email, status="delivered")
    other = create_template(session, create_service(session, name="Other"))
    sent(session, other, status="delivered")
    build_facts(session)
    with frozen(NOW):
        counts = search.status_counts(session, selection(service, "sms", session))
        everything = search.status_counts(session, selection(service, None, session))
    assert counts == {"requested": 5, "sending": 1, "delivered": 2, "failed": 2}
    assert everything["requested"] == 6 and everything["delivered"] == 3


def test_the_list_keeps_to_the_retention_of_each_type(session, service, sms, email):
    recent = sent(session, sms, created_at=NOW - timedelta(days=6))
    sent(session, sms, created_at=NOW - timedelta(days=7, hours=1))
    old_email = sent(session, email, created_at=NOW - timedelta(days=9))
    with frozen(NOW):
        assert _ids(search.notifications_page(session, selection(service, "sms", session))) == [
            recent.id
        ]
        retention_periods.set_retention(session, service.id, "email", 10)
        session.commit()
        everything = selection(service, None, session)
        assert everything.days == 10
        assert _ids(search.notifications_page(session, everything)) == [recent.id, old_email.id]


def test_status_filter_and_test_keys(session, service, sms):
    failed = sent(session, sms, status="temporary-failure")
    sent(session, sms, status="delivered")
    sent(session, sms, status="temporary-failure", key_type="test")
    with frozen(NOW):
        page = search.notifications_page(
            session, selection(service, "sms", session, status="failed")
        )
    assert _ids(page) == [failed.id]
    assert page.notifications[0].status_label == "Phone not accepting messages right now"


def _found(session, service, term, message_type=None, references=False) -> set:
    with frozen(NOW):
        chosen = selection(
            service,
            message_type,
            session,
            search_term=term,
            search_references=references,
        )
        return set(_ids(search.notifications_page(session, chosen)))


def test_search_by_phone_number_whole_or_part(session, service, sms):
    mine = sent(session, sms, to="07700 900123")
    sent(session, sms, to="07700 900456")
    assert _found(session, service, "+44 7700 900123", "sms") == {mine.id}
    assert _found(session, service, "07700900123") == {mine.id}
    assert _found(session, service, "900 123", "sms") == {mine.id}
    assert len(_found(session, service, "07700", "sms")) == 2


def test_search_by_email_address_whole_or_part(session, service, email):
    mine = sent(session, email, to="Ada.Lovelace@Example.gov.uk")
    sent(session, email, to="someone@example.gov.uk")
    assert _found(session, service, "ada.lovelace@example.gov.uk", "email") == {mine.id}
    assert _found(session, service, "LOVELACE", "email") == {mine.id}
    assert _found(session, service, "50%", "email") == set()  # wildcards are literal


def test_search_letters_by_address_or_file_name(session, service, letter):
    job = a_job(session, letter, "November renewals.csv")
    by_post = sent(session, letter, to="A Person\n1 High Street, Leeds\nLS1 1AA")
    from_file = sent(session, letter, to="B Person\n2 Low Road\nYO1 1AA", job_id=job.id)
    assert _found(session, service, "high street leeds", "letter") == {by_post.id}
    assert _found(session, service, "november", "letter") == {from_file.id}
    assert _found(session, service, "november", "sms") == set()


def test_references_are_searched_only_when_the_service_has_api_keys(session, service, sms):
    with_reference = sent(session, sms, client_reference="invoice-7731")
    assert not search_terms.has_api_keys(session, service.id)
    assert _found(session, service, "7731", "sms") == set()
    an_api_key(session, service)
    assert search_terms.has_api_keys(session, service.id)
    assert _found(session, service, "INVOICE-7731", "sms", references=True) == {with_reference.id}
    assert search_terms.things_to_search_by("letter", True) == [
        "postal address",
        "file name",
        "reference",
    ]


def test_another_services_messages_never_match(session, service, sms):
    other = create_template(session, create_service(session, name="Elsewhere"))
    sent(session, other, to="07700 900123")
    assert _found(session, service, "07700 900123") == set()


def test_search_terms_are_kept_under_their_hash_for_this_service_only(backend, service):
    cache = make_cache(backend["settings"])
    digest = search_terms.remember_search(cache, service.id, "07700 900123")
    assert len(digest) == 128 and "07700" not in digest
    assert search_terms.recall_search(cache, service.id, digest) == "07700 900123"
    assert search_terms.recall_search(cache, uuid.uuid4(), digest) is None
    assert search_terms.recall_search(cache, service.id, "not-a-hash") is None


def test_pages_of_fifty_newest_first_continue_after_the_last_row(session, service, sms):
    # 120 messages, pairs sharing a timestamp, so the id has to settle the order.
    made = [sent(session, sms, created_at=NOW - timedelta(minutes=n // 2)).id for n in range(120)]
    with frozen(NOW):
        chosen = selection(service, "sms", session)
        first = search.notifications_page(session, chosen)
        second = search.notifications_page(session, chosen, older_than=first.older_than)
        third = search.notifications_page(session, chosen, older_than=second.older_than)
        back = search.notifications_page(session, chosen, newer_than=second.newer_than)
    pages = [_ids(first), _ids(second), _ids(third)]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert sorted(sum(pages, [])) == sorted(made)
    assert (first.newer_than, third.older_than) == (None, None)
    assert _ids(back) == _ids(first) and back.newer_than is None
    assert back.older_than == first.older_than


def test_recipients_are_shown_as_people_read_them():
    assert search.recipient_for_people("sms", "+447700900123", "447700900123") == "07700 900123"
    assert search.recipient_for_people("sms", "+33612345678", "33612345678") == "+33 6 12 34 56 78"
    assert search.recipient_for_people("letter", "A Person,\n1 Road\nLS1 1AA", None) == "A Person"
    assert search.recipient_for_people("email", "a@b.gov.uk", "a@b.gov.uk") == "a@b.gov.uk"
