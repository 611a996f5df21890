#!/usr/bin/env python3
"""What a React page costs ``parse`` before any of its own work, as a multiple of
``json.loads`` of the page's ``__NEXT_DATA__`` text (the React row of ``compare.py``).

    python benchmarks/react_floor.py [--repeat N]

For each ``../shared/corpus/react/*.html``, timed as ``compare.py`` times (interleaved
rounds, minimum, garbage collector and allocator settled between calls):

- ``loads``: ``json.loads`` of the script's text, already decoded (the denominator);
- ``checks``: the searches of the whole page that an exact reading of the bytes makes
  whatever the JSON says: the Wayback and MHTML check (``archive.is_plain``), the layout
  (``detect.detect_bytes``), the first ``__NEXT_DATA__`` script, and the check for React
  sections in the HTML around it that a page whose JSON gives no item needs;
- ``parse``: ``triviaparse.parse`` of the bytes.

A page whose JSON gives no item is read by decoding all of its JSON (so that damage anywhere
in it is reported: tests/test_next_data_damage.py), at least ``loads``; so ``checks + loads``
is the least such a page can cost. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare

from triviaparse import parse
from triviaparse.archive import is_plain
from triviaparse.detect import detect_bytes
from triviaparse.readers import next_data

SCRIPT = b'id="__NEXT_DATA__"'


def checks(data: bytes) -> bool:
    """The whole-page searches of an exact reading of a React page given as bytes."""
    plain = is_plain(data, 0)
    fmt = detect_bytes(data, 0)
    gt = data.find(b">", data.find(SCRIPT))
    sections = next_data._has_react_markers(data, 0, gt + 1, True)
    return plain and fmt is not None and sections


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=21, help="timed rounds (21)")
    args = ap.parse_args(argv)
    compare.SETTLE = compare._allocator_settler()
    print(f"{'page':<44} {'checks':>7} {'checks+loads':>13} {'parse':>7}   (x json.loads)")
    for path in sorted((compare.CORPUS / "react").glob("*.html")):
        data = path.read_bytes()
        text = compare.next_data_text(data)
        t = compare.time_interleaved(
            {
                "loads": lambda text=text: json.loads(text),  # type: ignore[misc]
                "checks": lambda data=data: checks(data),  # type: ignore[misc]
                "parse": lambda data=data: parse(data),  # type: ignore[misc]
            },
            args.repeat,
        )
        loads = t["loads"]
        print(
            f"{path.name:<44} {t['checks'] / loads:7.2f} {(t['checks'] + loads) / loads:13.2f}"
            f" {t['parse'] / loads:7.2f}   ({loads * 1e3:.2f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
