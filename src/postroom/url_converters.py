"""URL converters both the API and the web interface route with."""

from __future__ import annotations

import base64
import binascii
import uuid

from werkzeug.routing import BaseConverter, IntegerConverter, ValidationError

from postroom.models.base import LARGEST_INTEGER


class VersionConverter(IntegerConverter):
    """A version number: 1 and up, and small enough for the database's integer column."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=LARGEST_INTEGER)


CONVERTERS = {"version": VersionConverter}


def uuid_to_base64(value: uuid.UUID) -> str:
    """A UUID in 22 URL-safe characters, as GOV.UK Notify's file links write them."""
    return bytes_to_base64(value.bytes)


def bytes_to_base64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).decode().rstrip("=")


def base64_to_bytes(text: str) -> bytes:
    """Raises ValueError for anything that is not URL-safe base64."""
    if not text or not all(c.isalnum() or c in "-_" for c in text):
        raise ValueError("not URL-safe base64")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError("not URL-safe base64") from error


class Base64UuidConverter(BaseConverter):
    def to_python(self, value: str) -> uuid.UUID:
        try:
            return uuid.UUID(bytes=base64_to_bytes(value))
        except ValueError as error:
            raise ValidationError() from error

    def to_url(self, value: uuid.UUID) -> str:
        return uuid_to_base64(value)


CONVERTERS["base64_uuid"] = Base64UuidConverter
