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


#: Doc examples that define code for the reader to run elsewhere (known by their first line),
#: and the test that runs them.
TESTED_ELSEWHERE = {
    '"""Convert saved pages and WARC crawls on Dask': "tests/test_batch_dask.py",
    "def test_my_page(trivia_golden):": "tests/test_docs.py::test_golden_fixture_example",
}


def _tested_elsewhere(code: str) -> bool:
    return any(line.startswith(tuple(TESTED_ELSEWHERE)) for line in code.splitlines())


_SHOWN = re.compile(r"^\s*print\(.*\)\s+#\s+(\S.*?)\s*$", re.M)


@pytest.mark.parametrize(("where", "code"), _blocks(), ids=[w for w, _ in _blocks()])
def test_doc_example_runs(where: str, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each example runs and shows what it says: an ``assert``, or a ``print(...)  # output``
    whose comment is a line the example printed."""
    os.chdir(ROOT)
    capsys.readouterr()
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})
    printed = [line.strip() for line in capsys.readouterr().out.splitlines()]
    shown = _SHOWN.findall(code)
    for expected in shown:
        assert expected in printed, f"{where}: the docs say {expected!r}; it printed {printed}"
    assert shown or re.search(r"^\s*assert ", code, re.M) or _tested_elsewhere(code), (
        f"{where} checks nothing it shows: add an assert or a '# output' comment"
    )


def test_golden_fixture_example(pytester: pytest.Pytester) -> None:
    """docs/testing.md's golden example, run as a user's test file would be."""
    (code,) = [c for _, c in _blocks() if "def test_my_page(trivia_golden):" in c]
    saved = pytester.mkdir("saved")
    page = (ROOT / "tests" / "fixtures" / "text" / "browser_copy.txt").read_bytes()
    (saved / "matrix.html").write_bytes(page)
    expected = ROOT / "tests" / "fixtures" / "text" / "browser_copy.expected.json"
    (saved / "matrix.expected.json").write_bytes(expected.read_bytes())
    pytester.makepyfile(test_doc=code)
    pytester.runpytest("-p", "triviaparse.testing").assert_outcomes(passed=1)
    (saved / "matrix.expected.json").write_text("{}", encoding="utf-8")
    pytester.runpytest("-p", "triviaparse.testing").assert_outcomes(failed=1)


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
