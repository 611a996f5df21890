"""Build the fuzzers' seed corpus from tests/fixtures (docs/testing.md, "Fuzzing").

    python fuzz/build_corpus.py [OUT]      # default fuzz/corpus/ (ignored by git)

One folder per target of fuzz/fuzz_parse.py. Each holds the fixture pages of its layout, and
every fixture's expected page written again by ``triviaparse.testing.render`` in that layout
(small, well-formed starting points). "wrapped" holds the markup and text fixtures compressed
(gzip, bz2, xz) and as saved HTTP responses (plain, gzip-encoded, chunked). The folders are
replaced on every run; fuzzing adds its own inputs to them.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

#: Target → the fixture folders it starts from, and the render format of its expected pages.
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "text": (("text",), ("text",)),
    "html_classic": (("html_classic",), ("html_classic",)),
    "html_react": (("html_react",), ("html_react",)),
    "json": (("next_data", "graphql"), ("next_data",)),
}


def _pages() -> list[tuple[Path, bytes]]:
    """Every fixture page's bytes (compressed ones decompressed), expectations excluded."""
    out = []
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file() or path.name.endswith((".expected.json", ".obtained.json")):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out.append((path, data))
    return out


def _http(
    body: bytes, content_type: str, *, encoding: str | None = None, chunked: bool = False
) -> bytes:
    headers = [b"HTTP/1.1 200 OK", b"Content-Type: " + content_type.encode()]
    if encoding == "gzip":
        body = gzip.compress(body, mtime=0)
        headers.append(b"Content-Encoding: gzip")
    if chunked:
        headers.append(b"Transfer-Encoding: chunked")
        pieces = [body[i : i + 4096] for i in range(0, len(body), 4096)]
        body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
    else:
        headers.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(headers) + b"\r\n\r\n" + body


def build(out: Path) -> dict[str, int]:
    import triviaparse
    from triviaparse.testing.render import render

    pages = _pages()
    counts: dict[str, int] = {}
    for target, (folders, formats) in SOURCES.items():
        folder = out / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path, data in pages:
            layout = path.relative_to(FIXTURES).parts[0]
            if layout in folders:
                (folder / f"fixture-{path.stem}").write_bytes(data)
            expected = path.parent / (path.name.split(".")[0] + ".expected.json")
            if expected.exists():
                import json

                page = triviaparse.from_dict(json.loads(expected.read_text(encoding="utf-8")))
                for fmt in formats:
                    if page.items:
                        text = render(page, format=fmt)
                        (folder / f"render-{fmt}-{path.stem}").write_bytes(text.encode("utf-8"))
        counts[target] = len(list(folder.iterdir()))
    folder = out / "wrapped"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path, data in pages:
        kind = (
            "application/json"
            if path.suffix == ".json"
            else (
                "text/plain; charset=utf-8" if path.suffix == ".txt" else "text/html; charset=utf-8"
            )
        )
        stem = path.stem
        (folder / f"{stem}.gz").write_bytes(gzip.compress(data, mtime=0))
        (folder / f"{stem}.bz2").write_bytes(bz2.compress(data))
        (folder / f"{stem}.xz").write_bytes(lzma.compress(data))
        (folder / f"{stem}.http").write_bytes(_http(data, kind))
        (folder / f"{stem}.gzip.http").write_bytes(_http(data, kind, encoding="gzip"))
        (folder / f"{stem}.chunked.http").write_bytes(_http(data, kind, chunked=True))
    counts["wrapped"] = len(list(folder.iterdir()))
    return counts


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "corpus"
    for target, n in build(out).items():
        print(f"{out / target}: {n} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
