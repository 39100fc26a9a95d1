"""Where the files sent by email are kept, already sealed with their own keys.

One interface, chosen by configuration. The embedded default keeps each file in its document's
row: a file is at most 2 MiB, is written once and read a few times, and so needs nothing else
installed and is backed up, replicated and deleted with the rest of the data. Object storage at
scale (S3-compatible, through boto3) takes the files out of the database; the sealing is done
before they leave Postroom, so any S3-compatible store will do, with no server-side keys."""

from __future__ import annotations

from typing import Protocol

from postroom.models import Document


class FileStorage(Protocol):
    def put(self, document: Document, sealed: bytes) -> None:
        """Keep `sealed` as `document`'s file (before the row is written)."""

    def get(self, document: Document) -> bytes: ...


class InTheDatabase:
    def put(self, document: Document, sealed: bytes) -> None:
        document.content = sealed

    def get(self, document: Document) -> bytes:
        return document.content or b""


def file_storage() -> FileStorage:
    return InTheDatabase()
