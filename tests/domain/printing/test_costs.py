"""What a printed letter costs: its sheets (pages ÷ 2, rounded up) at its postage's rate, the
same in the API's cost fields and in the billing facts."""

from __future__ import annotations

from datetime import date

import pytest

from postroom import clock
from postroom.domain.reporting import billing, notification_costs, rates
from postroom.models import FactBilling, Notification
from tests.domain.printing.test_print_run import WINTER, local, run_print

SHEETS_OF = {1: 1, 2: 1, 3: 2, 10: 5}


@pytest.fixture
def europe_rates(session):
    for sheets, rate in enumerate((1.80, 1.84, 1.88, 1.92, 1.96), start=1):
        for crown in (True, False):
            rates.add_letter_rate(
                session,
                valid_from=date(2026, 1, 1),
                sheet_count=sheets,
                post_class="europe",
                rate=rate,
                crown=crown,
            )
    session.commit()


def test_sheets_are_half_the_pages_rounded_up():
    from postroom.domain.printing.print_run import sheets_of

    assert {pages: sheets_of(pages) for pages in SHEETS_OF} == SHEETS_OF
    assert sheets_of(0) == 0


def test_a_printed_letter_costs_its_sheets_at_its_postage_rate_in_the_api_and_the_bill(
    session, make_letter, letter_pdfs, folder_printer, europe_rates
):
    letter = make_letter(
        local(WINTER, 9),
        postage="europe",
        to="Jean Dupont\n1 rue de la Paix\nParis\nFrance",
        international=True,
        sheets=2,
    )
    run_print(local(WINTER, 17, 50))
    with clock.frozen(local(WINTER.replace(day=16), 15)):
        from postroom.tasks.printing import despatch_folder_letters

        despatch_folder_letters()
    session.expire_all()
    printed = session.get(Notification, letter.id)
    assert printed.status == "delivered"

    cost = notification_costs.costs_of(session, [printed])[printed.id]
    assert cost.cost_in_pounds == pytest.approx(1.84)
    assert cost.cost_details == {"billable_sheets_of_paper": 2, "postage": "europe"}

    billing.update_fact_billing(session, date(2026, 1, 14))
    (fact,) = session.query(FactBilling).filter_by(notification_type="letter").all()
    assert (fact.postage, fact.billable_units, fact.notifications_sent) == ("europe", 2, 1)
    assert fact.rate == pytest.approx(1.84)
