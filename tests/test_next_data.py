"""The __NEXT_DATA__ reader on hand-written pages and damaged JSON, and where it meets the
GraphQL reader (tests/test_graphql.py has that reader's own tests)."""

from __future__ import annotations

import json
from typing import Any

import lxml.html
import pytest

import triviaparse
from triviaparse import IncompletePage, MalformedPage, TriviaparseError
from triviaparse.model import Link, PageKind, ProblemCode, SourceFormat, Votes

from .helpers import FIXTURES

ND = FIXTURES / "next_data"
ALONE = ND / "tt9900001-trivia-nextdata.json"
EMBEDDED = ND / "tt9900001-trivia-embedded.html"
GOOFS = ND / "tt9900001-goofs-nextdata.json"
REACT_HTML = FIXTURES / "html_react" / "tt9900001-trivia-shown.html"
API = FIXTURES / "graphql" / "tt9900001-trivia-api.json"
MAIN = FIXTURES / "graphql" / "tt9900001-main-column.json"


def _codes(page: triviaparse.TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


def test_json_alone_is_complete() -> None:
    page = triviaparse.parse_file(ALONE)
    assert page.source_format is SourceFormat.NEXT_DATA
    assert page.page_kind is PageKind.TRIVIA
    assert (page.imdb_id, page.title, page.year) == ("tt9900001", "The Lantern Keeper", 2024)
    assert page.declared_total == 8 == len(page.items)
    assert page.problems == ()
    assert [i.id for i in page.items] == [
        "tr9900101",
        "tr9900102",
        "tr9900107",
        "tr9900108",
        "tr9900103",
        "tr9900104",
        "tr9900105",
        "tr9900106",
    ]


def test_json_items_votes_spoiler_flag_and_links() -> None:
    items = triviaparse.parse_file(ALONE).items
    assert items[0].votes == Votes(interested=1213, total=1247)
    assert items[3].votes == Votes(interested=0, total=0)
    spoiler = items[4]
    assert spoiler.is_spoiler and spoiler.category == "uncategorized"  # isSpoiler flag
    assert spoiler.text.startswith("The keeper's death was filmed twice")
    assert [i.category for i in items[5:]] == ["cameo", "cameo", "director-trademark"]
    assert items[6].links == (Link(kind="character", imdb_id="ch9900021", text="Passenger"),)
    assert "\n" in items[1].text and "£2 million" in items[1].text


def test_json_and_html_of_one_page_read_alike() -> None:
    """The texts, ids, html and links the HTML shows equal what its JSON says.

    (The HTML page writes one name with &nbsp; where its JSON has a space; text cleans that.)
    """
    from_json = {i.id: i for i in triviaparse.parse_file(ALONE).items}
    for item in triviaparse.parse_file(REACT_HTML).items:
        twin = from_json[item.id]
        assert (item.html or "").replace("\u00a0", " ") == twin.html
        assert (item.text, item.links, item.category, item.category_label, item.is_spoiler) == (
            twin.text,
            twin.links,
            twin.category,
            twin.category_label,
            twin.is_spoiler,
        )


def test_embedded_json_wins_and_no_page_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the whole page was handed to lxml")

    monkeypatch.setattr(lxml.html, "document_fromstring", refuse)
    monkeypatch.setattr(lxml.html, "fromstring", refuse)
    page = triviaparse.parse_file(EMBEDDED)
    assert page == triviaparse.parse_file(ALONE)
    assert len(page.items) == 8 and page.problems == ()


def test_goofs_with_spoilers_category() -> None:
    page = triviaparse.parse_file(GOOFS)
    assert page.page_kind is PageKind.GOOFS
    assert page.problems == ()
    assert [(i.id, i.category, i.is_spoiler) for i in page.items] == [
        ("gf9900201", "continuity", False),
        ("gf9900202", "continuity", False),
        ("gf9900203", "factual-error", False),
        ("gf9900204", "spoilers", True),
    ]
    assert page.items[2].category_label == "Factual errors"
    assert page.items[1].html == (
        "The ferry's name changes from <i>Morwenna</i> to <i>Morvenna</i> between shots."
    )


def test_fewer_items_than_declared_is_incomplete() -> None:
    doc = json.loads(ALONE.read_text(encoding="utf-8"))
    section = doc["props"]["pageProps"]["contentData"]["categories"][0]["section"]
    section["items"] = section["items"][:2]
    page = triviaparse.parse(json.dumps(doc))
    assert page.declared_total == 8 and len(page.items) == 5
    assert _codes(page) == ["incomplete-page"]
    with pytest.raises(IncompletePage):
        triviaparse.parse(json.dumps(doc), strict=True)


def test_graphql_items_equal_next_data_items() -> None:
    by_id = {i.id: i for i in triviaparse.parse_file(ALONE).items}
    for item in triviaparse.parse_file(API).items:
        assert item == by_id[item.id]


def test_json_without_items_falls_back_to_the_react_html() -> None:
    html = REACT_HTML.read_text(encoding="utf-8").replace(
        "</body>",
        '<script id="__NEXT_DATA__" type="application/json">'
        '{"props":{"pageProps":{"requestContext":{}}},"page":"/title/[tconst]/trivia"}'
        "</script></body>",
    )
    page = triviaparse.parse(html)
    assert page.source_format is SourceFormat.HTML_REACT
    assert len(page.items) == 6
    assert _codes(page) == ["incomplete-page"]  # only what is lost is reported


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.9])
def test_truncated_json_is_reported(fraction: float) -> None:
    text = ALONE.read_text(encoding="utf-8")
    cut = text[: int(len(text) * fraction)]
    page = triviaparse.parse(cut)
    assert ProblemCode.TRUNCATED_INPUT in {p.code for p in page.problems}
    # What comes before the cut is kept, in order; nothing is invented.
    full = [i.id for i in triviaparse.parse_file(ALONE).items]
    assert [i.id for i in page.items] == full[: len(page.items)]
    if fraction >= 0.5:
        assert len(page.items) >= 4 and page.title == "The Lantern Keeper"
        assert page.page_kind is PageKind.TRIVIA  # from contributionData: the route was cut
    with pytest.raises(TriviaparseError):
        triviaparse.parse(cut, strict=True)


def test_json_cut_mid_string_inside_an_item() -> None:
    text = ALONE.read_text(encoding="utf-8")
    cut = text[: text.index("Fresnel lens lent") + 7]
    page = triviaparse.parse(cut.encode())
    assert _codes(page)[0] == "truncated-input"
    with pytest.raises(IncompletePage):
        triviaparse.parse(cut, strict=True)


def test_truncated_embedded_script_falls_back_and_says_so() -> None:
    html = EMBEDDED.read_text(encoding="utf-8")
    cut = html[: html.index('"Cameo"')]
    page = triviaparse.parse(cut)
    codes = _codes(page)
    assert codes[0] == "truncated-input"
    assert page.source_format is SourceFormat.HTML_REACT  # the sections are still there
    assert len(page.items) == 6


def test_damaged_json_in_the_middle_is_malformed() -> None:
    text = ALONE.read_text(encoding="utf-8").replace('"total": 2,', '"total": 2,,', 1)
    page = triviaparse.parse(text)
    assert _codes(page)[0] == "malformed-input"
    with pytest.raises(MalformedPage):
        triviaparse.parse(text, strict=True)


def test_non_imdb_json() -> None:
    # any Next.js site has pageProps: without a mark of IMDb's it is not a page (issue 11)
    page = triviaparse.parse('{"props": {"pageProps": {"greeting": "hello"}}}')
    assert page.page_kind is PageKind.UNKNOWN
    assert _codes(page) == ["unrecognized-input"]
    with pytest.raises(triviaparse.UnrecognizedInput):
        triviaparse.parse('{"props": {"pageProps": {"greeting": "hello"}}}', strict=True)
    assert _codes(triviaparse.parse('{"weather": "rain"}')) == ["unrecognized-input"]


def test_invalid_votes_in_json() -> None:
    doc = json.loads(ALONE.read_text(encoding="utf-8"))
    item = doc["props"]["pageProps"]["contentData"]["categories"][1]["section"]["items"][0]
    item["userVotingProps"]["upVotes"] = "many"
    page = triviaparse.parse(json.dumps(doc))
    assert page.items[5].votes is None
    assert [(str(p.code), p.item) for p in page.problems] == [("invalid-votes", 5)]


@pytest.mark.parametrize(
    "data",
    [
        b'{"edges": [], "plaidHtml": ' + b"[" * 50000,
        b'{"props": {"pageProps": {"contentData": {"categories": [{"section": {"items": [1, null, '
        b'{"cardHtml": ""}]}}]}}}}',
        b'{"props": {"pageProps": {"contentData": {"categories": "nope"}}}}',
        b'{"data": {"title": {"trivia": {"edges": [{"node": null}, {"node": {"id": 5}}]}}}, '
        b'"plaidHtml": 1}',
        b"\xff\xfe{\x00",
    ],
)
def test_odd_json_never_crashes(data: bytes) -> None:
    page = triviaparse.parse(data)
    assert page.problems
    assert ProblemCode.INTERNAL_ERROR not in {p.code for p in page.problems}


@pytest.mark.parametrize(
    "markup",
    [
        "plain words, nothing else",
        "a &lt; b &amp; c<br/>d<BR>e",
        '<a class="ipc-md-link" href="/title/tt9900002/?a=1&amp;b=2">The &quot;M&quot;</a>\nnext',
        'x <a href="/name/nm9900011/"><i>Mara</i>&nbsp;Velden</a>. y <a href="/x/">z</a>',
        "one <b>bold</b> and <em>em</em> and <span>span</span> &#39;q&#39; &pound;2",
        "  leading and trailing  ",
    ],
)
def test_regex_fast_path_equals_the_lxml_path(markup: str) -> None:
    from triviaparse.readers._fragment import _simple_fragment, element_fragment

    fast = _simple_fragment(markup)
    assert fast is not None
    slow = element_fragment(lxml.html.fragment_fromstring(markup, create_parent="div"))
    assert (fast.text, fast.html, fast.links) == (slow.text, slow.html, slow.links)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>one</p><p>two</p>",
        "1 < 2",
        "<!-- c -->x",
        "<a href='/name/nm1/'>x",
        "<ul><li>a</li></ul>",
    ],
)
def test_other_markup_goes_to_lxml(markup: str) -> None:
    from triviaparse.readers._fragment import _simple_fragment, html_fragment

    assert _simple_fragment(markup) is None
    assert html_fragment(markup).text  # and still reads


def test_embedded_json_cut_late_keeps_its_items() -> None:
    html = EMBEDDED.read_text(encoding="utf-8")
    cut = html[: html.index('"tr9900106"', html.index("__NEXT_DATA__"))]
    page = triviaparse.parse(cut)
    assert page.source_format is SourceFormat.NEXT_DATA  # 7 from the JSON beat 6 in the HTML
    assert len(page.items) == 7
    assert _codes(page) == ["truncated-input"]


@pytest.mark.parametrize("path", [ALONE, EMBEDDED, GOOFS, API, MAIN], ids=lambda p: p.name)
def test_every_cut_is_reported_and_never_crashes(path: Any) -> None:
    data = path.read_bytes()
    for k in range(1, 40):
        cut = data[: len(data) * k // 40]
        page = triviaparse.parse(cut)
        codes = {p.code for p in page.problems}
        assert codes, f"cut at {len(cut)} passed silently"
        assert ProblemCode.INTERNAL_ERROR not in codes
        with pytest.raises(TriviaparseError):
            triviaparse.parse(cut, strict=True)


def test_main_page_without_trivia_is_reported_once() -> None:
    doc = (
        '{"props": {"pageProps": {"aboveTheFoldData": {"id": "tt9900003", '
        '"originalTitleText": {"text": "Quiet Harbour"}, "releaseYear": {"year": 2025}}, '
        '"mainColumnData": {"triviaTotal": {"total": 0}, "trivia": {"edges": []}}}}, '
        '"page": "/title/[tconst]"}'
    )
    page = triviaparse.parse(doc)
    assert page.page_kind is PageKind.TITLE_MAIN
    assert (page.imdb_id, page.title, page.year) == ("tt9900003", "Quiet Harbour", 2025)
    assert page.declared_total == 0
    assert _codes(page) == ["no-items"]
