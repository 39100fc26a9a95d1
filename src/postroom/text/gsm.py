"""The GSM 03.38 alphabet, as SMSCs take it in SMPP: one septet a byte, unpacked, with the
extension characters written as the escape septet and a second septet."""

from __future__ import annotations

ESCAPE = 0x1B
# Septet values 0x00-0x7F in order; 0x1B is the escape to the extension table.
BASIC_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
EXTENSION_TABLE = {
    "\f": 0x0A,
    "^": 0x14,
    "{": 0x28,
    "}": 0x29,
    "\\": 0x2F,
    "[": 0x3C,
    "~": 0x3D,
    "]": 0x3E,
    "|": 0x40,
    "€": 0x65,
}
BASIC = {char: septet for septet, char in enumerate(BASIC_TABLE) if septet != ESCAPE}
EXTENDED = {char for char in EXTENSION_TABLE if char != "\f"}
_FROM_EXTENSION = {septet: char for char, septet in EXTENSION_TABLE.items()}


def septets(char: str) -> int:
    """How many septets `char` takes: two for the extension characters."""
    return 2 if char in EXTENSION_TABLE else 1


def encode(text: str) -> bytes:
    """`text`, every character of which is in the GSM alphabet, as unpacked septets."""
    out = bytearray()
    for char in text:
        if char in BASIC:
            out.append(BASIC[char])
        elif char in EXTENSION_TABLE:
            out += bytes((ESCAPE, EXTENSION_TABLE[char]))
        else:
            raise ValueError(f"{char!r} is not in the GSM alphabet")
    return bytes(out)


def decode(data: bytes) -> str:
    """Unpacked septets to text; an unknown extension septet reads as a space, as handsets do."""
    chars = []
    escaped = False
    for byte in data:
        septet = byte & 0x7F
        if escaped:
            chars.append(_FROM_EXTENSION.get(septet, " "))
            escaped = False
        elif septet == ESCAPE:
            escaped = True
        else:
            chars.append(BASIC_TABLE[septet])
    return "".join(chars)
