"""`-o` never harms anything but its own output; write errors, non-pages and URLs end in one
line and the documented exit status; output is UTF-8 whatever the names and fields hold.

Every node is made here in tmp_path: never a system path such as /dev/null (on the code these
tests guard against, such a test replaces the system's node).
"""

from __future__ import annotations

import base64
import csv
import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

from triviaparse.batch import convert as convert_module
from triviaparse.batch import output as output_module
from triviaparse.batch.formats import render, render_encoded
from triviaparse.batch.runner import Progress
from triviaparse.cli import main

from .batch_builders import make_page, read_jsonl, write_zip

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _cli(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "triviaparse", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        **kw,
    )
    return proc


def _pages(root: Path, n: int, items: int = 3) -> list[Path]:
    root.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        p = root / f"p{i:03d}.txt"
        p.write_text(make_page(f"Film {i}", 2000 + i % 20, items=items), encoding="utf-8")
        paths.append(p)
    return paths


def _records_written(line: str) -> int:
    m = re.search(r" after (\d+) records? written, ", line)
    assert m is not None, line
    return int(m[1])


def _one_line(err: str) -> str:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- -o: inputs and folders are usage errors, before any work ---------------------------------


@pytest.mark.parametrize("how", ["same path", "via a symlink", "matched by a glob", "partial"])
def test_output_that_is_an_input_is_refused(
    tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = _pages(tmp_path / "in", 2)
    before = a.read_bytes()
    out = str(a)
    inputs = [str(a), str(b)]
    if how == "via a symlink":
        link = tmp_path / "link.txt"
        link.symlink_to(a)
        out = str(link)
    elif how == "matched by a glob":
        inputs = [str(tmp_path / "in" / "p*.txt")]
    elif how == "partial":  # OUTPUT.partial is written first: it must not be an input either
        out = str(tmp_path / "in" / "p000")
        a.rename(out + ".partial")
        a = Path(out + ".partial")
        inputs = [str(a), str(b)]
    assert main(["convert", *inputs, "-o", out]) == 2
    err = capsys.readouterr()
    assert "is the input" in _one_line(err.err) and err.out == ""
    assert a.read_bytes() == before
    assert sorted(os.listdir(tmp_path / "in")) == sorted(p.name for p in (a, b))


def test_output_folder_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = _pages(tmp_path / "in", 3)
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["convert", *map(str, pages), "-o", str(folder)]) == 2
    err = capsys.readouterr()
    assert "is a folder" in _one_line(err.err) and err.out == ""
    assert os.listdir(folder) == [] and sorted(os.listdir(tmp_path)) == ["in", "out"]


def test_output_symlink_is_written_through(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path / "in", 1)
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert main(["convert", str(page), "-o", str(link), "-q"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [r["page"]["title"] for r in read_jsonl(target)] == ["Film 0"]
    assert sorted(os.listdir(tmp_path)) == ["in", "link.jsonl", "real.jsonl"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_output_fifo_is_written_directly(tmp_path: Path, fmt: str) -> None:
    pages = _pages(tmp_path / "in", 3)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert main(["convert", *map(str, pages), "-o", str(fifo), "--format", fmt, "-q"]) == 0
    reader.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["in", "pipe"]
    text = got[0].decode("utf-8")
    if fmt == "jsonl":
        assert [json.loads(line)["page"]["title"] for line in text.splitlines()] == [
            "Film 0",
            "Film 1",
            "Film 2",
        ]
    elif fmt == "json":
        assert len(json.loads(text)) == 3
    else:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert {r["title"] for r in rows} == {"Film 0", "Film 1", "Film 2"}


def test_output_character_device_stays_a_device(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path / "in", 1)
    node = tmp_path / "null"
    try:  # a node of our own with the null device's numbers: writes to it are discarded
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert main(["convert", str(page), "-o", str(node), "-q"]) == 0
    st = os.lstat(node)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert sorted(os.listdir(tmp_path)) == ["in", "null"]
    assert main(["convert", str(page), "-o", str(node), "--resume", "-q"]) == 2
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_output_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (page,) = _pages(tmp_path / "in", 1)
    assert main(["convert", str(page), "-o", "-", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["page"]["title"] == "Film 0"
    assert not (tmp_path / "-").exists() and not Path("-").exists()
    assert main(["convert", str(page), "-o", "-", "--resume"]) == 2


# -- non-pages and URLs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"Just some notes about a film.\n",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    ],
)
def test_parse_non_page_exits_1_with_one_line(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / "x.bin"
    p.write_bytes(content)
    assert main(["parse", str(p)]) == 1
    err = capsys.readouterr()
    assert err.out == "" and str(p) in _one_line(err.err)
    assert main(["show", str(p)]) == 1
    assert str(p) in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("cmd", [["parse"], ["show"], ["convert", "-q"]])
def test_url_argument_says_save_the_page_first(
    cmd: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://www.imdb.com/title/tt0107144/trivia?ref_=tt_trv"
    assert main([*cmd, url]) == 2
    err = capsys.readouterr()
    line = _one_line(err.err)
    assert "triviaparse reads saved pages; save the page first" in line and url in line
    assert err.out == ""


# -- write errors: one line, exit 1, how many records were written ------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_pipe_says_how_many_records_were_written(tmp_path: Path, jobs: str) -> None:
    _pages(tmp_path / "in", 300, items=6)  # far more than a pipe's buffer
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "triviaparse", "convert", str(tmp_path / "in"), "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(10)  # `| head -c 10`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert len(head) == 10
    line = _one_line(err)
    assert "broken pipe" in line and "inputs converted" not in line
    written = _records_written(line)
    assert 0 <= written < 300


def test_closed_pipe_on_parse(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(make_page("Big", items=2000), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "triviaparse", "parse", str(p), "--pretty"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "cannot write standard output" in _one_line(err)


class _Failing(io.RawIOBase):
    """A raw stream that takes ``limit`` bytes, then fails with ``code`` (ENOSPC, EIO…)."""

    def __init__(self, code: int, limit: int = 0, path: str | None = None) -> None:
        self.code = code
        self.limit = limit
        self.file = open(path, "wb") if path else None
        self.failing = True

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:  # like a pipe or a disk: a short write, then the error
        data = bytes(b)
        if self.failing:
            if self.limit <= 0:
                raise OSError(self.code, os.strerror(self.code))
            data = data[: self.limit]
        self.limit -= len(data)
        if self.file is not None:
            self.file.write(data)
            self.file.flush()
        return len(data)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_full_disk_or_io_error_on_the_output_file(
    tmp_path: Path, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _pages(tmp_path / "in", 60, items=4)
    out = tmp_path / "o.jsonl"
    raws: list[_Failing] = []

    def full_open(path: str, mode: str = "r", *a: Any, **kw: Any) -> Any:
        if mode != "wb":
            return open(path, mode, *a, **kw)
        raws.append(_Failing(code, limit=20_000, path=path))
        return io.BufferedWriter(raws[-1], buffer_size=4096)

    monkeypatch.setattr(output_module, "open", full_open, raising=False)
    monkeypatch.setattr(output_module.Output, "FLUSH_SECONDS", 0.0)
    assert main(["convert", str(tmp_path / "in"), "-o", str(out), "-j", "1", "-q"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert os.strerror(code) in line and "inputs converted" not in line
    written = _records_written(line)
    kept = Path(str(out) + ".partial").read_bytes().split(b"\n")[:-1]  # whole lines only
    assert 0 < written <= len(kept) < 60
    assert not out.exists()
    for raw in raws:
        raw.failing = False


@pytest.mark.parametrize("items", [3, 1000])  # 1000: one write larger than the buffer
@pytest.mark.parametrize("cmd", ["parse", "show", "convert"])
def test_write_error_on_standard_output(
    tmp_path: Path,
    cmd: str,
    items: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A large write is first accepted in part, then fails: never a silent short output."""
    capsys.readouterr()
    p = tmp_path / "a.txt"
    p.write_text(make_page("Alpha", items=items), encoding="utf-8")
    raw = _Failing(errno.ENOSPC, limit=0 if items == 3 else 1000)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8"))
    try:
        assert main([cmd, str(p)]) == 1
    finally:
        raw.failing = False
    line = _one_line(capsys.readouterr().err)
    assert "No space left on device" in line


def test_interrupted_summary_counts_records_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = _pages(tmp_path / "in", 6)
    calls = {"n": 0}
    real = convert_module.convert_path

    def interrupt_at_4(*a: Any, **kw: Any) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*a, **kw)

    monkeypatch.setattr("triviaparse.batch.engine.convert_path", interrupt_at_4)
    out = tmp_path / "o.jsonl"
    # no time limit: -j 1 converts in this process, where the Ctrl-C lands
    assert (
        main(["convert", *map(str, pages), "-o", str(out), "-j", "1", "--page-timeout", "0"]) == 130
    )
    line = _one_line(capsys.readouterr().err)
    assert "interrupted after 3 records written" in line and "inputs converted" not in line
    assert len(read_jsonl(Path(str(out) + ".partial"))) == 3


# -- output is always UTF-8 -----------------------------------------------------------------


def _bad_name_folder(tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(make_page("Caf").encode("utf-8"))
    (folder / "zeta.txt").write_text(make_page("Zeta"), encoding="utf-8")
    return folder, raw


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_file_name_not_utf8_is_recorded_recoverably(
    tmp_path: Path, fmt: str, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, raw = _bad_name_folder(tmp_path)
    out = tmp_path / f"o.{fmt}"
    assert main(["convert", str(folder), "-o", str(out), "-j", jobs, "-q"]) == 0
    text = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        sources = [
            {"name": r["source_name"], "name_bytes": r["source_name_bytes"] or None}
            for r in rows
            if r["item_index"] == "0"
        ]
    else:
        recs = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        sources = [r["source"] for r in recs]
    assert [s["name"] for s in sources] == [str(folder / "caf\ufffd.txt"), str(folder / "zeta.txt")]
    assert base64.b64decode(str(sources[0]["name_bytes"])) == raw
    assert sources[1].get("name_bytes") is None


def test_resume_with_a_name_not_utf8(tmp_path: Path) -> None:
    folder, _ = _bad_name_folder(tmp_path)
    full = tmp_path / "full.jsonl"
    assert main(["convert", str(folder), "-o", str(full), "-q"]) == 0
    out = tmp_path / "o.jsonl"
    partial = Path(str(out) + ".partial")
    partial.write_bytes(full.read_bytes().split(b"\n")[0] + b"\n")
    assert main(["convert", str(folder), "-o", str(out), "--resume", "-q"]) == 0
    assert out.read_bytes() == full.read_bytes()


def test_tar_member_name_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "pages.tar.gz"
    with tarfile.open(path, "w:gz", encoding="utf-8", errors="surrogateescape") as tf:
        for name, title in (("caf\udce9.html", "Caf"), ("ok.txt", "Ok")):
            data = make_page(title).encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(path), "-o", str(out), "-q"]) == 0
    first, second = read_jsonl(out)
    assert first["source"]["member"] == "caf\ufffd.html" and first["page"]["title"] == "Caf"
    assert base64.b64decode(first["source"]["name_bytes"]).endswith(b"::caf\xe9.html")
    assert "name_bytes" not in second["source"]


def test_parse_and_show_with_a_name_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, raw = _bad_name_folder(tmp_path)
    name = os.fsdecode(raw)
    assert main(["parse", name]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Caf"
    assert main(["show", name]) == 0
    assert capsys.readouterr().out.startswith("Caf (2015)")


@pytest.mark.parametrize("cmd", ["parse", "show"])
def test_parse_and_show_never_write_a_surrogate(
    tmp_path: Path, cmd: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lone surrogate a reader let through (another layer's bug) is written as U+FFFD."""
    from triviaparse import parse_file as real

    p = tmp_path / "a.txt"
    p.write_text(make_page("Alpha"), encoding="utf-8")
    monkeypatch.setattr(
        "triviaparse.cli.parse_file",
        lambda *a, **kw: attrs.evolve(real(*a, **kw), title="Al\udc80pha"),
    )
    assert main([cmd, str(p)]) == 0
    out = capsys.readouterr().out
    assert "Al\ufffdpha" in out and "\udc80" not in out


def test_render_never_emits_a_surrogate_nor_raises() -> None:
    rec = {
        "source": {"name": "a\udce9", "path": "a", "member": None, "record_id": None, "url": None},
        "page": {
            "imdb_id": None,
            "title": "x\ud800y",
            "year": None,
            "page_kind": "trivia",
            "source_format": "text",
            "declared_total": None,
            "problems": [],
            "items": [
                {
                    "id": None,
                    "category": "c",
                    "category_label": "C",
                    "is_spoiler": False,
                    "votes": None,
                    "text": "t\udfff",
                    "note": None,
                }
            ],
        },
    }
    for fmt in ("jsonl", "json", "csv"):
        text = render(rec, 0, fmt)
        assert "x\ufffdy" in text and "t\ufffd" in text
        assert render_encoded(rec, 0, fmt) == (text.encode("utf-8"), None)
    broken = {"source": {"name": "b.txt"}, "page": {"title": object()}}
    got = json.loads(render(broken, 3, "jsonl"))
    assert got["source"]["name"] == "b.txt" and got["error"]["code"] == "internal-error"
    assert render(broken, 3, "csv").count("internal-error") == 1
    assert render_encoded(broken, 3, "jsonl")[1] == "internal-error"  # counted as failed


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_surrogate_in_one_record_costs_nothing_else(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that lets a lone surrogate through (another layer's bug) must not abort the
    batch: the writer replaces it, and every record before and after is written."""
    _pages(tmp_path / "in", 12)
    from triviaparse import parse as real

    def leaky(data: bytes, **kw: Any) -> Any:
        page = real(data, **kw)
        if "p005" in str(kw.get("source")):
            page = attrs.evolve(page, title="Film\ud800")
        return page

    monkeypatch.setattr("triviaparse.batch.convert.parse", leaky)  # forked workers inherit it
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(tmp_path / "in"), "-o", str(out), "-j", jobs, "-q"]) == 0
    recs = read_jsonl(out)
    assert len(recs) == 12 and recs[5]["page"]["title"] == "Film\ufffd"
    assert [r["page"]["title"] for r in recs[6:]] == [f"Film {i}" for i in range(6, 12)]


# -- -v and the progress bar ----------------------------------------------------------------


def test_verbose_lists_each_skipped_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    _pages(folder, 1)
    (folder / "poster.png").write_bytes(PNG)
    write_zip(folder / "more.zip", {"a.txt": make_page("A").encode(), "b.png": PNG})
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.jsonl"), "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    binary = "binary content (an image, a PDF, an executable…), not a saved page"
    assert err[:2] == [
        f"triviaparse convert: skipped {folder / 'more.zip'}::b.png: {binary}",
        f"triviaparse convert: skipped {folder / 'poster.png'}: {binary}",
    ]
    assert "2 of 2 inputs converted" in err[2] and "2 non-page files skipped" in err[2]
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.jsonl")]) == 0
    assert not any(
        "skipped " in line
        for line in capsys.readouterr().err.splitlines()
        if "non-page" not in line
    )


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_time_left_before_5_pages_and_2_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("triviaparse.batch.runner.time.monotonic", lambda: clock[0])
    tty = _Tty()
    bar = Progress(tty, enabled=True, total_bytes=1000)

    def shown(done: int, at: float) -> bool:
        clock[0] = 100.0 + at
        tty.seek(0)
        tty.truncate()
        bar.update(done, 0, done * 10, force=True)
        assert "pages/s" in tty.getvalue()
        return "left" in tty.getvalue()

    assert not shown(1, 0.5)
    assert not shown(1, 30.0)  # one page in 30 s: no estimate yet
    assert not shown(50, 1.0)  # fifty in the first second: no estimate yet
    assert shown(5, 2.0)
