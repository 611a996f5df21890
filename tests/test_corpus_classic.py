"""The real classic-layout pages in ../shared/corpus say what they hold (EXPECTED.json); the
classic reader must read exactly that. The pages are read in place, never copied here."""

from __future__ import annotations

import csv
import json
from functools import cache
from typing import Any

import pytest

import triviaparse
from triviaparse import PageKind, SourceFormat, TriviaPage

from .helpers import CORPUS, requires_shared

pytestmark = requires_shared

#: The classic-layout pages with declared facts: trivia 2013–2016, sibling pages, the 2022 mid page.
CLASSIC_PAGES = [
    "classic/tt0133093-trivia-2013-01-20.http",
    "classic/tt0133093-trivia-2013-04-28.http",
    "classic/tt0133093-trivia-2013-07-24.http",
    "classic/tt0133093-trivia-2013-12-15.http",
    "classic/tt0133093-trivia-2014-06-29.http",
    "classic/tt0133093-trivia-2014-12-14.http",
    "classic/tt0133093-trivia-2016-02-26.http",
    "siblings/tt0095016-locations-2014-01-31.http",
    "siblings/tt0095016-locations-2016-04-27.http",
    "siblings/tt0133093-keywords-2016-02-26.http",
    "siblings/tt0133093-taglines-2016-05.http",
    "mid/tt2527336-keywords-2022.html",
]
#: Main pages whose "Did You Know?" block the classic reader reads (no EXPECTED.json entry).
MAIN_PAGES = {
    "siblings/tt0133093-title-main-2016-02-26.http": PageKind.TITLE_MAIN,
    "names/nm0000233-name-main-2016-02-26.http": PageKind.NAME_MAIN,
    "names/nm0005132-name-main-2016-02-26.http": PageKind.NAME_MAIN,
}
FURNITURE_WORDS = (
    "Share this",
    "Facebook",
    "Permalink",
    "Hide options",
    "Interesting?",
    "Relevant?",
    "found this",
    "See more",
)


@cache
def _expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
    return data


@cache
def _manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


@cache
def _parsed(rel: str) -> TriviaPage:
    return triviaparse.parse_file(CORPUS / rel)


def _facts(page: TriviaPage) -> dict[str, Any]:
    voted = [i.votes for i in page.items if i.votes is not None]
    return {
        "page_kind": str(page.page_kind),
        "imdb_id": page.imdb_id,
        "title": page.title,
        "year": page.year,
        "declared_total": page.declared_total,
        "declared_counts": dict(page.declared_counts),
        "items": len(page.items),
        "spoilers": sum(1 for i in page.items if i.is_spoiler),
        "items_with_votes": len(voted),
        "interested_sum": sum(v.interested for v in voted),
        "voted_sum": sum(v.total for v in voted),
        "first_id": page.items[0].id if page.items else None,
        "last_id": page.items[-1].id if page.items else None,
    }


@pytest.mark.parametrize("rel", CLASSIC_PAGES)
def test_declared_facts(rel: str) -> None:
    want = {k: v for k, v in _expected()[rel].items() if k not in ("required", "note")}
    got = _facts(_parsed(rel))
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize("rel", CLASSIC_PAGES)
def test_read_cleanly_by_the_classic_reader(rel: str) -> None:
    page = _parsed(rel)
    assert page.source_format is SourceFormat.HTML_CLASSIC
    assert page.problems == ()
    assert page.imdb_id == _manifest()[rel]["imdb_id"]
    for item in page.items:
        assert item.text and item.text == item.text.strip() and "  " not in item.text
        for word in FURNITURE_WORDS:
            assert word not in item.text and word not in (item.html or ""), (item.id, word)
        for link in item.links:
            assert link.text and link.text in item.text.replace("\n", " ")
        if item.votes is not None:
            assert item.votes.raw and "found this" in item.votes.raw


@pytest.mark.parametrize("rel", [r for r in CLASSIC_PAGES if "/tt0133093-trivia-" in r])
def test_trivia_ids_unique_and_spoilers_last(rel: str) -> None:
    page = _parsed(rel)
    ids = [i.id for i in page.items]
    assert all(i and i.startswith("tr") for i in ids) and len(set(ids)) == len(ids)
    flags = [i.is_spoiler for i in page.items]
    assert flags == sorted(flags)  # the spoiler group closes the page
    assert all(i.category == "uncategorized" and i.category_label is None for i in page.items)


@pytest.mark.parametrize("rel", [r for r in CLASSIC_PAGES if "locations" in r])
def test_locations_have_ids_and_notes(rel: str) -> None:
    page = _parsed(rel)
    assert all(i.id and i.id.startswith("lc") for i in page.items)
    assert sum(1 for i in page.items if i.note) >= 3
    assert all(
        i.note is None or (i.note.startswith("(") and i.note.endswith(")")) for i in page.items
    )


def test_localized_page_gives_the_original_title() -> None:
    # The 2016 locations page was served in German; its og:title keeps the original.
    page = _parsed("siblings/tt0095016-locations-2016-04-27.http")
    older = _parsed("siblings/tt0095016-locations-2014-01-31.http")
    assert page.title == older.title and page.year == older.year == 1988


@pytest.mark.parametrize("rel", sorted(MAIN_PAGES))
def test_main_pages_did_you_know(rel: str) -> None:
    page = _parsed(rel)
    assert page.page_kind is MAIN_PAGES[rel]
    assert page.imdb_id == _manifest()[rel]["imdb_id"]
    assert page.declared_total is None and page.problems == ()
    assert page.items and all(
        i.text and "See more" not in i.text and not i.text.endswith("»") for i in page.items
    )
    if page.page_kind is PageKind.NAME_MAIN:
        assert [i.category for i in page.items] == ["uncategorized", "trademark"]
    else:
        assert len(page.items) == 1 and page.items[0].links
