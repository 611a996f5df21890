"""The shared IMDb facts (``readers._imdb``) against what the readers do with them.

Each test takes its expectations from the shared table, so a fact changed there is checked in
every reader that uses it, and a reader that keeps its own copy fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from triviaparse.model import LinkKind, PageKind
from triviaparse.readers import Context, _content_data, _react_layout, graphql, html_react
from triviaparse.readers._imdb import (
    CONNECTION_KIND,
    ENTITY_ID,
    ID_KIND,
    IMDB_ID_RE,
    ITEM_PARAM,
    KIND_WORDS,
    PAGE_URL,
    SPOILER_CATEGORY,
    SPOILER_LABELS,
    TITLE_TYPES,
    TITLE_YEAR,
    kind_of_id,
    kind_of_word,
)
from triviaparse.readers._links import href_entity

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _graphql(tree: object) -> object:
    """The page graphql reads from a decoded tree."""
    return graphql.read(json.dumps(tree), Context())


@pytest.mark.parametrize(("prefix", "kind"), sorted(ID_KIND.items()))
def test_an_item_id_prefix_names_the_page_kind(prefix: str, kind: PageKind) -> None:
    """A connection under no known key takes its kind from its first item id's prefix."""
    item_id = f"{prefix}0000001"
    assert IMDB_ID_RE.match(item_id)
    assert kind_of_id(item_id) is kind
    page = graphql.read(json.dumps({"edges": [{"node": {"id": item_id, "text": "x"}}]}), Context())
    assert page.page_kind is kind
    assert page.items[0].id == item_id


def test_both_crazy_credit_prefixes_are_crazy_credits() -> None:
    """Classic pages write crazy credits as ``cz`` (ids and ``?tab=cz``), React ones ``cc``."""
    assert ID_KIND["cz"] is ID_KIND["cc"] is PageKind.CRAZY_CREDITS


@pytest.mark.parametrize(("key", "kind"), list(CONNECTION_KIND.items()))
def test_a_connection_key_names_the_page_kind(key: str, kind: PageKind) -> None:
    tree = {"data": {"title": {key: {"edges": [{"node": {"id": "xx0000001", "text": "x"}}]}}}}
    page = _graphql(tree)
    assert page.page_kind is kind  # type: ignore[attr-defined]
    assert kind_of_word(key) is kind


@pytest.mark.parametrize(("word", "kind"), sorted(KIND_WORDS.items()))
def test_a_route_segment_names_the_page_kind(word: str, kind: PageKind) -> None:
    """The last segment of a ``__NEXT_DATA__`` route, looked up in the shared words."""
    assert _content_data.kind_from_path(f"/title/[tconst]/{word}") is kind


@pytest.mark.parametrize(("word", "kind"), sorted(KIND_WORDS.items()))
def test_a_react_url_segment_names_the_page_kind(word: str, kind: PageKind) -> None:
    html = (
        f'<html><head><link rel="canonical" href="https://www.imdb.com/title/tt0133093/{word}/">'
        "</head><body></body></html>"
    )
    _id, _title, _year, found = html_react._meta(lxml.html.fromstring(html))
    assert found is kind


@pytest.mark.parametrize(
    "shown",
    [
        "Trivia",
        "Goofs",
        "Crazy credits",
        "Filming & production",
        "Plot keywords",
        "Soundtracks",
        "Quotes",
        "Taglines",
    ],
)
def test_a_react_page_title_names_the_page_kind(shown: str) -> None:
    """The words React page titles use fold onto the shared table."""
    html = f"<html><head><title>The Matrix (1999) - {shown} - IMDb</title></head></html>"
    _imdb_id, title, year, kind = html_react._meta(lxml.html.fromstring(html))
    assert kind is not None
    assert kind is kind_of_word(shown)
    assert (title, year) == ("The Matrix", 1999)


@pytest.mark.parametrize("kind_word", TITLE_TYPES)
def test_the_title_year_pattern_reads_every_title_type(kind_word: str) -> None:
    m = TITLE_YEAR.match(f"The Matrix ({kind_word} 1999–2003/II) - Trivia - IMDb")
    assert m is not None
    assert (m.group("title"), m.group("year")) == ("The Matrix", "1999")


def test_a_react_series_title_with_an_open_range_has_its_year() -> None:
    html = "<html><head><title>Foundation (TV Series 2021– ) - IMDb</title></head></html>"
    assert html_react._meta(lxml.html.fromstring(html))[1:3] == ("Foundation", 2021)


def test_the_spoiler_category_marks_graphql_items_as_spoilers() -> None:
    node = {"id": "tr0000001", "text": "x", "category": {"id": SPOILER_CATEGORY}}
    page = _graphql({"trivia": {"edges": [{"node": node}]}})
    assert page.items[0].is_spoiler  # type: ignore[attr-defined]


def test_the_spoiler_labels_are_lower_case_and_name_the_category() -> None:
    assert SPOILER_CATEGORY in SPOILER_LABELS
    assert all(label == label.lower() for label in SPOILER_LABELS)


def test_react_sub_sections_end_in_the_spoiler_category() -> None:
    assert _react_layout.SPOILER_SUFFIX == f"--{SPOILER_CATEGORY}"


def test_id_patterns_in_urls() -> None:
    assert (
        ITEM_PARAM.search("/title/tt0133093/trivia?item=tr0790957&ref_=x").group(1) == "tr0790957"
    )  # type: ignore[union-attr]
    assert ITEM_PARAM.search("?item=tr0790957123456789") is None  # too long to be an id
    m = PAGE_URL.search("https://www.imdb.com/name/nm0000206/trivia?ref_=x")
    assert m is not None and m.groups() == ("nm0000206", "trivia")
    assert href_entity("/character/ch0000741/") == (LinkKind.CHARACTER, "ch0000741")
    assert ENTITY_ID.startswith("(?:nm|tt|ch)")


def _golden_pages() -> list[tuple[str, dict[str, object]]]:
    """(name, page) of every golden expectation of a single page."""
    out = []
    for path in sorted(FIXTURES.glob("*/*.expected.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for page in data.get("pages", [data]):
            out.append((f"{path.parent.name}/{path.name}", page))
    return out


def test_every_golden_item_id_is_an_imdb_id_of_its_page_kind() -> None:
    """Every item id the goldens hold fits the id pattern; on a page of one of the table's
    kinds its prefix names that kind."""
    seen = 0
    for name, page in _golden_pages():
        for item in page["items"]:  # type: ignore[attr-defined]
            item_id = item["id"]
            if item_id is None:
                continue
            seen += 1
            assert IMDB_ID_RE.match(item_id), (name, item_id)
            if page["page_kind"] in ID_KIND.values() and kind_of_id(item_id) is not None:
                assert kind_of_id(item_id) == page["page_kind"], (name, item_id)
    assert seen > 50


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_every_item_id_of_the_real_pages_fits_the_pattern() -> None:
    """The item ids real pages link to (``?item=``) all fit the one id pattern."""
    ids = set()
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.suffix in (".http", ".html", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            ids.update(re.findall(r"[?&]item=([a-z]{2}[0-9]++)", text))
    assert len(ids) > 100
    assert [i for i in ids if not IMDB_ID_RE.match(i)] == []
    assert {i[:2] for i in ids} <= set(ID_KIND)
