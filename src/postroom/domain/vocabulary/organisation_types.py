"""Organisation types and the daily limits a new (trial-mode) service of each type gets."""

from __future__ import annotations

from dataclasses import dataclass

CENTRAL = "central"
LOCAL = "local"
NHS_CENTRAL = "nhs_central"
NHS_LOCAL = "nhs_local"
NHS_GP = "nhs_gp"
EMERGENCY_SERVICE = "emergency_service"
SCHOOL_OR_COLLEGE = "school_or_college"
OTHER = "other"

ORGANISATION_TYPES = (
    CENTRAL,
    LOCAL,
    NHS_CENTRAL,
    NHS_LOCAL,
    NHS_GP,
    EMERGENCY_SERVICE,
    SCHOOL_OR_COLLEGE,
    OTHER,
)

# How the web interface names each type, in the order it offers them.
LABELS = {
    CENTRAL: "Central government",
    LOCAL: "Local government",
    NHS_CENTRAL: "NHS – central government agency or public body",
    NHS_LOCAL: "NHS Trust or Clinical Commissioning Group",
    NHS_GP: "GP practice",
    EMERGENCY_SERVICE: "Emergency service",
    SCHOOL_OR_COLLEGE: "School or college",
    OTHER: "Other public sector body",
}

# Crown bodies keep the default GOV.UK-style text message sender; others must change it.
CROWN_ORGANISATION_TYPES = (CENTRAL,)


@dataclass(frozen=True)
class DailyLimits:
    email: int
    sms: int
    letter: int
    international_sms: int


TRIAL_LIMITS = DailyLimits(email=50, sms=50, letter=50, international_sms=10)
# NHS GP practices may not send anything until live, so nothing goes out by accident.
GP_TRIAL_LIMITS = DailyLimits(email=0, sms=0, letter=0, international_sms=0)
# Once live, a service's limits are raised to these unless a platform admin sets others.
LIVE_LIMITS = DailyLimits(email=250_000, sms=250_000, letter=20_000, international_sms=100)


def trial_limits(organisation_type: str | None) -> DailyLimits:
    return GP_TRIAL_LIMITS if organisation_type == NHS_GP else TRIAL_LIMITS


# Free text message fragments a year, by organisation type, for a new service's first year.
DEFAULT_FREE_SMS_FRAGMENT_LIMITS = {
    CENTRAL: 40_000,
    LOCAL: 20_000,
    NHS_CENTRAL: 40_000,
    NHS_LOCAL: 20_000,
    NHS_GP: 10_000,
    EMERGENCY_SERVICE: 20_000,
    SCHOOL_OR_COLLEGE: 10_000,
    OTHER: 10_000,
    None: 10_000,
}
