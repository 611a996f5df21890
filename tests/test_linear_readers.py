"""The mechanisms that keep parsing linear, tested on examples and against their slow originals.

tests/test_properties_linear.py measures time growth; these tests check what the fast versions
compute: the same vote phrases as a regex search, the same lines as splitting every line, each
React card once, and memory that does not grow with a run of line breaks.
"""

from __future__ import annotations

import re
import tracemalloc

import pytest

import triviaparse
from triviaparse.model import ProblemCode
from triviaparse.normalize import clean_line, find_votes_of, parse_votes_of
from triviaparse.readers import text as text_reader

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the property tests skip without hypothesis
    given = None

from .conftest import examples

#: The vote phrase pattern the readers searched with before: right, but quadratic as a search.
_COUNT = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d{1,12}"
SEARCHED = re.compile(
    rf"({_COUNT})\s+of\s+({_COUNT})\s+found\s+this\s+"
    r"(?:interesting|relevant|helpful)",
    re.I,
)


def _searched(text: str) -> tuple[int, int, str, str] | None:
    m = SEARCHED.search(text)
    return None if m is None else (m.start(), m.end(), m.group(1), m.group(2))


def _found(text: str) -> tuple[int, int, str, str] | None:
    f = find_votes_of(text)
    return None if f is None else (f.start, f.end, f.interested, f.total)


@pytest.mark.parametrize(
    "text",
    [
        "6 of 6 found this interesting",
        "Item text. 12 of 14 found this interesting Interesting? | Share this",
        "1,234 of 1,300 found this relevant",
        "released in 1999 6 of 6 found this interesting",  # a number just before the phrase
        "1234 567 of 600 found this interesting",  # four digits before a group: "234 567"
        "12 345 678 of 12 345 679 found this helpful",
        " 000 000 of 5 found this interesting",  # no leading digit: the first group leads
        "x 000 of 5 found this interesting",  # one group alone cannot lead
        "5 of 1,000 found this x 3 of 4 found this interesting",
        "1 000 000 of 2 found this interesting",
        "6\u00a0of\u00a06 found this INTERESTING",
        "1" + " 000" * 50 + " found this interesting",
        "nothing here",
    ],
)
def test_find_votes_of_matches_the_search(text: str) -> None:
    assert _found(text) == _searched(text)


if given is not None:
    _ALPHABET = st.sampled_from(
        [
            "1",
            "0",
            "9",
            " ",
            ",",
            ".",
            "\u00a0",
            "\n",
            "of",
            " of ",
            "found this interesting",
            " found this relevant",
            "x",
            "٣",
        ]
    )

    @examples(scale=4)
    @given(st.lists(_ALPHABET, max_size=30).map("".join))
    def test_find_votes_of_agrees_with_the_search(text: str) -> None:
        assert _found(text) == _searched(text)


def test_vote_phrase_after_a_long_number_is_read() -> None:
    """The whole phrase after thousands of digit groups: found, as the search would."""
    text = "An item.\n" + "1" + " 000" * 5000 + " 6 of 7 found this interesting\n"
    votes = parse_votes_of(text)
    assert votes is not None and (votes.interested, votes.total) == (6, 7)


# --- text lines ----------------------------------------------------------------------------


def _split_lines(text: str) -> list[tuple[int, str, str]]:
    """The lines as the reader split them before: one per line, runs of blanks then merged
    (the reader only asks whether blank lines stand between two lines)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[int, str, str]] = []
    for no, line in enumerate(raw, 1):
        ln = text_reader._classify(no, line)
        if ln.kind is text_reader._Kind.BLANK and out and out[-1][2] == "BLANK":
            continue
        out.append((ln.no, ln.text, ln.kind.name))
    return out


def _lines(text: str) -> list[tuple[int, str, str]]:
    return [(ln.no, ln.text, ln.kind.name) for ln in text_reader._lines(text)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "x",
        "x\n",
        "\nx",
        "\n\nx\n\n",
        "a\r\nb\rc\n",
        " \t\n\u3000\nx\n \n",
        "a\n\u200b\ufeff\nb",
        "a\x85\n\x1c\nb\u2028c\n",
        "Jump to: Cameo (1)\n\n\nx.\n",
    ],
)
def test_lines_are_the_split_lines(text: str) -> None:
    assert _lines(text) == _split_lines(text)


if given is not None:

    @examples(scale=2)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "\n",
                    "\r",
                    "\r\n",
                    " ",
                    "\t",
                    "\u3000",
                    "\u200b",
                    "\ufeff",
                    "\x0b",
                    "\x1c",
                    "\x85",
                    "\u2028",
                    "x",
                    "An item.",
                    "6 of 6 found this interesting",
                ]
            ),
            max_size=40,
        ).map("".join)
    )
    def test_lines_agree_with_splitting(text: str) -> None:
        assert _lines(text) == _split_lines(text)

    @examples(scale=4)
    @given(st.text(max_size=20))
    def test_blank_runs_are_lines_clean_line_empties(line: str) -> None:
        line = line.replace("\n", "").replace("\r", "")
        run = text_reader._BLANK_RUN.fullmatch(f"\n{line}\n") is not None
        assert run == (clean_line(line) == "")


def test_a_run_of_line_breaks_takes_no_memory() -> None:
    """A megabyte of "\\r" was a million line objects (150 MB); now a few copies of the text."""
    data = "\r" * 1_000_000
    tracemalloc.start()
    try:
        page = triviaparse.parse(data, format="text")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.items == ()
    assert peak < 8 * len(data), f"peak {peak / 1e6:.1f} MB for {len(data) / 1e6:.0f} MB of \\r"


def test_blank_runs_still_separate_items() -> None:
    page = triviaparse.parse(
        "Jump to: Cameo (2)\nCameo\n\nOne.\n\r\r\r\r\nTwo.\n" + "\n" * 5000, format="text"
    )
    assert [i.text for i in page.items] == ["One.", "Two."]
    assert [p.code for p in page.problems] == []


def test_widget_line_test_stops_at_the_first_other_word() -> None:
    assert text_reader._is_widget("Interesting? | Share this | Yes No")
    assert not text_reader._is_widget("Yes | No | Share this and more")
    assert not text_reader._is_widget("Yesterday")


# --- React cards -----------------------------------------------------------------------------


def _card(i: int, text: str | None = None) -> str:
    return (
        '<div class="ipc-list-card"><div class="ipc-html-content ipc-html-content--base">'
        f'<div class="ipc-html-content-inner-div">{text or f"Item {i}."}</div></div>'
        f'<a href="/title/tt9900001/trivia/?item=tr{i:07d}">Share</a></div>'
    )


_HEAD = "<html><head><title>Lantern (2024) - Trivia - IMDb</title></head><body>"


def test_nested_sub_sections_read_each_card_once() -> None:
    """Each card belongs to the innermost sub-section around it and is read once (sections 40
    deep gave 820 readings and 780 duplicate-item problems)."""
    depth = 40
    html = (
        _HEAD
        + "".join(f'<div data-testid="sub-section-c{i % 3}">' + _card(i) for i in range(depth))
        + "</div>" * depth
        + "</body></html>"
    )
    page = triviaparse.parse(html, format="html_react")
    assert [i.id for i in page.items] == [f"tr{i:07d}" for i in range(depth)]
    assert [i.category for i in page.items] == [f"c{i % 3}" for i in range(depth)]
    assert ProblemCode.DUPLICATE_ITEM not in {p.code for p in page.problems}


def test_nested_sub_sections_without_ids_are_not_repeated() -> None:
    depth = 30
    html = (
        _HEAD
        + "".join(
            '<div data-testid="sub-section-trivia">'
            '<div class="ipc-list-card"><div class="ipc-html-content-inner-div">'
            f"Item {i}.</div></div>"
            for i in range(depth)
        )
        + "</div>" * depth
        + "</body></html>"
    )
    page = triviaparse.parse(html, format="html_react")
    assert [i.text for i in page.items] == [f"Item {i}." for i in range(depth)]


def test_unclosed_cards_are_read_alone() -> None:
    """A card whose text is left open swallows the next; each is read without the cards
    inside it (its text held the text of every card after it)."""
    html = (
        _HEAD
        + '<div data-testid="sub-section-trivia">'
        + "".join(
            f'<div class="ipc-list-card"><div class="ipc-voting">'
            f'<span class="ipc-voting__label__count--up">{i}</span>'
            f'<span class="ipc-voting__label__count--down">0</span></div>'
            f'<div class="ipc-html-content-inner-div">Item {i}.'
            for i in range(1, 6)
        )
        + "</body></html>"
    )
    page = triviaparse.parse(html, format="html_react")
    assert [i.text for i in page.items] == [f"Item {i}." for i in range(1, 6)]
    assert [i.votes.interested if i.votes else None for i in page.items] == [1, 2, 3, 4, 5]


def test_each_section_keeps_its_own_heading_among_many() -> None:
    n = 300
    html = (
        _HEAD
        + "".join(
            f'<section><h3 class="ipc-title__text">Group {i}<span class="ipc-title__subtext">1'
            f'</span></h3><div data-testid="sub-section-g{i}">{_card(i)}</div></section>'
            for i in range(n)
        )
        + "</body></html>"
    )
    page = triviaparse.parse(html)
    assert [i.category_label for i in page.items] == [f"Group {i}" for i in range(n)]
    assert page.declared_total == n and page.problems == ()
