"""Where files are kept, already sealed: the files sent by email (each with its own key) and the
uploaded files of recipients that jobs are sent from.

One interface, chosen by configuration. The embedded default keeps each file in its row: a file
is at most a few megabytes, is written once and read a few times, and so needs nothing else
installed and is backed up, replicated and deleted with the rest of the data. At scale
(`POSTROOM_S3_BUCKET`) the files go to S3-compatible object storage through boto3, and the
database keeps only what the pages need. The sealing is done before a file leaves Postroom, so
any S3-compatible store will do: no server-side encryption keys, and the store alone cannot
read the files either."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from postroom import runtime

DELETE_BATCH = 1000  # the most objects one S3 DeleteObjects request takes


class StoredFile(Protocol):
    """The row a file belongs to: a `Document` or an `Upload`."""

    id: uuid.UUID
    service_id: uuid.UUID
    content: bytes | None


class FileStorage(Protocol):
    def put(self, row: StoredFile, sealed: bytes) -> None:
        """Keep `sealed` as `row`'s file (before the row is written)."""

    def get(self, row: StoredFile) -> bytes: ...

    def delete(self, rows: Sequence[StoredFile]) -> None:
        """Remove the files of `rows` (before the rows are deleted)."""


class InTheDatabase:
    def put(self, row: StoredFile, sealed: bytes) -> None:
        row.content = sealed

    def get(self, row: StoredFile) -> bytes:
        return row.content or b""

    def delete(self, rows: Sequence[StoredFile]) -> None:
        """Nothing to do: the files go with their rows."""


class InObjectStorage:
    """One object a file, named `<service id>/<row id>` as Notify's are."""

    def __init__(self, bucket: str, endpoint_url: str | None) -> None:
        import boto3  # only installed where it is used: `pip install postroom[s3]`

        self.bucket = bucket
        self.s3 = boto3.client("s3", endpoint_url=endpoint_url)

    @staticmethod
    def name(row: StoredFile) -> str:
        return f"{row.service_id}/{row.id}"

    def put(self, row: StoredFile, sealed: bytes) -> None:
        row.content = None
        self.s3.put_object(Bucket=self.bucket, Key=self.name(row), Body=sealed)

    def get(self, row: StoredFile) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=self.name(row))["Body"].read()

    def delete(self, rows: Sequence[StoredFile]) -> None:
        for start in range(0, len(rows), DELETE_BATCH):
            batch = rows[start : start + DELETE_BATCH]
            self.s3.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": self.name(row)} for row in batch], "Quiet": True},
            )


@lru_cache(maxsize=4)
def _storage(bucket: str | None, endpoint_url: str | None) -> FileStorage:
    return InObjectStorage(bucket, endpoint_url) if bucket else InTheDatabase()


def file_storage() -> FileStorage:
    settings = runtime.settings()
    return _storage(settings.s3_bucket, settings.s3_endpoint_url)
