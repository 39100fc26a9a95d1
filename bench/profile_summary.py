"""Where the time goes: py-spy's collapsed stacks (`bench/pipeline.py --profile DIR`) summed by
function, as a share of all samples: own time and time including what a function calls.

    .venv/bin/python bench/profile_summary.py DIR/api-*.txt --top 30
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="only functions whose frame matches this")
    args = parser.parse_args()
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    total = 0
    lines = (line for name in args.files for line in Path(name).read_text().splitlines())
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        frames = [re.sub(r" \(.*?/site-packages/| \(.*?/src/", " (", f) for f in stack.split(";")]
        frames = [f for f in frames if not f.startswith("process ") and not f.startswith("thread ")]
        if not frames:
            continue
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    print(f"{total} samples")
    for title, counter in (("own", own), ("inclusive", inclusive)):
        print(f"\n-- {title}")
        shown = [(f, n) for f, n in counter.most_common() if args.match in f][: args.top]
        for frame, samples in shown:
            print(f"{100 * samples / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
