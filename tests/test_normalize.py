"""normalize: the text, count, vote and category helpers every reader shares."""

from __future__ import annotations

import pytest

from triviaparse.model import DEFAULT_CATEGORY, Votes
from triviaparse.normalize import (
    MAX_COUNT,
    VotesOf,
    category_id,
    clean_line,
    clean_text,
    find_votes_of,
    json_count,
    parse_count,
    parse_votes_of,
    updown_votes,
)

# --- clean_line / clean_text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Keanu   Reeves  ", "Keanu Reeves"),
        ("a\tb\u00a0c", "a b c"),  # tab and no-break space are spaces
        ("a\u200bb", "a b"),  # zero-width space separates
        ("\ufeffTrivia", "Trivia"),  # a byte-order mark is blank
        ("a\u3000\u2009b", "a b"),  # a run of Unicode spaces is one space
        ("", ""),
        (" \t\u00a0 ", ""),
    ],
)
def test_clean_line_collapses_every_kind_of_space(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


def test_clean_line_keeps_line_breaks() -> None:
    assert clean_line(" one \n two ") == "one \n two"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Already clean.", "Already clean."),
        ("  two  spaces  ", "two spaces"),
        ("first\r\n\r\n\r\nsecond", "first\nsecond"),  # a run of blank lines is one break
        ("first\rsecond", "first\nsecond"),  # an old Mac line end is a break
        ("first\u2028second\u2029third", "first\nsecond\nthird"),
        ("first \n \t \n second", "first\nsecond"),
        ("a\u200bb\n\ufeff\nc", "a b\nc"),
        ("\n\n", ""),
    ],
)
def test_clean_text_keeps_single_paragraph_breaks(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


# --- parse_count / json_count ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("6", 6),
        ("1,234", 1234),
        ("1.234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1.2K", 1200),
        ("3k", 3000),
        ("3M", 3_000_000),
        ("1,5K", 1500),
        (" 42 ", 42),
        (str(MAX_COUNT), MAX_COUNT),
    ],
)
def test_parse_count_reads_counts_as_imdb_writes_them(text: str, n: int) -> None:
    assert parse_count(text) == n


@pytest.mark.parametrize(
    "text",
    [
        "",
        "K",
        "-5",
        "five",
        "1e5",
        "١٢٣",  # Arabic-Indic digits are no count here
        str(MAX_COUNT + 1),
        "9" * 30,
    ],
)
def test_parse_count_refuses_what_is_no_count(text: str) -> None:
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize(("value", "n"), [(7, 7), (7.0, 7), ("1,234", 1234), (0, 0)])
def test_json_count_takes_ints_integral_floats_and_strings(value: object, n: int) -> None:
    assert json_count(value) == n


@pytest.mark.parametrize(
    "value",
    [
        True,
        None,
        [3],
        1.5,
        float("nan"),
        float("inf"),
        -1,
        -1.0,
        MAX_COUNT + 1,
        10**400,
        "x",
    ],
)
def test_json_count_refuses_everything_else(value: object) -> None:
    with pytest.raises(ValueError):
        json_count(value)


# --- vote phrases -------------------------------------------------------------------------------


def test_find_votes_of_gives_place_and_counts_as_written() -> None:
    text = "An item. 1,234 of 1,300 found this interesting | Share this"
    found = find_votes_of(text)
    assert found == VotesOf(9, 46, "1,234", "1,300")
    assert text[found.start : found.end] == "1,234 of 1,300 found this interesting"


def test_find_votes_of_takes_the_leftmost_phrase_and_every_verb() -> None:
    text = "2 of 3 found this relevant, then 4 of 5 found this helpful"
    found = find_votes_of(text)
    assert found is not None and (found.interested, found.total) == ("2", "3")
    assert find_votes_of("nobody found this interesting") is None
    assert find_votes_of("") is None


def test_find_votes_of_reads_a_run_of_digit_groups_like_a_regex() -> None:
    # The leftmost count that ends before " of": one to three digits then its groups.
    found = find_votes_of("x 12,345,678 of 99,999,999 found this interesting")
    assert found is not None and found.interested == "12,345,678"
    found = find_votes_of("x 1234,567 of 9,999,999 found this interesting")
    assert found is not None and found.interested == "234,567"


def test_parse_votes_of() -> None:
    assert parse_votes_of("Item.  6 of  7 found this interesting") == Votes(
        interested=6, total=7, raw="6 of 7 found this interesting"
    )
    assert parse_votes_of("no phrase") is None
    with pytest.raises(ValueError):
        parse_votes_of("8 of 7 found this interesting")  # more interested than voted


def test_updown_votes_counts_every_voter() -> None:
    assert updown_votes(30, 4) == Votes(interested=30, total=34, raw=None)
    assert updown_votes(0, 0, raw="0 up / 0 down") == Votes(
        interested=0, total=0, raw="0 up / 0 down"
    )


# --- category ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "cid"),
    [
        ("Director Trademark", "director-trademark"),
        ("Audio/visual unsynchronized", "audio-visual-unsynchronized"),
        ("  Crew or  equipment visible ", "crew-or-equipment-visible"),
        ("Spoilers", "spoilers"),
        (None, DEFAULT_CATEGORY),
        ("", DEFAULT_CATEGORY),
        ("???", DEFAULT_CATEGORY),
    ],
)
def test_category_id(label: str | None, cid: str) -> None:
    assert category_id(label) == cid
