"""Where files sent by email are kept: chosen by configuration."""

from __future__ import annotations

from postroom.config import load_settings
from postroom.infrastructure.file_storage import InTheDatabase, _storage


def test_the_embedded_default_keeps_files_in_the_database(tmp_path):
    settings = load_settings({"POSTROOM_DATA_DIR": str(tmp_path)})
    assert (settings.s3_bucket, settings.s3_endpoint_url) == (None, None)
    assert isinstance(_storage(settings.s3_bucket, settings.s3_endpoint_url), InTheDatabase)


def test_a_bucket_and_an_endpoint_are_read_from_the_environment(tmp_path):
    settings = load_settings(
        {
            "POSTROOM_DATA_DIR": str(tmp_path),
            "POSTROOM_S3_BUCKET": "postroom-files",
            "POSTROOM_S3_ENDPOINT_URL": "https://s3.example.internal",
        }
    )
    assert (settings.s3_bucket, settings.s3_endpoint_url) == (
        "postroom-files",
        "https://s3.example.internal",
    )
