"""The fuzz harness's checks (fuzz/fuzz_parse.py) on the fixtures, and every saved finding
replayed: an input in fuzz/findings/ must keep every promise the harness checks.

A finding not fixed yet is marked xfail(strict=True) in ``OPEN`` with what breaks, so the fix
turns it into a pass that must drop the mark. Time is not checked here (the harness's 1 s
limit is a fuzzing aid; the suite measures growth ratios in tests/test_properties_linear.py).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = ROOT / "fuzz" / "findings"

#: Saved findings that still break a promise: file name → what breaks.
OPEN: dict[str, str] = {}  # every saved finding is fixed; a new one goes here until it is


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_parse", ROOT / "fuzz" / "fuzz_parse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SLOW_SECONDS = math.inf  # no absolute times in the suite
    return module


_FUZZ = _harness()
_ALL_FORMATS = tuple(dict.fromkeys(f for fs in _FUZZ.TARGETS.values() for f in fs))


def _fixture_pages() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "tests" / "fixtures").rglob("*")
        if p.is_file() and not p.name.endswith((".expected.json", ".obtained.json"))
    )


@pytest.mark.parametrize("path", _fixture_pages(), ids=lambda p: p.name)
def test_fixtures_keep_the_harness_promises(path: Path) -> None:
    """The seeds themselves pass: a finding is the fuzzer's, not the harness's."""
    _FUZZ.check(path.read_bytes(), _ALL_FORMATS)


def _findings() -> list[object]:
    out: list[object] = []
    for path in sorted(FINDINGS.glob("*")) if FINDINGS.is_dir() else []:
        if path.name.startswith(".") or path.suffix in (".md", ".txt"):
            continue
        marks = (
            [pytest.mark.xfail(strict=True, reason=OPEN[path.name])] if path.name in OPEN else []
        )
        out.append(pytest.param(path, marks=marks, id=path.name))
    return out


@pytest.mark.parametrize("path", _findings())
def test_saved_finding(path: Path) -> None:
    _FUZZ.check(path.read_bytes(), _ALL_FORMATS)


def test_every_open_finding_is_saved() -> None:
    assert sorted(OPEN) == sorted(n for n in OPEN if (FINDINGS / n).is_file())


def test_harness_reports_a_broken_promise(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks can fail: a reader that raises is a finding, with its place in the code."""
    import triviaparse.readers.text as text_reader

    def broken(text: str, ctx: object) -> object:
        raise IndexError("boom")

    monkeypatch.setattr(text_reader, "read", broken)
    with pytest.raises(_FUZZ.Finding) as info:
        _FUZZ.check(b"Jump to: Spoilers (1)\nA fact.\n", ("text",))
    assert info.value.kind == "internal-error"
    assert "IndexError" in info.value.where
