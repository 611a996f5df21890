"""The React-era real pages in ../shared/corpus (read in place, never copied) give their facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import triviaparse
from triviaparse.model import Link, PageKind, ProblemCode, SourceFormat

from .helpers import CORPUS, requires_shared

LOCATIONS = "siblings/tt0133093-locations-nextdata-2025.json"
TITLE_MAIN = "react/tt0133093-title-main-nextdata.json"
SOUNDTRACK = "siblings/tt0133093-soundtrack-nextdata-2025.json"
MAIN_2022 = "react/tt0076759-title-main-2022-02.html"


def _expected(rel: str) -> dict[str, Any]:
    facts: dict[str, Any] = json.loads((CORPUS / "EXPECTED.json").read_text())[rel]
    return facts


def _page(rel: str, **kwargs: Any) -> triviaparse.TriviaPage:
    return triviaparse.parse_file(Path(CORPUS / rel), **kwargs)


@requires_shared
def test_locations_nextdata_matches_expected() -> None:
    want = _expected(LOCATIONS)
    page = _page(LOCATIONS)
    assert page.source_format is SourceFormat.NEXT_DATA
    assert str(page.page_kind) == want["page_kind"] == "filming_locations"
    assert (page.imdb_id, page.title, page.year) == (want["imdb_id"], want["title"], want["year"])
    assert page.declared_total == want["declared_total"] == 22
    assert len(page.items) == want["items"] == 5
    votes = [i.votes for i in page.items if i.votes is not None]
    assert len(votes) == want["items_with_votes"]
    assert sum(v.interested for v in votes) == want["interested_sum"] == 122
    assert sum(v.total for v in votes) == want["voted_sum"] == 127
    # 5 of 22: an incomplete page, said so once; the dates categories are not items.
    assert [p.code for p in page.problems] == [ProblemCode.INCOMPLETE_PAGE]
    first = page.items[0]
    assert (first.id, first.text, first.note) == (
        "lc0332655",
        "Nashville, Tennessee, USA",
        "exterior scenes: skyline in opening Trinity rooftop chase",
    )
    assert all(i.id is not None and i.id.startswith("lc") for i in page.items)
    assert page.items[3].note is None  # that location has no attributes


@requires_shared
def test_title_main_nextdata_matches_expected() -> None:
    want = _expected(TITLE_MAIN)
    page = _page(TITLE_MAIN)
    assert str(page.page_kind) == want["page_kind"] == "title_main"
    assert (page.imdb_id, page.title, page.year) == (want["imdb_id"], want["title"], want["year"])
    assert page.declared_total == want["declared_total"] == 274
    assert len(page.items) == want["items"] == 1
    assert page.items[0].text == want["first_text"]
    assert page.problems == ()  # a snippet of a larger whole is not an incomplete page


@requires_shared
def test_soundtrack_nextdata_is_a_soundtrack_page() -> None:
    page = _page(SOUNDTRACK)
    assert page.page_kind is PageKind.SOUNDTRACK
    assert (page.imdb_id, page.title, page.year) == ("tt0133093", "The Matrix", 1999)
    assert page.declared_total == len(page.items) == 12
    assert page.problems == ()
    first = page.items[0]
    assert (first.id, first.text) == ("sn0685461", "Dissolved Girl")
    assert first.note is not None and "Performed by Massive Attack" in first.note
    assert Link(kind="name", imdb_id="nm1039315", text="Massive Attack") in first.links
    assert all(i.votes is None for i in page.items)


@requires_shared
def test_react_title_main_2022_reads_its_urql_state() -> None:
    page = _page(MAIN_2022)
    assert page.source_format is SourceFormat.NEXT_DATA
    assert page.page_kind is PageKind.TITLE_MAIN
    assert (page.imdb_id, page.title, page.year) == ("tt0076759", "Star Wars", 1977)
    assert page.declared_total == 470
    assert len(page.items) == 1 and page.problems == ()
    item = page.items[0]
    assert item.text.startswith("George Lucas was so sure this movie would flop")
    assert [ln.imdb_id for ln in item.links] == ["nm0000184", "nm0000229", "tt0082971"]


@requires_shared
def test_react_title_main_2022_html_reads_alike() -> None:
    """Forced to the HTML, the "Did you know" block gives the same snippet as the JSON."""
    from_json = _page(MAIN_2022).items[0]
    page = _page(MAIN_2022, format="html_react")
    assert page.page_kind is PageKind.TITLE_MAIN
    assert [(i.text, i.links) for i in page.items] == [(from_json.text, from_json.links)]


@requires_shared
def test_every_real_json_body_reads_the_same_fast_and_slow() -> None:
    import lxml.html

    from triviaparse.readers._fragment import _simple_fragment, element_fragment

    bodies: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key in ("plaidHtml", "cardHtml", "html") and isinstance(value, str):
                    bodies.append(value)
                else:
                    walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    for rel in (TITLE_MAIN, SOUNDTRACK, LOCATIONS):
        walk(json.loads((CORPUS / rel).read_text(encoding="utf-8")))
    assert len(bodies) > 50
    for markup in bodies:
        fast = _simple_fragment(markup)
        if fast is None:
            continue
        slow = element_fragment(lxml.html.fragment_fromstring(markup, create_parent="div"))
        assert (fast.text, fast.html, fast.links) == (slow.text, slow.html, slow.links), markup
