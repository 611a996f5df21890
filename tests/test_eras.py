"""Page eras the README promises: 2010–2013 title pages, a person's main page as JSON, and HTML
whitespace in item bodies.

Golden fixtures (tests/fixtures/html_classic/title-combined-2010.http, title-main-2011.html,
tests/fixtures/next_data/nm9900011-name-main-nextdata.json) pin the whole records; these tests
name the facts each fix is about, and read the real pages in ../shared where they lie.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import triviaparse
from triviaparse.detect import detect
from triviaparse.model import PageKind, SourceFormat
from triviaparse.readers._fragment import html_fragment

from .helpers import CORPUS, FIXTURES, requires_shared

TN15 = FIXTURES / "html_classic" / "title-combined-2010.http"
MAIN_2011 = FIXTURES / "html_classic" / "title-main-2011.html"
PERSON = FIXTURES / "next_data" / "nm9900011-name-main-nextdata.json"


# --- 2010–2013 title pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,imdb_id,title,year,start",
    [
        (TN15, "tt9900003", "The Lantern Keeper", 2009, "The lighthouse in the film"),
        (MAIN_2011, "tt9900002", "Saltwater Hymns", 2011, "The hymns were recorded live"),
    ],
)
def test_headed_did_you_know_pages(
    path: Any, imdb_id: str, title: str, year: int, start: str
) -> None:
    page = triviaparse.parse_file(path)
    assert page.source_format is SourceFormat.HTML_CLASSIC
    assert (page.page_kind, page.imdb_id, page.title, page.year) == (
        PageKind.TITLE_MAIN,
        imdb_id,
        title,
        year,
    )
    assert len(page.items) == 1 and page.problems == ()
    text = page.items[0].text
    assert text.startswith(start)
    assert "\n" not in text and "See more" not in text and "»" not in text
    assert page.items[0].id is None and len(page.items[0].links) == 1


def test_headed_trivia_block_is_detected_as_classic() -> None:
    tn15 = (
        '<html><head><title>X (2009)</title></head><body><div class="info">'
        '<h5>Trivia:</h5><div class="info-content">A fact.</div></div></body></html>'
    )
    main = (
        '<html><body><div class="article"><h2>Did You Know?</h2><div class="txt-block">'
        "<h4>Trivia</h4>A fact.</div></div></body></html>"
    )
    assert detect(tn15) is SourceFormat.HTML_CLASSIC
    assert detect(main) is SourceFormat.HTML_CLASSIC
    assert [i.text for i in triviaparse.parse(tn15).items] == ["A fact."]
    assert [i.text for i in triviaparse.parse(main).items] == ["A fact."]


def test_headed_block_of_a_person_is_name_main() -> None:
    html = (
        '<html><head><link rel="canonical" href="http://www.imdb.com/name/nm9900011/" />'
        '</head><body><h2>Did You Know?</h2><div class="txt-block"><h4>Trivia</h4>'
        "Climbs lighthouses.</div></body></html>"
    )
    page = triviaparse.parse(html)
    assert (page.page_kind, page.imdb_id) == (PageKind.NAME_MAIN, "nm9900011")


def test_headed_block_cut_short_is_truncated() -> None:
    html = MAIN_2011.read_text(encoding="utf-8")
    cut = html[: html.index("kept it") + 7]
    page = triviaparse.parse(cut)
    assert page.page_kind is PageKind.TITLE_MAIN and len(page.items) == 1
    assert "truncated-input" in [str(p.code) for p in page.problems]


# --- a person's main page as __NEXT_DATA__ --------------------------------------------------


def test_person_main_page_is_name_main_with_id_and_name() -> None:
    page = triviaparse.parse_file(PERSON)
    assert (page.page_kind, page.imdb_id, page.title, page.year, page.declared_total) == (
        PageKind.NAME_MAIN,
        "nm9900011",
        "Mara Velden",
        None,
        4,
    )
    assert len(page.items) == 1 and page.problems == ()


def test_person_without_route_is_known_by_its_id() -> None:
    doc = json.loads(PERSON.read_text(encoding="utf-8"))
    del doc["page"]
    page = triviaparse.parse(json.dumps(doc))
    assert (page.page_kind, page.imdb_id, page.title) == (
        PageKind.NAME_MAIN,
        "nm9900011",
        "Mara Velden",
    )


# --- HTML whitespace in item bodies ----------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "one\ntwo\r\nthree",  # no tags
        "one <i>x</i>\ntwo",  # the regex path (simple inline tags)
        "one <i>x</i>\ntwo<!-- c -->",  # the lxml path (a comment)
        "<div>one <i>x</i>\ntwo</div>",  # the lxml path (a block)
    ],
)
def test_source_newlines_are_spaces(markup: str) -> None:
    text = html_fragment(markup).text
    assert "\n" not in text and "  " not in text
    assert text.startswith("one") and text.endswith(("three", "two"))


@pytest.mark.parametrize(
    "markup", ["one\n<br>\ntwo", "one<br/>two<!-- c -->", "<p>one\n</p>\n<p>two</p>"]
)
def test_breaks_and_paragraphs_stay_line_breaks(markup: str) -> None:
    assert html_fragment(markup).text == "one\ntwo"


# --- the real pages ---------------------------------------------------------------------------

_EXPECTED = (
    json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8")) if CORPUS.is_dir() else {}
)


@requires_shared
@pytest.mark.parametrize(
    "name",
    [
        "tn15/tt0095016-title-combined-2010-03-09.http",
        "main/tt0095016-title-main-2011-06-15.http",
        "names/nm0000126-name-main-nextdata-2025.json",
    ],
)
def test_real_pages_of_promised_eras(name: str) -> None:
    want = _EXPECTED[name]
    page = triviaparse.parse_file(CORPUS / name)
    for key in ("page_kind", "imdb_id", "title", "year", "declared_total"):
        if key in want:
            assert getattr(page, key) == want[key], key
    assert len(page.items) == want["items"]
    assert page.items[0].text == want["first_text"]
