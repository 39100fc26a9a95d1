"""Where the files sent by email are kept, already sealed with their own keys.

One interface, chosen by configuration. The embedded default keeps each file in its document's
row: a file is at most 2 MiB, is written once and read a few times, and so needs nothing else
installed and is backed up, replicated and deleted with the rest of the data. At scale
(`POSTROOM_S3_BUCKET`) the files go to S3-compatible object storage through boto3, and the
database keeps only what the pages need. The sealing is done before a file leaves Postroom, so
any S3-compatible store will do: no server-side encryption keys, and the store alone cannot
read the files either."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from postroom import runtime
from postroom.models import Document

DELETE_BATCH = 1000  # the most objects one S3 DeleteObjects request takes


class FileStorage(Protocol):
    def put(self, document: Document, sealed: bytes) -> None:
        """Keep `sealed` as `document`'s file (before the row is written)."""

    def get(self, document: Document) -> bytes: ...

    def delete(self, documents: Sequence[Document]) -> None:
        """Remove the files of `documents` (before their rows are deleted)."""


class InTheDatabase:
    def put(self, document: Document, sealed: bytes) -> None:
        document.content = sealed

    def get(self, document: Document) -> bytes:
        return document.content or b""

    def delete(self, documents: Sequence[Document]) -> None:
        """Nothing to do: the files go with their rows."""


class InObjectStorage:
    """One object a file, named `<service id>/<document id>` as Notify's are."""

    def __init__(self, bucket: str, endpoint_url: str | None) -> None:
        import boto3  # only installed where it is used: `pip install postroom[s3]`

        self.bucket = bucket
        self.s3 = boto3.client("s3", endpoint_url=endpoint_url)

    @staticmethod
    def name(document: Document) -> str:
        return f"{document.service_id}/{document.id}"

    def put(self, document: Document, sealed: bytes) -> None:
        document.content = None
        self.s3.put_object(Bucket=self.bucket, Key=self.name(document), Body=sealed)

    def get(self, document: Document) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=self.name(document))["Body"].read()

    def delete(self, documents: Sequence[Document]) -> None:
        for start in range(0, len(documents), DELETE_BATCH):
            batch = documents[start : start + DELETE_BATCH]
            self.s3.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": self.name(d)} for d in batch], "Quiet": True},
            )


@lru_cache(maxsize=4)
def _storage(bucket: str | None, endpoint_url: str | None) -> FileStorage:
    return InObjectStorage(bucket, endpoint_url) if bucket else InTheDatabase()


def file_storage() -> FileStorage:
    settings = runtime.settings()
    return _storage(settings.s3_bucket, settings.s3_endpoint_url)
