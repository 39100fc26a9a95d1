"""Benchmark: checking and sanitising precompiled letters, in this process.

Makes letters as a service's own system might (1 to 10 pages of text; half in Helvetica not
embedded, so Ghostscript embeds it when sanitising, half with their font embedded; a fifth
with a fault the checks find), then times, for each, the checks alone and the checks with
sanitising (what a letter costs the worker between its virus scan and `created`). Prints the
median, 95th percentile and worst in milliseconds. The goal: under 500 ms a letter.

    PYTHONPATH=src .venv/bin/python bench/precompiled_letters.py --letters 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from tests.letter_pdfs import A4, address_block, pdf  # noqa: E402

from postroom.domain.letters import pdf_checks, pdf_drawing, precompiled  # noqa: E402
from postroom.domain.letters.pdf_checks import POINTS_PER_MM  # noqa: E402

BODY_LINES = 40


def _letter(n: int) -> bytes:
    pages = 1 + n % 10
    body = [(f"Line {line} of a letter about your licence, number {n}.", 20, 100 + line * 4)
            for line in range(BODY_LINES // 2)]  # fmt: skip
    rest = [[(f"Line {line} of page {page}.", 20, 20 + line * 6) for line in range(BODY_LINES)]
            for page in range(2, pages + 1)]  # fmt: skip
    first = [*address_block(), *body]
    if n % 5 == 4:  # a fifth have something in the margin
        first.append(("Ref", 3, 200))
    return pdf([first, *rest]) if n % 2 else _embedded([first, *rest])


def _embedded(pages: list[list[tuple]]) -> bytes:
    """The same pages written by PDFium in Liberation Sans, embedded."""
    document = pdfium.PdfDocument.new()
    drawing = pdf_drawing.Drawing(document)
    height = A4[1] * POINTS_PER_MM
    written = []
    for texts in pages:
        page = document.new_page(A4[0] * POINTS_PER_MM, height)
        for text, x, y, *_colour in texts:
            drawing.text(page, text, x * POINTS_PER_MM, height - y * POINTS_PER_MM - 9, 9)
        written.append(page)
    return pdf_drawing.saved(document, written)


def _report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{name:<28} median {statistics.median(ordered) * 1000:7.1f} ms   "
        f"p95 {p95 * 1000:7.1f} ms   worst {ordered[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    letters = [_letter(n) for n in range(args.letters)]
    times: dict[str, list[float]] = {"checks": [], "+ sanitising, embedded": [],
                                     "+ sanitising, not embedded": []}  # fmt: skip
    failed = 0
    for n, content in enumerate(letters):
        start = time.perf_counter()
        checked = pdf_checks.check(content, allow_international=False)
        times["checks"].append(time.perf_counter() - start)
        if not checked.passed:
            failed += 1
            continue
        precompiled.sanitise(content, checked)
        kind = "+ sanitising, not embedded" if n % 2 else "+ sanitising, embedded"
        times[kind].append(time.perf_counter() - start)
    print(f"{args.letters} letters, {failed} failing their checks")
    for name, taken in times.items():
        _report(name, taken)


if __name__ == "__main__":
    main()
