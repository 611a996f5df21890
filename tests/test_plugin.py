"""The golden-fixture plugin, run in a scratch project with ``pytester``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import triviaparse
from triviaparse.serialize import canonical_json
from triviaparse.testing.golden import describe_differences, expected_path, obtained_path

PAGE = (
    "Jump to: Spoilers (1)\n"
    "Filmed in 41 days.\n"
    "739 of 742 found this interesting Interesting? | Share this\n"
    "The score uses no instruments recorded after 1950.\n"
    "The trivia items below may give away important plot points.\n"
    "The ferryman is the narrator's father.\n"
)


def _record(text: str = PAGE) -> dict[str, object]:
    return triviaparse.to_dict(triviaparse.parse(text))


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A scratch project whose ``pages/`` folder holds one page."""
    pytester.makeini("[pytest]\n")
    pages = pytester.mkdir("pages")
    (pages / "film.txt").write_text(PAGE, encoding="utf-8")
    return pytester


def _run(p: pytest.Pytester, *args: str) -> pytest.RunResult:
    return p.runpytest("-p", "triviaparse.testing", "--triviaparse-fixtures", "pages", *args)


def test_missing_expectation_is_written_and_fails(project: pytest.Pytester) -> None:
    result = _run(project)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*film.expected.json: no expectation existed, wrote it*"])
    written = project.path / "pages" / "film.expected.json"
    assert written.read_text(encoding="utf-8") == canonical_json(_record())
    _run(project).assert_outcomes(passed=1)


def test_mismatch_is_readable_and_writes_obtained(project: pytest.Pytester) -> None:
    want = _record()
    items = want["items"]
    assert isinstance(items, list)
    items[0]["votes"] = {"interested": 740, "total": 743, "raw": None}
    items[2]["category"] = "cameo"
    items.append({**items[1], "text": "An item the parser lost."})
    (project.path / "pages" / "film.expected.json").write_text(canonical_json(want), "utf-8")
    result = _run(project)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "item 0 ('Filmed in 41 days.'): votes 740/743 → 739/742" in out
    assert "category changed 'cameo' → 'uncategorized'" in out
    assert "item 3 ('An item the parser lost.') missing" in out
    assert "Traceback" not in out and '"interested"' not in out  # no wall of JSON
    obtained = project.path / "pages" / "film.obtained.json"
    assert json.loads(obtained.read_text(encoding="utf-8")) == _record()


def test_update_rewrites_and_reports(project: pytest.Pytester) -> None:
    stale = _record()
    stale["title"] = "Old title"
    expected = project.path / "pages" / "film.expected.json"
    expected.write_text(canonical_json(stale), encoding="utf-8")
    (project.path / "pages" / "film.obtained.json").write_text("{}", encoding="utf-8")
    result = _run(project, "--triviaparse-update")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["*triviaparse: expectations updated*", "*film.expected.json (1 change)*"]
    )
    assert expected.read_text(encoding="utf-8") == canonical_json(_record())
    assert not (project.path / "pages" / "film.obtained.json").exists()


def test_update_env_alias(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = project.path / "pages" / "film.expected.json"
    expected.write_text(canonical_json({**_record(), "year": 1901}), encoding="utf-8")
    monkeypatch.setenv("TRIVIAPARSE_UPDATE_GOLDEN", "1")
    _run(project).assert_outcomes(passed=1)
    assert json.loads(expected.read_text(encoding="utf-8")) == _record()


def test_ini_default_folder_and_compressed_pages(pytester: pytest.Pytester) -> None:
    import gzip

    pytester.makeini("[pytest]\ntriviaparse_fixtures = golden\n")
    folder = pytester.mkdir("golden")
    (folder / "a.txt.gz").write_bytes(gzip.compress(PAGE.encode()))
    (folder / "a.expected.json").write_text(canonical_json(_record()), encoding="utf-8")
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    result = pytester.runpytest("-p", "triviaparse.testing", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*golden/a.txt.gz::golden PASSED*"])


def test_trivia_golden_fixture(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["triviaparse.testing"]\n')
    pytester.makepyfile(
        test_one=f"""
        import triviaparse
        def test_page(trivia_golden, tmp_path):
            trivia_golden(triviaparse.parse({PAGE!r}), "one.expected.json")
        """
    )
    first = pytester.runpytest()
    first.assert_outcomes(failed=1)
    first.stdout.fnmatch_lines(["*no expectation existed*"])
    assert (pytester.path / "one.expected.json").exists()
    pytester.runpytest().assert_outcomes(passed=1)
    changed = _record()
    changed["declared_total"] = 9
    (pytester.path / "one.expected.json").write_text(canonical_json(changed), "utf-8")
    third = pytester.runpytest()
    third.assert_outcomes(failed=1)
    third.stdout.fnmatch_lines(["*page: declared_total 9 → None*"])
    assert (pytester.path / "one.obtained.json").exists()


def test_plugin_is_opt_in(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")
    pages = pytester.mkdir("pages")
    (pages / "film.txt").write_text(PAGE, encoding="utf-8")
    result = pytester.runpytest_subprocess("pages", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_importing_triviaparse_needs_neither_pytest_nor_hypothesis() -> None:
    code = (
        "import sys, triviaparse; triviaparse.parse('x'); "
        "bad = [m for m in ('pytest', 'hypothesis', '_pytest') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_describe_differences_names_items_and_fields() -> None:
    old = {
        "title": "A",
        "items": [
            {"id": "tr1", "text": "one", "votes": {"interested": 739, "total": 742}},
            {"id": "tr2", "text": "two", "category": "uncategorized"},
            {"id": "tr3", "text": "three"},
        ],
    }
    new = {
        "title": "A",
        "items": [
            {"id": "tr1", "text": "one", "votes": {"interested": 740, "total": 743}},
            {"id": "tr2", "text": "two!", "category": "cameo"},
        ],
    }
    assert describe_differences(old, new) == [
        "page: 3 items expected, 2 obtained",
        "item 0 (tr1): votes 739/742 → 740/743",
        "item 1 (tr2): text differs at character 3: 'two' → 'two!'",
        "item 1 (tr2): category changed 'uncategorized' → 'cameo'",
        "item 2 (tr3) missing",
    ]
    assert describe_differences(old, old) == []


def test_record_paths() -> None:
    assert expected_path(Path("d/case.html.gz")) == Path("d/case.expected.json")
    assert obtained_path(Path("d/case.txt")) == Path("d/case.obtained.json")
    assert obtained_path(Path("d/case.expected.json")) == Path("d/case.obtained.json")


def test_kit_imports_without_pytest() -> None:
    """render, golden and strategies work where pytest is not installed (hidden here)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pytest'] = None\n"
        "import triviaparse.testing.render, triviaparse.testing.golden\n"
        "import triviaparse.testing.strategies\n"
        "from triviaparse.testing.render import render\n"
        "from triviaparse import TriviaPage, TriviaItem\n"
        "print(render(TriviaPage(items=(TriviaItem(text='A fact.'),)), format='text'))\n"
        "assert 'pytest' not in [m for m, v in sys.modules.items() if v is not None]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "A fact." in proc.stdout
