"""The monthly, template usage and usage pages: real numbers from the fact tables and today's
rows, the financial years on offer, who may see them, and never another service's data."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import pytest

from postroom.clock import frozen
from postroom.domain.reporting import billing, rates
from postroom.domain.reporting.statistics import update_fact_notification_status
from postroom.domain.services.team import add_user_to_service
from postroom.domain.vocabulary import permissions
from postroom.models import AnnualBilling
from tests.factories import create_notification, create_service, create_template, create_user
from tests.web.conftest import PASSWORD

NOW = datetime(2024, 6, 15, 12)  # financial year 2024 to 2025, in June


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _part(page: str, marker: str, end: str) -> str:
    """The text inside the element carrying `marker`, up to the next `end`."""
    assert marker in page, marker
    inside = page.split(marker, 1)[1].split(">", 1)[1]
    return _text(inside.split(end, 1)[0])


def _send(session, template, at: datetime, statuses: list[str], **kwargs) -> None:
    for status in statuses:
        create_notification(session, template, status=status, created_at=at, **kwargs)


def _facts(session, *days: date) -> None:
    for day in days:
        update_fact_notification_status(session, day)
        billing.update_fact_billing(session, day)
    session.commit()


@pytest.fixture
def own_service(session, member):
    service = create_service(session, user=member, name="Our service")
    session.commit()
    return service


def test_monthly_page_shows_failure_rate_and_warns_above_three_percent(
    session, own_service, signed_in
):
    email = create_template(session, own_service, template_type="email")
    sms = create_template(session, own_service, template_type="sms")
    _send(session, email, datetime(2024, 5, 3, 9), ["delivered"] * 3 + ["permanent-failure"])
    _send(session, sms, datetime(2024, 5, 3, 9), ["delivered"] * 40)
    _send(session, sms, datetime(2024, 5, 3, 9), ["temporary-failure"])
    _facts(session, date(2024, 5, 3))
    with frozen(NOW):
        _send(session, sms, datetime(2024, 6, 15, 9), ["delivered", "sending"])  # today
        page = signed_in.page(f"/services/{own_service.id}/monthly")
    may = page.split('data-month="2024-05"', 1)[1].split("</section>", 1)[0]
    email_row = _part(may, 'data-type="email"', "</tr>")
    assert email_row == "Emails 4 3 1 25.0% Over 3% failed"
    sms_row = _part(may, 'data-type="sms"', "</tr>")
    assert sms_row == "Text messages 41 40 1 2.4%"  # 2.4% is not above 3%
    assert _part(page, 'data-month="2024-06"', "</section>").startswith(
        "June 2024 Messages sent in June 2024 Message type Requested Delivered Failed Failure "
        "rate Emails 0 0 0 0.0% Text messages 2 1 0 0.0%"
    )
    assert "No messages sent" in _part(page, 'data-month="2024-04"', "</section>")
    assert 'data-month="2024-07"' not in page  # future months are not shown
    # Most recent month first.
    assert page.index('data-month="2024-06"') < page.index('data-month="2024-04"')


def test_financial_years_on_offer_are_this_one_and_two_before(session, own_service, signed_in):
    email = create_template(session, own_service, template_type="email")
    _send(session, email, datetime(2023, 4, 1, 9), ["delivered"])  # first day of 2023 to 2024
    _send(session, email, datetime(2023, 3, 31, 9), ["delivered"])  # the year before
    _facts(session, date(2023, 4, 1), date(2023, 3, 31))
    base = f"/services/{own_service.id}/monthly"
    with frozen(NOW):
        page = signed_in.page(base)
        assert _part(page, "data-years", "</ul>") == (
            "2024 to 2025 financial year 2023 to 2024 financial year 2022 to 2023 financial year"
        )
        assert 'aria-current="page" data-year="2024"' in page
        assert f'href="{base}?year=2023"' in page and f'href="{base}?year=2022"' in page
        last_year = signed_in.page(f"{base}?year=2023")
        assert last_year.count("data-month=") == 12
        assert _part(last_year, 'data-month="2023-04"', "</section>").split("Emails ")[1][:7] == (
            "1 1 0 0"
        )
        for year in ("2021", "2025", "next", "-1"):
            assert signed_in.get(f"{base}?year={year}").status_code == 404, year


def test_template_usage_sorts_templates_by_use_with_bars(session, own_service, signed_in):
    popular = create_template(session, own_service, name="Popular reminder")
    quiet = create_template(session, own_service, name="Quiet notice", template_type="email")
    withdrawn = create_template(
        session, own_service, name="Withdrawn letter", template_type="letter"
    )
    _send(session, popular, datetime(2024, 5, 3, 9), ["delivered"] * 3 + ["permanent-failure"])
    _send(session, quiet, datetime(2024, 5, 4, 9), ["delivered"])
    _send(session, withdrawn, datetime(2024, 5, 4, 9), ["cancelled"] * 10)
    _facts(session, date(2024, 5, 3), date(2024, 5, 4))
    with frozen(NOW):
        page = signed_in.page(f"/services/{own_service.id}/template-usage?year=2024")
    may = page.split('data-month="2024-05"', 1)[1].split("</section>", 1)[0]
    assert _part(may, "<tbody", "</tbody>") == (
        "Popular reminder Text message template 4 Quiet notice Email template 1"
    )
    assert "Withdrawn letter" not in page  # only cancelled
    assert 'style="width: 100.0%"' in may and 'style="width: 25.0%"' in may
    assert 'data-month="2024-06"' not in page  # nothing used yet this month
    assert 'class="postroom-bar" aria-hidden="true"' in may


def test_template_usage_says_when_no_template_was_used(session, own_service, signed_in):
    with frozen(NOW):
        page = signed_in.page(f"/services/{own_service.id}/template-usage?year=2023")
    assert _part(page, "data-empty", "</p>") == (
        "No templates were used in the 2023 to 2024 financial year."
    )


@pytest.fixture
def priced(session):
    rates.add_sms_rate(session, date(2024, 4, 1), 0.0197)
    for post_class, rate in (("second", 0.54), ("first", 0.78), ("europe", 1.4)):
        rates.add_letter_rate(
            session, valid_from=date(2024, 4, 1), sheet_count=1, post_class=post_class,
            crown=True, rate=rate,
        )  # fmt: skip
    session.commit()


def test_usage_page_shows_allowance_fragments_cost_and_letters(
    session, own_service, signed_in, priced
):
    session.query(AnnualBilling).delete()
    session.add(
        AnnualBilling(
            service_id=own_service.id, financial_year_start=2024, free_sms_fragment_limit=100
        )
    )
    sms = create_template(session, own_service, template_type="sms")
    email = create_template(session, own_service, template_type="email")
    letter = create_template(session, own_service, template_type="letter")
    _send(session, sms, datetime(2024, 5, 3, 9), ["delivered"] * 30, billable_units=3)  # 90
    _send(session, email, datetime(2024, 5, 3, 9), ["delivered"] * 7)
    for postage, count in (("second", 3), ("first", 1), ("europe", 2)):
        for _ in range(count):
            create_notification(
                session, letter, status="accepted", created_at=datetime(2024, 5, 3, 9)
            ).postage = postage
    session.commit()
    _facts(session, date(2024, 5, 3))
    with frozen(NOW):
        _send(session, sms, datetime(2024, 6, 15, 9), ["sending"] * 20, billable_units=1)  # today
        page = signed_in.page(f"/services/{own_service.id}/usage")
    assert _part(page, 'data-usage="sms"', "</ul>") == (
        "Text messages 100 free allowance 110 sent 0 free allowance remaining £0.20 spent"
    )
    assert _part(page, 'data-usage="email"', "</ul>") == "Emails 7 sent Emails are free"
    assert _part(page, 'data-usage="letter"', "</ul>") == "Letters 6 sent £5.20 spent"
    assert _part(page, "data-letter-postage", "</table>") == (
        "Postage Rate Letters Cost First class 78p 1 £0.78 Second class 54p 3 £1.62 "
        "International £1.40 2 £2.80"
    )
    assert _part(page, 'data-month="2024-06"', "</tr>") == (
        "June 2024 10 free 10 at 1.97p 0 0 £0.20"
    )
    assert _part(page, 'data-month="2024-05"', "</tr>") == (
        "May 2024 90 free 7 1 first class at 78p 3 second class at 54p 2 international at £1.40 "
        "£5.20"
    )
    assert 'data-month="2024-07"' not in page


def test_usage_is_in_the_service_navigation_for_those_who_manage_it(
    session, own_service, signed_in
):
    page = signed_in.page(f"/services/{own_service.id}/usage")
    assert f'href="/services/{own_service.id}/usage" aria-current="page">Usage</a>' in page
    assert f'href="/services/{own_service.id}/usage"' in signed_in.page(
        f"/services/{own_service.id}/monthly"
    )


def _colleague(session, service, ui_permissions: set[str]):
    user = create_user(session, name="Colleague", password=PASSWORD)
    add_user_to_service(session, service, user, permissions.to_database(ui_permissions))
    session.commit()
    return user


@pytest.mark.parametrize(
    ("held", "monthly", "usage"),
    [
        (set(), 403, 403),
        ({"send_messages"}, 403, 403),
        ({"view_activity"}, 200, 403),
        ({"manage_service"}, 403, 200),
    ],
)
def test_pages_need_their_permissions(session, web, own_service, held, monthly, usage):
    colleague = _colleague(session, own_service, held)
    web.sign_in(colleague)
    base = f"/services/{own_service.id}"
    assert web.get(f"{base}/monthly").status_code == monthly
    assert web.get(f"{base}/template-usage").status_code == monthly
    assert web.get(f"{base}/usage").status_code == usage
    navigation = web.get(f"/services/{own_service.id}/templates").get_data(as_text=True)
    assert (f'href="{base}/usage"' in navigation) == (usage == 200)


def test_another_services_messages_never_show(session, own_service, signed_in, priced):
    other = create_service(session, name="Their service")
    theirs = create_template(session, other, name="Their template")
    _send(session, theirs, datetime(2024, 5, 3, 9), ["permanent-failure"] * 5, billable_units=2)
    _facts(session, date(2024, 5, 3))
    with frozen(NOW):
        _send(session, theirs, datetime(2024, 6, 15, 9), ["delivered"] * 5)
        base = f"/services/{own_service.id}"
        monthly = signed_in.page(f"{base}/monthly")
        usage = signed_in.page(f"{base}/usage")
        templates = signed_in.page(f"{base}/template-usage")
    assert "No messages sent" in _part(monthly, 'data-month="2024-05"', "</section>")
    assert "No messages sent" in _part(monthly, 'data-month="2024-06"', "</section>")
    assert (
        _part(usage, 'data-usage="sms"', "</ul>").split(" free allowance ")[1].startswith("0 sent")
    )
    assert "Their template" not in templates and "data-empty" in templates
