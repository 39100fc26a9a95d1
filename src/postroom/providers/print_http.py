"""A print provider over HTTP, on the contract of the DVLA print API GOV.UK Notify uses: sign in
for a token, then one print request a letter carrying its PDF, address, despatch method and the
URL to report its despatch to."""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass

import requests

from postroom.providers.print_base import LetterToPrint, PrintFailed

# The printer's despatch methods; second class is its default and is not named.
DESPATCH_METHODS = {
    "first": "FIRST",
    "economy": "ECONOMY",
    "europe": "INTERNATIONAL_EU",
    "rest-of-world": "INTERNATIONAL_ROW",
}
LINE_LENGTH, POSTCODE_LENGTH, COUNTRY_LENGTH, NAME_LENGTH = 45, 10, 256, 255
# The printer tries a report again for up to three hours when our API does not take it.
CALLBACK_RETRY_WINDOW_SECONDS = 10800
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class PrintApiSettings:
    base_url: str
    username: str
    password: str
    api_key: str


def _address(letter: LetterToPrint) -> dict:
    """The address below the recipient's name in the printer's shape: up to five lines and a
    postcode, or a country abroad; over-long lines cut to what the printer takes."""
    *lines, last = letter.address_lines[1:]
    fields = {f"line{n}": line[:LINE_LENGTH] for n, line in enumerate(lines[:5], start=1)}
    if letter.international:
        return {"internationalAddress": {**fields, "country": last[:COUNTRY_LENGTH]}}
    if last.upper().startswith("BFPO"):
        number = last.split()[-1]
        return {"bfpoAddress": {**fields, "bfpoNumber": int(number)}}
    return {"unstructuredAddress": {**fields, "postcode": last[:POSTCODE_LENGTH]}}


def print_request(letter: LetterToPrint) -> dict:
    standard = {
        "jobType": "NOTIFY",
        "templateReference": "NOTIFY",
        "businessIdentifier": letter.reference,
        "recipientName": letter.address_lines[0][:NAME_LENGTH],
        "address": _address(letter),
    }
    if letter.postage in DESPATCH_METHODS:
        standard["despatchMethod"] = DESPATCH_METHODS[letter.postage]
    return {
        "id": letter.notification_id,
        "standardParams": standard,
        "customParams": [
            {"key": "pdfContent", "value": base64.b64encode(letter.pdf).decode()},
            {"key": "organisationIdentifier", "value": letter.organisation_id or ""},
            {"key": "serviceIdentifier", "value": letter.service_id},
        ],
        "callbackParams": {
            "target": letter.callback_url,
            "retryParams": {"enabled": True, "maxRetryWindow": CALLBACK_RETRY_WINDOW_SECONDS},
        },
    }


class HttpPrintProvider:
    name = "print-api"

    def __init__(self, settings: PrintApiSettings) -> None:
        self.settings = settings
        self._token: str | None = None
        self._lock = threading.Lock()
        self._http = requests.Session()

    def _sign_in(self) -> str:
        with self._lock:
            if self._token is None:
                response = self._call(
                    "thirdparty-access/v1/authenticate",
                    {"userName": self.settings.username, "password": self.settings.password},
                    {},
                )
                self._token = response.json()["id-token"]
            return self._token

    def _call(self, path: str, body: dict, headers: dict) -> requests.Response:
        url = f"{self.settings.base_url.rstrip('/')}/{path}"
        try:
            response = self._http.post(
                url,
                json=body,
                headers={"X-API-Key": self.settings.api_key, **headers},
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise PrintFailed(f"{url}: {error}", retryable=True) from error
        if response.status_code in (401, 403):
            self._token = None  # renewed on the next try
            raise PrintFailed(f"{url} refused our credentials", retryable=True)
        if response.status_code == 429 or response.status_code >= 500:
            raise PrintFailed(f"{url} answered {response.status_code}", retryable=True)
        if response.status_code >= 400 and response.status_code != 409:
            raise PrintFailed(
                f"{url} answered {response.status_code}: {response.text[:500]}", retryable=False
            )
        return response

    def send(self, letter: LetterToPrint) -> None:
        # 409: the printer has this letter already (an earlier try went through): it is sent.
        self._call(
            "print-request/v1/print/jobs",
            print_request(letter),
            {"Authorization": self._sign_in()},
        )
