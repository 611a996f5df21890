"""``triviaparse convert`` as a subprocess when things go wrong: killed runs, Ctrl-C, workers
that crash or hang, a parent killed under its workers.

Faults are injected by ``tests/hooked_cli.py``, which monkeypatches the batch modules before
the run (workers are forked from it and inherit the patch); nothing is read from environment
variables.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .batch_builders import make_page, read_jsonl

ROOT = Path(__file__).resolve().parent.parent
HOOKED = Path(__file__).resolve().parent / "hooked_cli.py"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="hooks reach workers by fork (Linux)"
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _cli(*args: str, hooks: tuple[str, ...] = (), **kw: object) -> subprocess.CompletedProcess[str]:
    proc: subprocess.CompletedProcess[str] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, str(HOOKED), *hooks, "--", *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        **kw,
    )
    return proc


def _default_sigint() -> None:
    # A pytest-xdist worker ignores SIGINT, and an ignored signal stays ignored across exec:
    # Python would then install no KeyboardInterrupt handler and Ctrl-C would do nothing.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _popen(*args: str, hooks: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    """The command line in a child that takes Ctrl-C as a terminal's user would send it."""
    return subprocess.Popen(
        [sys.executable, str(HOOKED), *hooks, "--", *args],
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
        preexec_fn=_default_sigint,
    )


def _wait_for_lines(path: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("no progress")


def _many(root: Path, n: int) -> Path:
    d = root / "many"
    d.mkdir()
    for i in range(n):
        text = make_page(f"Film {i}", 1990 + i % 30, items=1 + i % 5) if i % 7 else "junk"
        (d / f"p{i:03d}.txt").write_text(text, encoding="utf-8")
    return d


SLOW = ("--write-delay", "0.05")


def test_killed_run_then_resume_equals_uninterrupted(tmp_path: Path) -> None:
    src = _many(tmp_path, 40)
    full = tmp_path / "full.jsonl"
    assert _cli("convert", str(src), "-o", str(full), "-j", "1").returncode == 1
    out = tmp_path / "o.jsonl"
    partial = Path(str(out) + ".partial")
    proc = _popen("convert", str(src), "-o", str(out), "-j", "1", hooks=SLOW)
    _wait_for_lines(partial, 5, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not out.exists()
    kept = read_jsonl(partial)  # every line whole and valid JSON
    assert 5 <= len(kept) < 40
    res = _cli("convert", str(src), "-o", str(out), "-j", "1", "--resume")
    assert res.returncode == 1, res.stderr
    assert out.read_bytes() == full.read_bytes()
    assert f"{len(kept)} kept from the partial output" in res.stderr


def test_ctrl_c_with_workers_then_resume(tmp_path: Path) -> None:
    src = _many(tmp_path, 40)
    full = tmp_path / "full.csv"
    assert _cli("convert", str(src), "-o", str(full), "-j", "2").returncode == 1
    out = tmp_path / "o.csv"
    partial = Path(str(out) + ".partial")
    proc = _popen("convert", str(src), "-o", str(out), "-j", "2", hooks=SLOW)
    _wait_for_lines(partial, 6, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    res = _cli("convert", str(src), "-o", str(out), "-j", "2", "--resume")
    assert res.returncode == 1, res.stderr
    assert out.read_bytes() == full.read_bytes()


def test_dead_worker_costs_one_record(tmp_path: Path) -> None:
    src = _many(tmp_path, 20)
    proc = _cli("convert", str(src), "-j", "2", hooks=("--crash-on", "p005"))
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1 and len(recs) == 20
    assert [r["error"]["code"] for r in recs if "error" in r and "p005" in r["source"]["name"]] == [
        "worker-died"
    ]
    assert sum("page" in r for r in recs) == 20 - 3 - 1  # p000, p007, p014 are junk


def test_dead_workers_cost_one_record_each_any_j(tmp_path: Path) -> None:
    """Ten inputs that kill their worker, several chunks in flight: the rest is unharmed.

    Run a few times: a worker replaced while others are starting must neither hang the run
    nor print a traceback."""
    src = _many(tmp_path, 60)
    full = _cli("convert", str(src), "-j", "1")
    want = [json.loads(line) for line in full.stdout.splitlines()]
    for _ in range(3):
        proc = _cli("convert", str(src), "-j", "3", hooks=("--crash-on", "p02"))
        recs = [json.loads(line) for line in proc.stdout.splitlines()]
        assert proc.returncode == 1 and len(recs) == 60
        assert "Traceback" not in proc.stderr, proc.stderr
        for got, rec in zip(recs, want, strict=True):
            if "p02" in rec["source"]["name"]:
                assert got["error"]["code"] == "worker-died"
            else:
                assert got == rec


def test_one_job_converts_in_a_worker_a_crash_costs_one_record(tmp_path: Path) -> None:
    """With -j 1 and the time limit on (the default) pages are converted in one worker
    process, so a crash costs its record, not the run."""
    src = _many(tmp_path, 12)
    full = _cli("convert", str(src), "-j", "1")
    proc = _cli("convert", str(src), "-j", "1", hooks=("--crash-on", "p006"))
    assert proc.returncode == 1, proc.stderr
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    want = [json.loads(line) for line in full.stdout.splitlines()]
    assert [r.get("error", {}).get("code") for r in recs] == [
        "worker-died" if i == 6 else r.get("error", {}).get("code") for i, r in enumerate(want)
    ]
    assert "12 inputs converted" in proc.stderr


def test_run_killed_in_process_then_resume(tmp_path: Path) -> None:
    src = _many(tmp_path, 12)
    full = tmp_path / "full.jsonl"
    _cli("convert", str(src), "-o", str(full), "-j", "1")
    out = tmp_path / "o.jsonl"
    # with -j 1 and no time limit the conversion runs in the main process: a crash there
    # kills the run
    dead = _cli(
        "convert",
        str(src),
        "-o",
        str(out),
        "-j",
        "1",
        "--page-timeout",
        "0",
        hooks=("--crash-on", "p006"),
    )
    assert dead.returncode == 3 and not out.exists()
    assert len(read_jsonl(Path(str(out) + ".partial"))) <= 6  # whole lines; the rest buffered
    res = _cli("convert", str(src), "-o", str(out), "-j", "1", "--resume")
    assert res.returncode == 1 and out.read_bytes() == full.read_bytes()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    src = _many(tmp_path, 40)
    out = tmp_path / "o.jsonl"
    proc = _popen("convert", str(src), "-o", str(out), "-j", "2", hooks=SLOW)
    _wait_for_lines(Path(str(out) + ".partial"), 3, proc)
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:  # clean up before failing
        os.kill(w, signal.SIGKILL)
    assert alive == []
