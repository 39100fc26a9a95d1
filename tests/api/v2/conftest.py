"""Fixtures for the public API's tests."""

# The official clients' email template, ahead of the jobs tests' fixture of the same name (a
# plugin too, tests/fixtures/job_files.py, registered after it).
from tests.fixtures.official_client import email_template  # noqa: F401
