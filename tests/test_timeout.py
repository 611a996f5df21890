"""The per-page time limit: a runaway page becomes a ``timeout`` error and its worker is replaced.

The runaway page runs a regular expression that backtracks for ever inside one C call
(``tests/hooked_cli.py``): no signal handler could interrupt it, only killing its process.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import triviaparse
from triviaparse import parse_many
from triviaparse.batch import ConvertOptions, run_convert
from triviaparse.cli import main

from . import hooked_cli
from .batch_builders import make_page, mixed_inputs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the faults reach the workers by fork (Linux)"
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Fail, instead of hanging the suite, if the time limit does not work."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError("the run did not end: the time limit did not stop the page")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever ``hooked_cli.install`` patches in a test is undone after it."""
    from triviaparse.batch import output

    monkeypatch.setattr("triviaparse.batch.convert.parse", triviaparse.api.parse)
    monkeypatch.setattr(output.Output, "write", output.Output.write)


def _pages(n: int) -> list[tuple[str, bytes]]:
    return [(f"p{i:02d}.txt", make_page(f"Film {i}").encode()) for i in range(n)]


def _outcomes(results: Iterator[triviaparse.ParseResult]) -> list[str | None]:
    return [r.error.code if r.error else (r.page.title if r.page else None) for r in results]


@pytest.mark.usefixtures("watchdog", "faults")
def test_runaway_page_one_job() -> None:
    hooked_cli.install(hang_on="p01")
    got = _outcomes(parse_many(_pages(4), jobs=1, page_timeout=1))
    assert got == ["Film 0", "timeout", "Film 2", "Film 3"]
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("watchdog", "faults")
def test_runaway_pages_two_jobs_the_rest_unharmed() -> None:
    hooked_cli.install(hang_on="p05,p06,p17")  # two in a row in one chunk, one in another
    results = list(parse_many(_pages(24), jobs=2, page_timeout=1))
    assert _outcomes(iter(results)) == [
        "timeout" if i in (5, 6, 17) else f"Film {i}" for i in range(24)
    ]
    err = results[6].error
    assert err is not None and "1 s" in err.message and err.exception is None
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("watchdog", "faults")
def test_the_chunk_held_behind_a_runaway_page_is_converted() -> None:
    """The worker killed for a runaway page also held the next chunk: it goes to the new
    worker, after the rest of the runaway page's chunk."""
    hooked_cli.install(hang_on="p01")
    got = _outcomes(parse_many(_pages(14), jobs=1, page_timeout=1))
    assert got == ["Film 0", "timeout", *(f"Film {i}" for i in range(2, 14))]
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("watchdog")
def test_a_chunk_waiting_behind_slow_pages_has_its_own_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chunk sent to a worker still busy with four slow pages (1.2 s together, each under
    the 0.5 s limit) is not charged for the time it waited."""
    import time

    real = triviaparse.api.parse

    def slow(data: bytes, **kw: object) -> triviaparse.TriviaPage:
        time.sleep(0.3)
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("triviaparse.batch.convert.parse", slow)
    got = _outcomes(parse_many(_pages(8), jobs=1, page_timeout=0.5))
    assert got == [f"Film {i}" for i in range(8)]


@pytest.mark.usefixtures("watchdog")
def test_slow_page_under_the_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    real = triviaparse.api.parse

    def slow(data: bytes, **kw: object) -> triviaparse.TriviaPage:
        time.sleep(0.3)
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("triviaparse.batch.convert.parse", slow)
    assert _outcomes(parse_many(_pages(3), jobs=1, page_timeout=5)) == [
        "Film 0",
        "Film 1",
        "Film 2",
    ]


def test_same_output_in_process_and_in_a_worker(tmp_path: Path) -> None:
    """-j 1 converts in one worker process when a time limit is set (the default), in the
    main process without one: the output is the same bytes."""
    args, _ = mixed_inputs(tmp_path)
    outs = []
    for timeout in (None, 60.0):
        out = tmp_path / f"o-{timeout}.jsonl"
        opts = ConvertOptions(inputs=args, output=str(out), jobs=1, page_timeout=timeout)
        assert run_convert(opts, stdout=io.StringIO(), stderr=io.StringIO()).exit_code == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_convert_page_timeout_option(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"p{i:03d}.txt").write_text(make_page(f"Film {i}"), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "hooked_cli.py"),
            "--hang-on",
            "p003",
            "--",
            "convert",
            str(src),
            "-j",
            "1",
            "--page-timeout",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r.get("error", {}).get("code") for r in recs] == [
        None,
        None,
        None,
        "timeout",
        None,
        None,
    ]
    assert "5 of 6 inputs converted, 1 failed" in proc.stderr


def test_convert_page_timeout_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    assert main(["convert", str(tmp_path), "--page-timeout", "-1"]) == 2
    assert "--page-timeout" in capsys.readouterr().err
    assert main(["convert", str(tmp_path), "-q", "--page-timeout", "0", "-j", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["page"]["title"] == "Northern Silence"


def test_a_slow_consumer_is_not_a_slow_page() -> None:
    """The clock is the worker's own, per page: time the caller spends between results
    (or the main process writing them) never counts against a page."""
    import time

    got = []
    for r in parse_many(_pages(12), jobs=2, page_timeout=0.5):
        got.append(r.page.title if r.page else r.error and r.error.code)
        if len(got) in (1, 5, 6):
            time.sleep(0.8)
    assert got == [f"Film {i}" for i in range(12)]
