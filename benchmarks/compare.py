#!/usr/bin/env python3
"""Print every ratio of issue 13's table in one run, each beside its target.

    python benchmarks/compare.py [--repeat N] [--only GROUP ...] [--json FILE] [--smoke]

Groups (``--only``): ``classic`` parse ÷ lxml.html.fromstring of the body, on every
``../shared/corpus/classic/*.http``; ``cinemagoer`` cinemagoer's DOMHTMLTriviaParser ÷ parse on
the same pages (needs ``pip install -e .[bench]``, else the rows say "skipped"); ``text`` parse
of a 10 MB raw-text page ÷ splitting its lines into words; ``react`` parse of each
``../shared/corpus/react/*.html`` ÷ json.loads of its own ``__NEXT_DATA__`` text; ``import``
``python -c "import triviaparse"`` ÷ ``python -c pass``; ``convert`` the ``convert -j 2``
speed-up ÷ the machine's own ceiling (two ``convert -j 1`` processes on the two halves at
once), on 2,000 copies of corpus pages made in a temporary folder, with the peak RSS of the
``-j 2`` process tree.

Every figure is a ratio of two things measured side by side in this one run: wall time,
minimum of interleaved runs (alternating which goes first), the garbage collector paused
while timing and run between runs, and so is the work glibc's allocator defers after frees
(``_allocator_settler``; ``--no-settle`` leaves it to whichever call comes next, as before).
Nothing is written to the repository. ``--smoke`` runs everything tiny (a check that the
script works, not a measurement).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # text_page, beside this file
from batch_bench import machine_cpu  # noqa: E402  (beside this file too)

GROUPS = ("classic", "cinemagoer", "text", "react", "import", "convert")
#: corpus folders whose pages the convert group copies (whatever ``convert`` reads as pages)
CONVERT_FOLDERS = ("classic", "react", "main", "mid", "names", "siblings", "tn15")
CONVERT_SUFFIXES = (".http", ".html", ".json")
SKIPPED_CINEMAGOER = "skipped (pip install -e .[bench])"


# ---------------------------------------------------------------------------------------------
# rows and targets


@dataclass
class Row:
    """One line of the table: ``value`` (a ratio) against ``target`` (``"<= 0.6"``, ``">= 5"``,
    or ``""`` for a figure shown for information); ``detail`` says what was timed."""

    group: str
    name: str
    value: float | None
    target: str
    detail: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """PASS or MISS against the target; ``info`` without one; ``-`` without a value."""
        if self.value is None:
            return "-"
        if not self.target:
            return "info"
        op, limit = self.target.split()
        checks = {"<=": float.__le__, "<": float.__lt__, ">=": float.__ge__}
        return "PASS" if checks[op](float(self.value), float(limit)) else "MISS"


def ratio(a: float, b: float) -> float:
    """``a / b``, rounded for the table."""
    return round(a / b, 3) if b else float("inf")


# ---------------------------------------------------------------------------------------------
# timing in this process


def _allocator_settler() -> Callable[[], None] | None:
    """A call that makes glibc's ``malloc`` do the work it defers after a burst of frees (on
    other C libraries, None).

    glibc keeps small freed blocks aside and merges them all at the next request of a kilobyte
    or more. ``lxml.html.fromstring``'s tree is tens of thousands of small blocks, freed when
    its result is dropped: whatever runs next pays for merging them (on the 2016 page, parse
    took 0.4-0.8 ms longer right after lxml than right after anything else). One such request
    between calls, untimed like ``gc.collect()``, charges that work to neither side; it leaves
    lxml's own times as they are.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None or platform.libc_ver()[0] != "glibc":
        return None
    libc = ctypes.CDLL(name)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    malloc, free = libc.malloc, libc.free

    def settle() -> None:
        free(malloc(4096))

    return settle


#: Set by ``main`` (``--no-settle`` leaves it None): run between timed calls.
SETTLE: Callable[[], None] | None = None


def time_interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Minimum seconds of each function over ``repeat`` rounds; each round runs them all, in
    turn forwards and backwards, with the garbage collector paused and run between calls, and
    the allocator settled between calls (``SETTLE``)."""
    for fn in fns.values():  # warm-up: imports, compiled regexes, caches
        fn()
    best = dict.fromkeys(fns, float("inf"))
    names = list(fns)
    enabled = gc.isenabled()
    try:
        for r in range(repeat):
            for name in names if r % 2 == 0 else names[::-1]:
                gc.collect()
                if SETTLE is not None:
                    SETTLE()
                gc.disable()
                t0 = time.perf_counter()
                fns[name]()
                t = time.perf_counter() - t0
                gc.enable()
                best[name] = min(best[name], t)
    finally:
        if enabled:
            gc.enable()
        else:
            gc.disable()
    return best


Pair = tuple[str, Callable[[], object], Callable[[], object]]


def side_by_side(group: str, pairs: Sequence[Pair], repeat: int, target: str) -> list[Row]:
    """One row ``num ÷ den`` for each (name, num, den) of ``pairs``, all timed in the same
    interleaved rounds, so that a burst of load on the machine hits every row alike."""
    fns: dict[str, Callable[[], object]] = {}
    for name, num, den in pairs:
        fns[f"num {name}"], fns[f"den {name}"] = num, den
    t = time_interleaved(fns, repeat)
    rows = []
    for name, _, _ in pairs:
        num_s, den_s = t[f"num {name}"], t[f"den {name}"]
        rows.append(
            Row(
                group,
                name,
                ratio(num_s, den_s),
                target,
                f"{num_s * 1e3:.2f} ms / {den_s * 1e3:.2f} ms",
                extra={"num_s": num_s, "den_s": den_s, "repeat": repeat},
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# groups 1-4: one process


def classic_pages(corpus: Path = CORPUS) -> list[tuple[str, bytes, bytes]]:
    """(name, raw response, body) of every saved classic trivia page."""
    from triviaparse.decode import strip_http_headers

    out = []
    for p in sorted((corpus / "classic").glob("*.http")):
        raw = p.read_bytes()
        out.append((p.name, raw, strip_http_headers(raw)[0]))
    return out


def group_classic(pages: Sequence[tuple[str, bytes, bytes]], repeat: int) -> list[Row]:
    """parse(raw) ÷ lxml.html.fromstring(body), each page."""
    import lxml.html

    from triviaparse import parse

    pairs: list[Pair] = [
        (
            name,
            lambda raw=raw: parse(raw),  # type: ignore[misc]
            lambda body=body: lxml.html.fromstring(body),  # type: ignore[misc]
        )
        for name, raw, body in pages
    ]
    return side_by_side("classic", pairs, repeat, "<= 0.6")


def group_cinemagoer(pages: Sequence[tuple[str, bytes, bytes]], repeat: int) -> list[Row]:
    """cinemagoer's DOMHTMLTriviaParser().parse(html) ÷ parse(raw), each page."""
    if importlib.util.find_spec("imdb") is None:
        return [
            Row("cinemagoer", name, None, ">= 5", note=SKIPPED_CINEMAGOER) for name, *_ in pages
        ]
    from imdb.parser.http.movieParser import (  # type: ignore[import-untyped,unused-ignore]
        DOMHTMLTriviaParser,
    )

    from triviaparse import parse

    pairs: list[Pair] = [
        (
            name,
            lambda html=html: DOMHTMLTriviaParser().parse(html),  # type: ignore[misc]
            lambda raw=raw: parse(raw),  # type: ignore[misc]
        )
        for name, raw, html in [(n, r, b.decode("utf-8")) for n, r, b in pages]
    ]
    return side_by_side("cinemagoer", pairs, repeat, ">= 5")


def group_text(size: int, repeat: int) -> list[Row]:
    """parse(text) ÷ splitting every line of the same text into words."""
    import text_page

    from triviaparse import parse

    text = text_page.build(size)
    pair: Pair = (
        f"raw text, {len(text) / 1e6:.1f} M chars",
        lambda: parse(text),
        lambda: [line.split() for line in text.splitlines()],
    )
    [row] = side_by_side("text", [pair], repeat, "<= 2.0")
    row.note = f"{len(text) / row.extra['num_s'] / 1e6:.1f} M chars/s"
    return [row]


def next_data_text(page: bytes) -> str:
    """The content of the page's ``<script id="__NEXT_DATA__" ...>``, decoded."""
    at = page.index(b'id="__NEXT_DATA__"')
    start = page.index(b">", at) + 1
    return page[start : page.index(b"</script>", start)].decode("utf-8")


def group_react(repeat: int, corpus: Path = CORPUS) -> list[Row]:
    """parse(page bytes) ÷ json.loads(its __NEXT_DATA__ text), each React page."""
    from triviaparse import parse

    pairs: list[Pair] = []
    for p in sorted((corpus / "react").glob("*.html")):
        data = p.read_bytes()
        nd = next_data_text(data)
        pairs.append(
            (
                p.name,
                lambda data=data: parse(data),  # type: ignore[misc]
                lambda nd=nd: json.loads(nd),  # type: ignore[misc]
            )
        )
    return side_by_side("react", pairs, repeat, "<= 1.5")


# ---------------------------------------------------------------------------------------------
# group 5: interpreter start-up

IMPORT_COMMANDS = {
    "pass": "pass",
    "import": "import triviaparse",
    "attribute": "import triviaparse; triviaparse.parse",
    "call": "from triviaparse import parse; parse(b'<html></html>')",
}


def run_env(pycache: Path) -> dict[str, str]:
    """The environment of every subprocess: bytecode cached under ``pycache``, as an installed
    package has it (with PYTHONDONTWRITEBYTECODE, as some sandboxes set, every run would
    compile triviaparse from source)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def time_commands(codes: dict[str, str], rounds: int, env: dict[str, str]) -> dict[str, float]:
    """Minimum wall seconds of ``python -c CODE`` for each, in interleaved rounds (turns
    forwards and backwards), after one warm-up run of each."""
    names = list(codes)
    best = dict.fromkeys(names, float("inf"))
    for r in range(rounds + 1):
        for name in names if r % 2 == 0 else names[::-1]:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", codes[name]], env=env, check=True)
            if r:  # round 0 is the warm-up: it writes the bytecode
                best[name] = min(best[name], time.perf_counter() - t0)
    return best


def group_import(rounds: int, env: dict[str, str]) -> list[Row]:
    """Each command's start-up time ÷ ``python -c pass``."""
    t = time_commands(IMPORT_COMMANDS, rounds, env)
    rows = []
    for name, code in IMPORT_COMMANDS.items():
        if name == "pass":
            continue
        rows.append(
            Row(
                "import",
                f"-c {code}",
                ratio(t[name], t["pass"]),
                "<= 3.0" if name == "import" else "",
                f"{t[name] * 1e3:.1f} ms / {t['pass'] * 1e3:.1f} ms",
                extra={"num_s": t[name], "den_s": t["pass"], "rounds": rounds},
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# group 6: convert -j 2 against the machine's ceiling


def convert_bases(corpus: Path = CORPUS) -> list[Path]:
    """The corpus pages the convert group copies."""
    return sorted(
        p
        for folder in CONVERT_FOLDERS
        for p in (corpus / folder).glob("*")
        if p.is_file() and p.suffix in CONVERT_SUFFIXES
    )


def build_halves(target: Path, n: int, bases: Sequence[Path]) -> tuple[Path, Path]:
    """``n`` copies of ``bases`` (cycled) in two folders, alternately, so both halves hold
    the same mix (with an odd number of bases, each base equally often)."""
    halves = (target / "a", target / "b")
    for h in halves:
        h.mkdir()
    for i in range(n):
        src = bases[i % len(bases)]
        shutil.copyfile(src, halves[i % 2] / f"{i:05d}-{src.name}")
    return halves


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of ``pid`` in kB, or None once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
    except (OSError, ValueError):
        return None
    return rss, hwm


class TreeSampler:
    """The resident memory of process trees, sampled: the maximum over samples of the SUM of
    VmRSS over every process of the trees, and each process's last VmHWM (its own peak)."""

    def __init__(self, roots: Iterable[int]) -> None:
        self.roots = set(roots)
        self.parent: dict[int, int | None] = {}
        self.peak_sum_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self.cpu_s = 0.0
        self.others_cpu_s: float | None = None

    def members(self) -> list[int]:
        """Every live process whose ancestry leads to a root (parents are read once each)."""
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) not in self.parent:
                self.parent[int(name)] = _ppid(int(name))
        found = []
        for pid in self.parent:
            p: int | None = pid
            while p is not None and p not in self.roots and p > 1:
                p = self.parent.get(p)
            if p in self.roots:
                found.append(pid)
        return found

    def sample(self) -> None:
        total = 0
        for pid in self.members():
            got = _status_kb(pid)
            if got is not None:
                total += got[0]
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), got[1])
        self.peak_sum_kb = max(self.peak_sum_kb, total)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_watched(
    commands: Sequence[Sequence[str]], env: dict[str, str], every: float = 0.02
) -> tuple[float, TreeSampler]:
    """Start every command at once; wall seconds until all have ended, their memory and the
    CPU seconds they (and the workers they waited for) used, and other programs meanwhile."""
    cpu0, machine0 = _children_cpu(), machine_cpu()
    t0 = time.perf_counter()
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL) for c in commands]
    sampler = TreeSampler(p.pid for p in procs)
    while any(p.poll() is None for p in procs):
        sampler.sample()
        time.sleep(every)
    wall = time.perf_counter() - t0
    sampler.cpu_s = _children_cpu() - cpu0
    machine1 = machine_cpu()
    if machine0 is not None and machine1 is not None:  # what other programs took meanwhile
        sampler.others_cpu_s = max(machine1 - machine0 - sampler.cpu_s, 0.0)
    for p, c in zip(procs, commands, strict=True):
        if p.returncode not in (0, 1):  # 1: some inputs gave error records (one page has none)
            raise SystemExit(f"{' '.join(c)} exited with {p.returncode}")
    return wall, sampler


def convert_cmd(inputs: Sequence[Path], out: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "triviaparse",
        "convert",
        *map(str, inputs),
        "-o",
        str(out),
        "-j",
        str(jobs),
        "-q",
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def convert_triples(
    work: Path, halves: tuple[Path, Path], repeat: int, env: dict[str, str]
) -> dict[str, Any]:
    """T1, T2 and Tc (minimum of ``repeat`` interleaved triples) and the -j 2 memory."""
    a, b = halves
    runs = {
        "T1": [convert_cmd(halves, work / "j1.jsonl", 1)],
        "T2": [convert_cmd(halves, work / "j2.jsonl", 2)],
        "Tc": [convert_cmd([a], work / "ca.jsonl", 1), convert_cmd([b], work / "cb.jsonl", 1)],
    }
    one = next(iter(sorted(a.iterdir())))
    for jobs in (1, 2):  # warm-up: writes the bytecode every later run reads
        run_watched([convert_cmd([one], work / "warm.jsonl", jobs)], env)
    names = list(runs)
    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    others: dict[str, list[float | None]] = {n: [] for n in names}
    rss_sum_kb = 0
    hwm: list[int] = []
    for r in range(repeat):
        order = names[r % 3 :] + names[: r % 3]
        for name in order if r % 2 == 0 else order[::-1]:
            wall, sampler = run_watched(runs[name], env)
            times[name].append(round(wall, 3))
            cpu[name].append(round(sampler.cpu_s, 2))
            others[name].append(
                None if sampler.others_cpu_s is None else round(sampler.others_cpu_s, 2)
            )
            if name == "T2" and sampler.peak_sum_kb >= rss_sum_kb:
                rss_sum_kb = sampler.peak_sum_kb
                hwm = sorted(sampler.hwm_kb.values(), reverse=True)
    if _digest(work / "j1.jsonl") != _digest(work / "j2.jsonl"):
        raise SystemExit("convert -j 1 and -j 2 wrote different outputs")
    return {
        "times": times,
        "cpu_s": cpu,
        "others_cpu_s": others,
        "T1": min(times["T1"]),
        "T2": min(times["T2"]),
        "Tc": min(times["Tc"]),
        "peak_rss_sum_mb": rss_sum_kb / 1024,
        "vmhwm_mb": [round(k / 1024, 1) for k in hwm],
    }


def group_convert(n: int, repeat: int, env: dict[str, str]) -> list[Row]:
    """convert -j 2 speed-up (T1/T2) ÷ ceiling (T1/Tc), and the -j 2 tree's peak RSS."""
    bases = convert_bases()
    with tempfile.TemporaryDirectory(prefix="triviaparse-compare-") as tmp:
        work = Path(tmp)
        halves = build_halves(work, n, bases)
        m = convert_triples(work, halves, repeat, env)
    speedup, ceiling = m["T1"] / m["T2"], m["T1"] / m["Tc"]
    times = ", ".join(f"{k} {m[k]:.2f} s" for k in ("T1", "T2", "Tc"))
    return [
        Row(
            "convert",
            f"-j 2 speed-up / ceiling, {n} files",
            round(speedup / ceiling, 3),
            ">= 0.9",
            f"{times}; speed-up x{speedup:.2f}, ceiling x{ceiling:.2f}",
            note=f"{len(bases)} corpus pages copied; min of {repeat} triples; CPU s "
            + ", ".join(f"{k} {min(v):.2f}" for k, v in m["cpu_s"].items()),
            extra=m,
        ),
        Row(
            "convert",
            "-j 2 peak RSS, MB (sum over the process tree)",
            round(m["peak_rss_sum_mb"], 1),
            "< 200",
            "VmHWM of each process: " + ", ".join(f"{x} MB" for x in m["vmhwm_mb"]),
        ),
        Row(
            "convert",
            "other programs' CPU during a run, s (max)",
            max((x for v in m["others_cpu_s"].values() for x in v if x is not None), default=None),
            "",
            "; ".join(f"{k} {v}" for k, v in m["others_cpu_s"].items()),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# the table


def header_lines(args: argparse.Namespace) -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return [
        f"# triviaparse compare.py, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"# {platform.platform()}, {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"lxml {version('lxml')}, triviaparse {version('triviaparse')}"
        + (f", load average {load[0]:.2f}" if load else ""),
        f"# wall time, minimum of interleaved runs (repeat {args.repeat}), "
        + ("allocator settled between calls" if SETTLE else "allocator NOT settled between calls")
        + (" -- SMOKE RUN, tiny sizes, not a measurement" if args.smoke else ""),
    ]


def busy_warning() -> list[str]:
    """A line saying the figures are unreliable when other programs kept the machine busy."""
    if not hasattr(os, "getloadavg") or os.getloadavg()[0] <= (os.cpu_count() or 1) / 2:
        return []
    return [
        f"# load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs: other programs "
        "shared the machine, so the figures (the convert group's above all) are noisy"
    ]


def format_rows(rows: Sequence[Row]) -> list[str]:
    """The table: group, what, figure, target, verdict, what was timed."""
    lines = [f"{'group':10} {'input':56} {'figure':>9} {'target':>8}  {'':4}  detail"]
    lines.append("-" * 110)
    for r in rows:
        fig = f"{r.value:9.3f}" if r.value is not None else f"{'':9}"
        detail = "; ".join(x for x in (r.detail, r.note) if x)
        lines.append(f"{r.group:10} {r.name[:56]:56} {fig} {r.target:>8}  {r.verdict:4}  {detail}")
    return lines


def settings(args: argparse.Namespace) -> dict[str, int]:
    """Sizes and repeats of each group (tiny with --smoke)."""
    if args.smoke:
        return {"text_size": 200_000, "text_repeat": 2, "import_rounds": 2, "files": 12,
                "convert_repeat": 1}  # fmt: skip
    return {
        "text_size": 10_000_000,
        "text_repeat": max(2, min(args.repeat, 5)),
        "import_rounds": max(20, args.repeat),
        "files": args.files,
        "convert_repeat": args.convert_repeat,
    }


def run_groups(args: argparse.Namespace, env: dict[str, str]) -> list[Row]:
    """Run the groups asked for, printing each group's rows as soon as it is measured."""
    s = settings(args)
    only = set(args.only or GROUPS)
    rows: list[Row] = []
    pages = classic_pages() if only & {"classic", "cinemagoer"} else []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("classic", lambda: group_classic(pages, args.repeat)),
        ("cinemagoer", lambda: group_cinemagoer(pages, args.repeat)),
        ("text", lambda: group_text(s["text_size"], s["text_repeat"])),
        ("react", lambda: group_react(args.repeat)),
        ("import", lambda: group_import(s["import_rounds"], env)),
        ("convert", lambda: group_convert(s["files"], s["convert_repeat"], env)),
    ]
    print("\n".join(header_lines(args) + format_rows([])), flush=True)
    for name, step in steps:
        if name in only:
            got = step()
            rows.extend(got)
            print("\n".join(format_rows(got)[2:]), flush=True)
    for line in busy_warning():
        print(line, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=21, help="timed rounds in-process (21)")
    ap.add_argument("--only", nargs="+", choices=GROUPS, metavar="GROUP", help=", ".join(GROUPS))
    ap.add_argument("--json", type=Path, help="also write the rows to this file")
    ap.add_argument("--files", type=int, default=2000, help="files of the convert group (2000)")
    ap.add_argument("--convert-repeat", type=int, default=3, help="convert triples (3)")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes: check the script runs")
    ap.add_argument(
        "--no-settle",
        action="store_true",
        help="do not settle the allocator between timed calls (each then pays for the frees "
        "of the call before it)",
    )
    args = ap.parse_args(argv)
    global SETTLE
    SETTLE = None if args.no_settle else _allocator_settler()
    with tempfile.TemporaryDirectory(prefix="triviaparse-pycache-") as pycache:
        rows = run_groups(args, run_env(Path(pycache)))
    if args.json:
        doc = {
            "header": header_lines(args),
            "rows": [asdict(r) | {"verdict": r.verdict} for r in rows],
        }
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
