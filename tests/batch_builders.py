"""Inputs the batch tests build themselves: raw-text pages, archives, a WARC, odd files.

Kept independent of tests/fixtures/ (which other readers' authors change) so that the batch
tests only depend on the ``parse()`` contract. tests/test_batch_builders.py checks that each
builder gives what the batch tests count on.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest


def make_page(
    title: str = "Northern Silence", year: int = 2015, items: int = 3, spoilers: int = 1
) -> str:
    """A raw-text trivia page as copied from a browser, with ``items`` + ``spoilers`` items."""
    lines = [f"{title} ({year}) Poster", "Trivia", f"Showing all {items + spoilers} items"]
    if spoilers:
        lines.append(f"Jump to: Spoilers ({spoilers})")
    lines.append("Edit")
    for i in range(items):
        lines.append(f"Fact number {i + 1} about {title}, filmed in {year}.")
        if i % 2 == 0:
            lines.append(f"{i + 2} of {i + 3} found this interesting Interesting? | Share this")
    if spoilers:
        lines += ["Spoilers", "The trivia items below may give away important plot points."]
        lines += [f"Twist {j + 1} of {title}." for j in range(spoilers)]
    lines += ["See also", "Goofs | Crazy Credits | Quotes", "Contribute to This Page"]
    return "\n".join(lines) + "\n"


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip holding ``members`` (names are written as given, even unsafe ones)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return path


def write_tar(path: Path, members: dict[str, bytes]) -> Path:
    """A gzipped tar holding ``members``."""
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def write_warc(path: Path, responses: list[tuple[str, bytes]]) -> Path:
    """A gzipped WARC with one HTTP 200 response per (url, body), plus a request record."""
    warcwriter = pytest.importorskip("warcio.warcwriter")
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]

    with open(path, "wb") as f:
        writer = warcwriter.WARCWriter(f, gzip=True)
        for url, body in responses:
            req = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: www.imdb.com\r\n\r\n")
            )
            writer.write_record(req)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)
    return path


def mixed_inputs(root: Path) -> tuple[list[str], int]:
    """A folder, a zip, a WARC and odd single files; (INPUT arguments, expected record count)."""
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_text(make_page("Alpha", 2001), encoding="utf-8")
    (pages / "sub" / "b.txt").write_text(make_page("Beta", 2002, items=5), encoding="utf-8")
    (pages / "c.txt.gz").write_bytes(gzip.compress(make_page("Gamma", 2003).encode()))
    (pages / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))  # skipped in a walk
    (pages / ".hidden.txt").write_text(make_page("Hidden"), encoding="utf-8")  # skipped
    write_zip(
        root / "sent.zip",
        {
            "one.txt": make_page("Zip One").encode(),
            "two.txt": make_page("Zip Two", items=2).encode(),
            "img.jpg": b"\xff\xd8\xff\xe0" + bytes(100),
        },
    )  # skipped
    write_warc(
        root / "crawl.warc.gz",
        [
            ("https://www.imdb.com/title/tt0000001/trivia", make_page("Warc One").encode()),
            ("https://www.imdb.com/title/tt0000001/reviews", b"not wanted"),  # not trivia-family
            ("https://www.imdb.com/name/nm0000002/bio", make_page("Warc Two").encode()),
        ],
    )
    (root / "corrupt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 40)
    (root / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (root / "empty.txt").write_bytes(b"")
    (root / "other.html").write_text(
        "<html><body><p>A cooking blog.</p></body></html>", encoding="utf-8"
    )
    args = [
        str(pages),
        str(root / "sent.zip"),
        str(root / "crawl.warc.gz"),
        str(root / "corrupt.gz"),
        str(root / "binary.bin"),
        str(root / "empty.txt"),
        str(root / "other.html"),
    ]
    # 3 pages in the folder, 2 in the zip, 2 in the WARC, 4 odd files
    return args, 11


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines output."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
