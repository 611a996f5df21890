"""The command line in-process (``main(argv)``) and as a subprocess, including killed runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triviaparse.cli import main

from .batch_builders import make_page, mixed_inputs, read_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _cli(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    proc: subprocess.CompletedProcess[str] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "triviaparse", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        **kw,
    )
    return proc


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


@pytest.mark.parametrize(
    "argv",
    [
        ["convert"],  # no INPUT
        ["convert", "x", "--format", "xml"],
        ["convert", "x", "-j", "0"],
        ["convert", "x", "--resume"],  # --resume needs -o
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def test_convert_in_process_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(make_page(), encoding="utf-8")
    assert main(["convert", str(good), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]) == 0
    assert (
        main(["convert", str(good), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")])
        == 1
    )
    recs = read_jsonl(tmp_path / "o.jsonl")
    assert [r.get("error", {}).get("code") for r in recs] == [None, "unreadable"]
    assert "1 of 2 inputs converted" in capsys.readouterr().err


def test_convert_mixed_inputs_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
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


def test_stdout_is_utf8_whatever_the_terminal_encoding() -> None:
    proc = _cli(
        "convert", "-", "-q", input=make_page("Café Noir"), env={"PYTHONIOENCODING": "ascii"}
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["page"]["title"] == "Café Noir"
