"""Absurd numbers cost their field, never the page: one bounded count parser for every reader.

Each case takes a hand-written fixture page, puts an absurd number in one field, and checks
that the page still comes back whole (kind, items) with one problem naming the lost field.
Before the bounded parser each of these pages became ``internal-error`` with no items.
"""

from __future__ import annotations

import math
import re

import pytest

import triviaparse
from triviaparse import MalformedPage
from triviaparse.normalize import MAX_COUNT, json_count, parse_count

from .helpers import FIXTURES

TEXT = (FIXTURES / "text" / "categories.txt").read_text(encoding="utf-8")
CLASSIC = (FIXTURES / "html_classic" / "trivia-2016-groups.html").read_text(encoding="utf-8")
NEXT_DATA = (FIXTURES / "next_data" / "tt9900001-trivia-nextdata.json").read_text(encoding="utf-8")
GRAPHQL = (FIXTURES / "graphql" / "tt9900001-trivia-api.json").read_text(encoding="utf-8")

#: Thousands of digits: ``int()`` refuses over 4,300 (sys.int_max_str_digits).
DIGITS = "9" * 5000
GROUPED = "1" + ",000" * 1500  # 4,501 digits written with thousands separators


def _id(value: object) -> str:
    """A short test id (``str`` of a 5,000-digit int would raise)."""
    if isinstance(value, int) and abs(value) > 10**30:
        return "huge-int"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 24 else f"{text[:12]}…{len(text)}"


def _sub(pattern: str, repl: str, text: str) -> str:
    """``text`` with the first match of ``pattern`` replaced; the pattern must be there."""
    out, n = re.subn(pattern, repl, text, count=1)
    assert n == 1, pattern
    return out


def _codes(page: triviaparse.TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


# --- the shared parser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("1,234", 1234),
        ("1.234", 1234),
        ("1\u00a0234", 1234),
        ("1.2K", 1200),
        ("3M", 3_000_000),
        ("1,5k", 1500),
        ("0", 0),
        (str(MAX_COUNT), MAX_COUNT),
    ],
)
def test_parse_count_reads_what_imdb_writes(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text",
    [
        DIGITS,
        GROUPED,
        str(MAX_COUNT + 1),
        "1e400K",
        "nanK",
        "infK",
        "-5",
        "+5",
        "1_000",
        "\u0661\u0662",
        "",
        "K",
        "12 items",
    ],
    ids=_id,
)
def test_parse_count_refuses_absurd_counts(text: str) -> None:
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize(
    "value",
    [True, None, -1, MAX_COUNT + 1, math.inf, -math.inf, math.nan, 1.5, 10**5000, "1e400K", [3]],
    ids=_id,
)
def test_json_count_refuses_absurd_values(value: object) -> None:
    with pytest.raises(ValueError):
        json_count(value)


def test_json_count_reads_ints_integral_floats_and_imdb_strings() -> None:
    assert [json_count(v) for v in (7, 7.0, "1.2K")] == [7, 7, 1200]


# --- text -----------------------------------------------------------------------------------


def test_text_showing_all_with_thousands_of_digits() -> None:
    page = triviaparse.parse(TEXT.replace("Showing all 8 items", f"Showing all {GROUPED} items"))
    assert len(page.items) == 8 and page.page_kind == "trivia"
    assert page.declared_total is None
    assert _codes(page) == ["invalid-number"]
    assert page.problems[0].line == 3


def test_text_jump_to_count_with_thousands_of_digits() -> None:
    page = triviaparse.parse(TEXT.replace("Cameo\u00a0(1)", f"Cameo\u00a0({GROUPED})"))
    assert len(page.items) == 8
    assert dict(page.declared_counts) == {"Director Trademark": 2, "Spoilers": 3}
    assert _codes(page) == ["invalid-number"]
    assert "Cameo" in page.problems[0].message


def test_text_vote_line_with_thousands_of_digits() -> None:
    page = triviaparse.parse(TEXT.replace("12 of 15 found", f"{GROUPED} of {GROUPED},000 found"))
    assert len(page.items) == 8
    assert page.items[1].text == "The score uses no instruments recorded after 1950."
    assert page.items[1].votes is None
    assert _codes(page) == ["invalid-votes"]


# --- classic HTML ---------------------------------------------------------------------------


def test_classic_showing_all_with_thousands_of_digits() -> None:
    page = triviaparse.parse(CLASSIC.replace("Showing all 8 items", f"Showing all {DIGITS} items"))
    assert len(page.items) == 8 and page.page_kind == "trivia"
    assert page.declared_total is None
    assert _codes(page) == ["invalid-number"]


def test_classic_jump_to_count_with_thousands_of_digits() -> None:
    page = triviaparse.parse(CLASSIC.replace("Cameo</a>&nbsp;(2)", f"Cameo</a>&nbsp;({DIGITS})"))
    assert len(page.items) == 8
    assert "Cameo" not in page.declared_counts and page.declared_counts["Spoilers"] == 2
    assert _codes(page) == ["invalid-number"]


def test_classic_vote_phrase_with_thousands_of_digits() -> None:
    page = triviaparse.parse(
        _sub(r"\b40 of 42 found", f"{GROUPED} of {GROUPED},000 found", CLASSIC)
    )
    before = triviaparse.parse(CLASSIC)
    assert len(page.items) == 8
    lost = [
        i
        for i, (a, b) in enumerate(zip(before.items, page.items, strict=True))
        if a.votes is not None and b.votes is None
    ]
    assert len(lost) == 1 and page.problems[0].item == lost[0]
    assert _codes(page) == ["invalid-votes"]


def test_strict_mode_raises_for_an_absurd_count() -> None:
    with pytest.raises(MalformedPage, match="invalid-number"):
        triviaparse.parse(
            CLASSIC.replace("Showing all 8 items", f"Showing all {DIGITS} items"),
            strict=True,
            source="big.html",
        )


# --- __NEXT_DATA__ ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [DIGITS, "1e400", '"1e400K"', "-3", '"9999999999999999"'], ids=_id
)
def test_next_data_up_votes_absurd(value: str) -> None:
    page = triviaparse.parse(_sub(r'"upVotes": *\d+', f'"upVotes": {value}', NEXT_DATA))
    assert len(page.items) == 8 and page.page_kind == "trivia"
    assert sum(item.votes is None for item in page.items) == 1
    assert _codes(page) == ["invalid-votes"]


@pytest.mark.parametrize("value", [DIGITS, "1e400", '"1e400K"'], ids=_id)
def test_next_data_section_total_absurd(value: str) -> None:
    page = triviaparse.parse(
        _sub(
            r'("section": \{\s*"items": \[.*?\],\s*"total": *)\d+',
            rf"\g<1>{value}",
            re.sub(r"\n\s*", " ", NEXT_DATA),
        )
    )
    assert len(page.items) == 8
    assert _codes(page) == ["invalid-number"]
    assert "uncategorized" in page.problems[0].message


# --- GraphQL --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['"1e400K"', DIGITS, "1e999", "NaN", "-Infinity"], ids=_id)
def test_graphql_users_voted_absurd(value: str) -> None:
    page = triviaparse.parse(_sub(r'"usersVoted": *\d+', f'"usersVoted": {value}', GRAPHQL))
    assert len(page.items) == 3 and page.page_kind == "trivia" and page.declared_total == 8
    assert page.items[0].votes is None and page.items[1].votes is not None
    assert _codes(page) == ["invalid-votes", "incomplete-page"]
    assert page.problems[0].item == 0
    assert len(page.problems[0].message) < 200


def test_graphql_total_and_year_absurd() -> None:
    text = _sub(r'"total": *\d+', f'"total": {DIGITS}', GRAPHQL)
    text = _sub(r'"year": *\d+', f'"year": {DIGITS}', text)
    page = triviaparse.parse(text)
    assert len(page.items) == 3 and page.title == "The Lantern Keeper"
    assert page.declared_total is None and page.year is None
    assert _codes(page) == ["invalid-number", "invalid-number"]
