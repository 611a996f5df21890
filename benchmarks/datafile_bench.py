"""Benchmark ``iter_datafile`` on a generated IMDb ``trivia.list``: peak memory and throughput.

Writes a trivia list of the requested size (default 100 MB) in IMDb's layout into a temporary
folder: a header, the FILM TRIVIA banner, then titles (films, series, episodes, ``/II`` and
``(V)`` headings) with one to six wrapped items each, some with ``(qv)`` names and titles,
some Latin-1 accented letters. Then reads it with ``triviaparse.iter_datafile`` in a fresh
process (plain and gzipped, ``--repeat`` times, best run reported) and reports titles, items,
MB/s, titles/s and the reading process's peak resident memory. ``--convert`` also times
``triviaparse convert`` (-j 1) on the gzipped file.

    .venv/bin/python benchmarks/datafile_bench.py
    .venv/bin/python benchmarks/datafile_bench.py --mb 20 --repeat 1 --convert
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

_READER = r"""
import json, resource, sys, time
import triviaparse
start = time.perf_counter()
titles = items = 0
for page in triviaparse.iter_datafile(sys.argv[1]):
    titles += 1
    items += len(page.items)
seconds = time.perf_counter() - start
print(json.dumps({"titles": titles, "items": items, "seconds": seconds,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_CONVERTER = r"""
import json, resource, sys, time
from triviaparse.cli import main
start = time.perf_counter()
code = main(["convert", "-q", sys.argv[1], "-o", sys.argv[2]])
seconds = time.perf_counter() - start
print(json.dumps({"exit": code, "seconds": seconds,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_WORDS = (
    "the keeper lighthouse storm ferry harbour scene director actor shot filmed "
    "script studio cliff night bell lamp village crew take score sea island road "
    "version released cinema island première café Genève Zoë"
).split()
_NAMES = ("Mara Velden", "Osei Brandt", "Ines Calloway", "Maeve O'Connell (II)", "Zoë Brünner")


def _item(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 90))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"'{rng.choice(_NAMES)}' (qv)")
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), f"_Harbour Town ({rng.randint(1930, 2012)})_ (qv)")
    text = " ".join(words).capitalize() + "."
    lines = textwrap.wrap(text, 72, break_long_words=False, break_on_hyphens=False)
    return "- " + "\n  ".join(lines) + "\n"


def _heading(rng: random.Random, n: int) -> str:
    year = rng.randint(1920, 2012)
    shape = rng.random()
    if shape < 0.4:
        return f'"Series {n}" ({year}) {{Episode {n} (#{rng.randint(1, 9)}.{rng.randint(1, 24)})}}'
    if shape < 0.5:
        return f"Film {n} ({year}/II) (V)"
    return f"Film {n} ({year})"


def generate(path: Path, size: int, seed: int = 2012) -> int:
    """Write a Latin-1 trivia list of about ``size`` bytes; the number of titles written."""
    rng = random.Random(seed)
    n = 0
    with path.open("w", encoding="latin-1", newline="\n") as f:
        f.write(
            "CRC: 0x0BADF00D  File: trivia.list  Date: Fri Jul  6 00:00:00 2012\n\n"
            "Copyright 1990-2012 The Internet Movie Database, Inc.  All rights reserved.\n"
            "\n-----------------------------------------------------------------------------"
            "\n\ntrivia.list\n\n2012-07-06\n\n" + "-" * 77 + "\n\nFILM TRIVIA\n===========\n\n"
        )
        while f.tell() < size:
            n += 1
            items = "\n".join(_item(rng) for _ in range(rng.randint(1, 6)))
            f.write(f"# {_heading(rng, n)}\n{items}\n\n")
        f.write("-" * 77 + "\n")
    return n


def _run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="size of the generated list, MB")
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the best is shown")
    ap.add_argument("--convert", action="store_true", help="also time triviaparse convert -j 1")
    ap.add_argument("--json", help="write the figures here too")
    args = ap.parse_args(argv)
    figures: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor()}".strip(),
    }
    with tempfile.TemporaryDirectory(prefix="datafile-bench-") as tmp:
        plain = Path(tmp) / "trivia.list"
        titles = generate(plain, int(args.mb * 1_000_000))
        packed = Path(tmp) / "trivia.list.gz"
        with plain.open("rb") as src, gzip.open(packed, "wb", compresslevel=6) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        size = plain.stat().st_size
        print(
            f"generated {size / 1e6:.1f} MB, {titles} titles "
            f"({packed.stat().st_size / 1e6:.1f} MB gzipped)"
        )
        for label, path in (("plain", plain), ("gzip", packed)):
            runs = [_run(_READER, str(path)) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            peak = max(r["peak_kb"] for r in runs) / 1024
            assert best["titles"] == titles, (best, titles)
            print(
                f"iter_datafile {label:5}: {best['titles']:.0f} titles, {best['items']:.0f} "
                f"items in {best['seconds']:.1f} s = {size / 1e6 / best['seconds']:.1f} MB/s, "
                f"{best['titles'] / best['seconds']:,.0f} titles/s; peak RSS {peak:.0f} MB"
            )
            figures[label] = {**best, "mb": size / 1e6, "peak_mb": peak}
        if args.convert:
            out = Path(tmp) / "out.jsonl"
            run = _run(_CONVERTER, str(packed), str(out))
            print(
                f"convert -j 1 (gzip): {run['seconds']:.1f} s = "
                f"{titles / run['seconds']:,.0f} titles/s; main process peak RSS "
                f"{run['peak_kb'] / 1024:.0f} MB; exit {run['exit']:.0f}"
            )
            figures["convert"] = run
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
