"""The Dask example in docs/batch.md runs as written on Dask's local process scheduler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .batch_builders import make_page, read_jsonl, write_warc

pytest.importorskip("dask.bag")
pytest.importorskip("warcio")

DOC = Path(__file__).resolve().parent.parent / "docs" / "batch.md"


def _example() -> str:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- dask-example -->\n```python\n(.*?)```", text, re.S)
    assert m, "docs/batch.md lost its dask example"
    return m.group(1)


def test_dask_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pages" / "sub").mkdir(parents=True)
    for i in range(5):
        (tmp_path / "pages" / f"p{i}.txt").write_text(make_page(f"Film {i}"), encoding="utf-8")
    (tmp_path / "pages" / "sub" / "junk.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "crawl").mkdir()
    write_warc(
        tmp_path / "crawl" / "a.warc.gz",
        [
            ("https://www.imdb.com/title/tt0000001/trivia", make_page("W1").encode()),
            ("https://www.imdb.com/title/tt0000001/reviews", b"no"),
        ],
    )
    write_warc(
        tmp_path / "crawl" / "b.warc.gz",
        [
            ("https://www.imdb.com/name/nm0000001/bio", make_page("W2").encode()),
            ("https://www.imdb.com/title/tt0000002/goofs", b"<html>empty</html>"),
        ],
    )
    monkeypatch.chdir(tmp_path)
    exec(compile(_example(), "docs/batch.md#dask", "exec"), {"__name__": "__main__"})
    pages = [r for f in sorted((tmp_path / "out").glob("pages-*.jsonl")) for r in read_jsonl(f)]
    crawl = [r for f in sorted((tmp_path / "out").glob("crawl-*.jsonl")) for r in read_jsonl(f)]
    assert len(pages) == 6 and sum("error" in r for r in pages) == 1
    assert [r["source"]["url"] for r in crawl] == [
        "https://www.imdb.com/title/tt0000001/trivia",
        "https://www.imdb.com/name/nm0000001/bio",
        "https://www.imdb.com/title/tt0000002/goofs",
    ]
    assert [r.get("error", {}).get("code") for r in crawl] == [None, None, "not-a-trivia-page"]
