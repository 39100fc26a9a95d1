"""GOV.UK Notify's markdown subset, parsed once with mistune and written out as accessible HTML
(for the email body) or as plain text (for the text/plain part).

Supported: `#` and `##` headings, bulleted and numbered lists, `^` inset text, `---` rules,
links and bare URLs, paragraphs and line breaks. Everything else (emphasis, code, images, raw
HTML) is shown as the characters that were typed, never interpreted."""

from __future__ import annotations

import re
from html import escape

import mistune

_parse = mistune.create_markdown(renderer=None, plugins=["url"])
_INSET = re.compile(r"^\^ ?", re.MULTILINE)
# Markdown that Notify does not support is shown literally: escape what would trigger it,
# leaving alone what is escaped already.
_LITERAL = re.compile(r"(\\[!-/:-@\[-`{-~])|([*_`!<>\\])")
# What `sanitise_content_for` does to a value, as GOV.UK Notify does it: web addresses taken
# out (the same pattern that makes them links), then the characters markdown gives a meaning
# to escaped, which also breaks up a bare domain (`www\.example\.com`) so nothing links it.
_LINK = re.compile(r"""https?://[^\s<]+[^<.,:"')\]\s]""", re.IGNORECASE)
_MARKDOWN_CHARACTER = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|])")
_URL = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)
# Only links a recipient can safely follow become links; others stay as their text.
_SAFE_URL = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)

FONT = "font-family: Helvetica, Arial, sans-serif;"
STYLES = {
    "p": f"{FONT} font-size: 19px; line-height: 25px; margin: 0 0 20px 0; color: #0b0c0c;",
    "h2": f"{FONT} font-size: 27px; line-height: 35px; font-weight: 700; margin: 0 0 15px 0;",
    "h3": f"{FONT} font-size: 19px; line-height: 25px; font-weight: 700; margin: 0 0 10px 0;",
    "ul": "margin: 0 0 20px 0; padding: 0 0 0 20px; list-style-type: disc;",
    "ol": "margin: 0 0 20px 0; padding: 0 0 0 20px; list-style-type: decimal;",
    "li": f"{FONT} font-size: 19px; line-height: 25px; margin: 5px 0; color: #0b0c0c;",
    "blockquote": "border-left: 10px solid #b1b4b6; margin: 0 0 20px 0; padding: 15px 0 1px 15px;",
    "hr": "border: 0; height: 1px; background: #b1b4b6; margin: 30px 0;",
    "a": "color: #1d70b8; text-decoration: underline;",
}
LETTER_STYLES: dict[str, str] = {}  # a letter is styled by its style sheet


def _prepare(source: str) -> str:
    """Turn Notify's own syntax into markdown's and neutralise what Notify does not support."""
    lines = []
    for line in source.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("^"):
            line = "> " + _INSET.sub("", stripped)
        elif re.fullmatch(r"-{3,}|\*{3,}|_{3,}", stripped):
            line = "---"
        elif not re.match(r"\s*(?:[*+-]|\d+\.)\s", line) and not stripped.startswith("#"):
            line = _neutralise(line)
        lines.append(line)
    return "\n".join(lines)


def _neutralise(line: str) -> str:
    """Escape what would be unsupported markdown, but never inside a URL: an underscore in a
    link is part of its address."""
    pieces, last = [], 0
    for url in _URL.finditer(line):
        pieces.append(_escape_literals(line[last : url.start()]))
        pieces.append(url.group(0))
        last = url.end()
    pieces.append(_escape_literals(line[last:]))
    return "".join(pieces)


def _escape_literals(text: str) -> str:
    return _LITERAL.sub(lambda m: m.group(1) or "\\" + m.group(2), text)


def sanitise_value(value: str) -> str:
    """A personalisation value that can add no formatting and no links (the API's
    `sanitise_content_for`)."""
    return _MARKDOWN_CHARACTER.sub(r"\\\1", _LINK.sub("", value))


def parse(source: str) -> list[dict]:
    return _parse(_prepare(source))


def _style(styles: dict[str, str], tag: str) -> str:
    return f' style="{styles[tag]}"' if tag in styles else ""


def _link_html(token: dict, styles: dict[str, str]) -> str:
    text = _inline_html(token["children"], styles)
    url = token["attrs"]["url"]
    if not _SAFE_URL.match(url):
        return text
    if styles is LETTER_STYLES:  # paper has no links: a letter says where one goes
        return text if _inline_text(token["children"]) == url else f"{text}: {escape(url)}"
    return f'<a{_style(styles, "a")} href="{escape(url, quote=True)}">{text}</a>'


def _inline_html(tokens: list[dict], styles: dict[str, str]) -> str:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            out.append(escape(token["raw"]))
        elif kind == "link":
            out.append(_link_html(token, styles))
        elif kind in ("softbreak", "linebreak"):
            out.append("<br>")
        elif "children" in token:
            out.append(_inline_html(token["children"], styles))
        elif "raw" in token:
            out.append(escape(token["raw"]))
    return "".join(out)


def _blocks_html(tokens: list[dict], styles: dict[str, str]) -> str:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind == "paragraph":
            out.append(f"<p{_style(styles, 'p')}>{_inline_html(token['children'], styles)}</p>")
        elif kind == "heading":
            tag = "h2" if token["attrs"]["level"] == 1 else "h3"
            inner = _inline_html(token["children"], styles)
            out.append(f"<{tag}{_style(styles, tag)}>{inner}</{tag}>")
        elif kind == "list":
            tag = "ol" if token["attrs"]["ordered"] else "ul"
            items = "".join(
                f"<li{_style(styles, 'li')}>{_blocks_html(item['children'], styles)}</li>"
                for item in token["children"]
            )
            out.append(f'<{tag} role="list"{_style(styles, tag)}>{items}</{tag}>')
        elif kind == "block_text":
            out.append(_inline_html(token["children"], styles))
        elif kind == "block_quote":
            inner = _blocks_html(token["children"], styles)
            out.append(f"<blockquote{_style(styles, 'blockquote')}>{inner}</blockquote>")
        elif kind == "thematic_break":
            out.append(f"<hr{_style(styles, 'hr')}>")
        elif kind in ("block_code", "block_html"):
            out.append(f"<p{_style(styles, 'p')}>{escape(token.get('raw', ''))}</p>")
    return "".join(out)


def to_html(source: str | list[dict]) -> str:
    """The email body as HTML with inline styles (email clients ignore style sheets).
    `source` is markdown, or what `parse` made of it."""
    return _blocks_html(parse(source) if isinstance(source, str) else source, STYLES)


def to_letter_html(source: str) -> str:
    """A letter's body as HTML for print: no inline styles (the letter's style sheet sets them),
    links written out as where they go."""
    return _blocks_html(parse(source), LETTER_STYLES)


def _inline_text(tokens: list[dict]) -> str:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind == "link":
            text, url = _inline_text(token["children"]), token["attrs"]["url"]
            out.append(url if text == url else f"{text}: {url}")
        elif kind in ("softbreak", "linebreak"):
            out.append("\n")
        elif "children" in token:
            out.append(_inline_text(token["children"]))
        elif "raw" in token:
            out.append(token["raw"])
    return "".join(out)


def _blocks_text(tokens: list[dict]) -> list[str]:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            out.append(_inline_text(token["children"]))
        elif kind == "heading":
            heading = _inline_text(token["children"])
            out.append(f"{heading}\n{'-' * len(heading)}")
        elif kind == "list":
            ordered = token["attrs"]["ordered"]
            lines = [
                f"{f'{n}.' if ordered else '•'} " + "\n".join(_blocks_text(item["children"]))
                for n, item in enumerate(token["children"], start=1)
            ]
            out.append("\n".join(lines))
        elif kind == "block_quote":
            out.extend(_blocks_text(token["children"]))
        elif kind == "thematic_break":
            out.append("=" * 60)
        elif kind in ("block_code", "block_html"):
            out.append(token.get("raw", "").rstrip("\n"))
    return out


def to_plain_text(source: str | list[dict]) -> str:
    """The email body as plain text: the text/plain part, for clients that show no HTML."""
    tokens = parse(source) if isinstance(source, str) else source
    return "\n\n".join(block for block in _blocks_text(tokens) if block.strip())
