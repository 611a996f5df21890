"""The fixture folder's own hygiene; the golden comparisons themselves are plugin tests.

Every page under tests/fixtures/ is collected by the ``triviaparse.testing`` plugin as
``tests/fixtures/<format>/<case>.<ext>::golden`` (see docs/testing.md). Regenerate expectations
with ``pytest tests/fixtures --triviaparse-update`` (or ``TRIVIAPARSE_UPDATE_GOLDEN=1``), then
read the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triviaparse.serialize import canonical_json
from triviaparse.testing.golden import expected_path, is_page

from .helpers import FIXTURES


def _pages() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and is_page(p))


def test_plugin_collects_the_fixture_folder(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("triviaparse.testing")
    folders = [Path(str(p)) for p in pytestconfig.getini("triviaparse_fixtures")]
    assert FIXTURES in folders
    assert _pages(), "tests/fixtures holds no pages"


@pytest.mark.parametrize(
    "expected",
    sorted(FIXTURES.rglob("*.expected.json")),
    ids=lambda p: str(p.relative_to(FIXTURES)),
)
def test_expectation_is_canonical_and_has_its_page(expected: Path) -> None:
    text = expected.read_text(encoding="utf-8")
    assert text == canonical_json(json.loads(text)), "not canonical: sorted keys, 2-space indent"
    assert any(expected_path(p) == expected for p in expected.parent.iterdir() if is_page(p)), (
        f"{expected.name} has no page beside it"
    )


def test_no_two_pages_share_an_expectation() -> None:
    seen: dict[Path, Path] = {}
    for page in _pages():
        other = seen.setdefault(expected_path(page), page)
        assert other == page, f"{other.name} and {page.name} share {expected_path(page).name}"
