"""The inputs a fuzzer found slow (../shared/reliability/slow) parse fast, and the issue's
slow shapes, at the sizes it reported, stay under 512 MB.

Time is a ratio, never an absolute bound: each slow input's CPU time is compared with that of
a reference parse in the same process, the real 1 MB React page
``react/tt0076759-title-main-2022-02.html`` read from its HTML (``format="html_react"``,
about 10 ms of CPU here). Every slow input must take at most ``REFERENCE_FACTOR`` times that.
Today the React ones take about half of it and the worst (HTML fragments read as raw text,
5,000 lines each) under 5x; the React ones took 15x to 80x before (0.15 to 0.8 s of CPU).
Memory is the
peak resident size of a fresh subprocess (VmHWM), which does not depend on load.
Skipped when ../shared is absent (those pages are never copied here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import triviaparse

from .helpers import CORPUS, SHARED
from .test_properties_linear import cpu_time

SLOW = SHARED / "reliability" / "slow"
REFERENCE = CORPUS / "react" / "tt0076759-title-main-2022-02.html"
REFERENCE_FACTOR = 10.0
RUNS = 3
MEMORY_LIMIT_MB = 512

requires_slow = pytest.mark.skipif(
    not SLOW.is_dir() or not REFERENCE.is_file(), reason="../shared/reliability/slow is not present"
)


def _slow_inputs() -> list[Path]:
    return sorted(SLOW.glob("*.bin")) if SLOW.is_dir() else []


@pytest.fixture(scope="module")
def reference_time() -> float:
    data = REFERENCE.read_bytes()
    triviaparse.parse(data, format="html_react")  # imports and caches out of the timing
    return min(cpu_time(data, "html_react") for _ in range(RUNS))


@requires_slow
@pytest.mark.parametrize("path", _slow_inputs(), ids=lambda p: p.name)
def test_slow_input_parses_fast(path: Path, reference_time: float) -> None:
    data = path.read_bytes()
    page = triviaparse.parse(data)
    assert page.source_format is not None
    best = min(cpu_time(data) for _ in range(RUNS))
    assert best <= REFERENCE_FACTOR * reference_time, (
        f"{path.name} took {best * 1000:.0f} ms of CPU, {best / reference_time:.1f}x the "
        f"reference page ({reference_time * 1000:.0f} ms)"
    )


# --- peak memory ---------------------------------------------------------------------------

#: The issue's slow shapes at (or beyond) the sizes it reported, as Python expressions
#: building (bytes, format) in the subprocess.
MEMORY_SHAPES = {
    "cr-run-10MB-text": '(b"\\r" * 10_000_000, "text")',
    "cr-run-10MB-detected": '(b"Jump to: Spoilers (1)\\n" + b"\\r" * 10_000_000 + b"x\\n", None)',
    "vote-zeros-160KB": '(b"1" + b" 000" * 40_000 + b" found this interesting", None)',
    "react-1000-sections": "(T._react_sections(1000).encode(), None)",
    "react-nested-sections": "(T._react_nested_sections(240).encode(), None)",
    "react-unclosed": "(T._react_unclosed(48).encode(), None)",
}

#: The child reports its peak resident size: VmHWM where Linux gives it (``ru_maxrss`` keeps
#: the high-water mark of the process it was forked from, here the whole test run), else
#: ``ru_maxrss``.
_CHILD = """
import json, re, resource, sys
sys.path.insert(0, {tests!r})
import test_properties_linear as T
import triviaparse
data, fmt = {build}
page = triviaparse.parse(data, format=fmt)
try:
    with open("/proc/self/status") as f:
        peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", f.read()).group(1)) / 1024
except (OSError, AttributeError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"items": len(page.items), "peak_mb": peak}}))
"""


def _peak_mb(build: str) -> float:
    code = _CHILD.format(tests=str(Path(__file__).parent), build=build)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True
    )
    return float(json.loads(out.stdout.splitlines()[-1])["peak_mb"])


@pytest.mark.parametrize("name", sorted(MEMORY_SHAPES))
def test_slow_shape_peak_memory(name: str) -> None:
    peak = _peak_mb(MEMORY_SHAPES[name])
    assert peak < MEMORY_LIMIT_MB, f"{name}: peak {peak:.0f} MB"


@requires_slow
def test_slow_inputs_peak_memory() -> None:
    """All the slow inputs, one after another in one process: the peak of the worst."""
    build = (
        "[triviaparse.parse(p.read_bytes()) for p in sorted(__import__('pathlib')"
        f".Path({str(SLOW)!r}).glob('*.bin'))] and (b'', None)"
    )
    peak = _peak_mb(build)
    assert peak < MEMORY_LIMIT_MB, f"peak {peak:.0f} MB"
