"""The React HTML reader (html_react) on hand-written pages: sections, spoilers, votes, counts."""

from __future__ import annotations

import pytest

import triviaparse
from triviaparse import IncompletePage, TriviaparseError
from triviaparse.model import Link, PageKind, ProblemCode, SourceFormat, Votes

from .helpers import FIXTURES

REACT = FIXTURES / "html_react"
TRIVIA = REACT / "tt9900001-trivia-shown.html"
CRAZY = REACT / "tt9900001-crazycredits.html"


def _codes(page: triviaparse.TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


def test_page_facts_and_incomplete_problem() -> None:
    page = triviaparse.parse_file(TRIVIA)
    assert page.source_format is SourceFormat.HTML_REACT
    assert page.page_kind is PageKind.TRIVIA
    assert (page.imdb_id, page.title, page.year) == ("tt9900001", "The Lantern Keeper", 2024)
    # The headings declare 5 + 2 + 1; the server-rendered HTML shows 6 of them.
    assert page.declared_total == 8
    assert dict(page.declared_counts) == {"Uncategorized": 5, "Cameo": 2, "Director trademark": 1}
    assert len(page.items) == 6
    assert _codes(page) == ["incomplete-page"]
    assert "6 of the 8" in page.problems[0].message


def test_ids_come_from_share_links() -> None:
    page = triviaparse.parse_file(TRIVIA)
    assert [i.id for i in page.items] == [
        "tr9900101",
        "tr9900102",
        "tr9900103",
        "tr9900104",
        "tr9900105",
        "tr9900106",
    ]


def test_categories_labels_and_spoiler_subsection() -> None:
    page = triviaparse.parse_file(TRIVIA)
    cats = [(i.category, i.category_label, i.is_spoiler) for i in page.items]
    assert cats == [
        ("uncategorized", "Uncategorized", False),
        ("uncategorized", "Uncategorized", False),
        # sub-section-uncategorized--spoilers: a spoiler whose category stays "uncategorized"
        ("uncategorized", "Uncategorized", True),
        ("cameo", "Cameo", False),
        ("cameo", "Cameo", False),
        ("director-trademark", "Director trademark", False),
    ]


def test_abbreviated_votes_and_missing_widget() -> None:
    items = triviaparse.parse_file(TRIVIA).items
    assert items[0].votes == Votes(interested=1200, total=1234)  # "1.2K" up, "34" down
    assert items[0].votes is not None and items[0].votes.raw == "1.2K up / 34 down"
    assert items[2].votes == Votes(interested=2500, total=3500)  # "2.5K" / "1K"
    assert items[3].votes == Votes(interested=15, total=15)
    assert items[4].votes is None  # no voting widget on that card


def test_text_entities_paragraphs_and_links() -> None:
    items = triviaparse.parse_file(TRIVIA).items
    # NBSP inside the link text becomes a space; link text stays in the text.
    assert items[0].text.startswith("The lighthouse set was built")
    assert "and Mara Velden climbed its 212 steps" in items[0].text
    assert items[0].links == (Link(kind="name", imdb_id="nm9900011", text="Mara Velden"),)
    # <br/><br/> is one paragraph break; &quot; and &pound; are decoded.
    assert items[1].text == (
        "The storm in the final act used no computer effects: the crew pumped 40,000 litres "
        'of sea water through six wind machines.\nThe "lantern" itself was a 1911 Fresnel '
        "lens lent by a Breton museum, insured for £2 million."
    )
    assert items[2].text.startswith("The keeper's death")
    assert items[4].links == (Link(kind="character", imdb_id="ch9900021", text="Passenger"),)
    assert items[5].links == (
        Link(kind="title", imdb_id="tt9900002", text="Saltwater Hymns (2019)"),
    )


def test_html_is_the_inner_html_without_furniture() -> None:
    item = triviaparse.parse_file(TRIVIA).items[0]
    assert item.html is not None
    assert item.html.startswith("The lighthouse set was built")
    assert '<a class="ipc-md-link ipc-md-link--entity" href="/name/nm9900011/' in item.html
    for furniture in ("ipc-voting", "Share", "<button", "<svg"):
        assert furniture not in item.html


def test_complete_crazy_credits_page_has_no_problems() -> None:
    page = triviaparse.parse_file(CRAZY)
    assert page.page_kind is PageKind.CRAZY_CREDITS
    assert page.problems == ()
    assert page.declared_total == 2
    assert [i.id for i in page.items] == ["cc9900301", "cc9900302"]
    assert page.items[0].votes == Votes(interested=3400, total=3412)
    assert page.items[1].text == (
        "After the credits, Mara Velden reads the ship's log aloud:\n"
        '"Light kept. Nothing to report."'
    )


def test_strict_raises_for_the_short_page() -> None:
    with pytest.raises(IncompletePage) as info:
        triviaparse.parse_file(TRIVIA, strict=True)
    assert isinstance(info.value, TriviaparseError)
    assert info.value.problem is not None
    assert info.value.problem.code is ProblemCode.INCOMPLETE_PAGE
    triviaparse.parse_file(CRAZY, strict=True)  # complete: no error


def test_page_without_json_or_counts_says_it_cannot_tell() -> None:
    html = TRIVIA.read_text(encoding="utf-8")
    for count in ("5", "2", "1"):
        html = html.replace(f'<span class="ipc-title__subtext">{count}</span>', "")
    page = triviaparse.parse(html)
    assert page.declared_total is None
    assert len(page.items) == 6
    assert _codes(page) == ["unexpected-structure"]
    with pytest.raises(TriviaparseError):
        triviaparse.parse(html, strict=True)


def test_unreadable_vote_count_is_a_problem_not_a_crash() -> None:
    html = TRIVIA.read_text(encoding="utf-8").replace(
        'ipc-voting__label__count--up">87<', 'ipc-voting__label__count--up">lots<'
    )
    page = triviaparse.parse(html)
    assert page.items[1].votes is None
    assert ProblemCode.INVALID_VOTES in {p.code for p in page.problems}
    assert [p.item for p in page.problems if p.code is ProblemCode.INVALID_VOTES] == [1]


def test_duplicate_card_is_reported_once() -> None:
    html = TRIVIA.read_text(encoding="utf-8")
    start = html.index('<div class="ipc-list-card--border-line')
    end = html.index('<div class="ipc-list-card--border-line', start + 1)
    html = html[:end] + html[start:end] + html[end:]
    page = triviaparse.parse(html)
    assert [i.id for i in page.items].count("tr9900101") == 1
    assert ProblemCode.DUPLICATE_ITEM in {p.code for p in page.problems}


@pytest.mark.parametrize("cut", [200, 1500, 4000, 7000])
def test_truncated_html_never_crashes(cut: int) -> None:
    data = TRIVIA.read_bytes()[:cut]
    page = triviaparse.parse(data)
    assert page.problems  # never silently fine
    assert len(page.items) <= 6


def test_headings_interleaved_in_one_container_label_their_own_section() -> None:
    card = (
        '<div class="ipc-list-card"><div class="ipc-html-content-inner-div">{text}</div>'
        '<a href="/name/nm9900011/trivia/?item={id}">Share</a></div>'
    )
    html = (
        "<html><head><title>Mara Velden - Trivia - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/name/nm9900011/trivia/"></head>'
        '<body><div class="grid">'
        '<h3 class="ipc-title__text">Trivia<span class="ipc-title__subtext">1</span></h3>'
        '<div data-testid="sub-section-uncategorized">'
        + card.format(text="Learned to sail before she could ride a bicycle.", id="tr9900401")
        + '</div><h3 class="ipc-title__text">Trademark<span class="ipc-title__subtext">1'
        '</span></h3><div data-testid="sub-section-trademark">'
        + card.format(text="Barefoot in every film.", id="tr9900402")
        + "</div></div></body></html>"
    )
    page = triviaparse.parse(html)
    assert page.page_kind is PageKind.NAME_TRIVIA
    assert page.imdb_id == "nm9900011"
    assert [(i.id, i.category, i.category_label) for i in page.items] == [
        ("tr9900401", "uncategorized", "Trivia"),
        ("tr9900402", "trademark", "Trademark"),
    ]
    assert page.problems == ()


def test_section_without_heading_has_no_label() -> None:
    html = TRIVIA.read_text(encoding="utf-8")
    html = html.replace(
        '<div class="ipc-title ipc-title--base ipc-title--section-title">'
        '<hgroup><h3 class="ipc-title__text">Cameo<span class="ipc-title__'
        'subtext">2</span></h3></hgroup></div>',
        "",
    )
    page = triviaparse.parse(html)
    assert [i.category_label for i in page.items if i.category == "cameo"] == [None, None]


def test_comments_in_headings_and_control_characters_after_dropped_elements() -> None:
    """React writes ``<!-- -->`` between a heading's text nodes; a control character can follow
    a dropped element. Both were fuzzer findings that cost the whole page (internal-error)."""
    from .helpers import FIXTURES

    html = (FIXTURES / "html_react" / "tt9900001-trivia-shown.html").read_text(encoding="utf-8")
    want = triviaparse.parse(html)
    commented = html.replace("Uncategorized<span", "Uncategorized<!-- --><span")
    assert commented != html
    assert triviaparse.parse(commented).items == want.items
    controlled = html.replace("</h3>", "</h3><script>x</script>\x0b", 1)
    got = triviaparse.parse(controlled)
    assert "internal-error" not in {p.code for p in got.problems}
    assert got.items == want.items
