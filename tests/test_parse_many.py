"""``triviaparse.parse_many``: the batch engine as a lazy iterator of ParseResult records."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import triviaparse
from triviaparse import ParseResult, ResultError, ResultSource, parse_file, parse_many
from triviaparse.batch import convert_path

from .batch_builders import make_page, write_warc, write_zip

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
# the folders of single pages (datafiles/ and text/ hold data files, not pages)
PAGE_DIRS = ("classic", "main", "mid", "names", "react", "siblings", "tn15")


def _children() -> list[int]:
    """This process's live child processes, from /proc (psutil is not a dependency)."""
    found: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        found += [int(x) for x in (task / "children").read_text().split()]
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def _corpus_pages() -> list[Path]:
    pages = sorted(p for d in PAGE_DIRS for p in (CORPUS / d).glob("*") if p.is_file())
    if not pages:
        pytest.skip("../shared/corpus is absent")
    return pages


def test_corpus_and_a_non_page_jobs_2_one_result_each_in_order(tmp_path: Path) -> None:
    pages = _corpus_pages()
    blog = tmp_path / "blog.html"
    blog.write_text("<html><body><p>A cooking blog.</p></body></html>", encoding="utf-8")
    inputs = [str(p) for p in pages]
    middle = len(inputs) // 2
    inputs.insert(middle, str(blog))
    results = list(parse_many(inputs, jobs=2))
    assert [r.source.name for r in results] == inputs
    assert [r.index for r in results] == list(range(len(inputs)))
    bad = results[middle]
    assert bad.page is None and bad.error is not None and not bad.ok
    assert bad.error.code == "not-a-trivia-page" and bad.error.message
    for path, r in zip(inputs, results, strict=True):
        if path == str(blog):
            continue
        rec = convert_path(path)  # the same verdict as convert's record of the file
        if "page" in rec:
            assert r.page == parse_file(path) and r.error is None, path
        else:
            assert r.page is None and r.error is not None, path
            assert r.error.code == rec["error"]["code"], path
    assert sum(r.ok for r in results) >= len(pages) - 3  # nearly every corpus page reads


def test_pairs_paths_archives_and_warc_in_one_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page("Alpha"), encoding="utf-8")
    z = write_zip(
        tmp_path / "z.zip",
        {"one.txt": make_page("Zip One").encode(), "two.txt": make_page("Zip Two").encode()},
    )
    w = write_warc(
        tmp_path / "c.warc.gz",
        [("https://www.imdb.com/title/tt0000001/trivia", make_page("Warc").encode())],
    )
    results = list(
        parse_many(
            [
                ("mem.txt", make_page("Memory").encode()),
                tmp_path / "a.txt",
                str(z),
                str(w),
                ("junk", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            ],
            jobs=1,
        )
    )
    assert [r.page.title if r.page else None for r in results] == [
        "Memory",
        "Alpha",
        "Zip One",
        "Zip Two",
        "Warc",
        None,
    ]
    assert results[0].source == ResultSource(name="mem.txt")
    assert results[1].source.path == str(tmp_path / "a.txt")
    assert results[3].source.member == "two.txt" and results[3].source.path == str(z)
    assert results[4].source.url == "https://www.imdb.com/title/tt0000001/trivia"
    assert results[4].source.record_id
    assert results[5].error is not None and results[5].error.code == "not-a-trivia-page"


def test_result_records_are_frozen_and_hold_one_outcome() -> None:
    src = ResultSource(name="x")
    err = ResultError(code="empty", message="the input is empty")
    r = ParseResult(index=0, source=src, error=err)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.index = 1  # type: ignore[misc]
    with pytest.raises(ValueError, match="exactly one"):
        ParseResult(index=0, source=src)
    page = triviaparse.parse(make_page())
    with pytest.raises(ValueError, match="exactly one"):
        ParseResult(index=0, source=src, page=page, error=err)
    assert ParseResult(index=0, source=src, page=page).ok


def test_strict_makes_problems_errors() -> None:
    page = make_page("Alpha").replace("Showing all 4 items", "Showing all 9 items").encode()
    lenient, strict = (
        next(parse_many([("a.txt", page)], jobs=1, page_timeout=None, strict=s))
        for s in (False, True)
    )
    assert lenient.page is not None
    assert strict.error is not None and strict.error.code == "declared-count-mismatch"
    assert strict.error.exception == "IncompletePage"


def test_lazy_and_bad_arguments_raise_at_the_call() -> None:
    with pytest.raises(ValueError, match="jobs"):
        parse_many([], jobs=0)
    with pytest.raises(ValueError, match="page_timeout"):
        parse_many([], page_timeout=0)
    with pytest.raises(TypeError, match=r"\[path\]"):
        parse_many("pages/")  # would otherwise be read as the inputs "p", "a", "g", …
    assert list(parse_many([], jobs=2)) == []

    def endless() -> Iterator[tuple[str, bytes]]:
        i = 0
        while True:
            yield (f"p{i}.txt", make_page(f"Film {i}").encode())
            i += 1

    it = parse_many(endless(), jobs=1, page_timeout=None)  # lazy: takes what it needs
    assert [next(it).page.title for _ in range(3)] == ["Film 0", "Film 1", "Film 2"]  # type: ignore[union-attr]
    it.close()


@needs_proc
@pytest.mark.parametrize("how", ["break", "close"])
def test_stopping_early_leaves_no_process_behind(tmp_path: Path, how: str) -> None:
    for i in range(300):
        (tmp_path / f"p{i:03d}.txt").write_text(make_page(f"Film {i}"), encoding="utf-8")
    before = set(_children())
    seen = []
    if how == "break":
        for r in parse_many([str(tmp_path)], jobs=2):
            seen.append(r)
            if len(seen) == 5:
                assert len(set(_children()) - before) == 2  # both workers were running
                break
    else:
        it = parse_many([str(tmp_path)], jobs=2)
        seen = [next(it) for _ in range(5)]
        assert len(set(_children()) - before) == 2
        it.close()
    assert [r.page.title for r in seen if r.page] == [f"Film {i}" for i in range(5)]
    assert set(_children()) - before == set()
    assert multiprocessing.active_children() == []


@needs_proc
def test_one_job_without_time_limit_stays_in_process(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    before = set(_children())
    for r in parse_many([str(tmp_path), str(tmp_path / "a.txt")], jobs=1, page_timeout=None):
        assert r.ok and set(_children()) == before


def test_worker_death_costs_one_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("the fault reaches the workers by fork")
    from . import hooked_cli

    # the same function, so that the patch below is undone after the test
    monkeypatch.setattr("triviaparse.batch.convert.parse", triviaparse.api.parse)
    hooked_cli.install(crash_on="p3")  # p30 … p39
    inputs = [(f"p{i:02d}.txt", make_page(f"Film {i}").encode()) for i in range(40)]
    results = list(parse_many(inputs, jobs=2))
    assert [r.error.code if r.error else r.page.title for r in results] == [  # type: ignore[union-attr]
        "worker-died" if i // 10 == 3 else f"Film {i}" for i in range(40)
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_many_pages_none_lost_past_the_window(jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Far more chunks than the window holds; the first page slow, so that the other worker
    finishes every chunk of the window before the first one is done."""
    import time

    real = triviaparse.api.parse

    def parse(data: bytes, **kw: object) -> triviaparse.TriviaPage:
        if kw.get("source") == "p0000.txt":
            time.sleep(0.5)
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("triviaparse.batch.convert.parse", parse)
    inputs = [(f"p{i:04d}.txt", make_page(f"Film {i}", items=1).encode()) for i in range(1500)]
    titles = [r.page.title if r.page else None for r in parse_many(inputs, jobs=jobs)]
    assert titles == [f"Film {i}" for i in range(1500)]
