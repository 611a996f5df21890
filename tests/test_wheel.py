"""The built wheel is what users get: it installs in a fresh venv and carries py.typed, the
console script, the pytest plugin and the docs that `triviaparse docs` prints."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .helpers import FIXTURES, ROOT

#: What a checkout holds that is no part of the source (and a build's own leftovers).
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools builds in the tree's own build/ folder, which two test
    # workers (pytest -n 2) building at once would share, and which a stale run leaves behind.
    tree = tmp_path_factory.mktemp("tree") / "triviaparse"
    shutil.copytree(ROOT, tree, ignore=_NOT_SOURCE, symlinks=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(tree)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("triviaparse-*.whl")
    return built


def test_wheel_carries_types_script_plugin_and_docs(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(
            zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")
        )
    assert "triviaparse/py.typed" in names
    assert "triviaparse = triviaparse.cli:run" in entry_points
    assert "triviaparse/testing/plugin.py" in names  # pytest -p triviaparse.testing
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"triviaparse/docs/{page.name}" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    proc = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", f"{wheel}[testing]"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fixture = FIXTURES / "text" / "browser_copy.txt"
    parsed = subprocess.run(
        [str(bin_dir / "triviaparse"), "parse", str(fixture)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert parsed.returncode == 0, parsed.stderr
    assert '"The Lighthouse Keeper\'s Daughter"' in parsed.stdout
    docs = subprocess.run(
        [str(bin_dir / "triviaparse"), "docs", "batch"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert docs.returncode == 0 and docs.stdout.startswith("# Batch conversion")
    typed = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import importlib.resources as r, triviaparse; "
            "print(r.files('triviaparse').joinpath('py.typed').is_file())",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert typed.stdout.strip() == "True", typed.stderr
    plugin = subprocess.run(
        [str(bin_dir / "python"), "-m", "pytest", "-p", "triviaparse.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert plugin.returncode == 0, plugin.stderr
    assert "--triviaparse-fixtures" in plugin.stdout
