"""The examples in README.md and docs/ run, and the docs name what the code has."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

import triviaparse

from .helpers import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    out = []
    for path in DOCS:
        for k, m in enumerate(_BLOCK.finditer(path.read_text(encoding="utf-8"))):
            out.append((f"{path.name}#{k}", m.group(1)))
    return out


@pytest.mark.parametrize(("where", "code"), _blocks(), ids=[w for w, _ in _blocks()])
def test_doc_example_runs(where: str, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(ROOT)
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})


def test_package_docstring_example() -> None:
    result = doctest.testmod(triviaparse, verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_every_problem_code_is_documented() -> None:
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [c.value for c in triviaparse.ProblemCode if f"`{c.value}`" not in api]
    assert missing == []


def test_readme_names_the_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in readme and "test-command" in ci
    assert Path(ROOT / "src" / "triviaparse" / "py.typed").exists()


_PIP_INSTALL = re.compile(r"pip install ([^\n`]*)")


def test_install_lines_work_before_publication() -> None:
    """triviaparse is not on PyPI: every install line names a checkout or a built wheel."""
    wrong = []
    for path in [*DOCS, *sorted((ROOT / "src").rglob("*.py"))]:
        for m in _PIP_INSTALL.finditer(path.read_text(encoding="utf-8")):
            if re.search(r"(?<![\w/.-])triviaparse\[", m.group(1)):
                wrong.append(f"{path.name}: {m.group(0)}")
    assert wrong == []
