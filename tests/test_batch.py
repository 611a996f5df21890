"""The batch package in-process: records, sniffing, archives' safety, output formats, resume."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import pickle
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from triviaparse import parse_many
from triviaparse.batch import (
    MAX_PAGE_BYTES,
    ConvertOptions,
    Expander,
    Task,
    convert_one,
    convert_path,
    convert_tasks,
    iter_warc,
    run_convert,
)
from triviaparse.batch.convert import make_source
from triviaparse.batch.formats import CSV_COLUMNS
from triviaparse.batch.sniff import sniff
from triviaparse.batch.warc import TRIVIA_URL

from .batch_builders import (
    make_page,
    mixed_inputs,
    read_jsonl,
    write_tar,
    write_warc,
    write_zip,
)

SOURCE_KEYS = {"name", "path", "member", "record_id", "url"}


def _run(args: list[str], out: Path | None, **kw: object) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    opts = ConvertOptions(inputs=args, output=None if out is None else str(out), **kw)  # type: ignore[arg-type]
    summary = run_convert(opts, stdout=stdout, stderr=stderr)
    return summary.exit_code, stdout.getvalue(), stderr.getvalue()


# -- convert_one ---------------------------------------------------------------------------


def test_convert_one_page_record() -> None:
    rec = convert_one("a.txt", make_page("Alpha", 2001).encode())
    assert set(rec) == {"schema_version", "source", "page"}
    assert set(rec["source"]) == SOURCE_KEYS and rec["source"]["name"] == "a.txt"
    assert rec["page"]["title"] == "Alpha" and len(rec["page"]["items"]) == 4
    json.dumps(rec)  # JSON-ready


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"just some words", "not-a-trivia-page"),
        (b"<html><body>a blog</body></html>", "not-a-trivia-page"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 30, "undecodable"),
    ],
)
def test_convert_one_error_records(data: bytes, code: str) -> None:
    rec = convert_one("x", data)
    assert set(rec) == {"schema_version", "source", "error"}
    assert rec["error"]["code"] == code and rec["error"]["message"]


def test_convert_one_strict_names_exception() -> None:
    page = make_page("Alpha").replace("Showing all 4 items", "Showing all 9 items")
    assert "page" in convert_one("a.txt", page.encode())  # lenient: problems, still a page
    rec = convert_one("a.txt", page.encode(), strict=True)
    assert rec["error"]["code"] == "declared-count-mismatch"
    assert rec["error"]["exception"] == "IncompletePage"
    assert "a.txt" in rec["error"]["message"]


def test_convert_one_is_picklable_and_convert_path_reads(tmp_path: Path) -> None:
    assert pickle.loads(pickle.dumps(convert_one)) is convert_one
    p = tmp_path / "a.txt"
    p.write_text(make_page(), encoding="utf-8")
    assert "page" in convert_path(p)
    assert convert_path(tmp_path / "missing.txt")["error"]["code"] == "unreadable"


# -- sniffing and walking ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html>", "page"),
        (b'{"props": {"pageProps": {"tconst": "tt0133093"}}}', "page"),
        (b'{"props": {}}', "asset"),  # JSON with no mark of IMDb's
        (make_page().encode(), "page"),
        ("Café — déjà vu".encode("cp1252"), "page"),
        (gzip.compress(b"<html>page</html>", mtime=0), "page"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "binary"),
        (b"%PDF-1.4\n", "binary"),
        (b"\x7fELF\x02\x01", "binary"),
        (bytes(range(256)), "binary"),
        (b"PK\x03\x04rest", "zip"),
        (b"WARC/1.0\r\n", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo", mtime=0), "warc"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_walk_is_sorted_and_by_content(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.data").write_text(make_page(), encoding="utf-8")  # no page suffix
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    (tmp_path / "c.htm").write_bytes(b"GIF89a" + bytes(50))  # a page suffix, image content
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(make_page(), encoding="utf-8")
    ex = Expander()
    names = [
        Path(t.source["name"]).relative_to(tmp_path).as_posix() for t in ex.expand([str(tmp_path)])
    ]
    assert names == ["a.txt", "b/page.data"]
    assert ex.skipped == 1


def test_walk_gives_a_folders_files_before_its_subfolders(tmp_path: Path) -> None:
    """As docs/batch.md says: z.txt before a/b.txt."""
    for rel in ("z.txt", "a/b.txt", "a/c/d.txt", "a/e.txt", "m.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(make_page(), encoding="utf-8")
    names = [
        Path(t.source["name"]).relative_to(tmp_path).as_posix()
        for t in Expander().expand([str(tmp_path)])
    ]
    assert names == ["m.txt", "z.txt", "a/b.txt", "a/e.txt", "a/c/d.txt"]


def test_batch_exports_what_the_docs_describe() -> None:
    import triviaparse.batch

    root = Path(__file__).resolve().parent.parent / "docs"
    docs = (root / "batch.md").read_text("utf-8") + (root / "api.md").read_text("utf-8")
    assert [n for n in triviaparse.batch.__all__ if not re.search(rf"\b{n}\b", docs)] == []
    assert all(hasattr(triviaparse.batch, n) for n in triviaparse.batch.__all__)


def test_every_error_code_is_documented() -> None:
    from triviaparse.batch.convert import FAILED_CODES

    doc = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text("utf-8")
    assert [c for c in FAILED_CODES if f"| `{c}` |" not in doc] == []


def test_glob_and_no_match(tmp_path: Path) -> None:
    for n in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / n).write_text(make_page(), encoding="utf-8")
    tasks = list(Expander().expand([str(tmp_path / "x*.txt"), str(tmp_path / "z*.txt")]))
    assert [Path(t.source["name"]).name for t in tasks[:2]] == ["x1.txt", "x2.txt"]
    assert tasks[2].error is not None and tasks[2].error[0] == "no-match"


def test_output_file_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run must not convert the first run's output
        code, _, _ = _run([str(tmp_path)], out)
        assert code == 0 and len(read_jsonl(out)) == 1


# -- archives ------------------------------------------------------------------------------


def test_zip_members_and_unsafe_names(tmp_path: Path) -> None:
    z = write_zip(
        tmp_path / "a.zip",
        {
            "ok/one.txt": make_page("One").encode(),
            "../escape.txt": make_page("Escape").encode(),
            "/etc/abs.txt": make_page("Abs").encode(),
            "dir\\..\\..\\win.txt": make_page("Win").encode(),
        },
    )
    tasks = list(Expander().expand([str(z)]))
    assert [t.source["member"] for t in tasks] == [
        "ok/one.txt",
        "../escape.txt",
        "/etc/abs.txt",
        "dir\\..\\..\\win.txt",
    ]
    assert tasks[0].data is not None and tasks[0].error is None
    assert all(t.error is not None and t.error[0] == "unsafe-member" for t in tasks[1:])


def test_zip_bomb_refused(tmp_path: Path) -> None:
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"\0" * (20 * 1024 * 1024))
        zf.writestr("page.txt", make_page())
    tasks = list(Expander().expand([str(z)]))
    assert tasks[0].error is not None and tasks[0].error[0] == "compression-bomb"
    assert tasks[1].error is None and tasks[1].data is not None


def test_zip_lying_header_is_capped(tmp_path: Path) -> None:
    z = write_zip(tmp_path / "lie.zip", {"big.txt": b"x" * 5000})
    raw = bytearray(z.read_bytes())
    # shrink the declared size in the central directory: reading must not trust it blindly
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    z.write_bytes(bytes(raw))
    tasks = list(Expander().expand([str(z)]))
    assert len(tasks) == 1
    assert tasks[0].error is not None and tasks[0].error[0] == "unreadable"


def test_tar_members_links_and_truncation(tmp_path: Path) -> None:
    import tarfile

    t = write_tar(
        tmp_path / "a.tar.gz",
        {"p/one.txt": make_page("One").encode(), "../up.txt": make_page("Up").encode()},
    )
    with tarfile.open(tmp_path / "link.tar", "w") as tf:
        info = tarfile.TarInfo("evil")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    tasks = list(Expander().expand([str(t), str(tmp_path / "link.tar")]))
    codes = [t.error[0] if t.error else None for t in tasks]
    assert codes == [None, "unsafe-member", "unsafe-member"]
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(t.read_bytes()[:-30])
    tasks = list(Expander().expand([str(cut)]))
    assert tasks[-1].error is not None and tasks[-1].error[0] == "truncated-archive"


def test_warc_takes_only_trivia_family_responses(tmp_path: Path) -> None:
    w = write_warc(
        tmp_path / "c.warc.gz",
        [
            ("https://www.imdb.com/title/tt0000001/trivia?ref_=tt_ql", make_page("A").encode()),
            ("https://www.imdb.com/title/tt0000001/", make_page("Main").encode()),
            ("https://www.imdb.com/title/tt0000001/reviews", b"no"),
            ("https://example.com/title/tt0000001/trivia", b"no"),
        ],
    )
    items = [i for i in iter_warc(str(w)) if isinstance(i, tuple)]
    assert [s["url"] for s, _ in items] == [
        "https://www.imdb.com/title/tt0000001/trivia?ref_=tt_ql",
        "https://www.imdb.com/title/tt0000001/",
    ]
    assert all(s["record_id"] and s["path"] == str(w) for s, _ in items)
    rec = convert_one(items[0][0]["name"], items[0][1], source=items[0][0])
    assert rec["page"]["title"] == "A"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.imdb.com/title/tt0111161/goofs/", True),
        ("http://m.imdb.com/name/nm0000151/bio", True),
        ("https://www.imdb.com/title/tt0111161/crazycredits?tab=x", True),
        ("https://www.imdb.com/title/tt0111161/reviews", False),
        ("https://www.imdb.com/chart/top", False),
    ],
)
def test_trivia_url(url: str, ok: bool) -> None:
    assert bool(TRIVIA_URL.match(url)) is ok


def test_stdin_page_and_stdin_zip(tmp_path: Path) -> None:
    buf = io.BufferedReader(io.BytesIO(make_page("Piped").encode()))
    tasks = list(Expander(stdin=buf).expand(["-"]))
    assert len(tasks) == 1 and tasks[0].source["name"] == "<stdin>"
    z = write_zip(tmp_path / "a.zip", {"a.txt": make_page().encode(), "b.txt": b"<html/>"})
    buf = io.BufferedReader(io.BytesIO(z.read_bytes()))
    assert [t.source["name"] for t in Expander(stdin=buf).expand(["-"])] == [
        "<stdin>::a.txt",
        "<stdin>::b.txt",
    ]


# -- the whole run -------------------------------------------------------------------------


def test_mixed_inputs_one_record_each_same_for_any_j(tmp_path: Path) -> None:
    args, expected = mixed_inputs(tmp_path)
    outs = []
    for j in (1, 2):
        out = tmp_path / f"out{j}.jsonl"
        code, _, err = _run(args, out, jobs=j)
        assert code == 1, err  # the corrupt, binary, empty and foreign files failed
        outs.append(out.read_bytes())
        recs = read_jsonl(out)
        assert len(recs) == expected
        assert sum("error" in r for r in recs) == 4
        assert all(set(r["source"]) == SOURCE_KEYS for r in recs)
        assert "7 of 11 inputs converted" in err
        assert not (tmp_path / f"out{j}.jsonl.partial").exists()
    assert outs[0] == outs[1]


def test_json_and_csv_outputs(tmp_path: Path) -> None:
    args, expected = mixed_inputs(tmp_path)
    code, _, _ = _run(args, tmp_path / "o.json", fmt="json")
    doc = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert code == 1 and len(doc) == expected
    code, _, _ = _run(args, tmp_path / "o.csv", fmt="csv")
    with open(tmp_path / "o.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert {int(r["input_index"]) for r in rows} == set(range(expected))
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == sum(len(r["page"]["items"]) for r in doc if "page" in r)
    assert {r["is_spoiler"] for r in ok} == {"true", "false"}
    assert any(r["votes_total"] for r in ok)
    errors = [r for r in rows if r["status"] == "error"]
    assert len(errors) == 4 and all(r["error_code"] for r in errors)


def test_json_to_stdout_and_empty_batch(tmp_path: Path) -> None:
    code, out, _ = _run([str(tmp_path)], None, fmt="json", quiet=True)
    assert code == 0 and json.loads(out) == []
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    code, out, err = _run([str(tmp_path)], None, quiet=True)
    assert code == 0 and len(out.splitlines()) == 1 and err == ""


def test_fail_fast_stops_and_keeps_partial(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(make_page(), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text(make_page(), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    code, _, err = _run([str(tmp_path / "in")], out, fail_fast=True)
    assert code == 1 and "--resume" in err
    assert len(read_jsonl(Path(str(out) + ".partial"))) == 2 and not out.exists()


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_resume_after_a_cut_gives_the_same_output(tmp_path: Path, fmt: str) -> None:
    args, _ = mixed_inputs(tmp_path)
    full = tmp_path / f"full.{fmt}"
    assert _run(args, full, fmt=fmt)[0] == 1
    data = full.read_bytes()
    if fmt == "json":
        data = data[: -len(b"]\n")]
    out = tmp_path / f"o.{fmt}"
    for cut in (0, 5, len(data) // 3, len(data) // 2 + 7, len(data) - 1):
        # a run killed at any byte: whole records survive, the cut one is dropped
        Path(str(out) + ".partial").write_bytes(data[:cut])
        code, _, err = _run(args, out, fmt=fmt, resume=True)
        assert code == 1, err
        assert out.read_bytes() == full.read_bytes(), f"cut at {cut}"
        assert not Path(str(out) + ".partial").exists()


def test_resume_refuses_other_inputs(tmp_path: Path) -> None:
    for n in ("a", "b", "c"):
        (tmp_path / f"{n}.txt").write_text(make_page(n), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    _run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], out)
    Path(str(out) + ".partial").write_bytes(out.read_bytes())
    code, _, err = _run([str(tmp_path / "c.txt"), str(tmp_path / "b.txt")], out, resume=True)
    assert code == 2 and "cannot resume" in err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from triviaparse.batch.runner import Progress

    monkeypatch.setattr(Progress, "ETA_PAGES", 0)  # the time left from the first page
    monkeypatch.setattr(Progress, "ETA_SECONDS", 0.0)
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(make_page(f"F{i}"), encoding="utf-8")
    (tmp_path / "bad.txt").write_text("nope", encoding="utf-8")
    tty = _Tty()
    opts = ConvertOptions(inputs=[str(tmp_path)], output=str(tmp_path / "o.jsonl"))
    assert run_convert(opts, stdout=io.StringIO(), stderr=tty).exit_code == 1
    err = tty.getvalue()
    assert "\r" in err and "pages/s" in err and "| 1 error |" in err and "left" in err
    assert err.rstrip("\n").splitlines()[-1].endswith("-> " + str(tmp_path / "o.jsonl"))
    tty = _Tty()
    opts.quiet = True
    run_convert(opts, stdout=io.StringIO(), stderr=tty)
    assert tty.getvalue() == ""


def test_compressed_single_page_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * (MAX_PAGE_BYTES + 1024 * 1024))
    assert convert_one("x.gz", bomb)["error"]["code"] == "too-large"
    assert "page" in convert_one("y.gz", gzip.compress(make_page().encode()))


def test_resume_refuses_a_partial_of_another_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    out = tmp_path / "o.jsonl"
    _run([str(tmp_path / "a.txt")], tmp_path / "o.csv", fmt="csv")
    Path(str(out) + ".partial").write_bytes((tmp_path / "o.csv").read_bytes())
    code, _, err = _run([str(tmp_path / "a.txt")], out, resume=True)
    assert code == 2 and "another --format" in err
    assert Path(str(out) + ".partial").read_bytes() == (tmp_path / "o.csv").read_bytes()


def test_stdin_warc_and_tar(tmp_path: Path) -> None:
    w = write_warc(
        tmp_path / "c.warc.gz",
        [("https://www.imdb.com/title/tt0000001/trivia", make_page("A").encode())],
    )
    t = write_tar(tmp_path / "p.tar.gz", {"a.txt": make_page("B").encode()})
    for path, name in ((w, "<stdin>#"), (t, "<stdin>::a.txt")):
        for data in (path.read_bytes(), gzip.decompress(path.read_bytes())):
            tasks = list(Expander(stdin=io.BytesIO(data)).expand(["-"]))
            assert len(tasks) == 1 and tasks[0].error is None
            assert tasks[0].source["name"].startswith(name)


def test_archive_without_pages_still_gets_a_record(tmp_path: Path) -> None:
    z = write_zip(tmp_path / "pics.zip", {"a.jpg": b"\xff\xd8\xff\xe0" + bytes(64)})
    w = write_warc(tmp_path / "other.warc.gz", [("https://example.com/", b"hello")])
    tasks = list(Expander().expand([str(z), str(w)]))
    assert [(t.source["name"], t.error[0] if t.error else None) for t in tasks] == [
        (str(z), "no-pages"),
        (str(w), "no-pages"),
    ]


def test_fail_fast_on_stdout_still_closes_the_json_array(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    (tmp_path / "b.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "c.txt").write_text(make_page(), encoding="utf-8")
    code, out, _ = _run([str(tmp_path)], None, fmt="json", fail_fast=True, quiet=True)
    assert code == 1 and len(json.loads(out)) == 2


def test_unlistable_folder_gets_a_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    real_walk = os.walk

    def walk(top: str, onerror: Any = None) -> Any:  # as if a subfolder were unreadable
        yield from real_walk(top)
        onerror(PermissionError(13, "Permission denied", os.path.join(top, "locked")))

    monkeypatch.setattr("triviaparse.batch.inputs.os.walk", walk)
    tasks = list(Expander().expand([str(tmp_path)]))
    assert [Path(t.source["name"]).name for t in tasks] == ["a.txt", "locked"]
    assert tasks[1].error is not None and tasks[1].error[0] == "unreadable"


def test_chunks_start_small_grow_and_stay_under_the_byte_cap() -> None:
    from triviaparse.batch import engine

    tasks = [Task(i, make_source(f"p{i}"), path=f"p{i}", size=1000) for i in range(200)]
    sizes = [len(c) for c in engine._chunks(tasks)]
    first = engine._FIRST_CHUNK_TASKS
    assert sizes[:3] == [first, 2 * first, 4 * first]  # every worker starts at once
    assert max(sizes) == engine._CHUNK_TASKS and sum(sizes) == 200
    big = [
        Task(i, make_source(f"b{i}"), path=f"b{i}", size=engine._CHUNK_BYTES // 3 + 1)
        for i in range(30)
    ]
    assert max(len(c) for c in engine._chunks(big)) == 3  # large pages: fewer per chunk
    data = [
        Task(i, make_source(f"d{i}"), data=b"x" * (engine._CHUNK_BYTES // 2 + 1)) for i in range(30)
    ]  # size left at 0: the bytes carried count
    assert max(len(c) for c in engine._chunks(data)) == 2


def _queue_depths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many chunks each worker holds after every dispatch of the engine (filled in)."""
    from triviaparse.batch import engine

    seen: list[int] = []
    real = engine._Run.dispatch

    def dispatch(self: Any) -> None:
        real(self)
        seen.extend(len(w.sent) for w in self.pool.workers)

    monkeypatch.setattr(engine._Run, "dispatch", dispatch)
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="queued chunks: Linux only")
def test_busy_workers_hold_the_next_small_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker busy with a chunk of paths is sent the next one at once, so it never waits for
    the main process between chunks; chunks carrying page bytes wait for an idle worker."""
    src = tmp_path / "many"
    src.mkdir()
    for i in range(60):
        (src / f"p{i:03d}.txt").write_text(make_page(f"Film {i}"), encoding="utf-8")
    seen = _queue_depths(monkeypatch)
    got = list(convert_tasks(Expander().expand([str(src)]), jobs=2))
    assert [code for _, (_, code) in got] == [None] * 60
    assert max(seen) == 2
    seen.clear()
    pad = "\n" * 40_000  # each chunk's payload over the 32 KB a busy worker may be sent
    pages = [(f"b{i}.txt", (make_page(f"Film {i}") + pad).encode()) for i in range(40)]
    titles = [r.page.title for r in parse_many(pages, jobs=2) if r.page is not None]
    assert titles == [f"Film {i}" for i in range(40)]
    assert max(seen) == 1


def test_many_inputs_same_output_for_any_j_and_format(tmp_path: Path) -> None:
    """Past the first small chunks: the output is the same bytes whatever -j and format."""
    src = tmp_path / "many"
    src.mkdir()
    for i in range(150):
        text = make_page(f"Film {i}", 1990 + i % 30, items=1 + i % 4) if i % 11 else "junk"
        (src / f"p{i:03d}.txt").write_text(text, encoding="utf-8")
    for fmt in ("jsonl", "json", "csv"):
        outs = []
        for j in (1, 2):
            out = tmp_path / f"o{j}.{fmt}"
            code, _, err = _run([str(src)], out, jobs=j, fmt=fmt)
            assert code == 1, err
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]
    lines = (tmp_path / "o2.jsonl").read_bytes().splitlines()
    assert len(lines) == 150
    for j in (1, 2):  # the Python API still gives text, in input order
        got = list(convert_tasks(Expander().expand([str(src)]), jobs=j))
        assert [t.index for t, _ in got] == list(range(150))
        assert all(isinstance(text, str) for _, (text, _) in got)
        assert [text.encode("utf-8").rstrip(b"\n") for _, (text, _) in got] == lines


def test_output_writes_text_and_bytes_alike(tmp_path: Path) -> None:
    from triviaparse.batch.output import Output

    for fmt in ("jsonl", "json"):
        files = []
        for kind in (str, bytes):
            out = Output(str(tmp_path / f"o-{kind.__name__}.{fmt}"), fmt)
            for rec in ('{"a":"é"}\n', '{"b":2}\n'):
                out.write(rec if kind is str else rec.encode("utf-8"))
            out.finish()
            files.append((tmp_path / f"o-{kind.__name__}.{fmt}").read_bytes())
        assert files[0] == files[1]
        stdout = io.StringIO()  # a text stream without .buffer gets text
        out = Output(None, fmt, stdout=stdout)
        out.write('{"a":"é"}\n'.encode())
        out.finish()
        assert "é" in stdout.getvalue()


def test_large_chunks_do_not_hang(tmp_path: Path) -> None:
    """Archive members far over a pipe's buffer travel in chunks of their bytes; same output."""
    big = {f"m{i}.txt": make_page(f"Long {i}", items=2500).encode() for i in range(6)}
    assert min(len(b) for b in big.values()) > 100_000
    archive = write_zip(tmp_path / "big.zip", big)
    outs = []
    for j in (1, 2):
        out = tmp_path / f"big{j}.jsonl"
        code, _, err = _run([str(archive)], out, jobs=j)
        assert code == 0, err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 6


def test_workers_are_forked_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux the pool forks its workers after the readers are imported, whatever the
    default start method; elsewhere it keeps the platform's default."""
    import multiprocessing
    import sys

    from triviaparse.batch import workers

    seen: list[str] = []
    real_start = workers.Pool.start

    def start(self: Any) -> Any:
        seen.append(self.ctx.get_start_method())
        return real_start(self)

    monkeypatch.setattr(workers.Pool, "start", start)
    src = tmp_path / "few"
    src.mkdir()
    for i in range(10):
        (src / f"p{i:02d}.txt").write_text(make_page(f"Film {i}"), encoding="utf-8")
    got = list(convert_tasks(Expander().expand([str(src)]), jobs=2))
    assert len(got) == 10 and all(code is None for _, (_, code) in got)
    want = "fork" if sys.platform.startswith("linux") else multiprocessing.get_start_method()
    assert seen == [want, want]
