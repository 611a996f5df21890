"""Benchmark ``triviaparse convert``: pages per second with -j 1 and -j 2, and peak memory.

Builds a corpus of N varied pages from the pages under tests/fixtures/ (every layout there at
the time: each copy gets a new title, IMDb id and year; some are gzipped, a few are junk), then
runs the command for each -j value in a fresh process (``--repeat`` times, interleaved; the
median is reported, since a shared machine is noisy) and reports wall time, pages/s, the
speedup and peak resident memory (the main process, the largest worker, and their sum bound).

    .venv/bin/python benchmarks/batch_bench.py --pages 5000
    .venv/bin/python benchmarks/batch_bench.py --pages 5000 50000 --jobs 1 2 --json results.json
    .venv/bin/python benchmarks/batch_bench.py --ceiling 5

Before each corpus size it measures the machine's own parallel ceiling (a Python loop in two
processes against one, no IPC), and for every run the CPU other processes took meanwhile: on a
shared machine those say how far a speedup was the code's and how far the machine's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
_PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".gz")

# Run in a fresh interpreter per configuration, so each peak-memory figure is its own.
_RUNNER = r"""
import json, resource, sys
from triviaparse.cli import main
code = main(sys.argv[1:])
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"exit": code, "self_kb": me.ru_maxrss, "worker_kb": kids.ru_maxrss,
                  "cpu_s": cpu}), file=sys.stderr)
"""


def fixture_pages(root: Path = FIXTURES) -> list[tuple[Path, bytes, str | None]]:
    """(path, bytes, title) of every page under ``root`` that converts to a page today."""
    sys.path.insert(0, str(ROOT / "src"))
    from triviaparse.batch import convert_one

    out = []
    for p in sorted(root.rglob("*")):
        if (
            not p.is_file()
            or not p.name.endswith((*_PAGE_SUFFIXES, ".http"))
            or ".expected." in p.name
            or ".obtained." in p.name
        ):
            continue
        data = p.read_bytes()
        rec = convert_one(str(p), data)
        if "page" in rec:
            out.append((p, data, rec["page"]["title"]))
    return out


def _vary(data: bytes, title: str | None, i: int, rng: random.Random) -> bytes:
    """A copy of a page with its own title, IMDb ids and year."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if title:
        data = data.replace(title.encode("utf-8"), f"{title} {i}".encode())
    new_id = f"{1000000 + i:07d}".encode()
    data = re.sub(rb"\btt\d{7,8}\b", b"tt" + new_id, data)
    year = str(1930 + rng.randrange(95)).encode()
    return re.sub(rb"\((19|20)\d\d\)", b"(" + year + b")", data, count=1)


def build_corpus(target: Path, n: int, seed: int = 4, source: Path = FIXTURES) -> dict[str, int]:
    """Write ``n`` inputs under ``target`` (100 per folder); returns counts by kind."""
    bases = fixture_pages(source)
    if not bases:
        raise SystemExit("no fixture converts to a page; nothing to benchmark")
    rng = random.Random(seed)
    counts = {"pages": 0, "gzipped": 0, "junk": 0, "bases": len(bases)}
    for i in range(n):
        folder = target / f"{i // 100:04d}"
        if i % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        if i % 97 == 13:  # about 1 %: not pages at all
            (folder / f"junk{i}.txt").write_text(f"shopping list {i}\neggs\nmilk\n")
            counts["junk"] += 1
            continue
        path, data, title = bases[rng.randrange(len(bases))]
        page = _vary(data, title, i, rng)
        stem = path.name.split(".")[0]
        ext = (
            ".http"
            if page.startswith(b"HTTP/")
            else ".html"
            if page.lstrip()[:1] == b"<"
            else ".json"
            if page[:1] == b"{"
            else ".txt"
        )
        if i % 20 == 7:  # 5 %: gzipped, as some crawlers store them
            (folder / f"{stem}-{i}{ext}.gz").write_bytes(gzip.compress(page, 1))
            counts["gzipped"] += 1
        else:
            (folder / f"{stem}-{i}{ext}").write_bytes(page)
        counts["pages"] += 1
    return counts


def _spin(n: int, out: Any) -> None:
    """Pure CPU, no I/O, no communication: a Python loop, timed by the process itself."""
    cpu = time.process_time()
    x = 0
    for i in range(n):
        x += i
    out.put(time.process_time() - cpu)


def machine_cpu() -> float | None:
    """CPU seconds all processes of the machine have used since boot (Linux), else None."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _others(busy0: float | None, own_cpu: float) -> float | None:
    """CPU seconds used by other processes since ``busy0``: how disturbed a timing was."""
    busy1 = machine_cpu()
    return None if busy0 is None or busy1 is None else round(max(busy1 - busy0 - own_cpu, 0), 2)


def parallel_ceiling(n: int = 20_000_000) -> dict[str, Any]:
    """What two processes can reach on this machine right now, with no IPC at all.

    The same Python loop runs in one forked process, then in two at once. ``speedup`` is the
    throughput of two against one (2 on two idle cores; the -j 2 speedup cannot beat it);
    ``cpu_ratio`` the CPU time each of the two needed for the same loop against the one alone
    (above 1: the cores run slower when both are busy, e.g. vCPUs sharing a host core);
    ``others_s`` the CPU seconds other processes took meanwhile (they take cores away).
    """
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()

    def spin(k: int) -> tuple[float, float, float | None]:
        q = ctx.Queue()
        busy0 = machine_cpu()
        start = time.perf_counter()
        procs = [ctx.Process(target=_spin, args=(n, q)) for _ in range(k)]
        for p in procs:
            p.start()
        cpus = [q.get() for _ in procs]
        for p in procs:
            p.join()
        wall = time.perf_counter() - start
        return wall, sum(cpus) / k, _others(busy0, sum(cpus))

    w1, c1, o1 = spin(1)
    w2, c2, o2 = spin(2)
    return {
        "speedup": round(2 * w1 / w2, 2),
        "cpu_ratio": round(c2 / c1, 2),
        "one_s": round(w1, 2),
        "two_s": round(w2, 2),
        "others_s": None if o1 is None or o2 is None else round(o1 + o2, 2),
    }


def _ceiling_line(c: dict[str, Any]) -> str:
    return (
        f"parallel ceiling now (a Python loop in 2 processes vs 1, no IPC): "
        f"x{c['speedup']} (1 process {c['one_s']} s, 2 processes {c['two_s']} s for twice "
        f"the work; CPU per loop x{c['cpu_ratio']}; other processes' CPU meanwhile "
        f"{c['others_s']} s)"
    )


def run_env(pycache: Path | None) -> dict[str, str]:
    """The environment of the measured runs: this tree's triviaparse, and (unless
    ``pycache`` is None) its bytecode cached under ``pycache``, as an installed package has it.

    Without a cache, an environment with PYTHONDONTWRITEBYTECODE=1 (as some CI and sandboxes
    set) compiles every triviaparse module from source in every run: about 40 ms of
    interpreter start-up that no installed copy pays, and that no -j can spread.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
        # write it: every module a run imports (the cache also holds the standard library's,
        # which the prefix hides from its own __pycache__), -j 1 and -j 2 alike
        page = next(p for p in sorted(FIXTURES.rglob("*.txt")) if ".expected." not in p.name)
        for jobs in ("1", "2"):
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _RUNNER,
                    "convert",
                    str(page),
                    "-o",
                    str(pycache / "warm.jsonl"),
                    "-j",
                    jobs,
                    "-q",
                ],
                env=env,
                capture_output=True,
                check=True,
            )
    return env


def run_once(
    corpus: Path, out: Path, jobs: int, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """One ``triviaparse convert`` run in a fresh process; its time, rate and memory."""
    env = env if env is not None else run_env(None)
    busy0 = machine_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUNNER,
            "convert",
            str(corpus),
            "-o",
            str(out),
            "-j",
            str(jobs),
            "-q",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    stats = json.loads(proc.stderr.strip().splitlines()[-1])
    others = _others(busy0, stats["cpu_s"])
    with open(out, "rb") as f:
        lines = sum(1 for _ in f)
    return {
        "jobs": jobs,
        "inputs": lines,
        "seconds": round(seconds, 2),
        "pages_per_s": round(lines / seconds, 1),
        "exit": stats["exit"],
        "cpu_s": round(stats["cpu_s"], 2),
        "others_cpu_s": others,
        "main_mb": round(stats["self_kb"] / 1024, 1),
        "worker_mb": round(stats["worker_kb"] / 1024, 1),
        "peak_sum_mb": round(
            (stats["self_kb"] + jobs * stats["worker_kb"]) / 1024
            if jobs > 1
            else stats["self_kb"] / 1024,
            1,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Build each corpus size, run every -j, print a table (and JSON with --json)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--pages", type=int, nargs="+", default=[5000], help="corpus sizes to run (default 5000)"
    )
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="-j values")
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per configuration; the median is reported (default 3)",
    )
    ap.add_argument(
        "--from",
        dest="pages_from",
        default=str(FIXTURES),
        help="where the base pages are (default tests/fixtures; e.g. "
        "../shared/corpus for real pages, read in place, never copied here)",
    )
    ap.add_argument("--workdir", default=None, help="where to build (default: a temp dir)")
    ap.add_argument("--json", default=None, help="also write the results to this file")
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="let each run compile triviaparse from source if the environment "
        "says not to write bytecode (PYTHONDONTWRITEBYTECODE), as before "
        "2026-11-24; by default the bytecode is cached under the workdir",
    )
    ap.add_argument(
        "--ceiling",
        type=int,
        default=0,
        metavar="K",
        help="only measure the parallel ceiling, K times, and exit",
    )
    args = ap.parse_args(argv)
    if args.ceiling:
        for _ in range(args.ceiling):
            print(_ceiling_line(parallel_ceiling()), flush=True)
        return 0
    work = Path(args.workdir or tempfile.mkdtemp(prefix="triviaparse-bench-"))
    results = []
    print(
        f"# {platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    cached = not args.no_bytecode_cache
    how = "cached under the workdir" if cached else "as the environment says"
    print(
        f"# triviaparse bytecode: {how} (PYTHONDONTWRITEBYTECODE="
        f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})"
    )
    try:
        env = run_env(work / "pycache" if cached else None)
        for n in args.pages:
            corpus = work / f"corpus{n}-{Path(args.pages_from).resolve().name}"
            if not corpus.exists():
                t = time.perf_counter()
                counts = build_corpus(corpus, n, source=Path(args.pages_from))
                print(
                    f"built {n} inputs from {counts['bases']} pages in {args.pages_from} "
                    f"({counts['gzipped']} gzipped, {counts['junk']} junk) in "
                    f"{time.perf_counter() - t:.1f} s"
                )
            ceiling = parallel_ceiling()
            print(_ceiling_line(ceiling), flush=True)
            runs: dict[int, list[dict[str, Any]]] = {j: [] for j in args.jobs}
            for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits all
                for j in args.jobs:
                    runs[j].append(run_once(corpus, work / f"out{n}-j{j}.jsonl", j, env))
            base = base_cpu = None
            for j in args.jobs:
                rs = sorted(runs[j], key=lambda r: r["pages_per_s"])
                r = dict(rs[len(rs) // 2])  # the median run
                r["corpus"] = n
                r["parallel_ceiling"] = ceiling
                r["all_others_cpu_s"] = [x["others_cpu_s"] for x in runs[j]]
                r["all_pages_per_s"] = [x["pages_per_s"] for x in runs[j]]
                r["main_mb"] = max(x["main_mb"] for x in rs)
                r["worker_mb"] = max(x["worker_mb"] for x in rs)
                r["peak_sum_mb"] = max(x["peak_sum_mb"] for x in rs)
                base = base or r["pages_per_s"]
                base_cpu = base_cpu or r["cpu_s"]
                r["speedup"] = round(r["pages_per_s"] / base, 2)
                # CPU spent by all processes relative to -j 1: what parallelism itself costs;
                # on J idle cores the speedup would be about J / cpu_ratio
                r["cpu_ratio"] = round(r["cpu_s"] / base_cpu, 2)
                results.append(r)
                print(
                    f"N={n:>6} -j {j}: median {r['seconds']:7.2f} s {r['pages_per_s']:8.1f} "
                    f"pages/s (runs: {r['all_pages_per_s']}) x{r['speedup']:.2f}  peak RSS "
                    f"main {r['main_mb']} MB, largest worker {r['worker_mb']} MB, "
                    f"sum <= {r['peak_sum_mb']} MB; CPU {r['cpu_s']} s (x{r['cpu_ratio']}); "
                    f"other processes' CPU during the runs {r['all_others_cpu_s']} s",
                    flush=True,
                )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
