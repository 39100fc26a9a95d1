import pytest

from postroom.providers.base import Outcome, OutgoingEmail, OutgoingSms
from postroom.providers.simulated import SimulatedEmailProvider, SimulatedSmsProvider


@pytest.mark.parametrize(
    ("to", "outcome"),
    [
        ("someone@example.gov.uk", Outcome.DELIVERED),
        ("perm-fail@simulator.notify", Outcome.UNDELIVERABLE),
        ("TEMP-FAIL@simulator.notify", Outcome.NOT_DELIVERED),
    ],
)
def test_simulated_email_outcomes(to, outcome):
    receipts = []
    reference = SimulatedEmailProvider(receipts.append).send_email(
        OutgoingEmail("id", "a@b.c", "A", to, "s", "t", "<p>t</p>")
    )
    assert [(r.reference, r.outcome) for r in receipts] == [(reference, outcome)]


@pytest.mark.parametrize(
    ("to", "outcome"),
    [
        ("447700900123", Outcome.DELIVERED),
        ("447700900002", Outcome.UNDELIVERABLE),
        ("447700900003", Outcome.NOT_DELIVERED),
    ],
)
def test_simulated_sms_outcomes(to, outcome):
    receipts = []
    SimulatedSmsProvider(receipts.append).send_sms(OutgoingSms("id", to, "POSTROOM", "hi"))
    assert [r.outcome for r in receipts] == [outcome]
