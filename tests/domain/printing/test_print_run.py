"""The print run on the folder provider: which letters it takes (the 5:30pm cut-off, live keys,
sheets counted), in postage order, the day's folder of PDFs and its manifest, the statuses, and
the simulated printer's despatch."""

from __future__ import annotations

from datetime import datetime

import pytest

from postroom import clock
from postroom.domain.letters import pdfs
from postroom.domain.printing import print_days
from postroom.domain.vocabulary.dates import to_utc
from postroom.models import Notification, NotificationStatusEvent
from postroom.providers.print_folder import read_manifest
from postroom.tasks import printing as printing_tasks

# A Wednesday in winter (London is on UTC) and one in summer (UTC+1).
WINTER, SUMMER = datetime(2026, 1, 14), datetime(2026, 6, 10)


def local(day: datetime, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return to_utc(day.replace(hour=hour, minute=minute, second=second))


def run_print(at: datetime) -> int:
    with clock.frozen(at):
        return printing_tasks.print_letters()


@pytest.mark.parametrize("day", [WINTER, SUMMER])
def test_a_letter_before_half_past_five_goes_in_that_evenings_run_and_one_after_in_the_next(
    session, make_letter, letter_pdfs, folder_printer, day
):
    before = make_letter(local(day, 17, 29, 59))
    after = make_letter(local(day, 17, 30))

    assert print_days.print_day(before.created_at) == day.date()
    assert print_days.print_day(after.created_at) == day.replace(day=day.day + 1).date()
    assert run_print(local(day, 17, 50)) == 1
    session.expire_all()
    assert (before.status, after.status) == ("sending", "created")

    assert run_print(local(day.replace(day=day.day + 1), 17, 50)) == 1
    session.expire_all()
    assert after.status == "sending"


def test_the_run_prints_in_postage_order_into_the_days_folder_with_a_manifest(
    session, make_letter, letter_pdfs, folder_printer
):
    made = {
        postage: make_letter(local(WINTER, 9, minute), postage=postage, sheets=minute + 1)
        for minute, postage in enumerate(["rest-of-world", "economy", "second", "europe", "first"])
    }
    made["europe"].to = "Jean Dupont\n1 rue de la Paix\nParis\nFrance"
    session.commit()

    run_print(local(WINTER, 17, 50))

    folder = folder_printer.root / "2026-01-14"
    rows = read_manifest(folder)
    assert [row["postage"] for row in rows] == [
        "first",
        "second",
        "economy",
        "europe",
        "rest-of-world",
    ]
    session.expire_all()
    for row in rows:
        letter = made[row["postage"]]
        assert len(letter.reference) == 16 and letter.reference.isalnum()
        assert letter.reference == letter.reference.upper()
        code = {"first": "1", "second": "2", "economy": "ECONOMY", "europe": "E"}.get(
            row["postage"], "N"
        )
        name = f"NOTIFY.{letter.reference}.D.{code}.C.{letter.created_at:%Y%m%d%H%M%S}.PDF"
        assert row == {
            "reference": letter.reference,
            "postage": letter.postage,
            "pages": str(letter.billable_units * 2),
            "sheets": str(letter.billable_units),
            "address": ", ".join(letter.to.splitlines()),
            "file_name": name,
        }
        assert (folder / name).read_bytes() == letter_pdfs[letter.id]
        assert letter.status == "sending"
        assert letter.sent_by == "folder"
        assert letter.sent_at == local(WINTER, 17, 50)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [row["file_name"] for row in rows] + ["manifest.csv"]
    )


def test_a_letter_printed_twice_is_in_the_folder_and_manifest_once(
    session, make_letter, letter_pdfs, folder_printer
):
    letter = make_letter(local(WINTER, 9))
    run_print(local(WINTER, 17, 50))
    session.expire_all()
    letter.status = "created"  # as if the run's task came again before it was marked sent
    session.commit()

    run_print(local(WINTER, 18, 50))

    rows = read_manifest(folder_printer.root / "2026-01-14")
    assert [row["reference"] for row in rows] == [letter.reference]


def test_test_keys_letters_are_delivered_without_printing_and_unready_ones_wait(
    session, make_letter, letter_pdfs, folder_printer
):
    test_letter = make_letter(local(WINTER, 9), key_type="test")
    team_letter = make_letter(local(WINTER, 9), key_type="team")
    no_pdf_yet = make_letter(local(WINTER, 9), sheets=0)
    no_postage = make_letter(local(WINTER, 9), postage=None)
    cancelled = make_letter(local(WINTER, 9), status="cancelled")

    assert run_print(local(WINTER, 17, 50)) == 0

    session.expire_all()
    assert test_letter.status == "delivered"
    assert [n.status for n in (team_letter, no_pdf_yet, no_postage, cancelled)] == [
        "created",
        "created",
        "created",
        "cancelled",
    ]
    assert not folder_printer.root.exists()


def test_a_run_started_before_the_cut_off_prints_the_day_befores_letters(
    session, make_letter, letter_pdfs, folder_printer
):
    missed = make_letter(local(WINTER, 17))
    todays = make_letter(local(WINTER.replace(day=15), 9))

    assert run_print(local(WINTER.replace(day=15), 10)) == 1  # a catch-up the next morning

    session.expire_all()
    assert (missed.status, todays.status) == ("sending", "created")
    assert read_manifest(folder_printer.root / "2026-01-14")[0]["reference"] == missed.reference


def test_the_simulated_printer_posts_the_letters_it_was_given_before_the_day_began(
    session, make_letter, letter_pdfs, folder_printer
):
    letter = make_letter(local(WINTER, 9))
    run_print(local(WINTER, 17, 50))

    with clock.frozen(local(WINTER, 23, 59)):
        assert printing_tasks.despatch_folder_letters() == 0
    with clock.frozen(local(WINTER.replace(day=15), 15)):
        assert printing_tasks.despatch_folder_letters() == 1

    session.expire_all()
    assert letter.status == "delivered"
    statuses = session.query(NotificationStatusEvent.status).filter_by(notification_id=letter.id)
    assert sorted(s for (s,) in statuses) == ["delivered", "sending"]


def test_a_letter_whose_pdf_cannot_be_made_is_a_technical_failure(
    session, make_letter, monkeypatch, folder_printer
):
    def no_pdf(_session, _notification):
        raise pdfs.PdfNotAvailable("PDF not available yet, try again later")

    monkeypatch.setattr(pdfs, "pdf_for", no_pdf)
    letter = make_letter(local(WINTER, 9))

    run_print(local(WINTER, 17, 50))

    session.expire_all()
    assert session.get(Notification, letter.id).status == "technical-failure"
