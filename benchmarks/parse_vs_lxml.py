#!/usr/bin/env python3
"""Time ``triviaparse.parse(page_bytes)`` against a bare ``lxml.html.fromstring(page_bytes)``.

For every real page in ../shared/corpus (``.http``, ``.html``, ``.json``) the two are run in one
process, interleaved (alternating which goes first), many times; the table shows the medians
and their ratio. The goal is ratio <= 1.0: reading a page costs no more than parsing it once.

For ``.json`` pages ``lxml.html.fromstring`` of the same bytes is still the baseline (lxml reads
the JSON as one text node, so it is a "touch every byte" cost, not a meaningful parse); the table
also shows ``json.loads`` of the bytes and the ratio to it, for reference.

Usage: python benchmarks/parse_vs_lxml.py [--repeat N] [--check] [--format FMT] [--corpus DIR]
                                         [--faults]
``--check`` exits 1 when any measured page has a ratio above 1.0. ``--faults`` adds the minor
page faults per call of parse and of lxml (``getrusage``, read outside the timed region): a
big allocation that glibc serves with fresh pages on every call costs time that instruction
counts do not show.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import lxml.html

import triviaparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = (".http", ".html", ".json")


def _time_once(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - t0) / 1e6


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def measure(data: bytes, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median milliseconds of parse, lxml (and json.loads for JSON), interleaved; and the mean
    minor page faults per call of each."""

    def run_parse() -> Any:
        return triviaparse.parse(data)

    def run_lxml() -> Any:
        return lxml.html.fromstring(data)

    fns: dict[str, Callable[[], Any]] = {"parse": run_parse, "lxml": run_lxml}
    if data.lstrip()[:1] in (b"{", b"["):
        fns["json"] = lambda: json.loads(data)
    for fn in fns.values():  # warm-up: imports, regex compilation, caches
        fn()
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    faults = dict.fromkeys(fns, 0)
    names = list(fns)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(repeat):
            order = names if r % 2 == 0 else names[::-1]
            for name in order:
                before = _faults()
                times[name].append(_time_once(fns[name]))
                faults[name] += _faults() - before
            gc.collect()
    finally:
        if gc_was_enabled:
            gc.enable()
    return (
        {name: statistics.median(ts) for name, ts in times.items()},
        {name: n / repeat for name, n in faults.items()},
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=41, help="timed runs of each (default 41)")
    ap.add_argument("--check", action="store_true", help="exit 1 if any ratio is above 1.0")
    ap.add_argument("--format", help="only pages triviaparse reads as this source_format")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--faults",
        action="store_true",
        help="also show minor page faults per call of parse and lxml",
    )
    args = ap.parse_args(argv)
    pages = sorted(p for p in args.corpus.glob("*/*") if p.is_file() and p.suffix in SUFFIXES)
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"lxml {version('lxml')}, {platform.machine()} {platform.processor() or ''}".rstrip()
    )
    print(f"# medians of {args.repeat} interleaved runs, milliseconds")
    header = (
        f"{'page':48} {'format':13} {'KB':>6} {'parse':>8} {'lxml':>8} {'ratio':>6}"
        f" {'json':>7} {'ratio':>6}"
    )
    if args.faults:
        header += f" {'faults: parse':>14} {'lxml':>6}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for path in pages:
        data = path.read_bytes()
        fmt = str(triviaparse.parse(data).source_format)
        if args.format and fmt != args.format:
            continue
        m, faults = measure(data, args.repeat)
        ratio = m["parse"] / m["lxml"]
        worst = max(worst, ratio)
        extra = ""
        if "json" in m:
            extra = f" {m['json']:7.2f} {m['parse'] / m['json']:6.2f}"
        elif args.faults:
            extra = " " * 15
        if args.faults:
            extra += f" {faults['parse']:14.1f} {faults['lxml']:6.1f}"
        rel = str(path.relative_to(args.corpus))
        flag = "  <-- over 1.0" if ratio > 1.0 else ""
        print(
            f"{rel:48} {fmt:13} {len(data) / 1024:6.0f} {m['parse']:8.2f} {m['lxml']:8.2f}"
            f" {ratio:6.2f}{extra}{flag}"
        )
    print(f"worst ratio: {worst:.2f}")
    if args.check and worst > 1.0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
