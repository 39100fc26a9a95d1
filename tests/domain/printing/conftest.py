"""Letters waiting to print, their PDFs (small real ones, until the renderer makes them), and
the printers they go to."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfWriter

from postroom.domain.letters import pdfs
from postroom.providers.print_folder import FolderPrintProvider
from postroom.tasks import printing as printing_tasks
from tests.factories import create_notification, create_template

A4_POINTS = (595.28, 841.89)
ADDRESS = "A Person\n1 High Street\nLondon\nSW1A 1AA"


def pdf_of(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(*A4_POINTS)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def letter_pdfs(monkeypatch):
    """Each letter's PDF as it was last made: as many pages as it has sheets × 2."""
    made: dict = {}

    def pdf_for(_session, notification):
        made[notification.id] = pdf_of(notification.billable_units * 2)
        return made[notification.id]

    monkeypatch.setattr(pdfs, "pdf_for", pdf_for)
    return made


@pytest.fixture
def letter_template(session, service):
    return create_template(session, service, template_type="letter", content="Dear ((name))")


@pytest.fixture
def make_letter(session, letter_template):
    def make(
        created_at: datetime,
        *,
        postage: str = "second",
        to: str = ADDRESS,
        sheets: int = 1,
        key_type: str = "normal",
        status: str = "created",
        international: bool = False,
    ):
        notification = create_notification(
            session,
            letter_template,
            status=status,
            created_at=created_at,
            key_type=key_type,
            to=to,
            billable_units=sheets,
        )
        notification.postage, notification.international = postage, international
        session.commit()
        return notification

    return make


@pytest.fixture
def folder_printer(monkeypatch, tmp_path):
    printer = FolderPrintProvider(tmp_path / "print")
    monkeypatch.setattr(printing_tasks, "provider", lambda: printer)
    return printer


@pytest.fixture
def http_printer(monkeypatch, print_service):
    monkeypatch.setattr(printing_tasks, "provider", lambda: print_service["provider"])
    return print_service
