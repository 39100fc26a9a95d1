"""Benchmark: templated letters rendered to their printable PDFs, one after another on one
core, as a print run makes them; and their pages counted, as the API does before it answers.

Every letter is different (its own address and personalisation); a typical template of about a
page and a half: headings, a list, a few paragraphs. No database: the letter is built from a
template the benchmark makes.

    .venv/bin/python bench/letters.py --letters 1000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402
from postroom.domain.letters import rendering  # noqa: E402

CONTENT = "\n\n".join(
    [
        "Dear ((name)),",
        "# Your parking permit",
        "Your permit for ((street)) is ready. It starts on ((start)) and lasts a year.",
        "* Show it in your windscreen\n* Keep it dry\n* Tell us if you move",
        *(f"Paragraph {n}: " + "what you need to know about your permit. " * 12 for n in range(8)),
        "Yours sincerely,\n\nThe Parking Office",
    ]
)
TEMPLATE = SimpleNamespace(
    subject="Your permit for ((street))",
    content=CONTENT,
    letter_languages=None,
    letter_welsh_subject=None,
    letter_welsh_content=None,
)


def _letter(i: int) -> rendering.Letter:
    values = {"name": f"Person {i}", "street": f"{i % 300} High Street", "start": "1 May"}
    return rendering.Letter(
        address=(f"Person {i}", f"{i % 300} High Street", "London", "SW1A 1AA"),
        contact_block="Parking Office\nTown Hall\nLondon\nSW1A 2AA",
        day=date(2026, 12, 4),
        parts=rendering.parts_of(TEMPLATE, values),
    )


def _timed(work, count: int) -> tuple[list[float], list[float]]:
    """Milliseconds each letter took: on the wall clock, and of this process's CPU (what the
    letter costs, whatever else the machine is doing)."""
    wall, cpu = [], []
    for i in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        work(_letter(i))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args()
    rendering.render(_letter(0), print_version=True)  # fonts and style sheets loaded once
    pages = rendering.render(_letter(0)).page_count
    for name, work in (
        ("printable PDF", lambda letter: rendering.render(letter, print_version=True)),
        ("page count (API)", rendering.page_count),
    ):
        wall, cpu = _timed(work, args.letters)
        print(
            f"{name:17} {args.letters} letters of {pages} pages: "
            f"mean {statistics.mean(wall):.1f} ms, median {statistics.median(wall):.1f}, "
            f"p95 {percentile(wall, 0.95):.1f}, max {max(wall):.1f} "
            f"({sum(wall) / 1000:.1f} s in all); CPU mean {statistics.mean(cpu):.1f} ms, "
            f"p95 {percentile(cpu, 0.95):.1f}"
        )


if __name__ == "__main__":
    main()
