"""Micro-benchmark: the check page's checks and the rows for processing, on a file of N rows.

Builds a file in memory (every row different, a realistic spread of domains and numbers), then
times `recipient_file.check` (a live service, no banner) and `recipient_file.recipient_rows`
for an email template with 2 placeholders, a text message template, and a letter template.
No database: the template and service are built, not stored.

    .venv/bin/python bench/check_file.py --rows 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from postroom.domain.jobs import recipient_file  # noqa: E402
from postroom.models import Service, ServicePermission, Template  # noqa: E402

TEMPLATES = {
    "email": ("Your appointment, ((name))", "Dear ((name)),\n\nYour appointment is on ((date))."),
    "sms": (None, "Hello ((name)), your appointment is on ((date)). Reply STOP to opt out."),
    "letter": ("Your appointment", "Dear ((name)),\n\nYour appointment is on ((date))."),
}
HEADERS = {
    "email": ["email address", "name", "date", "reference"],
    "sms": ["phone number", "name", "date", "reference"],
    "letter": ["address line 1", "address line 2", "address line 3", "postcode", "name", "date"],
}


def _row(kind: str, i: int) -> list[str]:
    if kind == "email":
        return [f"person.{i}@department{i % 40}.gov.uk", f"Person {i}", "1 May", f"ref-{i}"]
    if kind == "sms":
        return [f"07700 9{i % 100000:05d}", f"Person {i}", "1 May", f"ref-{i}"]
    return [f"Person {i}", f"{i % 300} High Street", "London", "SW1A 1AA", f"Person {i}", "1 May"]


def _service() -> Service:
    return Service(
        id=uuid.uuid4(),
        name="Bench service",
        restricted=False,
        prefix_sms=True,
        email_message_limit=250_000,
        sms_message_limit=250_000,
        letter_message_limit=250_000,
        international_sms_message_limit=100,
        permissions=[ServicePermission(permission=p) for p in ("email", "sms", "letter")],
    )


def _template(kind: str) -> Template:
    subject, content = TEMPLATES[kind]
    return Template(
        id=uuid.uuid4(),
        name=f"{kind} bench",
        template_type=kind,
        subject=subject,
        content=content,
        version=1,
    )


def _time(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is shown")
    parser.add_argument("--types", default="email,sms,letter")
    args = parser.parse_args()
    service = _service()
    context = recipient_file.CheckContext(
        guest_list=None,
        remaining_today=250_000,
        remaining_international=100,
        sent_previously=False,
        file_name="bench.csv",
    )
    for kind in args.types.split(","):
        _bench(kind, args.rows, args.repeat, service, context)


def _bench(kind: str, count: int, repeat: int, service: Service, context) -> None:
    rows = [HEADERS[kind], *(_row(kind, i) for i in range(count))]
    template = _template(kind)
    calls: list[int] = []
    seconds, result = _time(
        lambda: recipient_file.check(rows, template, service, context, calls.append), repeat
    )
    assert result.ok, (result.banner, result.to_fix)
    rows_seconds, _ = _time(
        lambda: sum(1 for _ in recipient_file.recipient_rows(rows, template)), repeat
    )
    print(
        f"{kind:>6}: check {count:,} rows {seconds:6.2f} s "
        f"({seconds / count * 1e6:5.1f} µs a row, {len(calls) // repeat} progress calls); "
        f"recipient_rows {rows_seconds:5.2f} s ({rows_seconds / count * 1e6:4.1f} µs a row)"
    )


if __name__ == "__main__":
    main()
