"""The embedded default's printer: a folder a day under the data directory, holding each letter's
PDF by the name printers use and a manifest (one CSV row a letter) to print and post them by.

Letters left here are reported despatched by the simulated printer (domain.printing.print_run)."""

from __future__ import annotations

import csv
import fcntl
from pathlib import Path

from postroom.providers.print_base import LetterToPrint

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("reference", "postage", "pages", "sheets", "address", "file_name")


class FolderPrintProvider:
    name = "folder"

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder_of(self, letter: LetterToPrint) -> Path:
        return self.root / letter.print_day.isoformat()

    def send(self, letter: LetterToPrint) -> None:
        folder = self.folder_of(letter)
        folder.mkdir(parents=True, exist_ok=True)
        pdf = folder / letter.file_name
        # Several workers may add to one day's folder: one at a time, each letter once.
        with (folder / MANIFEST).open("a", newline="") as manifest:
            fcntl.flock(manifest, fcntl.LOCK_EX)
            if pdf.exists():
                return
            # Written aside, then renamed: a half-written PDF never sits under the printed name.
            partial = pdf.with_suffix(".partial")
            partial.write_bytes(letter.pdf)
            partial.replace(pdf)
            writer = csv.writer(manifest)
            if manifest.tell() == 0:
                writer.writerow(MANIFEST_COLUMNS)
            writer.writerow(
                (
                    letter.reference,
                    letter.postage,
                    letter.pages,
                    letter.sheets,
                    ", ".join(letter.address_lines),
                    letter.file_name,
                )
            )


def read_manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / MANIFEST).open(newline="") as manifest:
        return list(csv.DictReader(manifest))
