"""The command line in-process (``main(argv)``) and as a subprocess, including killed runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from triviaparse.cli import main

from .test_batch_helpers import make_page, mixed_inputs, read_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, env: dict[str, str] | None = None, **kw: object
         ) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    proc: subprocess.CompletedProcess[str] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "triviaparse", *args], capture_output=True, text=True,
        env=full_env, timeout=60, **kw)
    return proc


def _popen(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.Popen([sys.executable, "-m", "triviaparse", *args], text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)


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


# -- in-process ----------------------------------------------------------------------------

def test_parse_subcommand_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.txt"
    p.write_text(make_page("Alpha"), encoding="utf-8")
    assert main(["parse", str(p)]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Alpha"


@pytest.mark.parametrize("cmd", [[], ["parse"], ["convert"], ["show"]])
def test_help_on_every_command(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*cmd, "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: triviaparse" in out
    if cmd:
        assert "example" in out


@pytest.mark.parametrize("argv", [
    ["convert"],                                  # no INPUT
    ["convert", "x", "--format", "xml"],
    ["convert", "x", "-j", "0"],
    ["convert", "x", "--resume"],                 # --resume needs -o
    ["nonsense"],
])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def test_convert_in_process_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    good = tmp_path / "good.txt"
    good.write_text(make_page(), encoding="utf-8")
    assert main(["convert", str(good), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]) == 0
    assert main(["convert", str(good), str(tmp_path / "missing.txt"),
                 "-o", str(tmp_path / "o.jsonl")]) == 1
    recs = read_jsonl(tmp_path / "o.jsonl")
    assert [r.get("error", {}).get("code") for r in recs] == [None, "unreadable"]
    assert "1 of 2 inputs converted" in capsys.readouterr().err


def test_convert_mixed_inputs_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    args, expected = mixed_inputs(tmp_path)
    assert main(["convert", *args, "-j", "2"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == expected
    assert f"7 of {expected} inputs converted, 4 failed" in captured.err


def test_convert_format_from_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_page(), encoding="utf-8")
    assert main(["convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.csv"), "-q"]) == 0
    assert (tmp_path / "o.csv").read_text(encoding="utf-8-sig").startswith("input_index,")


def test_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.txt"
    p.write_text(make_page("Alpha", 2001, items=3, spoilers=2), encoding="utf-8")
    assert main(["show", str(p)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Alpha (2001)"
    assert "5 items" in out[1] and "2 spoilers" in out[1]
    assert out[2].split() == ["#", "category", "spoiler", "votes", "text"]
    assert len(out) == 3 + 5 and "2/3" in out[3] and "yes" in out[-1]
    (tmp_path / "b.txt").write_text("no page here", encoding="utf-8")
    assert main(["show", str(tmp_path / "b.txt")]) == 1


# -- as a subprocess -----------------------------------------------------------------------

def test_subprocess_mixed_inputs_and_stdin(tmp_path: Path) -> None:
    args, expected = mixed_inputs(tmp_path)
    proc = _cli("convert", *args, "-j", "2")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == expected
    assert "7 of 11 inputs converted, 4 failed" in proc.stderr
    assert "\r" not in proc.stderr  # no progress bar when standard error is not a terminal
    proc = _cli("convert", "-", input=make_page("Piped"))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["page"]["title"] == "Piped"


def test_killed_run_then_resume_equals_uninterrupted(tmp_path: Path) -> None:
    src = _many(tmp_path, 40)
    full = tmp_path / "full.jsonl"
    assert _cli("convert", str(src), "-o", str(full), "-j", "1").returncode == 1
    out = tmp_path / "o.jsonl"
    partial = Path(str(out) + ".partial")
    proc = _popen("convert", str(src), "-o", str(out), "-j", "1",
                  env={"TRIVIAPARSE_TEST_WRITE_DELAY": "0.05"})
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
    proc = _popen("convert", str(src), "-o", str(out), "-j", "2",
                  env={"TRIVIAPARSE_TEST_WRITE_DELAY": "0.05"})
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
    proc = _cli("convert", str(src), "-j", "2", env={"TRIVIAPARSE_TEST_CRASH_ON": "p005"})
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1 and len(recs) == 20
    assert [r["error"]["code"] for r in recs if "error" in r and "p005" in r["source"]["name"]
            ] == ["worker-died"]
    assert sum("page" in r for r in recs) == 20 - 3 - 1  # p000, p007, p014 are junk


def test_dead_workers_cost_one_record_each_any_j(tmp_path: Path) -> None:
    """Ten inputs that kill their worker, several chunks in flight: the rest is unharmed.

    Each death makes the pool SIGTERM its other workers, some still starting: run a few times,
    since a worker that ran the parent's SIGTERM handler there hung the run or printed a
    traceback."""
    src = _many(tmp_path, 60)
    full = _cli("convert", str(src), "-j", "1")
    want = [json.loads(line) for line in full.stdout.splitlines()]
    for _ in range(3):
        proc = _cli("convert", str(src), "-j", "3", env={"TRIVIAPARSE_TEST_CRASH_ON": "p02"})
        recs = [json.loads(line) for line in proc.stdout.splitlines()]
        assert proc.returncode == 1 and len(recs) == 60
        assert "Traceback" not in proc.stderr, proc.stderr
        for got, rec in zip(recs, want, strict=True):
            if "p02" in rec["source"]["name"]:
                assert got["error"]["code"] == "worker-died"
            else:
                assert got == rec


def test_run_killed_in_process_worker_then_resume(tmp_path: Path) -> None:
    src = _many(tmp_path, 12)
    full = tmp_path / "full.jsonl"
    _cli("convert", str(src), "-o", str(full), "-j", "1")
    out = tmp_path / "o.jsonl"
    # with -j 1 the conversion runs in the main process: a crash there kills the run
    dead = _cli("convert", str(src), "-o", str(out), "-j", "1",
                env={"TRIVIAPARSE_TEST_CRASH_ON": "p006"})
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
    proc = _popen("convert", str(src), "-o", str(out), "-j", "2",
                  env={"TRIVIAPARSE_TEST_WRITE_DELAY": "0.05"})
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


def test_stdout_is_utf8_whatever_the_terminal_encoding() -> None:
    proc = _cli("convert", "-", "-q", input=make_page("Café Noir"),
                env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["page"]["title"] == "Café Noir"
