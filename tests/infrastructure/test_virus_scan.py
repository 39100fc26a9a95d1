"""Virus scanning against a real clamd, over its Unix socket and TCP."""

from __future__ import annotations

import pytest

from postroom.infrastructure import virus_scan
from tests.fixtures.clamd import INFECTED, free_port
from tests.letter_pdfs import letter


@pytest.mark.parametrize("over", ["unix", "tcp"])
def test_clamd_finds_the_test_signature_and_passes_a_clean_file(clamd, over):
    scanner = virus_scan.Clamd(clamd[over])
    assert scanner.scan(INFECTED) == virus_scan.ScanResult(False, "Postroom.Test.UNOFFICIAL")
    assert scanner.scan(letter()) == virus_scan.ScanResult(True)


def test_a_file_larger_than_one_chunk_is_streamed_whole(clamd):
    big = letter() + b"%" * (3 * virus_scan.CHUNK)
    assert virus_scan.Clamd(clamd["tcp"]).scan(big).clean


def test_an_unreachable_clamd_is_unavailable_not_clean(tmp_path):
    for url in (f"tcp://127.0.0.1:{free_port()}", f"unix://{tmp_path}/none.sock"):
        with pytest.raises(virus_scan.ScannerUnavailable):
            virus_scan.Clamd(url).scan(b"%PDF-1.4")


def test_the_scanner_is_chosen_by_the_setting(clamd_url):
    assert isinstance(virus_scan.virus_scanner(), virus_scan.Clamd)
    clamd_url(None)
    assert virus_scan.virus_scanner().scan(INFECTED).clean  # the embedded default: off


@pytest.mark.parametrize("url", ["http://clamd:3310", "tcp://", "clamd"])
def test_a_url_of_another_kind_is_refused(url):
    with pytest.raises(ValueError, match="POSTROOM_CLAMD_URL"):
        virus_scan.Clamd(url)
