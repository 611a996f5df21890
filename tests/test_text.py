"""The raw-text reader: the seed page, our own pasted variants, and the edges of the format."""

from __future__ import annotations

import textwrap

import pytest

import triviaparse
from triviaparse import PageKind, ProblemCode, TriviaparseError
from triviaparse.readers._imdb import TITLE_TYPES, kind_of_word

from .helpers import FIXTURES, SEEDS

SEED = SEEDS / "000_9017f672b945b993.txt"

# The fictional page every file in tests/fixtures/text/ except categories.txt was pasted from,
# written out by hand: (text, votes or None, is_spoiler).
LIGHTHOUSE = [
    (
        "The lighthouse scenes were filmed at a working lighthouse on the Isle of Man, which was "
        "closed to visitors for six weeks.",
        None,
        False,
    ),
    (
        "Director Mara Quill wrote the first draft of the screenplay in eleven days while "
        "recovering from a broken leg.",
        None,
        False,
    ),
    (
        "The film's budget was $4.5 million, of which nearly a third went on the storm sequence "
        "in the second act.",
        (1234, 1300),
        False,
    ),
    (
        "Lead actress Ines Ferreira learned to row a traditional Manx skiff for the role. She "
        "practised every morning for three months and refused a stunt double for the harbour "
        "scenes.",
        None,
        False,
    ),
    (
        'The Portuguese title, "A Filha do Faroleiro", translates literally as "The Lighthouse '
        "Keeper's Daughter\".",
        None,
        False,
    ),
    ("The fog in the night scenes is real: the crew waited nine nights for it.", (6, 6), False),
    (
        "The daughter's letters are never read aloud. In the novel every chapter opens with one "
        "of them.",
        None,
        False,
    ),
    (
        "Nobody dies in the storm. The final shot was added after test audiences asked what "
        "became of the keeper.",
        (7, 8),
        True,
    ),
    (
        "The keeper's drowning was shot last, on the final day of principal photography, with "
        "the whole crew watching from the pier.",
        None,
        True,
    ),
]
VARIANTS = [
    "browser_copy.txt",
    "site_copy_crlf.txt",
    "blank_lines_tabs.txt",
    "wrapped_widgets.txt",
    "yes_no_permalink.txt",
    "wrapped_blank_lines.txt",
]


def _facts(page: triviaparse.TriviaPage) -> list[tuple[str, tuple[int, int] | None, bool]]:
    return [
        (i.text, (i.votes.interested, i.votes.total) if i.votes else None, i.is_spoiler)
        for i in page.items
    ]


@pytest.mark.parametrize("name", VARIANTS)
def test_every_pasted_variant_gives_the_same_items(name: str) -> None:
    page = triviaparse.parse_file(FIXTURES / "text" / name)
    assert _facts(page) == LIGHTHOUSE
    assert (page.title, page.year) == ("The Lighthouse Keeper's Daughter", 2011)
    assert dict(page.declared_counts) == {"Spoilers": 2}
    assert page.problems == ()
    assert all(i.category == "uncategorized" and i.category_label is None for i in page.items)
    assert page.source_format == "text"


def test_site_copy_reads_the_declared_total() -> None:
    page = triviaparse.parse_file(FIXTURES / "text" / "site_copy_crlf.txt")
    assert page.declared_total == 9
    assert not any(
        "IMDb" in i.text or "Sign in" in i.text or "Copyright" in i.text for i in page.items
    )


def test_category_groups() -> None:
    page = triviaparse.parse_file(FIXTURES / "text" / "categories.txt")
    got = [(i.category, i.category_label, i.is_spoiler, i.text[:20]) for i in page.items]
    assert got == [
        ("uncategorized", None, False, "Filmed in 41 days in"),
        ("uncategorized", None, False, "The score uses no in"),
        ("cameo", "Cameo", False, "Director Tomas Berg "),
        ("director-trademark", "Director Trademark", False, "A red umbrella appea"),
        ("director-trademark", "Director Trademark", False, "The story opens and "),
        ("uncategorized", None, True, "The ferryman is the "),
        ("uncategorized", None, True, "The last scene was s"),
        ("uncategorized", None, True, "The umbrella belonge"),
    ]
    assert dict(page.declared_counts) == {"Cameo": 1, "Director Trademark": 2, "Spoilers": 3}
    assert page.declared_total == 8
    assert page.items[1].votes == triviaparse.Votes(interested=12, total=15)
    assert page.problems == ()


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")
def test_seed_page_exactly() -> None:
    page = triviaparse.parse_file(SEED)
    assert (page.title, page.year, page.page_kind) == ("Never Let Me Go", 2010, "trivia")
    assert len(page.items) == 22
    assert [i.is_spoiler for i in page.items] == [False] * 19 + [True] * 3
    voted = {i.text: (i.votes.interested, i.votes.total) for i in page.items if i.votes}
    assert voted == {
        "The author of the original book has been awarded a Literature Nobel Prize.": (6, 6),
        "The film takes place in 1978, 1985 and 1994.": (7, 8),
    }
    assert dict(page.declared_counts) == {"Spoilers": 3}
    assert page.problems == ()
    furniture = (
        "Poster",
        "Jump to",
        "Share this",
        "may give away important plot points",
        "See also",
        "Crazy Credits | Quotes",
        "Contribute to This Page",
        "\u00a0",
    )
    for item in page.items:
        assert not any(f in item.text for f in furniture), item.text
        assert item.text == item.text.strip() and "  " not in item.text
    assert page.items[14].text.startswith('The French title, "Auprès de moi toujours"')
    assert page.items[0].text.startswith('"Never Let Me Go" is Carey Mulligan\'s favorite')


def _wrap(text: str, width: int, *, blank: bool) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(textwrap.wrap(line, width) if len(line) > width else [line])
        if blank and line.strip():
            out.append("")
    return "\n".join(out)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")
@pytest.mark.parametrize("width", [60, 72, 78, 100])
def test_seed_hard_wrapped_with_blank_lines(width: int) -> None:
    seed = SEED.read_text(encoding="utf-8")
    want = [(i.text, i.votes, i.is_spoiler) for i in triviaparse.parse(seed).items]
    page = triviaparse.parse(_wrap(seed, width, blank=True).replace("\n", "\r\n"))
    assert [(i.text, i.votes, i.is_spoiler) for i in page.items] == want
    assert page.problems == ()


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")
@pytest.mark.parametrize("width", [60, 72])
def test_seed_hard_wrapped_with_widgets_after_every_item(width: int) -> None:
    seed = SEED.read_text(encoding="utf-8")
    want = [(i.text, i.votes, i.is_spoiler) for i in triviaparse.parse(seed).items]
    lines = []
    for line in seed.split("\n"):
        lines.append(line)
        if line in {i.text for i in triviaparse.parse(seed).items if i.votes is None}:
            lines.append("Is this interesting? Interesting | Share this")
    page = triviaparse.parse(_wrap("\n".join(lines), width, blank=False))
    assert [(i.text, i.votes, i.is_spoiler) for i in page.items] == want
    assert page.problems == ()


WRAPPED_40 = (
    "The first item is long enough to wrap at\n"
    "forty columns and ends exactly at edge.\n"
    "Second item starts with a capital and\n"
    "continues on the next line, wrapped too.\n"
)


def test_hard_wrapped_without_separators_guesses_and_says_so() -> None:
    page = triviaparse.parse("Jump to: Spoilers (0)\n" + WRAPPED_40)
    assert [i.text for i in page.items] == [
        "The first item is long enough to wrap at forty columns and ends exactly at edge.",
        "Second item starts with a capital and continues on the next line, wrapped too.",
    ]
    assert [p.code for p in page.problems] == [ProblemCode.AMBIGUOUS_WRAPPING]


def test_hard_wrapped_without_separators_follows_the_announced_count() -> None:
    page = triviaparse.parse("Showing all 1 items\n" + WRAPPED_40)
    assert [i.text for i in page.items] == [
        "The first item is long enough to wrap at forty columns and ends exactly at edge. "
        "Second item starts with a capital and continues on the next line, wrapped too."
    ]
    assert page.problems == ()


def test_wrap_right_after_a_full_stop_with_two_spaces_is_still_a_wrap() -> None:
    """Typed with two spaces after a full stop and wrapped at 96, the third item's first line
    ends with its first sentence: the next word needed two spaces more than the line had left,
    one would have fitted. Found by the noise property (the single-space copy was read right)."""
    from triviaparse.testing.render import TextStyle, render

    short = "Ωmega for To 5% Reykjavik 東京 was the café original Keanu music title Keanu."
    long = (
        "Ωmega Carey Mulligan for To 5% Reykjavik 東京 was the café original Keanu music "
        "title Keanu. Actor version 1,234 title Zürich To über Ωmega music x<y a co-star "
        "1978 Norfolk Keanu title last role Norfolk 1978 To 東京 night Me' a."
    )
    page = triviaparse.TriviaPage(
        items=(
            triviaparse.TriviaItem(text=short),
            triviaparse.TriviaItem(text=short),
            triviaparse.TriviaItem(text=long),
        )
    )
    two = render(
        page, format="text", style=TextStyle(separator="none", widgets="all", wrap=96, space="  ")
    )
    assert "Keanu.\nActor" in two  # the case: the wrap falls right after the full stop
    assert [i.text for i in triviaparse.parse(two).items] == [short, short, long]


def test_wrapped_lines_after_a_closing_parenthesis_still_look_wrapped() -> None:
    """Three items wrapped at 72 with two spaces between sentences: one break follows "(sic)",
    which ends like a sentence, but the next line starts in lower case, so it is a cut
    mid-sentence all the same. Found by the noise property."""
    from triviaparse.testing.render import TextStyle, render

    texts = (
        "Ωmega for To 5% Reykjavik 東京 was the café original Keanu music title Keanu.",
        "5% Carey Mulligan script it's. A Carey Mulligan studio Zürich (sic) budget in.",
        'Novel Carey Mulligan "real" Hailsham sequel. $4.5 and for naïve. Norfolk R&D über 5%.',
    )
    page = triviaparse.TriviaPage(items=tuple(triviaparse.TriviaItem(text=t) for t in texts))
    copy = render(
        page, format="text", style=TextStyle(separator="none", widgets="all", wrap=72, space="  ")
    )
    assert "(sic)\nbudget" in copy
    assert tuple(i.text for i in triviaparse.parse(copy).items) == texts


def test_one_clear_cut_shows_wrapping_when_most_wraps_fall_on_sentence_ends() -> None:
    """Wrapped at 40 with two spaces between short sentences, two of the last item's three
    breaks fall on sentence ends; the other ends without one ("was the") above a lower-case
    word ("café"), which no item or paragraph does, so the copy is hard-wrapped all the same.
    Found by the formats-agree property under the ci profile at 3,000 examples."""
    from triviaparse.testing.render import TextStyle, render

    short = "5% script it's."
    long = (
        "Ωmega for To 5% Reykjavik 東京 was the café original Keanu music title Keanu. "
        "5% script it's. For Zürich of über. For Zürich of über."
    )
    page = triviaparse.TriviaPage(
        items=tuple(triviaparse.TriviaItem(text=t) for t in (short, short, short, long))
    )
    copy = render(
        page, format="text", style=TextStyle(separator="none", widgets="all", wrap=40, space="  ")
    )
    assert "was the\ncafé" in copy and "Keanu.\n5%" in copy and "über.\nFor" in copy
    assert [i.text for i in triviaparse.parse(copy).items] == [short, short, short, long]


def test_blank_lines_under_headings_separate_one_item_groups() -> None:
    """Wrapped at 40 with blank lines between blocks and one item in each group: no two text
    lines neighbour each other once unwrapped, so only the blank line under each heading shows
    that blank lines, not line breaks, separate the items; the last item's second sentence,
    which starts a line after a full stop at the wrap width, stays in it. Found by the
    formats-agree property under the ci profile at 4,000 examples."""
    from triviaparse.testing.render import TextStyle, render

    one = "Ωmega for To 5% Reykjavik 東京 was the café original Keanu music title Keanu."
    page = triviaparse.TriviaPage(
        items=(
            triviaparse.TriviaItem(text=one),
            triviaparse.TriviaItem(text=one, category="cameo", category_label="Cameo"),
            triviaparse.TriviaItem(
                text=f"{one} {one}",
                category="director-trademark",
                category_label="Director Trademark",
            ),
        )
    )
    copy = render(page, format="text", style=TextStyle(separator="blank", wrap=40))
    assert "Cameo\n\nΩmega" in copy and "Keanu.\nΩmega" in copy
    got = triviaparse.parse(copy)
    assert [(i.text, i.category) for i in got.items] == [
        (one, "uncategorized"),
        (one, "cameo"),
        (f"{one} {one}", "director-trademark"),
    ]
    assert got.problems == ()


def test_inline_vote_phrase_is_split_from_the_item() -> None:
    page = triviaparse.parse(
        "Jump to: Spoilers (0)\nA fact. 3 of 4 found this interesting "
        "Interesting? | Share this\nAnother fact.\n"
    )
    assert [(i.text, i.votes) for i in page.items] == [
        ("A fact.", triviaparse.Votes(interested=3, total=4)),
        ("Another fact.", None),
    ]


def test_orphan_vote_line_is_a_problem_not_a_loss() -> None:
    page = triviaparse.parse(
        "Jump to: Spoilers (1)\n2 of 2 found this interesting\n"
        "The trivia items below may give away important plot points.\n"
        "5 of 9 found this interesting\nTwist.\n"
    )
    assert [i.text for i in page.items] == ["Twist."]
    orphans = [p for p in page.problems if p.code == ProblemCode.ORPHAN_VOTE_LINE]
    assert [p.line for p in orphans] == [2, 4]
    with pytest.raises(triviaparse.MalformedPage, match="line 2"):
        triviaparse.parse(
            "Jump to: Spoilers (1)\n2 of 2 found this interesting\nTwist.\n",
            strict=True,
            source="pasted.txt",
        )


def test_declared_count_mismatch_is_reported() -> None:
    text = "Showing all 3 items\nJump to: Spoilers (1)\nOne.\nTwo.\n"
    page = triviaparse.parse(text)
    codes = [p.code for p in page.problems]
    assert codes.count(ProblemCode.DECLARED_COUNT_MISMATCH) == 2
    with pytest.raises(triviaparse.IncompletePage, match="declares 3 items"):
        triviaparse.parse(text, strict=True)


def test_large_vote_numbers_and_crlf() -> None:
    text = "Jump to: Spoilers (0)\r\nBig fact.\r\n1,234 of 1,300 found this interesting\r\n"
    (item,) = triviaparse.parse(text).items
    assert item.votes == triviaparse.Votes(interested=1234, total=1300)
    assert item.votes is not None and item.votes.raw == "1,234 of 1,300 found this interesting"


def test_forced_text_format_reads_plain_paragraphs() -> None:
    page = triviaparse.parse("First paragraph.\n\nSecond\u00a0 paragraph.\n", format="text")
    assert [i.text for i in page.items] == ["First paragraph.", "Second paragraph."]
    assert triviaparse.parse("First paragraph.\n").problems[0].code == "unrecognized-input"


def test_unrecognized_input_strict_and_lenient() -> None:
    page = triviaparse.parse("just some words\nnothing imdb about them\n")
    assert page.items == () and page.page_kind == "unknown"
    assert [p.code for p in page.problems] == [ProblemCode.UNRECOGNIZED_INPUT]
    with pytest.raises(triviaparse.UnrecognizedInput) as info:
        triviaparse.parse(b"just some words", strict=True, source="notes.txt")
    assert isinstance(info.value, TriviaparseError) and "notes.txt" in str(info.value)


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        triviaparse.parse("x", format="pdf")


# --- the shared IMDb facts (readers/_imdb.py) in both text readers --------------------------


@pytest.mark.parametrize("kind_type", TITLE_TYPES)
def test_title_line_takes_every_title_type_of_the_shared_pattern(kind_type: str) -> None:
    page = triviaparse.parse(
        f"The Lantern Keeper ({kind_type} 2020) Poster\n\nTrivia\n\n"
        "The lens was made in 1911.\n"
        "3 of 4 found this interesting | Share this\n"
    )
    assert (page.title, page.year) == ("The Lantern Keeper", 2020)
    assert [i.text for i in page.items] == ["The lens was made in 1911."]


@pytest.mark.parametrize(
    "heading",
    [
        "Trivia",
        "Goofs",
        "Crazy credits",
        "Filming & production",
        "Plot keywords",
        "Quotes",
        "Soundtrack",
        "Soundtracks",
    ],
)
def test_react_copy_page_heading_names_the_kind_by_the_shared_words(heading: str) -> None:
    page = triviaparse.parse(
        f"The Quiet Harbour\n{heading}\nUncategorized\n2\n"
        "First item.\n3\n1\nShare\nSecond item.\n4\n0\nShare\n"
    )
    assert page.page_kind is kind_of_word(heading) is not None
    assert page.title == "The Quiet Harbour"
    assert [(i.text, i.category) for i in page.items] == [
        ("First item.", "uncategorized"),
        ("Second item.", "uncategorized"),
    ]


def test_react_copy_is_recognised_by_any_shared_group_label_over_its_count() -> None:
    # A singular label ("Plot hole") is one of IMDb's group labels (GROUP_LABELS) as well.
    page = triviaparse.parse(
        "The Quiet Harbour\nGoofs\nPlot hole\n1\nThe boat changes colour between shots.\n"
    )
    assert page.page_kind is PageKind.GOOFS
    assert [(i.text, i.category) for i in page.items] == [
        ("The boat changes colour between shots.", "plot-hole")
    ]
    assert page.problems == ()
