"""Virus scanning of files services send to be printed, behind one small interface.

Off on the embedded default (every file is taken as clean). With `POSTROOM_CLAMD_URL` set,
files go to ClamAV's clamd with its INSTREAM command, over TCP (`tcp://host:port`) or a Unix
socket (`unix:///path`): the file in chunks, each after its length as four bytes in network
order, then a zero length; clamd answers `stream: OK` or `stream: <signature> FOUND`."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from postroom import runtime

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScannerUnavailable(Exception):
    """The scanner could not be reached or gave no answer: try again later."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str | None = None  # what was found, when not clean


class VirusScanner(Protocol):
    def scan(self, content: bytes) -> ScanResult: ...


class NoScanning:
    def scan(self, content: bytes) -> ScanResult:
        return ScanResult(clean=True)


class Clamd:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme == "unix":
            self.family, self.address = socket.AF_UNIX, parts.path
        elif parts.scheme == "tcp" and parts.hostname:
            self.family, self.address = socket.AF_INET, (parts.hostname, parts.port or 3310)
        else:
            raise ValueError(f"POSTROOM_CLAMD_URL must be tcp://host:port or unix:///path: {url}")

    def scan(self, content: bytes) -> ScanResult:
        try:
            with socket.socket(self.family, socket.SOCK_STREAM) as connection:
                connection.settimeout(TIMEOUT_SECONDS)
                connection.connect(self.address)
                connection.sendall(b"zINSTREAM\0")
                for start in range(0, len(content), CHUNK):
                    chunk = content[start : start + CHUNK]
                    connection.sendall(struct.pack("!L", len(chunk)) + chunk)
                connection.sendall(struct.pack("!L", 0))
                answer = _read_answer(connection)
        except OSError as error:
            raise ScannerUnavailable(str(error)) from error
        return _result(answer)


def _read_answer(connection: socket.socket) -> str:
    received = b""
    while not received.endswith(b"\0"):
        data = connection.recv(4096)
        if not data:
            break
        received += data
    return received.rstrip(b"\0").decode(errors="replace").strip()


def _result(answer: str) -> ScanResult:
    _, _, verdict = answer.partition(": ")
    if verdict == "OK":
        return ScanResult(clean=True)
    if verdict.endswith(" FOUND"):
        return ScanResult(clean=False, signature=verdict.removesuffix(" FOUND"))
    # `INSTREAM size limit exceeded. ERROR` and the like: the file was not scanned.
    raise ScannerUnavailable(f"clamd answered {answer!r}")


def virus_scanner() -> VirusScanner:
    url = runtime.settings().clamd_url
    return Clamd(url) if url else NoScanning()
