"""What a text message to another country costs, in UK text messages: its rate multiplier,
captured when the message is accepted so that later changes of rate never rewrite history.

The defaults are GOV.UK Notify's published multipliers for the commonest destinations, by
country calling code; countries not listed cost one. An operator whose SMS contract prices
differently sets POSTROOM_SMS_RATE_MULTIPLIERS ("33=2,49=4,*=2"), which wins over the defaults;
`*` is for countries neither named there nor listed here."""

from __future__ import annotations

from postroom import runtime
from postroom.config import OTHER_COUNTRIES

UK_CALLING_CODE = "44"
DEFAULT_MULTIPLIERS: dict[str, float] = {
    "1": 1, "7": 4, "20": 3, "27": 2, "30": 2, "31": 3, "32": 3, "33": 2, "34": 2, "36": 3,
    "39": 2, "40": 2, "41": 2, "43": 3, "44": 1, "45": 2, "46": 2, "47": 3, "48": 2, "49": 4,
    "51": 2, "52": 2, "53": 2, "54": 3, "55": 2, "56": 1, "57": 1, "58": 2, "60": 1, "61": 2,
    "62": 2, "63": 1, "64": 3, "65": 1, "66": 2, "81": 3, "82": 2, "84": 2, "86": 2, "90": 2,
    "91": 3, "92": 2, "93": 3,
}  # fmt: skip


def rate_multiplier(calling_code: str | None) -> float:
    """The multiplier for a text to a number with this country calling code (None: the UK)."""
    code = calling_code or UK_CALLING_CODE
    configured = runtime.settings().sms_rate_multipliers
    if code in configured:
        return configured[code]
    if code in DEFAULT_MULTIPLIERS:
        return float(DEFAULT_MULTIPLIERS[code])
    return configured.get(OTHER_COUNTRIES, 1.0)
