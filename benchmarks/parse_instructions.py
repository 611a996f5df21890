#!/usr/bin/env python3
"""Count CPU instructions of ``triviaparse.parse(page_bytes)`` and of a bare
``lxml.html.fromstring(page_bytes)`` on every real page, with valgrind's callgrind.

Wall-clock ratios (``parse_vs_lxml.py``) swing by ±0.2 on a shared 2-core machine; instruction
counts are the same on every run, so they show whether a change made the reader do less work.
They are not the target: time also pays for cache misses and page faults, which instruction
counts do not see (see docs/performance.md). Each figure is (count with N calls − count with 0
calls) / N, so interpreter start-up and imports cancel out. Needs ``valgrind`` on PATH.

Usage: python benchmarks/parse_instructions.py [--calls N] [--corpus DIR] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = (".http", ".html", ".json")

_PROGRAM = """
import sys, lxml.html, triviaparse
data = open(sys.argv[1], "rb").read()
call = (lambda: triviaparse.parse(data)) if sys.argv[2] == "parse" else (
    lambda: lxml.html.fromstring(data))
call(); call()
for _ in range(int(sys.argv[3])):
    call()
"""


def count(program: Path, page: Path, what: str, calls: int) -> int:
    """Instructions callgrind counts for the whole program run."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            str(program),
            str(page),
            what,
            str(calls),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    m = re.search(r"Collected : (\d+)", out)
    if m is None:
        raise RuntimeError(f"callgrind printed no count for {page}: {out[-500:]}")
    return int(m.group(1))


def per_call(program: Path, page: Path, what: str, calls: int) -> float:
    return (count(program, page, what, calls) - count(program, page, what, 0)) / calls


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=5, help="timed calls per count (default 5)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--only", help="only pages whose path contains this")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    pages = sorted(
        p
        for p in args.corpus.glob("*/*")
        if p.is_file() and p.suffix in SUFFIXES and (not args.only or args.only in str(p))
    )
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        program = Path(tmp) / "calls.py"
        program.write_text(_PROGRAM)
        print(f"# instructions per call (millions), callgrind, {args.calls} calls")
        print(f"{'page':48} {'parse':>8} {'lxml':>8} {'ratio':>6}")
        for page in pages:
            parse = per_call(program, page, "parse", args.calls) / 1e6
            lxml = per_call(program, page, "lxml", args.calls) / 1e6
            rel = str(page.relative_to(args.corpus))
            print(f"{rel:48} {parse:8.2f} {lxml:8.2f} {parse / lxml:6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
