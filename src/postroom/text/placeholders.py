"""Placeholders: `((name))`, conditionals `((name??text))`, and filling them in.

Names match ignoring case, spaces, underscores and hyphens, as GOV.UK Notify's do, so
`((First name))` is filled by `first_name` or `FIRSTNAME`."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")
_IGNORED_IN_NAMES = str.maketrans("", "", " _-\t\n")
# Values that show a conditional's text.
_TRUTHY = {"yes", "y", "true", "t", "1", "include", "show"}


def normalise_name(name: str) -> str:
    return name.translate(_IGNORED_IN_NAMES).lower()


@dataclass(frozen=True)
class Placeholder:
    body: str  # what is between the brackets

    @property
    def is_conditional(self) -> bool:
        return "??" in self.body

    @property
    def name(self) -> str:
        return self.body.split("??", 1)[0].strip()

    @property
    def conditional_text(self) -> str:
        return self.body.split("??", 1)[1]

    @functools.cached_property
    def key(self) -> str:
        return normalise_name(self.name)


@functools.lru_cache(maxsize=4096)
def parse_placeholder(body: str) -> Placeholder:
    """Parsed once per distinct placeholder: listing messages fills the same few thousands of
    times."""
    return Placeholder(body)


@functools.lru_cache(maxsize=1024)
def _placeholders_of(text: str) -> tuple[tuple[str, str], ...]:
    found = (parse_placeholder(m.group(1)) for m in PLACEHOLDER.finditer(text))
    return tuple((p.key, p.name) for p in found)


def placeholders_in(*texts: str | None) -> list[str]:
    """The names of the placeholders in `texts`, first appearance first, each name once."""
    seen: dict[str, str] = {}
    for text in texts:
        for key, name in _placeholders_of(text or ""):
            seen.setdefault(key, name)
    return list(seen.values())


def normalise_values(values: Mapping[str, object] | None) -> dict[str, object]:
    return {normalise_name(str(k)): v for k, v in (values or {}).items()}


def missing_placeholders(texts: list[str | None], values: Mapping[str, object] | None) -> list[str]:
    """Names in `texts` with no value (None counts as missing), in order of appearance."""
    given = {k for k, v in normalise_values(values).items() if v is not None}
    return [name for name in placeholders_in(*texts) if normalise_name(name) not in given]


def fill(
    text: str,
    values: Mapping[str, object] | None,
    *,
    format_value: Callable[[object], str],
    keep_missing: bool = True,
) -> str:
    """Replace each placeholder with its value formatted by `format_value` (which escapes or
    formats lists as the message type needs). Missing values stay as `((name))` so a preview
    shows where they go, unless `keep_missing` is False."""
    normalised = normalise_values(values)

    def replace(match: re.Match) -> str:
        placeholder = parse_placeholder(match.group(1))
        value = normalised.get(placeholder.key)
        if value is None:
            return match.group(0) if keep_missing else ""
        if placeholder.is_conditional:
            shown = str(value).strip().lower() in _TRUTHY
            return placeholder.conditional_text if shown else ""
        return format_value(value)

    return PLACEHOLDER.sub(replace, text)


def format_list_inline(items: list) -> str:
    """`a, b and c`: how a list reads in a text message or a subject line."""
    words = [str(item) for item in items if item not in (None, "")]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def format_list_markdown(items: list) -> str:
    """A bulleted list, on its own lines, for the body of an email or a letter."""
    words = [str(item) for item in items if item not in (None, "")]
    return "\n\n" + "\n".join(f"* {w}" for w in words) + "\n\n" if words else ""
