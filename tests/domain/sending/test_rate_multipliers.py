from dataclasses import replace

import pytest

from postroom import runtime
from postroom.config import load_settings, parse_multipliers
from postroom.domain.sending.rate_multipliers import rate_multiplier


@pytest.fixture
def configured(monkeypatch):
    def configure(setting: str) -> None:
        multipliers = parse_multipliers(setting)
        settings = replace(runtime.settings(), sms_rate_multipliers=multipliers)
        monkeypatch.setattr(runtime, "_settings", settings)

    return configure


def test_uk_texts_cost_one(configured):
    configured("")
    assert rate_multiplier("44") == rate_multiplier(None) == 1.0


def test_defaults_by_country(configured):
    configured("")
    assert (rate_multiplier("33"), rate_multiplier("49"), rate_multiplier("1")) == (2, 4, 1)
    assert rate_multiplier("298") == 1.0  # not listed


def test_the_operators_rates_win(configured):
    configured("33=1.5, +49=3, *=2")
    assert (rate_multiplier("33"), rate_multiplier("49")) == (1.5, 3)
    assert rate_multiplier("298") == 2  # every other country
    assert rate_multiplier("91") == 3  # listed in the defaults


@pytest.mark.parametrize("setting", ["33", "x=2", "33=", "33=0", "33=-1"])
def test_bad_settings_are_refused_at_start(setting, tmp_path):
    with pytest.raises(ValueError):
        load_settings(
            {"POSTROOM_DATA_DIR": str(tmp_path), "POSTROOM_SMS_RATE_MULTIPLIERS": setting}
        )
