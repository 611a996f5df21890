"""The first React layout (2021): the "Did you know" block is a section under an
``ipc-title__text`` heading, with no ``data-testid``, and is read from the HTML alone.

The real page (../shared, never copied here) carries ``__NEXT_DATA__``; its HTML, read with
``format="html_react"`` or from a copy without scripts, must give the item the JSON gives.
tests/fixtures/html_react/tt9900001-title-main-2021.html is a hand-written page of that shape.
"""

from __future__ import annotations

import re

import pytest

import triviaparse
from triviaparse.model import PageKind, SourceFormat

from .helpers import CORPUS, FIXTURES, requires_shared

PAGE = CORPUS / "react" / "tt0107144-title-main-2021-08-01.html"
FIXTURE = FIXTURES / "html_react" / "tt9900001-title-main-2021.html"
_SCRIPT = re.compile(rb"<script\b[^>]*+>.*?</script>", re.S | re.I)


@requires_shared
def test_2021_page_read_from_its_html_gives_the_json_item() -> None:
    data = PAGE.read_bytes()
    default = triviaparse.parse(data)
    from_html = triviaparse.parse(data, format="html_react")
    assert default.source_format is SourceFormat.NEXT_DATA
    assert len(default.items) == 1
    assert from_html.items == default.items
    assert (from_html.imdb_id, from_html.title, from_html.year, from_html.page_kind) == (
        default.imdb_id,
        default.title,
        default.year,
        PageKind.TITLE_MAIN,
    )
    assert from_html.problems == ()


@requires_shared
def test_2021_page_saved_without_scripts_is_detected_and_read() -> None:
    data = PAGE.read_bytes()
    bare = _SCRIPT.sub(b"", data)
    assert b"__NEXT_DATA__" not in bare
    page = triviaparse.parse(bare)
    assert page.source_format is SourceFormat.HTML_REACT
    assert page.items == triviaparse.parse(data).items


def test_2021_fixture_gives_only_the_trivia_entry() -> None:
    page = triviaparse.parse_file(FIXTURE)
    assert page.source_format is SourceFormat.HTML_REACT
    assert page.page_kind is PageKind.TITLE_MAIN
    assert [i.text[:26] for i in page.items] == ["The lighthouse set was bui"]


@pytest.mark.parametrize("heading", ["Did you know", " Did  you know "])
def test_did_you_know_section_found_by_its_heading(heading: str) -> None:
    html = (
        "<html><head><title>X (2021) - IMDb</title></head><body><section>"
        f'<h3 class="ipc-title__text">{heading}</h3><ul>'
        '<li><a href="/title/tt9900001/goofs">Goofs</a><div class="ipc-html-content">'
        "<div>A goof.</div></div></li>"
        '<li><a href="/title/tt9900001/trivia/">Trivia</a><div class="ipc-html-content">'
        "<div>A fact.</div></div></li></ul></section></body></html>"
    )
    page = triviaparse.parse(html, format="html_react")
    assert [i.text for i in page.items] == ["A fact."]
    assert page.page_kind is PageKind.TITLE_MAIN


def test_trivia_link_outside_the_block_is_not_an_item() -> None:
    html = (
        '<html><body><ul><li><a href="/title/tt9900001/trivia/">Trivia</a>'
        '<div class="ipc-html-content"><div>Not in the block.</div></div></li></ul>'
        '<section><h3 class="ipc-title__text">Did you know</h3><ul>'
        '<li><a href="/title/tt9900001/trivia/">Trivia</a><div class="ipc-html-content">'
        "<div>In the block.</div></div></li></ul></section></body></html>"
    )
    page = triviaparse.parse(html, format="html_react")
    assert [i.text for i in page.items] == ["In the block."]
