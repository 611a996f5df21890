"""Every page under tests/fixtures/ parses to the records in its ``.expected.json`` beside it.

Regenerate a golden file with ``TRIVIAPARSE_UPDATE_GOLDEN=1 pytest tests/test_fixtures.py``,
then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import triviaparse
from triviaparse.serialize import canonical_json

from .helpers import FIXTURES

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".gz")


def _cases() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*")
                  if p.is_file() and p.name.endswith(PAGE_SUFFIXES)
                  and ".expected." not in p.name and ".obtained." not in p.name)


def _expected_path(page: Path) -> Path:
    name = page.name
    for suffix in (".gz",):
        name = name.removesuffix(suffix)
    stem = name.rsplit(".", 1)[0]
    return page.with_name(stem + ".expected.json")


@pytest.mark.parametrize("page", _cases(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(page: Path) -> None:
    got = canonical_json(triviaparse.to_dict(triviaparse.parse_file(page)))
    expected_path = _expected_path(page)
    if os.environ.get("TRIVIAPARSE_UPDATE_GOLDEN") or not expected_path.exists():
        expected_path.write_text(got, encoding="utf-8")
        pytest.fail(f"wrote {expected_path.name}; read it, then run again")
    want = expected_path.read_text(encoding="utf-8")
    assert json.loads(got) == json.loads(want)
