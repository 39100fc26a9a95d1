"""Postage: a letter abroad goes at its zone's rate (Royal Mail's Europe or the rest of the
world, from the country on its last line), and a day's letters are printed in postage order."""

from __future__ import annotations

from collections.abc import Sequence

from postroom.domain.vocabulary.notification_types import POSTAGE_TYPES

EUROPE, REST_OF_WORLD = "europe", "rest-of-world"
INTERNATIONAL = (EUROPE, REST_OF_WORLD)
# Royal Mail's Europe zone, by the names people write on envelopes.
EUROPEAN_COUNTRIES = frozenset(
    [
        "albania",
        "andorra",
        "armenia",
        "austria",
        "azerbaijan",
        "azores",
        "belarus",
        "belgium",
        "bosnia and herzegovina",
        "bulgaria",
        "canary islands",
        "croatia",
        "cyprus",
        "czech republic",
        "czechia",
        "denmark",
        "estonia",
        "faroe islands",
        "finland",
        "france",
        "georgia",
        "germany",
        "gibraltar",
        "greece",
        "greenland",
        "holland",
        "hungary",
        "iceland",
        "ireland",
        "italy",
        "kazakhstan",
        "kosovo",
        "kyrgyzstan",
        "latvia",
        "liechtenstein",
        "lithuania",
        "luxembourg",
        "madeira",
        "malta",
        "moldova",
        "monaco",
        "montenegro",
        "netherlands",
        "north macedonia",
        "norway",
        "poland",
        "portugal",
        "republic of ireland",
        "romania",
        "russia",
        "san marino",
        "serbia",
        "slovakia",
        "slovenia",
        "spain",
        "sweden",
        "switzerland",
        "tajikistan",
        "the netherlands",
        "turkey",
        "turkmenistan",
        "ukraine",
        "uzbekistan",
        "vatican city",
    ]
)
# The order a print run takes its letters in (and the printer sorts its post by).
PRINT_ORDER = {postage: n for n, postage in enumerate(POSTAGE_TYPES)}


def zone_of(country: str) -> str:
    """`europe` or `rest-of-world` for a letter to `country`."""
    return EUROPE if " ".join(country.lower().split()) in EUROPEAN_COUNTRIES else REST_OF_WORLD


def postage_for(chosen: str | None, address_lines: Sequence[str], international: bool) -> str:
    """The postage a letter goes at: the one chosen within the UK, its zone's abroad."""
    if international:
        return zone_of(address_lines[-1])
    return chosen or "second"
