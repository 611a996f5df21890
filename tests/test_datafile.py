"""IMDb's plain-text data files: the real 2012 excerpts, our own files, parse(), iter_datafile()
and convert's one record per title. The golden comparisons of tests/fixtures/datafile/ are
plugin tests; here are the behaviours around them."""

from __future__ import annotations

import gzip
import io
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import triviaparse
from triviaparse import (
    IncompletePage,
    Link,
    LinkKind,
    MalformedPage,
    PageKind,
    ProblemCode,
    SourceFormat,
    UnrecognizedInput,
    from_dict,
    iter_datafile,
    parse,
    to_dict,
)
from triviaparse.batch import ConvertOptions, run_convert
from triviaparse.detect import detect
from triviaparse.readers._imdb import GOOF_TYPES
from triviaparse.readers.datafile import Entry, iter_entries, parse_heading, resolve_qv

from .helpers import CORPUS, FIXTURES, requires_shared

DATAFILES = CORPUS / "datafiles"
OURS = FIXTURES / "datafile"


def _expected() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(
        (DATAFILES / "EXPECTED.json").read_text(encoding="utf-8")
    )
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _as_read(written: str) -> str:
    """An item as EXPECTED.json writes it (type prefix, (qv) markup) as a person reads it:
    written independently of the reader, for the two shapes the excerpts use."""
    text = re.sub(r"^[A-Z]{4}: ", "", written)
    text = re.sub(r"'([^']+?)(?: \([IVX]+\))?' \(qv\)", r"\1", text)
    return re.sub(r"_([^_]+?)_ \(qv\)", r"\1", text)


# -- the real excerpts (July 2012), where ../shared lies ------------------------------------


def _excerpts() -> list[str]:
    return sorted(_expected()) if DATAFILES.is_dir() else []


@requires_shared
@pytest.mark.parametrize("name", _excerpts())
def test_real_excerpt_titles_and_items(name: str) -> None:
    want = _expected()[name]
    per_title = want["per_title"]
    assert isinstance(per_title, list)
    entries = list(iter_entries(DATAFILES / name))
    if name.startswith("alternate-versions"):
        # no page kind here: refused as a whole, none of its 8 items read as trivia
        assert len(entries) == 1 and not hasattr(entries[0], "page")
        pages = list(iter_datafile(DATAFILES / name))
        assert [(p.page_kind, p.items) for p in pages] == [(PageKind.UNKNOWN, ())]
        assert pages[0].problems[0].code is ProblemCode.UNRECOGNIZED_INPUT
        assert "alternate-versions.list" in pages[0].problems[0].message
        with pytest.raises(UnrecognizedInput):
            list(iter_datafile(DATAFILES / name, strict=True))
        page = triviaparse.parse_file(DATAFILES / name)
        assert not page.items and page.problems[0].code is ProblemCode.UNRECOGNIZED_INPUT
        return
    titles = [e for e in entries if isinstance(e, Entry)]
    got = [(e.heading, len(e.page.items)) for e in titles]
    assert got == [(t["heading"], t["items"]) for t in per_title]
    assert len(entries) == want["titles"]
    assert sum(n for _, n in got) == want["items"]
    for entry, title in zip(titles, per_title, strict=True):
        page = entry.page
        assert page.items[0].text == _as_read(title["first_item"])
        assert page.source_format is SourceFormat.DATAFILE and not page.problems
        assert "(qv)" not in " ".join(i.text for i in page.items)


@requires_shared
def test_real_excerpt_goof_types_become_web_categories() -> None:
    pages = list(iter_datafile(DATAFILES / "goofs.list.excerpt-2012-07"))
    assert [(i.category, i.category_label) for p in pages for i in p.items] == [
        ("miscellaneous", "Miscellaneous"),
        ("factual-error", "Factual errors"),
        ("continuity", "Continuity"),
        ("continuity", "Continuity"),
    ]
    assert pages[1].episode == "Come Out and Play (#2.3)" and pages[1].year == 2006


@requires_shared
def test_real_excerpt_qv_names_read_as_a_person_reads_them() -> None:
    pages = list(iter_datafile(DATAFILES / "trivia.list.excerpt-2012-07"))
    item = pages[1].items[0]
    assert "Nicole Burke - Second assistant director" in item.text
    assert "'" not in item.text.split("staff members")[1].split("Also")[0]
    assert Link(kind=LinkKind.NAME, imdb_id=None, text="Nicole Burke (I)") in item.links
    assert len(item.links) == 6
    assert (pages[0].title, pages[0].year, pages[0].episode) == (
        "24",
        2001,
        "5:00 a.m.-6:00 a.m. (#1.6)",
    )


@requires_shared
def test_real_excerpts_convert_to_one_record_per_title(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    code, _ = _convert([str(DATAFILES)], out)
    records = _records(out)
    want = _expected()
    by_file: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_file.setdefault(Path(r["source"]["path"]).name, []).append(r)
    assert code == 1  # alternate-versions.list is refused: one error record
    for name, exp in want.items():
        recs = by_file[name]
        if name.startswith("alternate-versions"):
            assert [r["error"]["code"] for r in recs] == ["not-a-trivia-page"]
            continue
        assert [(r["source"]["member"], len(r["page"]["items"])) for r in recs] == [
            (t["heading"], t["items"]) for t in exp["per_title"]
        ]


# -- parse() of a data file ------------------------------------------------------------------


def test_detect_and_parse_a_single_title_excerpt() -> None:
    text = (OURS / "crazy-credits.list").read_text(encoding="utf-8")
    assert detect(text) is SourceFormat.DATAFILE
    one = text.split('\n\n# "Harbour')[0] + "\n"
    page = parse(one, strict=True)
    assert (page.title, page.year, page.page_kind, len(page.items)) == (
        "The Lantern Keeper",
        2024,
        PageKind.CRAZY_CREDITS,
        2,
    )
    assert page.problems == ()
    assert parse(one, format="datafile") == page


def test_parse_of_a_whole_file_names_iter_datafile() -> None:
    data = (OURS / "trivia.list").read_bytes()
    page = parse(data)
    assert page.title == "Harbour Lights" and len(page.items) == 2
    (problem,) = page.problems
    assert problem.code is ProblemCode.MULTIPLE_PAGES
    assert "iter_datafile" in problem.message and "many titles" in problem.message
    with pytest.raises(MalformedPage, match="iter_datafile"):
        parse(data, strict=True, source="trivia.list")


def test_html_and_text_pages_are_not_data_files() -> None:
    for page in (
        "html_classic/goofs-2014.html",
        "text/browser_copy.txt",
        "html_classic/locations-2016.html",
    ):
        text = (FIXTURES / page).read_text(encoding="utf-8", errors="replace")
        assert detect(text) is not SourceFormat.DATAFILE, page


# -- iter_datafile ---------------------------------------------------------------------------


def test_every_goof_type_and_the_table_agree_with_the_goofs_fixture() -> None:
    pages = list(iter_datafile(OURS / "goofs.list"))
    seen = {(i.category, i.category_label) for i in pages[0].items[:12]}
    assert seen == set(GOOF_TYPES.values())
    # the id a goofs web page gives its factual errors (next_data fixture) is the same
    web = json.loads(
        (FIXTURES / "next_data/tt9900001-goofs-nextdata.expected.json").read_text(encoding="utf-8")
    )
    web_ids = {i["category"] for i in web["items"] if not i["is_spoiler"]}
    assert web_ids <= {c for c, _ in GOOF_TYPES.values()}


def test_unknown_goof_type_strict_names_file_and_line() -> None:
    with pytest.raises(MalformedPage, match=r"goofs\.list, line 38, item 12: unknown goof"):
        list(iter_datafile(OURS / "goofs.list", strict=True))


def test_latin1_and_utf8_give_the_same_pages() -> None:
    raw = (OURS / "trivia-latin1.list").read_bytes()
    utf8 = raw.decode("latin-1").encode("utf-8")
    assert raw != utf8
    latin_pages = list(iter_datafile(io.BytesIO(raw)))
    assert latin_pages == list(iter_datafile(io.BytesIO(utf8)))
    assert latin_pages[0].items[0].links[0].text == "Zoë Brünner"
    assert latin_pages[1].title == "Über den Wolken"


def test_a_latin1_line_in_a_utf8_file_is_read_and_reported() -> None:
    data = (
        "FILM TRIVIA\n===========\n\n# Genève (1961)\n- Genève is in French.\n"
        "\n\n# Zürich (1962)\n- "
    ).encode() + "Zürich.\n".encode("latin-1")
    first, second = iter_datafile(io.BytesIO(data))
    assert first.items[0].text == "Genève is in French." and first.problems == ()
    assert second.items[0].text == "Zürich."
    assert [(p.code, p.line) for p in second.problems] == [(ProblemCode.DECODE_ERROR, 9)]


def test_gzip_from_a_pipe_gives_the_same_pages() -> None:
    packed = gzip.compress((OURS / "trivia.list").read_bytes(), mtime=0)

    class Pipe(io.RawIOBase):  # not seekable, gives 64 bytes at a time
        def __init__(self) -> None:
            self.pos = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = packed[self.pos : self.pos + min(len(buffer), 64)]
            buffer[: len(chunk)] = chunk
            self.pos += len(chunk)
            return len(chunk)

    assert list(iter_datafile(Pipe())) == list(iter_datafile(OURS / "trivia.list"))


def test_a_cut_gzip_gives_the_titles_before_the_cut_then_raises(tmp_path: Path) -> None:
    packed = _titles(tmp_path, 5000).read_bytes()
    got: list[str | None] = []
    with pytest.raises(IncompletePage, match="could not be read to its end"):
        for page in iter_datafile(io.BytesIO(packed[: len(packed) // 2])):
            got.append(page.title)
    assert 1000 < len(got) < 5000
    assert got == [f"Title {k}" for k in range(len(got))]


def test_an_endless_file_is_read_in_flat_memory() -> None:
    """A generator of titles stands in for a file of any size: pages come out as lines go
    in, and nothing is kept (the benchmark measures the real thing)."""

    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = b"FILM TRIVIA\n===========\n\n"
            self.n = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            while len(self.buf) < len(buffer):
                self.n += 1
                self.buf += (
                    f"# Title {self.n} ({1900 + self.n % 100})\n- A fact about "
                    f"title {self.n},\n  wrapped.\n\n\n"
                ).encode()
            buffer[:] = self.buf[: len(buffer)]
            self.buf = self.buf[len(buffer) :]
            return len(buffer)

    pages = iter_datafile(Endless())
    for n, page in zip(range(1, 20001), pages, strict=False):
        assert page.title == f"Title {n}"
    assert page.items[0].text == "A fact about title 20000, wrapped."


def test_pages_round_trip_with_links_without_ids() -> None:
    for path in sorted(OURS.iterdir()):
        if ".expected." in path.name:
            continue
        for page in iter_datafile(path):
            assert from_dict(json.loads(json.dumps(to_dict(page)))) == page


def test_no_banner_and_no_titles() -> None:
    (page,) = iter_datafile(io.BytesIO(b"CRC: 0x1  File: actors.list  Date: x\n\nTHE ACTORS\n"))
    assert page.problems[0].code is ProblemCode.UNRECOGNIZED_INPUT
    assert "FILM TRIVIA" in page.problems[0].message
    (page,) = iter_datafile(io.BytesIO(b"FILM TRIVIA\n===========\n\n" + b"-" * 40 + b"\n"))
    assert page.problems[0].code is ProblemCode.NO_ITEMS


def test_odd_lines_cost_a_problem_not_the_title() -> None:
    tabbed = (
        b"LOCATIONS LIST\n==============\nA (2001)\t\tParis, France\nstray line\n"
        b"A (2001)\t\tLyon, France\t(studio)\nB (2002)\t\tNice\n"
    )
    a, b = iter_datafile(io.BytesIO(tabbed))
    assert [(i.text, i.note) for i in a.items] == [
        ("Paris, France", None),
        ("Lyon, France", "(studio)"),
    ]
    assert [(p.code, p.line) for p in a.problems] == [(ProblemCode.UNEXPECTED_STRUCTURE, 4)]
    assert b.problems == ()
    headed = (
        b"FILM TRIVIA\n===========\n\n# A (2001)\n  an indented start\n  goes on\n\n"
        b"Not an item.\n- A real item.\n"
    )
    (page,) = iter_datafile(io.BytesIO(headed))
    assert [i.text for i in page.items] == [
        "an indented start goes on",
        "Not an item.",
        "A real item.",
    ]
    assert [(p.code, p.line) for p in page.problems] == [
        (ProblemCode.UNEXPECTED_STRUCTURE, 5),
        (ProblemCode.UNEXPECTED_STRUCTURE, 8),
    ]


_HEAD = "FILM TRIVIA\n===========\n\n# A (2001)\n- "
#: Inputs built to trip the data-file reader, at "size" n (as in test_properties_linear.py).
_PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "huge-item": lambda n: _HEAD + "x\n" + "  a continuation line of text\n" * (20 * n),
    "qv-without-quotes": lambda n: _HEAD + "x' (qv) " * (20 * n) + "\n",
    "qv-apostrophes": lambda n: _HEAD + "a'" * (40 * n) + " (qv)\n",
    "titles": lambda n: _HEAD + "x\n\n" + "# T (2001) {E (#1.1)}\n- An item.\n\n" * (5 * n),
}


@pytest.mark.parametrize("name", sorted(_PATHOLOGICAL))
def test_reading_time_is_linear(name: str) -> None:
    def best(data: bytes) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for _page in iter_datafile(io.BytesIO(data)):
                pass
            times.append(time.perf_counter() - start)
        return min(times)

    n = 200
    build = _PATHOLOGICAL[name]
    small = best(build(n).encode())
    while small < 2e-3 and n < 50_000:  # grow until timing noise no longer dominates
        n *= 4
        small = best(build(n).encode())
    ratio = best(build(16 * n).encode()) / small
    assert ratio < 64, f"{name}: 16x the input took {ratio:.0f}x the time (n={n})"


@pytest.mark.parametrize(
    ("heading", "want"),
    [
        ('"24" (2001) {5:00 a.m.-6:00 a.m. (#1.6)}', ("24", 2001, "5:00 a.m.-6:00 a.m. (#1.6)")),
        ("Absolution (2006/II) (TV)", ("Absolution", 2006, None)),
        ("Tales (????)", ("Tales", None, None)),
        ("Harbour Game (2011) (VG)", ("Harbour Game", 2011, None)),
        ('"Gone" (1999) {{SUSPENDED}}', ("Gone", 1999, None)),
        ("Year (1984) (1999)", ("Year (1984)", 1999, None)),
        ("0361140", ("0361140", None, None)),
    ],
)
def test_headings(heading: str, want: tuple[str, int | None, str | None]) -> None:
    assert parse_heading(heading) == want


@pytest.mark.parametrize(
    ("written", "read", "keys"),
    [
        ("by 'Peter O'Hara (IV)' (qv).", "by Peter O'Hara.", [("name", "Peter O'Hara (IV)")]),
        ('in _"Tides" (2001)_ (qv) too', 'in "Tides" (2001) too', [("title", '"Tides" (2001)')]),
        ("a bare (qv) stays", "a bare (qv) stays", []),
        ("'A' (qv)'s", "A's", [("name", "A")]),
        ("rock' (qv) n roll", "rock' (qv) n roll", []),
        (
            "see _Rob Roy_ (qv) and 'Ann Lee' (qv)",
            "see Rob Roy and Ann Lee",
            [("title", "Rob Roy"), ("name", "Ann Lee")],
        ),
    ],
)
def test_qv_references(written: str, read: str, keys: list[tuple[str, str]]) -> None:
    text, links = resolve_qv(written)
    assert text == read
    assert [(str(ln.kind), ln.text) for ln in links] == keys
    assert all(ln.imdb_id is None for ln in links)


# -- convert ---------------------------------------------------------------------------------


def _convert(args: list[str], out: Path, **kw: Any) -> tuple[int, str]:
    stderr = io.StringIO()
    opts = ConvertOptions(inputs=args, output=str(out), quiet=False, **kw)
    summary = run_convert(opts, stdout=io.StringIO(), stderr=stderr)
    return summary.exit_code, stderr.getvalue()


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _titles(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "trivia.list.gz"
    body = "".join(f"# Title {k} ({1900 + k})\n- Fact {k}, which\n  wraps.\n\n\n" for k in range(n))
    path.write_bytes(gzip.compress(f"FILM TRIVIA\n===========\n\n{body}".encode(), mtime=0))
    return path


def test_convert_writes_one_record_per_title_naming_file_heading_and_line(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    code, err = _convert([str(OURS / "trivia.list")], out)
    assert code == 0, err
    recs = _records(out)
    src = [r["source"] for r in recs]
    path = str(OURS / "trivia.list")
    assert [(s["name"], s["path"], s["member"]) for s in src] == [
        (f"{path}:21", path, '"Harbour Lights" (2004)'),
        (f"{path}:29", path, '"Harbour Lights" (2004) {The Drowned Bell (#1.3)}'),
        (f"{path}:38", path, "Saltwater Hymns (2019/II) (V)"),
        (f"{path}:43", path, "The Lantern Keeper (2024)"),
    ]
    lines = (OURS / "trivia.list").read_text(encoding="utf-8").split("\n")
    assert all(lines[int(s["name"].rsplit(":", 1)[1]) - 1] == "# " + s["member"] for s in src)
    pages = [from_dict(r["page"]) for r in recs]
    assert pages == list(iter_datafile(OURS / "trivia.list"))


def test_convert_refuses_alternate_versions_with_one_record(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    code, _ = _convert([str(OURS / "alternate-versions.list")], out)
    (rec,) = _records(out)
    assert code == 1 and rec["error"]["code"] == "not-a-trivia-page"
    assert "alternate-versions.list" in rec["error"]["message"]


def test_the_page_size_limit_applies_to_titles_not_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _titles(tmp_path, 300)
    monkeypatch.setattr("triviaparse.batch.convert.MAX_PAGE_BYTES", 2000)
    out = tmp_path / "o.jsonl"
    code, err = _convert([str(path)], out)
    assert code == 0, err
    recs = _records(out)
    assert len(recs) == 300 and all("page" in r for r in recs)
    assert [r["page"]["title"] for r in recs] == [f"Title {k}" for k in range(300)]


def test_resume_in_the_middle_of_a_data_file(tmp_path: Path) -> None:
    path = _titles(tmp_path, 50)
    full = tmp_path / "full.jsonl"
    assert _convert([str(path)], full)[0] == 0
    data = full.read_bytes()
    out = tmp_path / "o.jsonl"
    for cut in (len(data) // 3, len(data) // 2 + 5):
        Path(str(out) + ".partial").write_bytes(data[:cut])
        code, err = _convert([str(path)], out, resume=True)
        assert code == 0, err
        assert "kept from the partial output" in err
        assert out.read_bytes() == data


def test_convert_with_workers_keeps_file_order(tmp_path: Path) -> None:
    path = _titles(tmp_path, 120)
    out = tmp_path / "o.jsonl"
    assert _convert([str(path)], out, jobs=2)[0] == 0
    assert [r["page"]["title"] for r in _records(out)] == [f"Title {k}" for k in range(120)]
