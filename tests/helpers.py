"""Shared test helpers: where the real pages in ../shared live, and a skip when they do not."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"

#: Mark a test that reads the real third-party pages in ../shared (never copied here).
requires_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
