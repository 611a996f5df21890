"""The opt-in pytest plugin: golden fixture folders and the ``trivia_golden`` fixture.

The only module of triviaparse that imports pytest. Load it explicitly (it has no entry
point, so it never loads where nobody asked for it); ``triviaparse.testing`` is its short
name::

    pytest -p triviaparse.testing --triviaparse-fixtures tests/pages
    # or, in a conftest.py:  pytest_plugins = ["triviaparse.testing"]

Every page in a fixture folder (``.txt``, ``.html``, ``.htm``, ``.json``, ``.http``, each
optionally ``.gz``/``.bz2``/``.xz``) becomes one test comparing ``parse_file(page)`` with
``<name>.expected.json`` beside it; an IMDb data file (``.list``) is compared title by title
(``{"pages": [...]}``, read with ``iter_datafile``). Needs pytest (``pip install ".[testing]"``
from a checkout); the hypothesis strategies live in :mod:`triviaparse.testing.strategies`.
See docs/testing.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from ..api import iter_datafile, parse_file
from ..model import TriviaPage
from ..serialize import canonical_json
from .golden import (
    datafile_record,
    describe_differences,
    expected_path,
    is_datafile,
    is_page,
    obtained_path,
    page_record,
)

__all__ = ["GoldenChecker", "GoldenMismatch", "trivia_golden"]

#: Environment variable that acts like ``--triviaparse-update`` (kept for existing habits).
UPDATE_ENV = "TRIVIAPARSE_UPDATE_GOLDEN"
_UPDATED = pytest.StashKey[list[str]]()
_DIRS = pytest.StashKey[list[Path]]()


class GoldenMismatch(Exception):
    """A parse disagreed with its expectation (or had none); the message says how."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--triviaparse-fixtures DIR`` (repeatable), ``--triviaparse-update`` and the ini key."""
    group = parser.getgroup("triviaparse", "triviaparse golden fixtures")
    group.addoption(
        "--triviaparse-fixtures",
        action="append",
        default=[],
        metavar="DIR",
        dest="triviaparse_fixtures",
        help="a folder of pages beside <name>.expected.json; one test per page",
    )
    group.addoption(
        "--triviaparse-update",
        action="store_true",
        default=False,
        dest="triviaparse_update",
        help=f"rewrite the expectations that differ and list them (env {UPDATE_ENV}=1)",
    )
    parser.addini(
        "triviaparse_fixtures",
        type="paths",
        default=[],
        help="default golden fixture folders (collected when pytest walks them)",
    )


def _update_mode(config: pytest.Config) -> bool:
    env = os.environ.get(UPDATE_ENV, "").strip().lower()
    return bool(config.getoption("triviaparse_update", False)) or env not in (
        "",
        "0",
        "false",
        "no",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the fixture folders; a folder named on the command line is collected even when
    the test paths do not include it."""
    config.stash[_UPDATED] = []
    cli = [Path(d).resolve() for d in config.getoption("triviaparse_fixtures", []) or []]
    ini = [Path(str(p)).resolve() for p in config.getini("triviaparse_fixtures") or []]
    config.stash[_DIRS] = cli + ini
    args: list[str] = config.args
    roots = [Path(a.split("::", 1)[0]).resolve() for a in args]
    for folder in cli:
        if not any(folder == r or r in folder.parents for r in roots):
            args.append(str(folder))


def _in_fixture_dirs(config: pytest.Config, path: Path) -> bool:
    dirs = config.stash.get(_DIRS, [])
    resolved = path.resolve()
    return any(d in resolved.parents for d in dirs)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A page inside a fixture folder becomes a :class:`GoldenFile`."""
    if is_page(file_path) and _in_fixture_dirs(parent.config, file_path):
        result: GoldenFile = GoldenFile.from_parent(parent, path=file_path)
        return result
    return None


class GoldenFile(pytest.File):
    """One page of a fixture folder: yields its single golden test."""

    def collect(self) -> Iterator[pytest.Item]:
        yield GoldenItem.from_parent(self, name="golden")


class GoldenItem(pytest.Item):
    """``parse_file(page)`` must equal ``<name>.expected.json`` field for field."""

    def runtest(self) -> None:
        page: TriviaPage | Mapping[str, Any]
        if is_datafile(self.path):
            page = datafile_record(iter_datafile(self.path))
        else:
            page = parse_file(self.path)
        checker = GoldenChecker(
            update=_update_mode(self.config), updated=self.config.stash.get(_UPDATED, [])
        )
        checker.check(page, expected_path(self.path), obtained=obtained_path(self.path))

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if isinstance(excinfo.value, GoldenMismatch):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"golden: {self.path.name}"


class GoldenChecker:
    """Compares a parsed page with an expectation file; what ``trivia_golden`` returns.

    Missing expectation: written, then :class:`GoldenMismatch`. Mismatch: the result goes to
    ``<name>.obtained.json`` and :class:`GoldenMismatch` lists the item and field changes.
    In update mode a differing expectation is rewritten and recorded in ``updated``.
    """

    def __init__(self, *, update: bool = False, updated: list[str] | None = None) -> None:
        self.update = update
        self.updated: list[str] = [] if updated is None else updated

    def __call__(
        self, page: TriviaPage | Mapping[str, Any], expected: str | os.PathLike[str]
    ) -> None:
        """Check ``page`` against the expectation file ``expected``; fails the test if not."""
        try:
            self.check(page, Path(expected))
        except GoldenMismatch as exc:
            pytest.fail(str(exc), pytrace=False)

    def check(
        self, page: TriviaPage | Mapping[str, Any], expected: Path, *, obtained: Path | None = None
    ) -> None:
        """Compare ``page`` with ``expected``; raise :class:`GoldenMismatch` on a difference."""
        record = page_record(page)
        text = canonical_json(record)
        obtained = obtained or obtained_path(expected)
        if not expected.exists():
            expected.write_text(text, encoding="utf-8")
            raise GoldenMismatch(
                f"{expected}: no expectation existed, wrote it from this "
                "parse; read it, then run again"
            )
        want = json.loads(expected.read_text(encoding="utf-8"))
        if want == record:
            if obtained.exists():
                obtained.unlink()
            return
        changes = describe_differences(want, record)
        if self.update:
            expected.write_text(text, encoding="utf-8")
            if obtained.exists():
                obtained.unlink()
            self.updated.append(
                f"{expected} ({len(changes)} change{'' if len(changes) == 1 else 's'})"
            )
            return
        obtained.write_text(text, encoding="utf-8")
        shown = changes[:40]
        more = f"\n  … and {len(changes) - 40} more" if len(changes) > 40 else ""
        raise GoldenMismatch(
            f"{expected.name}: the parse differs from the expectation "
            f"({len(changes)} change{'' if len(changes) == 1 else 's'}):\n"
            + "\n".join(f"  {line}" for line in shown)
            + more
            + f"\nobtained written to {obtained}\n"
            f"accept it with --triviaparse-update (or {UPDATE_ENV}=1)"
        )


@pytest.fixture
def trivia_golden(request: pytest.FixtureRequest) -> GoldenChecker:
    """Compare one parsed page with one expectation file: ``trivia_golden(page, path)``."""
    return GoldenChecker(
        update=_update_mode(request.config), updated=request.config.stash.get(_UPDATED, [])
    )


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """List the expectations ``--triviaparse-update`` rewrote."""
    updated = config.stash.get(_UPDATED, [])
    if updated:
        terminalreporter.section("triviaparse: expectations updated")
        for line in updated:
            terminalreporter.write_line(line)
