"""URL converters both the API and the web interface route with."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from postroom.models.base import LARGEST_INTEGER


class VersionConverter(IntegerConverter):
    """A version number: 1 and up, and small enough for the database's integer column."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=LARGEST_INTEGER)


CONVERTERS = {"version": VersionConverter}
