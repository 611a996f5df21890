"""The classic HTML reader (2010–2023 trivia pages and their sibling pages), by hand-written
assertions on the pages in tests/fixtures/html_classic/ and on small damaged pages built here."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import triviaparse
from triviaparse import (
    IncompletePage,
    Link,
    MalformedPage,
    PageKind,
    SourceFormat,
    TriviaPage,
    TriviaparseError,
)
from triviaparse.normalize import _clean_text_slow, clean_text
from triviaparse.readers import Context
from triviaparse.readers._imdb import ID_KIND
from triviaparse.readers.classic import read as read_classic

from .helpers import FIXTURES

HERE = FIXTURES / "html_classic"
FURNITURE_WORDS = (
    "Share this",
    "Facebook",
    "Twitter",
    "Permalink",
    "Hide options",
    "Hide\xa0options",
    "Interesting?",
    "Relevant?",
    "found this",
    "See more",
)


def _page(name: str) -> TriviaPage:
    return triviaparse.parse_file(HERE / name)


def _codes(page: TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


def _soda(item_id: str, inner: str, votes: str | None = None) -> str:
    actions = ""
    if votes is not None:
        actions = (
            f'<div class="did-you-know-actions"><a href="?item={item_id}" '
            f'class="interesting-count-text"> {votes}</a>'
            '<span class="linksoda"><a href="#">Share this</a></span></div>'
        )
    return (
        f'<div id="{item_id}" class="soda odd"><div class="sodatext">{inner}</div>{actions}</div>\n'
    )


def _trivia_page(body: str, showing: int | None = None, close: bool = True) -> str:
    desc = f'<div class="desc">Showing all {showing} items</div>' if showing is not None else ""
    page = (
        "<!DOCTYPE html><html><head><title>Test Film (2001) - Trivia - IMDb</title>"
        '<link rel="canonical" href="http://www.imdb.com/title/tt0999999/trivia" /></head>'
        f'<body><div id="trivia_content" class="header"><div class="header">{desc}</div>'
        f'<div class="list">{body}</div>'
    )
    if close:
        page += '</div><div id="sidebar"></div></body></html>'
    return page


# --- every variant, read correctly ------------------------------------------------------------


def test_2010_page_without_votes_keeps_br_paragraphs_links_and_entities() -> None:
    page = _page("trivia-2010-novotes.html")
    assert page.source_format is SourceFormat.HTML_CLASSIC
    assert (page.imdb_id, page.title, page.year) == ("tt0999001", "The Lantern Keeper", 2009)
    assert page.page_kind is PageKind.TRIVIA
    assert page.declared_total == 4 and dict(page.declared_counts) == {"Spoilers": 1}
    first, second, third, spoiler = page.items
    assert first.id == "tr0000101"
    assert first.text == (
        "The lighthouse exterior was a plywood facade built on a car park in "
        "Harbour Town's old studio lot.\nIt was taken down two days after the "
        "shoot wrapped."
    )
    assert first.links == (Link(kind="title", imdb_id="tt0999002", text="Harbour Town"),)
    assert first.html is not None and first.html.startswith("The lighthouse exterior")
    assert "<br>" in first.html and not first.html.endswith("<br>")
    assert second.text.startswith("Ada Quill learned Morse code") and "&" in second.text
    assert "&amp;" in (second.html or "")
    assert third.text == (
        'The working title was "Keeper of the Light"; the café scenes were shot in one night.'
    )
    assert all(i.votes is None for i in page.items)
    assert spoiler.is_spoiler and spoiler.category == "uncategorized"
    assert spoiler.category_label is None
    assert not any(i.is_spoiler for i in (first, second, third))
    assert page.problems == ()


def test_2013_votes_some_items_without_them() -> None:
    page = _page("trivia-2013-votes.html")
    votes = {i.id: i.votes for i in page.items}
    v = votes["tr0000201"]
    assert v is not None and (v.interested, v.total) == (12, 14)
    assert v.raw == "12 of 14 found this interesting"
    assert votes["tr0000202"] is None  # "Is this interesting?": nobody voted
    assert votes["tr0000203"] is None  # no vote widget at all
    big = votes["tr0000204"]
    assert big is not None and (big.interested, big.total) == (1203, 1250)
    assert page.items[1].links == (
        Link(kind="name", imdb_id="nm0999103", text="Ines Marlow"),
        Link(kind="title", imdb_id="tt0999004", text="Deep Meridian"),
    )
    assert page.items[1].text == "Ines Marlow wore the same boots as in Deep Meridian."
    assert page.problems == ()


def test_2016_groups_cameo_trademark_spoilers_and_original_title() -> None:
    page = _page("trivia-2016-groups.html")
    # The heading block shows the German title; og:title carries the original one.
    assert (page.imdb_id, page.title, page.year) == ("tt0999005", "Paper Lanterns", 2015)
    assert dict(page.declared_counts) == {"Cameo": 2, "Director Trademark": 2, "Spoilers": 2}
    cats = [(i.id, i.category, i.category_label, i.is_spoiler) for i in page.items]
    assert cats == [
        ("tr0000301", "uncategorized", None, False),
        ("tr0000302", "uncategorized", None, False),
        ("tr0000303", "cameo", "Cameo", False),
        ("tr0000304", "cameo", "Cameo", False),
        ("tr0000305", "director-trademark", "Director Trademark", False),
        ("tr0000306", "director-trademark", "Director Trademark", False),
        ("tr0000307", "uncategorized", None, True),
        ("tr0000308", "uncategorized", None, True),
    ]
    ferry = page.items[1]
    assert Link(kind="character", imdb_id="ch0999001", text="The Ferryman") in ferry.links
    assert page.items[5].text.endswith(
        "every night scene.\nThe rain was warmed so the actors could work longer."
    )
    assert page.items[7].votes is None
    assert sum(i.votes.total for i in page.items if i.votes) == 42 + 9 + 15 + 5 + 23 + 12 + 20
    assert page.problems == ()  # the declared counts match what was read


def test_no_furniture_in_text_or_html_of_any_fixture() -> None:
    for path in sorted(HERE.iterdir()):
        if ".expected." in path.name:
            continue
        for item in triviaparse.parse_file(path).items:
            for word in FURNITURE_WORDS:
                assert word not in item.text, (path.name, item.id, word)
                assert word not in (item.html or ""), (path.name, item.id, word)
            assert "sharesoda" not in (item.html or "") and "<button" not in (item.html or "")


def test_furniture_inside_the_item_is_dropped_but_its_neighbours_kept() -> None:
    inner = (
        'Before <span class="linksoda"><a href="?item=tr0000001">Share this</a></span>'
        'middle <a href="#" class="hidesoda hidden">Hide&nbsp;options</a>after.'
        '<input type="text" value="/title/tt0999999/trivia?item=tr0000001"/>'
    )
    no_sodatext = (
        '<div id="tr0000002" class="soda even">Own text, no sodatext.'
        '<div class="did-you-know-actions"><a href="?item=tr0000002" '
        'class="interesting-count-text"> 3 of 4 found this interesting</a>'
        "<span class='interesting-cast-vote'><span>Interesting?</span>"
        '<button class="cast-vote" value="up">Yes</button></span>'
        '<div class="sharesoda_pre">Share this: <a href="#">Facebook</a></div>'
        "</div></div>"
    )
    page = triviaparse.parse(_trivia_page(_soda("tr0000001", inner) + no_sodatext))
    first, second = page.items
    assert first.text == "Before middle after."
    assert first.html == "Before middle after."
    assert second.text == "Own text, no sodatext."
    assert second.votes is not None and (second.votes.interested, second.votes.total) == (3, 4)


def test_sidebar_soda_markup_is_not_an_item() -> None:
    for name in ("trivia-2010-novotes.html", "trivia-2016-groups.html", "taglines-2016.html"):
        assert all("Sidebar box" not in i.text for i in _page(name).items)


def test_goofs_categories_and_kind() -> None:
    page = _page("goofs-2014.html")
    assert page.page_kind is PageKind.GOOFS
    assert [i.id for i in page.items] == [f"gf000040{n}" for n in range(1, 6)]
    assert [i.category for i in page.items] == [
        "continuity",
        "continuity",
        "factual-errors",
        "revealing-mistakes",
        "uncategorized",
    ]
    assert page.items[2].category_label == "Factual errors"
    assert [i.is_spoiler for i in page.items] == [False, False, False, False, True]
    assert page.declared_counts["Revealing mistakes"] == 1
    assert page.problems == ()


def test_goofs_kind_from_active_tab_when_items_have_no_ids() -> None:
    html = _trivia_page('<div class="soda odd"><div class="sodatext">A goof.</div></div>')
    html = html.replace(
        "<body>",
        '<body><ul id="trivia_tabs"><li class="">'
        '<a class="trivia_nav_tab" data-code="tr">Trivia</a></li>'
        '<li class="active"><a class="trivia_nav_tab" href="trivia?tab=gf" '
        'data-code="gf">Goofs</a></li></ul>',
    )
    assert triviaparse.parse(html).page_kind is PageKind.GOOFS


def test_crazy_credits() -> None:
    page = _page("crazy-credits-2015.html")
    assert page.page_kind is PageKind.CRAZY_CREDITS
    assert page.items[0].text == (
        "The end credits are rung out on bells, one name per chime.\nThe final chime is silent."
    )
    assert page.items[1].text == 'Pia Lund is credited as "The Thirteenth Bell".'
    assert page.items[1].votes is None


def test_filming_locations_place_and_note() -> None:
    page = _page("locations-2016.html")
    assert page.page_kind is PageKind.FILMING_LOCATIONS
    assert page.declared_total == 3
    first, second, third = page.items
    assert (first.id, first.text, first.note) == (
        "lc0000601",
        "Old Quay Road, Port Ellis, Cornwall, England, UK",
        "(exterior)",
    )
    assert second.note == "(studio)" and third.note is None
    assert first.votes is not None and (first.votes.interested, first.votes.total) == (5, 5)
    assert third.votes is None
    assert first.links == ()  # a location search link is not an IMDb id


def test_plot_keywords_relevant_votes() -> None:
    page = _page("keywords-2016.html")
    assert page.page_kind is PageKind.PLOT_KEYWORDS
    assert [i.text for i in page.items] == [
        "lighthouse",
        "fog",
        "rescue at sea",
        "brother sister relationship",
        "based on novel",
    ]
    assert [i.id for i in page.items] == [f"kw000070{n}" for n in range(1, 6)]
    v = page.items[4].votes
    assert v is not None and (v.interested, v.total, v.raw) == (1, 4, "1 of 4 found this relevant")
    assert page.items[1].votes is None


def test_taglines_have_no_ids_and_no_votes() -> None:
    page = _page("taglines-2016.html")
    assert page.page_kind is PageKind.TAGLINES
    assert [i.text for i in page.items] == [
        "Some secrets surface only at low tide.",
        "The sea gives back what it takes & more.",
        "Wait for the water.",
    ]
    assert all(i.id is None and i.votes is None for i in page.items)


def test_title_main_did_you_know_trivia_snippet() -> None:
    page = _page("title-main-2016.html")
    assert page.page_kind is PageKind.TITLE_MAIN
    assert page.declared_total is None  # the page does not say how many there are
    (item,) = page.items
    assert item.text == (
        "The glass river was built from 3,000 recycled bottles collected by Ivo Sand."
    )
    assert item.links == (Link(kind="name", imdb_id="nm0999113", text="Ivo Sand"),)
    assert item.html is not None and "See more" not in item.html and "»" not in item.html
    assert page.problems == ()


def test_name_main_trivia_and_trademark() -> None:
    page = _page("name-main-2016.html")
    assert page.page_kind is PageKind.NAME_MAIN
    assert (page.imdb_id, page.title, page.year) == ("nm0999114", "Vera Lindqvist", None)
    trivia, trademark = page.items
    assert trivia.category == "uncategorized" and trivia.text.endswith("territory, she says.")
    assert trademark.category == "trademark" and trademark.category_label == "Trademark"
    assert trademark.text == "Long single takes of characters walking away from the camera"


def test_windows_1252_bytes_decode_to_accented_text() -> None:
    raw = (HERE / "trivia-cp1252.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    page = triviaparse.parse(raw)
    assert page.title == "Café Müller"
    assert page.items[0].text == (
        "The café set was dressed with Señora Núñez’s own crockery – all of it “borrowed”."
    )
    assert page.items[1].links[0].text == "Zoë Brünner"


def test_gzip_page_reads_like_the_plain_one() -> None:
    raw = (HERE / "trivia-gzip.html.gz").read_bytes()
    page = triviaparse.parse(raw)
    assert page == triviaparse.parse(gzip.decompress(raw))
    assert [i.id for i in page.items] == ["tr0001001", "tr0001002"]
    zero = page.items[1].votes
    assert zero is not None and (zero.interested, zero.total) == (0, 1)


def test_http_response_headers_and_str_input() -> None:
    body = _trivia_page(_soda("tr0000001", "One.", "1 of 1 found this interesting"), showing=1)
    raw = ("HTTP/1.1 200 OK\r\nContent-Type: text/html;charset=UTF-8\r\n\r\n" + body).encode()
    assert triviaparse.parse(raw) == triviaparse.parse(body)
    assert triviaparse.parse(raw).items[0].text == "One."


# --- damage -----------------------------------------------------------------------------------


def test_truncated_page_reports_truncation_and_the_count() -> None:
    page = _page("trivia-truncated.html")
    assert _codes(page) == ["truncated-input", "declared-count-mismatch"]
    assert page.problems[0].item == 2
    assert len(page.items) == 3


def test_cut_mid_tag_never_crashes() -> None:
    full = _trivia_page(
        _soda(
            "tr0000001",
            'Seen in <a href="/name/nm0000001/">Some One</a> first.',
            "2 of 3 found this interesting",
        )
        + _soda("tr0000002", "Second.", "1 of 1 found this interesting"),
        showing=2,
    )
    for cut in range(0, len(full), 7):
        page = triviaparse.parse(full[:cut])
        assert isinstance(page, TriviaPage)
        if 0 < len(page.items) < 2:
            assert {"truncated-input", "declared-count-mismatch"} & set(_codes(page))


def test_duplicated_block_keeps_one_copy_and_says_so() -> None:
    page = _page("trivia-duplicated.html")
    assert [i.id for i in page.items] == ["tr0001201", "tr0001202"]
    assert _codes(page) == ["duplicate-item", "duplicate-item"]
    assert [p.item for p in page.problems] == [0, 1]


def test_whole_content_block_saved_twice() -> None:
    block = _trivia_page(_soda("tr0000001", "Once.", "1 of 1 found this interesting"), showing=1)
    doubled = block.replace("</body></html>", block[block.index('<div id="trivia_content"') :])
    page = triviaparse.parse(doubled)
    assert [i.id for i in page.items] == ["tr0000001"]
    assert "duplicate-item" in _codes(page)


def test_markers_but_no_items() -> None:
    page = _page("trivia-empty.html")
    assert page.items == () and _codes(page) == ["no-items"]
    bare = triviaparse.parse('<html><body><div id="trivia_content"></div></body></html>')
    assert bare.items == () and "no-items" in _codes(bare)


def test_empty_item_and_impossible_votes_are_problems() -> None:
    page = triviaparse.parse(
        _trivia_page(
            _soda("tr0000001", "   ", "1 of 1 found this interesting")
            + _soda("tr0000002", "Real text.", "5 of 3 found this interesting")
            + _soda("tr0000003", "More text.", "lots of people liked this")
        )
    )
    assert [i.id for i in page.items] == ["tr0000002", "tr0000003"]
    assert _codes(page) == ["empty-item", "invalid-votes", "invalid-votes"]
    assert all(i.votes is None for i in page.items)


def test_strict_mode_raises_triviaparse_errors() -> None:
    with pytest.raises(IncompletePage) as exc:
        triviaparse.parse_file(HERE / "trivia-truncated.html", strict=True)
    assert isinstance(exc.value, TriviaparseError)
    assert "trivia-truncated.html" in str(exc.value)
    with pytest.raises(MalformedPage):
        triviaparse.parse_file(HERE / "trivia-duplicated.html", strict=True)
    # A clean page passes strict mode.
    assert triviaparse.parse_file(HERE / "trivia-2016-groups.html", strict=True).items


@pytest.mark.parametrize("scan", [True, False], ids=["scan", "lxml"])
def test_item_ids_follow_the_shared_imdb_id_pattern(scan: bool) -> None:
    # Eleven and twelve digits are IMDb ids (``_imdb.IMDB_ID``, as the JSON readers read them);
    # thirteen are not, and the item falls back to no id.
    body = "".join(
        _soda(item_id, f"Fact {n}.", "3 of 4 found this interesting")
        for n, item_id in enumerate(("tr12345678901", "tr123456789012", "tr1234567890123"))
    )
    page = read_classic(_trivia_page(body), Context(), scan=scan)
    assert [i.id for i in page.items] == ["tr12345678901", "tr123456789012", None]
    assert all(i.votes is not None and i.votes.total == 4 for i in page.items)


def test_item_id_prefixes_name_kinds_by_the_shared_table() -> None:
    # ``_imdb.ID_KIND`` knows the React era's crazy-credit prefix "cc" too.
    body = _soda("cc0000001", "A credit.") + _soda("cc0000002", "Another.")
    page = triviaparse.parse(_trivia_page(body))
    assert page.page_kind is PageKind.CRAZY_CREDITS
    assert page.page_kind is ID_KIND["cc"]


def test_soda_markup_without_a_content_block_is_read_with_a_problem() -> None:
    html = (
        "<html><head><title>X (1999) - Trivia - IMDb</title></head><body>"
        + _soda("tr0000001", "Loose item.")
        + "</body></html>"
    )
    page = triviaparse.parse(html)
    assert [i.text for i in page.items] == ["Loose item."]
    assert page.page_kind is PageKind.TRIVIA
    assert _codes(page) == ["unexpected-structure"]


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    html = (
        f'<!DOCTYPE html [<!ENTITY xx SYSTEM "file://{secret}">]><html><body>'
        + _soda("tr0000001", "Before &xx; after.")
        + "</body></html>"
    )
    page = triviaparse.parse(html)
    assert all("TOP-SECRET" not in i.text for i in page.items)
    content = _trivia_page(_soda("tr0000001", "Before &xx; after."))
    page = triviaparse.parse(content.replace("<!DOCTYPE html>", html.split("<html>")[0]))
    assert all("TOP-SECRET" not in i.text for i in page.items)


def test_pathological_nesting_finishes() -> None:
    deep = _trivia_page(
        '<div class="soda odd"><div class="sodatext">x'
        + "<div>" * 5000
        + "deep"
        + "</div>" * 5000
        + "</div></div>"
    )
    page = triviaparse.parse(deep)
    assert isinstance(page, TriviaPage)
    many = _trivia_page(
        "".join(_soda(f"tr{n:07d}", f"Item {n}.") for n in range(3000)), showing=3000
    )
    page = triviaparse.parse(many)
    assert len(page.items) == 3000 and page.problems == ()


# --- the fast text path agrees with normalize.clean_text ---------------------------------------

_ALPHABET = st.sampled_from(list("ab \t\n\r\u00a0\u2003\u200b\ufeff\u2028\x85\x1c\u3000\f\v.é"))


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_clean_text_matches_normalize(text: str) -> None:
    assert clean_text(text) == _clean_text_slow(text)


def test_every_space_but_ascii_space_is_unprintable() -> None:
    """``clean_text`` returns trimmed text unchanged when it ``isprintable()`` and has no double
    space; that is only right if no whitespace character other than " " is printable."""
    printable_spaces = [
        hex(c) for c in range(0x110000) if chr(c).isspace() and chr(c).isprintable() and c != 0x20
    ]
    assert printable_spaces == []


@given(st.text(max_size=60), st.text(alphabet=" \t\n\u00a0", max_size=3))
def test_clean_text_of_any_text_matches_slow(text: str, pad: str) -> None:
    assert clean_text(pad + text + pad) == _clean_text_slow(pad + text + pad)
