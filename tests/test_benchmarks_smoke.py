"""benchmarks/compare.py runs and prints its table; nothing here times anything."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .helpers import ROOT, requires_shared

SCRIPT = ROOT / "benchmarks" / "compare.py"


def _compare() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["compare"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_verdicts() -> None:
    c = _compare()
    assert c.Row("g", "n", 0.6, "<= 0.6").verdict == "PASS"
    assert c.Row("g", "n", 0.61, "<= 0.6").verdict == "MISS"
    assert c.Row("g", "n", 5.0, ">= 5").verdict == "PASS"
    assert c.Row("g", "n", 200.0, "< 200").verdict == "MISS"
    assert c.Row("g", "n", 3.0, "").verdict == "info"
    assert c.Row("g", "n", None, ">= 5").verdict == "-"


def test_next_data_text() -> None:
    page = b'<html><script src="x.js"></script><script id="__NEXT_DATA__" type="application/json"'
    page += b' nonce="">{"props": "\xc3\xa9"}</script></html>'
    assert _compare().next_data_text(page) == '{"props": "é"}'


def test_cinemagoer_rows_say_skipped_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    c = _compare()
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "imdb" else real(name, *a)
    )
    rows = c.group_cinemagoer([("p.http", b"", b"")], 2)
    assert [(r.value, r.note) for r in rows] == [(None, "skipped (pip install -e .[bench])")]
    assert "skipped (pip install -e .[bench])" in c.format_rows(rows)[2]


@requires_shared
def test_smoke_run_prints_every_group(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--repeat", "2", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "SMOKE RUN" in proc.stdout
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    groups = {r["group"] for r in rows}
    assert groups == {"classic", "cinemagoer", "text", "react", "import", "convert"}
    for r in rows:
        assert r["verdict"] in {"PASS", "MISS", "info", "-"}
        assert r["name"][:40] in proc.stdout
    assert sum(r["group"] == "classic" for r in rows) == 7
    assert sum(r["group"] == "import" for r in rows) == 3


@requires_shared
def test_react_floor_prints_a_row_per_react_page() -> None:
    script = ROOT / "benchmarks" / "react_floor.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--repeat", "1"], capture_output=True, text=True, check=True
    )
    rows = proc.stdout.splitlines()[1:]
    pages = sorted(p.name for p in (ROOT.parent / "shared" / "corpus" / "react").glob("*.html"))
    assert [row.split()[0] for row in rows] == pages
    assert all(float(row.split()[1]) > 0 for row in rows)
