"""Text messages: sanitising to what phones show reliably, encoding and counting fragments.

A message is sent in GSM-7 (160 characters in one fragment, 153 in each of several) when every
character is in the GSM alphabet, with the extension characters (`^{}[]~|€\\`) counting twice;
otherwise in UCS-2 (70, then 67 a fragment). Characters with a plain GSM equivalent (curly quotes,
dashes, non-breaking spaces, most accented letters) are replaced by it first so that messages stay
cheap; Welsh accented letters are kept, and make the message unicode."""

from __future__ import annotations

import math
import unicodedata

from postroom.text import gsm

GSM_BASIC = set(gsm.BASIC)
GSM_EXTENDED = gsm.EXTENDED
GSM_CHARACTERS = GSM_BASIC | GSM_EXTENDED
# Welsh letters with a circumflex or grave that have no GSM equivalent: kept (unicode).
WELSH_DIACRITICS = set("âêîôûŵŷÂÊÎÔÛŴŶàèìòùẁỳÀÈÌÒÙẀỲáéíóúẃýÁÉÍÓÚẂÝäëïöüẅÿÄËÏÖÜẄŸ")

REPLACEMENTS = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark (and apostrophe)
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # ellipsis
    "\u2022": "-",  # bullet
    "\u00a0": " ",  # non-breaking space
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\t": " ",
    "\u00ab": '"',
    "\u00bb": '"',
    "\u00b4": "'",
    "`": "'",
    # Letters that have no decomposition to a base letter.
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Œ": "OE",
    "œ": "oe",
    "ı": "i",
    "Þ": "Th",
    "þ": "th",
    "ð": "d",
}
# Invisible characters that only cause trouble: dropped.
REMOVED = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

GSM_SINGLE, GSM_MULTI = 160, 153
UNICODE_SINGLE, UNICODE_MULTI = 70, 67


def _downgrade(char: str) -> str:
    if char in GSM_CHARACTERS or char in WELSH_DIACRITICS:
        return char
    if char in REMOVED:
        return ""
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    # An accented letter without a GSM form becomes its base letter (ć to c), if that is GSM.
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(c in GSM_CHARACTERS for c in base):
        return base
    return char


def sanitise(content: str) -> str:
    """The message as it will be sent: GSM equivalents swapped in where they exist."""
    return "".join(_downgrade(c) for c in content)


def is_unicode(content: str) -> bool:
    return any(c not in GSM_CHARACTERS for c in content)


def encoded_length(content: str) -> int:
    """Characters as the network counts them: GSM extension characters take two."""
    if is_unicode(content):
        return len(content)
    return len(content) + sum(1 for c in content if c in GSM_EXTENDED)


def fragment_count(content: str) -> int:
    """How many fragments (billable units) the sanitised `content` takes."""
    length = encoded_length(content)
    single, multi = (
        (UNICODE_SINGLE, UNICODE_MULTI) if is_unicode(content) else (GSM_SINGLE, GSM_MULTI)
    )
    if length <= single:
        return 1
    return math.ceil(length / multi)


def fragments(content: str) -> list[str]:
    """The sanitised `content` cut into the parts a multi-part message is sent in, never cutting
    a GSM extension character's two septets apart."""
    unicode = is_unicode(content)
    single, multi = (UNICODE_SINGLE, UNICODE_MULTI) if unicode else (GSM_SINGLE, GSM_MULTI)
    if encoded_length(content) <= single:
        return [content]
    parts, current, used = [], [], 0
    for char in content:
        size = 1 if unicode else gsm.septets(char)
        if used + size > multi:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    parts.append("".join(current))
    return parts
