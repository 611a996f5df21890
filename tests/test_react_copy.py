"""A select-all copy of a React-era page gives the items its HTML gives: texts, categories and
labels, spoilers and votes (up, and up + down), and the title where the copy shows it.

Copies come from the innerText emulation (everywhere) and from headless Chromium (where it is
installed), both with IMDb's flex layout applied (``tests/react_copy.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import triviaparse
from triviaparse import TriviaPage
from triviaparse.model import ProblemCode, SourceFormat
from triviaparse.testing.render import render

from .helpers import FIXTURES
from .react_copy import chromium, chromium_copy, emulated_copy

#: The React trivia-family pages. A title main page's "Did you know" block copied as text is
#: not read (docs/formats.md, known limits), so the main-page fixtures are left out.
REACT_FIXTURES = [
    *sorted(p for p in (FIXTURES / "html_react").glob("*.html") if "title-main" not in p.name),
    FIXTURES / "next_data" / "tt9900001-trivia-embedded.html",
]
needs_chromium = pytest.mark.skipif(chromium() is None, reason="chromium is not installed")


def _items(page: TriviaPage) -> list[tuple[Any, ...]]:
    return [(i.text, i.category, i.category_label, i.is_spoiler, i.votes) for i in page.items]


def _assert_same_items(html: str, copy: str) -> TriviaPage:
    want = triviaparse.parse(html, format="html_react")  # what the page shows, not its JSON
    got = triviaparse.parse(copy)
    assert got.source_format is SourceFormat.TEXT
    assert _items(got) == _items(want)
    assert got.items and got.declared_total == want.declared_total
    assert dict(got.declared_counts) == dict(want.declared_counts)
    incomplete = ProblemCode.INCOMPLETE_PAGE
    assert (incomplete in {p.code for p in got.problems}) == (
        incomplete in {p.code for p in want.problems}
    )
    return got


@pytest.mark.parametrize("path", REACT_FIXTURES, ids=lambda p: p.name)
def test_emulated_copy_of_react_fixture(path: Path) -> None:
    html = path.read_text("utf-8")
    got = _assert_same_items(html, emulated_copy(html))
    if "hero__pageTitle" in html:  # the copy shows the title only where the page body does
        assert got.title == "The Lantern Keeper"


@needs_chromium
@pytest.mark.parametrize("path", REACT_FIXTURES, ids=lambda p: p.name)
def test_chromium_copy_of_react_fixture(path: Path) -> None:
    html = path.read_text("utf-8")
    copy = chromium_copy(html)
    assert copy is not None
    assert copy.split() == emulated_copy(html).split()  # the emulation agrees with Chromium
    _assert_same_items(html, copy)


def test_react_copy_was_unrecognized_before() -> None:
    copy = emulated_copy((FIXTURES / "html_react" / "tt9900001-trivia-shown.html").read_text())
    page = triviaparse.parse(copy)
    assert len(page.items) == 6
    assert page.items[0].votes is not None and page.items[0].votes.interested == 1200
    assert [i.is_spoiler for i in page.items] == [False, False, True, False, False, False]
    assert page.title == "The Lantern Keeper" and page.year is None


def test_react_copy_with_site_header_and_footer() -> None:
    html = (FIXTURES / "html_react" / "tt9900001-trivia-shown.html").read_text()
    header = (
        "Menu\nMovies\nTV Shows\nWatch\nAwards & Events\nCelebs\nCommunity\nIMDbPro\n"
        "Watchlist\nSign In\nEN\nUse app\nThe Lantern Keeper\nCast & crew\nUser reviews\n"
        "Trivia\nFAQ\n"
    )
    footer = (
        "\nContribute to this page\nSuggest an edit or add missing content\n"
        "Get the IMDb App\nHelp\nSite Index\nConditions of Use\nPrivacy Policy\n"
        "© 1990-2024 by IMDb.com, Inc.\n"
    )
    got = _assert_same_items(html, header + emulated_copy(html) + footer)
    assert got.title == "The Lantern Keeper"


HAND_COPY = """Menu
Movies
TV Shows
Watchlist
Sign In
The Quiet Harbour
Trivia
Uncategorized
2
The harbour scenes were shot in one night.
1,234
56
Share
Edit
The ferry was borrowed from a museum.

Its engine had not run since 1961.
Share
Cameo
The director is the man with the umbrella.
7
1
Share
Spoilers
1
The ending was reshot after test screenings.
2.5K
1K
Share
Edit
Contribute to this page
Conditions of Use
"""


def test_hand_written_react_copy() -> None:
    page = triviaparse.parse(HAND_COPY)
    got = [
        (
            i.text,
            i.category,
            i.category_label,
            i.is_spoiler,
            None if i.votes is None else (i.votes.interested, i.votes.total),
        )
        for i in page.items
    ]
    assert got == [
        (
            "The harbour scenes were shot in one night.",
            "uncategorized",
            "Uncategorized",
            False,
            (1234, 1290),
        ),
        (
            "The ferry was borrowed from a museum.\nIts engine had not run since 1961.",
            "uncategorized",
            "Uncategorized",
            False,
            None,
        ),
        ("The director is the man with the umbrella.", "cameo", "Cameo", False, (7, 8)),
        (
            "The ending was reshot after test screenings.",
            "spoilers",
            "Spoilers",
            True,
            (2500, 3500),
        ),
    ]
    assert page.title == "The Quiet Harbour" and page.year is None
    # the Cameo heading shows no count: no total, the shown counts per section
    assert page.declared_total is None and dict(page.declared_counts) == {
        "Uncategorized": 2,
        "Spoilers": 1,
    }
    assert not page.problems


# --- pages rendered in the React layout ---------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from triviaparse.testing import strategies as tps  # noqa: E402

from .conftest import examples  # noqa: E402

#: Every item voted: a card without votes shows no line of its own after its text (the share
#: button is an icon), so a copy cannot tell where it ends (docs/formats.md).
_VOTED_PAGES = tps.pages(with_votes=True, max_size=8)


@examples()
@given(page=_VOTED_PAGES, noise=st.booleans())
def test_property_emulated_copy_of_rendered_react_page(page: TriviaPage, noise: bool) -> None:
    html = render(page, format="html_react", noise=noise)
    _assert_same_items(html, emulated_copy(html))


@needs_chromium
@settings(max_examples=6, deadline=None, derandomize=True)  # a browser start costs ~1 s
@given(page=_VOTED_PAGES)
def test_property_chromium_copy_of_rendered_react_page(page: TriviaPage) -> None:
    html = render(page, format="html_react", noise=True)
    copy = chromium_copy(html)
    assert copy is not None
    _assert_same_items(html, copy)


_REACT_LINES = st.sampled_from(
    (
        "Trivia",
        "Uncategorized",
        "Spoilers",
        "Cameo",
        "Crazy credits",
        "5",
        "1.2K",
        "34",
        "0",
        "1,234",
        "Share",
        "Edit",
        "2 more",
        "Menu",
        "Sign In",
        "The Lantern Keeper",
        "Conditions of Use",
        "An item line.",
        "",
        "9.9M",
        "99999999999",
        "The Wayback Machine",
        "12 captures",
        "FEB",
        "2016",
    )
)


@examples()
@given(lines=st.lists(_REACT_LINES | st.text(max_size=20), max_size=60))
def test_property_any_react_like_copy_parses(lines: list[str]) -> None:
    """Any mix of a React copy's lines gives a page, never an exception or internal error."""
    text = "\n".join(lines)
    page = triviaparse.parse(text)
    assert ProblemCode.INTERNAL_ERROR not in {p.code for p in page.problems}
    forced = triviaparse.parse(text, format="text")
    assert ProblemCode.INTERNAL_ERROR not in {p.code for p in forced.problems}
