import pytest

from postroom.providers.base import OutgoingEmail, OutgoingSms
from postroom.providers.simulated import SimulatedEmailProvider, SimulatedSmsProvider


@pytest.mark.parametrize(
    ("to", "status"),
    [
        ("someone@example.gov.uk", "delivered"),
        ("perm-fail@simulator.notify", "permanent-failure"),
        ("TEMP-FAIL@simulator.notify", "temporary-failure"),
    ],
)
def test_simulated_email_outcomes(to, status):
    receipts = []
    reference = SimulatedEmailProvider(receipts.append).send_email(
        OutgoingEmail("id", "a@b.c", "A", to, "s", "t", "<p>t</p>")
    )
    assert [(r.reference, r.status) for r in receipts] == [(reference, status)]


@pytest.mark.parametrize(
    ("to", "status"),
    [
        ("447700900123", "delivered"),
        ("447700900002", "permanent-failure"),
        ("447700900003", "temporary-failure"),
    ],
)
def test_simulated_sms_outcomes(to, status):
    receipts = []
    SimulatedSmsProvider(receipts.append).send_sms(OutgoingSms("id", to, "POSTROOM", "hi"))
    assert [r.status for r in receipts] == [status]
