#!/usr/bin/env python3
"""How the raw-text reader does on real trivia hard-wrapped by a greedy wrapper.

The items are the real ones in ../shared/corpus/text/imdb-trivia-graded-ijcai2015.tsv, one page
per film, in the file's order, each item's text with its spaces collapsed (``clean_line``);
only items that read back as themselves when pasted alone are kept (so the figures measure
wrapping, nothing else). Three measures:

* ``exact``: each page's items wrapped at 60-100 columns (``textwrap``, as an e-mail client or
  a text browser would) with nothing between them: the share of items read back exactly (by
  text, counted as a multiset), for the reader as it is (a sentence end at the wrap width ends
  the item) and with the other preference (it continues the item). docs/formats.md quotes it.
* ``unwrapped``: each page as a browser copy, one item per line with nothing between them, whole
  and in every window of 2-5 neighbouring items: how many the reader takes for hard-wrapped
  (false alarms).
* ``detected``: windows of 3 neighbouring items wrapped at 40-100 columns, typed with one and
  with two spaces between sentences: how many the reader sees are wrapped (windows whose items
  all fit on one line each are left out).

Usage: python benchmarks/text_wrapping.py [--tsv PATH] [--only exact|unwrapped|detected]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import triviaparse
from triviaparse.normalize import clean_line
from triviaparse.readers import text as text_reader

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TSV = ROOT.parent / "shared" / "corpus" / "text" / "imdb-trivia-graded-ijcai2015.tsv"


def load_pages(tsv: Path) -> list[list[str]]:
    """Items per film, kept only when an item pasted alone reads back as itself."""
    csv.field_size_limit(sys.maxsize)
    pages: dict[str, list[str]] = {}
    with tsv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            item = clean_line(row["TRIVIA"])
            if item and _items(item) == [item]:
                pages.setdefault(row["MOVIE_NAME_IMDB"].strip(), []).append(item)
    return list(pages.values())


def _items(text: str) -> list[str]:
    return [i.text for i in triviaparse.parse(text + "\n", format="text").items]


def _wrap(item: str, width: int, space: str = " ") -> list[str]:
    return textwrap.wrap(
        item.replace(". ", "." + space), width=width, break_long_words=False, break_on_hyphens=False
    )


def _looks_wrapped(lines: list[str]) -> bool:
    classified = [text_reader._classify(no, raw) for no, raw in enumerate(lines, 1)]
    return text_reader._wrap_width(classified) is not None


@contextmanager
def _prefer_wrap() -> Iterator[None]:
    """The other reading: a sentence end at the wrap width continues the item."""
    original = text_reader._continues

    def continues(
        prev: text_reader._Line, nxt: text_reader._Line, width: int, *, prefer_boundary: bool
    ) -> bool:
        return original(prev, nxt, width, prefer_boundary=False)

    text_reader._continues = continues
    try:
        yield
    finally:
        text_reader._continues = original


def exact(pages: list[list[str]]) -> None:
    total = sum(len(p) for p in pages)
    print(f"exact: {total} real items in {len(pages)} pages, wrapped, nothing between items")
    print("width  prefer boundary (as read)  prefer wrap")
    for width in (60, 70, 80, 90, 100):
        shares = []
        for other in (False, True):
            good = 0
            for page in pages:
                copy = "\n".join(ln for item in page for ln in _wrap(item, width))
                if other:
                    with _prefer_wrap():
                        got = _items(copy)
                else:
                    got = _items(copy)
                good += sum((collections.Counter(got) & collections.Counter(page)).values())
            shares.append(f"{good / total:6.1%} ({good})")
        print(f"{width:5}  {shares[0]:>25}  {shares[1]:>11}")


def unwrapped(pages: list[list[str]]) -> None:
    whole = sum(_looks_wrapped(page) for page in pages)
    windows = alarms = 0
    for page in pages:
        for size in (2, 3, 4, 5):
            for i in range(len(page) - size + 1):
                windows += 1
                alarms += _looks_wrapped(page[i : i + size])
    print(
        f"unwrapped: taken for hard-wrapped: {whole} of {len(pages)} whole pages, "
        f"{alarms} of {windows} windows of 2-5 items"
    )


def detected(pages: list[list[str]]) -> None:
    print("detected: windows of 3 items wrapped, seen as wrapped")
    for space in (" ", "  "):
        for width in (40, 60, 80, 100):
            windows = seen = 0
            for page in pages:
                for i in range(0, len(page) - 2, 3):
                    chunk = page[i : i + 3]
                    lines = [ln for item in chunk for ln in _wrap(item, width, space)]
                    if len(lines) > len(chunk):
                        windows += 1
                        seen += _looks_wrapped(lines)
            print(
                f"  {len(space)} space(s) after a full stop, width {width:3}: "
                f"{seen} of {windows} ({seen / windows:.1%})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    parser.add_argument("--only", choices=("exact", "unwrapped", "detected"))
    args = parser.parse_args()
    pages = load_pages(args.tsv)
    for name, measure in (("exact", exact), ("unwrapped", unwrapped), ("detected", detected)):
        if args.only in (None, name):
            measure(pages)


if __name__ == "__main__":
    main()
