"""Peak memory of ``parse_many`` over N small generated pages: flat, whatever N.

Writes N raw-text trivia pages into a temporary folder, then, in a fresh interpreter per
configuration, iterates ``triviaparse.parse_many([folder], jobs=J)`` to the end (holding no
result) and reports the peak resident memory of the main process and of the largest worker.

    .venv/bin/python benchmarks/parse_many_memory.py --pages 5000 50000 --jobs 1 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUNNER = r"""
import json, resource, sys, time
import triviaparse
start = time.perf_counter()
n = ok = 0
for r in triviaparse.parse_many([sys.argv[1]], jobs=int(sys.argv[2])):
    n += 1
    ok += r.ok
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"results": n, "ok": ok, "seconds": time.perf_counter() - start,
                  "main_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024}))
"""


def page(i: int) -> str:
    """A small raw-text trivia page, different for each ``i``."""
    items = 1 + i % 5
    lines = [f"Film {i} ({1950 + i % 70}) Poster", "Trivia", f"Showing all {items} items", "Edit"]
    for k in range(items):
        lines += [
            f"Fact {k + 1} about film {i}: it was shot in {1950 + (i + k) % 70}.",
            f"{k + 1} of {k + 2} found this interesting Interesting? | Share this",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build each folder, run each -j in a fresh process, print one JSON line per run."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[5000, 50000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[2])
    args = ap.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for n in args.pages:
        with tempfile.TemporaryDirectory(prefix="parse_many_memory-") as tmp:
            folder = Path(tmp)
            for i in range(n):
                (folder / f"p{i:06d}.txt").write_text(page(i), encoding="utf-8")
            for jobs in args.jobs:
                start = time.perf_counter()
                proc = subprocess.run(
                    [sys.executable, "-c", _RUNNER, str(folder), str(jobs)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                stats = json.loads(proc.stdout)
                stats.update(pages=n, jobs=jobs, wall_s=round(time.perf_counter() - start, 1))
                print(
                    json.dumps(
                        {k: round(v, 1) if isinstance(v, float) else v for k, v in stats.items()}
                    ),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
