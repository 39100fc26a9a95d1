"""What every HTML page the web interface serves must be, checked on each page a test fetches:
it parses without a single HTML error, has a title and one `h1`, a CSRF token in every form
that posts, no id used twice, and no link or form that leads nowhere in the app.

html5lib parses as browsers do (the WHATWG algorithm) and lists every parse error it meets,
which is what "the HTML parses" means; Python's html.parser accepts anything."""

from __future__ import annotations

from collections import Counter
from os.path import isfile
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
from flask import Flask
from html5lib.constants import E as PARSE_ERRORS
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.security import safe_join

HTML = "{http://www.w3.org/1999/xhtml}"


def page_problems(page: str, app: Flask, url: str, site_hosts: set[str]) -> list[str]:
    """Everything wrong with `page`, served at `url` by `app` (whose addresses are
    `site_hosts`), one sentence each; none for a good page."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"))
    root = parser.parse(page)
    problems = [
        f"line {line}, column {column}: {PARSE_ERRORS.get(code, code) % (data or {})}"
        for (line, column), code, data in parser.errors
    ]
    title = root.find(f"{HTML}head/{HTML}title")
    if title is None or not "".join(title.itertext()).strip():
        problems.append("no title")
    headings = len(list(root.iter(f"{HTML}h1")))
    if headings != 1:
        problems.append(f"{headings} h1 elements, not one")
    problems += [f"id {value!r} used {n} times" for value, n in _ids(root).items() if n > 1]
    for form in root.iter(f"{HTML}form"):
        method = (form.get("method") or "get").upper()
        if method == "POST" and not _has_csrf_token(form):
            problems.append(f"a form posting to {form.get('action', url)!r} has no CSRF token")
        target = urljoin(url, form.get("action") or url)
        if _leads_nowhere(app, site_hosts, target, method):
            problems.append(f"a form's {method} to {target!r} matches no route")
    hrefs = (link.get("href") for link in root.iter(f"{HTML}a"))
    problems += [
        f"link to {href!r} leads nowhere"
        for href in hrefs
        if href
        and not href.startswith("#")
        and _leads_nowhere(app, site_hosts, urljoin(url, href), "GET")
    ]
    return problems


def _ids(root) -> Counter:
    return Counter(element.get("id") for element in root.iter() if element.get("id"))


def _has_csrf_token(form) -> bool:
    return any(
        field.get("name") == "csrf_token" and field.get("value")
        for field in form.iter(f"{HTML}input")
    )


def _leads_nowhere(app: Flask, site_hosts: set[str], url: str, method: str) -> bool:
    """Whether `url`, on this site, is neither a static file that exists nor a route of `app`
    for `method`. Other sites and schemes (mailto:, tel:) are not this check's business."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc not in site_hosts:
        return False
    path = unquote(parts.path)
    static = app.static_url_path + "/"
    if path.startswith(static):
        file = safe_join(app.static_folder, path.removeprefix(static))  # as Flask serves them
        return file is None or not isfile(file)
    try:
        app.url_map.bind(parts.netloc).match(path, method=method)
    except RequestRedirect:  # a rule that adds a trailing slash: it still gets there
        return False
    except (NotFound, MethodNotAllowed):
        return True
    return False
