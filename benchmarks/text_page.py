"""Build a big raw-text trivia page in the seed's shape from real items, at benchmark time.

The seed (``../shared/seeds``) is a page copied out of a browser: a title line, "Jump to:",
one item per line, each followed by its vote line and the "Share this" line, a spoiler block
and the footer. The items and their vote counts are the real ones of
``../shared/corpus/text/imdb-trivia-graded-ijcai2015.tsv``, cycled until the page reaches the
size asked for. Nothing is written to the repository.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS_TSV = ROOT.parent / "shared" / "corpus" / "text" / "imdb-trivia-graded-ijcai2015.tsv"

__all__ = ["ITEMS_TSV", "build", "real_items"]


def real_items(path: Path = ITEMS_TSV) -> list[tuple[str, int, int]]:
    """(text, interested, voted) of every item in the table, in file order."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = " ".join((row.get("TRIVIA") or "").split())
            if text:
                out.append((text, int(row["INTERESTED"]), int(row["VOTED"])))
    return out


def _item(text: str, interested: int, voted: int) -> str:
    return (
        f"{text}\n{interested} of {voted} found this interesting Interesting? | Share this\n"
        "Share this: Facebook  |  Twitter  |  Permalink\n"
    )


def build(size: int = 10_000_000, path: Path = ITEMS_TSV, spoilers: int = 3) -> str:
    """A page of at least ``size`` characters: header, items, ``spoilers`` spoiler items, footer."""
    items = real_items(path)
    head = f"Never Let Me Go (2010) Poster\n\n\nJump to: Spoilers ({spoilers})\n"
    tail = (
        "\n\nThe trivia items below may give away important plot points.\n\n"
        + "".join(_item(*items[i]) for i in range(spoilers))
        + "\nSee also\n\nGoofs | Crazy Credits | Quotes | Alternate Versions | Connections"
        " | Soundtracks\n\nContribute to This Page\n"
    )
    parts = [head]
    length = len(head) + len(tail)
    i = spoilers
    while length < size:
        part = _item(*items[i % len(items)])
        parts.append(part)
        length += len(part)
        i += 1
    parts.append(tail)
    return "".join(parts)
