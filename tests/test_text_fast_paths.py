"""The raw-text reader's shortcuts, checked against the slow tests they stand in for.

Each shortcut (issue 13) answers a question the reader asked before with a regex pass or a
cleaning pass over the whole line; these properties draw lines made of the pieces that matter
(widget tokens, the letters ``re.I`` folds, spaces of every kind, vote phrases) and check that
the shortcut gives the same answer as the original, on every line drawn.
"""

from __future__ import annotations

import re
import sys

import attrs
import pytest

from triviaparse.model import ProblemCode, Votes
from triviaparse.normalize import clean_line, find_votes_of
from triviaparse.readers import Context, text_react
from triviaparse.readers import text as text_reader
from triviaparse.readers._imdb import GROUP_LABELS, KIND_WORDS, kind_of_word

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the property tests skip without hypothesis
    given = None

from .conftest import examples

#: Characters ``re.I`` matches to ASCII letters of the patterns ("İ", "ı", "ſ", the Kelvin sign).
_FOLDED = ["\u0130", "\u0131", "\u017f", "\u212a"]
_WIDGET_WORDS = [
    "Is this interesting?",
    "Interesting?",
    "interesting",
    "Share this:",
    "Share",
    "this",
    "Hide",
    "options",
    "Permalink:",
    "Facebook",
    "Twitter",
    "Pinterest",
    "E-mail",
    "Report this",
    "Yes",
    "No",
    "(up)",
    "(down)",
    "|",
    "•",
    ":",
    "[/title/tt0133093/trivia?item=tr0790957]",
    "/name/nm0000206/",
    "Sh",
    "are",
    "Not",
    "know",
    "Chris",
]
_PIECES = [
    *_WIDGET_WORDS,
    *_FOLDED,
    " ",
    "  ",
    ".",
    "a",
    "z",
    "Z",
    "1",
    ",",
    "'",
    "/",
    "\t",
    "\u00a0",
    "\u200b",
    "\u3000",
    "\x1c",
    "\x0b",
    "é",
    "Trivia",
    "Goofs",
    "crazy credits",
    "6 of 6 found this interesting",
    " Interesting? | Share this",
    "12",
    "0",
    "٣",
]


def _old_only_widgets(text: str) -> bool:
    return not text_reader._widget_rest(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Share this: Facebook | Twitter | Permalink",
        "No | Share",
        "this",
        "ShYesare",  # the token leaves "Share", a piece
        "SHARE THIS",
        "\u017fhare thi\u017f",  # "ſ" is "s" to re.I
        "Chris Pratt cites heroes Han Solo as influences.",
        "[/title/tt0133093/trivia?item=tr1]",
        "Report this [/title/tt0133093/trivia?item=tr1] x,y",
    ],
)
def test_widget_tail_test_agrees_on_examples(text: str) -> None:
    assert text_reader._only_widgets(text) == _old_only_widgets(text)


def test_plain_vote_line_reads_as_the_searched_one() -> None:
    raw = "  986 of 1012 found this interesting Interesting? | Share this"
    line = text_reader._classify(7, raw)
    assert line.kind is text_reader._Kind.VOTE
    assert line.votes == Votes(interested=986, total=1012, raw=line.text)
    assert (line.no, line.prefix, line.width) == (7, "", len(line.text))


def _old_react_marks(text: str) -> bool:
    return (
        text_react._R_MARK.search(text) is not None
        or text_react._R_HEADING_MARK.search(text) is not None
    ) and find_votes_of(text) is None


if given is not None:
    _line = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)

    @examples()
    @given(_line)
    def test_widget_tail_test_is_the_two_subs(text: str) -> None:
        assert text_reader._only_widgets(text) == _old_only_widgets(text)

    @examples()
    @given(_line)
    def test_plain_lines_need_no_cleaning(raw: str) -> None:
        if text_reader._plain(raw):
            assert clean_line(raw) == raw.strip()
            assert len(raw.strip(" \t\r\n\f\v")) == len(raw.strip())

    @examples()
    @given(st.text(max_size=60) | _line)
    def test_many_letters_name_no_page_kind(text: str) -> None:
        if text_reader._MANY_LETTERS.match(text) is not None:
            assert kind_of_word(text) is None

    @examples()
    @given(st.text(max_size=30) | _line | st.sampled_from(list(KIND_WORDS)).map(str.title))
    def test_two_letters_name_no_page_kind(text: str) -> None:
        """The two-letter test ``_classify_text`` skips the page-kind test with."""
        two = text.lower()[:2]
        if two.isascii() and two.isalpha() and two not in text_reader._KIND_STARTS:
            assert kind_of_word(text) is None

    @examples()
    @given(_line)
    def test_classify_is_clean_then_classify_text(raw: str) -> None:
        """The plain-line and plain-vote shortcuts of ``_classify`` against the original:
        ``clean_line`` then ``_classify_text`` (votes by ``find_votes_of``)."""
        line = text_reader._classify(3, raw)
        old = text_reader._classify_text(3, clean_line(raw))
        assert (line.text, line.kind, line.votes, line.prefix) == (
            old.text,
            old.kind,
            old.votes,
            old.prefix,
        )
        if line.kind is not text_reader._Kind.BLANK:
            assert line.width == len(raw.strip(" \t\r\n\f\v"))

    @examples()
    @given(st.from_regex(text_reader._PLAIN_VOTE, fullmatch=True))
    def test_plain_vote_shortcut_is_the_vote_search(text: str) -> None:
        line = text_reader._classify(1, text)
        old = text_reader._classify_text(1, text)
        assert (line.kind, line.votes, line.prefix) == (old.kind, old.votes, old.prefix)

    _react_line = st.sampled_from(
        [
            "12",
            " 3 ",
            "1.2K",
            "1,234",
            "Share",
            "Edit",
            "Cameo",
            "SPOILERS",
            "Director trademark",
            "An item.",
            "6 of 6 found this interesting",
            "\r",
            " ",
            "",
        ]
    )

    @examples()
    @given(st.lists(_react_line, max_size=10).map("\n".join) | st.text(max_size=30))
    def test_react_copy_marks_are_the_line_start_searches(text: str) -> None:
        assert text_react.looks_like_react_copy(text) == _old_react_marks(text)

    @examples()
    @given(
        st.lists(
            st.sampled_from(
                [
                    "Share this: Facebook  |  Twitter  |  Permalink",
                    "Share this: Facebook | Twitter |",
                    "Permalink",
                    "An item.",
                    "Report this",
                    "Trivia",
                    "\t",
                    "",
                    " ",
                    "6 of 6 found this interesting Interesting? | Share this",
                    "7 of 6 found this interesting",
                    "An item. 6 of 6 found this interesting",
                    "x 1,000,000,000 of 2 found this interesting Share this",
                ]
            ),
            max_size=12,
        ).map("\n".join)
    )
    def test_repeated_lines_classify_as_the_first(text: str) -> None:
        """A line seen before takes its kind from the first; each is what ``_classify`` says."""
        for ln in text_reader._lines(text):
            if ln.kind is not text_reader._Kind.BLANK:
                raw = text.split("\n")[ln.no - 1]
                again = text_reader._classify(ln.no, raw)
                assert (ln.text, ln.kind, ln.width, ln.votes, ln.prefix) == (
                    again.text,
                    again.kind,
                    again.width,
                    again.votes,
                    again.prefix,
                )


def test_case_folded_letters_are_widget_characters() -> None:
    """The case-sensitive character class holds every character the ``re.I`` one matched."""
    folded = re.compile(r"[abcdefghiklmnoprstuwy?:|•()\- .]", re.I)
    for c in map(chr, range(sys.maxunicode + 1)):
        if folded.fullmatch(c):
            assert text_reader._WIDGET_CHARS.fullmatch(c), hex(ord(c))


if given is not None:

    @examples()
    @given(
        st.sampled_from(
            [text_reader._END, text_reader._JUMP, text_reader._SHOWING, text_reader._WARNING]
        ).flatmap(lambda p: st.tuples(st.just(p), st.from_regex(p, fullmatch=True)))
    )
    def test_heading_lines_start_with_a_known_character(drawn: tuple[re.Pattern[str], str]) -> None:
        pattern, text = drawn
        if text and text.isascii() and text == clean_line(text):
            assert pattern.fullmatch(text)
            low = text.lower()
            if pattern is text_reader._END:
                assert low.startswith(text_reader._END_STARTS)
            else:
                assert low.startswith(("jump to", "showing ", "the "))

    @examples()
    @given(st.from_regex(text_reader._WIDGET_LINE, fullmatch=True))
    def test_widget_lines_start_with_a_known_character(text: str) -> None:
        if text and text.isascii() and text == clean_line(text) and text_reader._is_widget(text):
            assert text.lower().startswith(text_reader._WIDGET_STARTS)


@pytest.mark.parametrize(
    "text",
    [
        "[/title/tt0133093/trivia?item=tr1] Share this",
        "/name/nm0000206/bio Yes | No",
        "(up) Interesting",
        "| Share this |",
        ": Permalink",
        ". Report this",
        "Yes No",
        "E-mail Share this",
    ],
)
def test_widget_lines_of_every_first_character(text: str) -> None:
    assert text_reader._classify_text(1, text).kind is text_reader._Kind.WIDGET


# --- the passes the reader fused, as they were written before -------------------------------


def _old_mark_lines(lines: list[text_reader._Line], ctx: Context) -> None:
    """Widget tails, wrapped warnings and absurd votes marked in a walk of their own."""
    prev = None
    may_warn = []
    for i, ln in enumerate(lines):
        if ln.kind is text_reader._Kind.TEXT:
            if (
                prev is not None
                and prev.kind in text_reader._CLOSERS
                and text_reader._only_widgets(ln.text)
            ):
                ln.kind = text_reader._Kind.WIDGET
            elif len(ln.text) <= 80 and "below" in ln.text:
                may_warn.append(i)
        elif ln.kind is text_reader._Kind.VOTE and ln.votes is None:
            ctx.problem(
                ProblemCode.INVALID_VOTES,
                f"the votes of {ln.text[:60]!r}… are absurd numbers; left out",
                line=ln.no,
            )
        if ln.kind is not text_reader._Kind.BLANK:
            prev = ln
    for i in may_warn:
        text_reader._join_wrapped_warning(lines, i)


def _old_body(region: list[text_reader._Line], labels: set[str]) -> list[text_reader._Line]:
    """Body lines picked, headings marked, inline votes split: three walks."""
    kinds = text_reader._Kind
    body = [
        ln if ln.kind is not kinds.TITLE else attrs.evolve(ln, kind=kinds.TEXT)
        for ln in region
        if ln.kind not in text_reader._NOT_BODY
        and not (ln.kind is kinds.TITLE and ln.text.endswith(" Poster"))
    ]
    for ln in body:
        if ln.kind is kinds.TEXT and len(ln.text) <= 60:
            low = ln.text.lower()
            if low in labels or low in GROUP_LABELS:
                ln.kind = kinds.HEADING
    out = []
    for ln in body:
        if ln.kind is kinds.VOTE and ln.prefix:
            out.append(text_reader._Line(ln.no, ln.prefix, kinds.TEXT, width=len(ln.prefix)))
            out.append(attrs.evolve(ln, prefix=""))
        else:
            out.append(ln)
    return out


def _old_dropped(lines: list[text_reader._Line]) -> list[text_reader._Line]:
    """The lines without each widget line whose line above (blank lines aside) is a vote or
    widget line; the blank lines on both sides of one left out are one blank line."""
    kinds = text_reader._Kind
    out: list[text_reader._Line] = []
    closed = dropped = False
    for ln in lines:
        if ln.kind is kinds.BLANK:
            if not (dropped and out[-1].kind is kinds.BLANK):
                out.append(ln)
            dropped = False
            continue
        dropped = closed and ln.kind is kinds.WIDGET
        if not dropped:
            out.append(ln)
        closed = ln.kind in text_reader._CLOSERS
    return out


def _fields(lines: list[text_reader._Line]) -> list[tuple[object, ...]]:
    return [(ln.no, ln.text, ln.kind, ln.votes, ln.prefix, ln.width) for ln in lines]


_PAGE_LINES = [
    "Matrix (1999) Poster",
    "The Matrix (1999)",
    "Trivia",
    "Jump to: Cameo (1) | Spoilers (2)",
    "Showing all 4 items",
    "Edit",
    "An item (1998)",
    "An item.",
    "Another item, wrapped",
    "over two lines.",
    "Cameo",
    "cameo",
    "Spoilers",
    "Director trademark",
    "The trivia items below may give away important plot points.",
    "The trivia items below may",
    "give away important",
    "plot points.",
    "6 of 6 found this interesting Interesting? | Share this",
    "An item. 6 of 7 found this interesting",
    "9 of 6 found this interesting",
    "1,000,000,000 of 1,000,000,001 found this interesting",
    "Share this: Facebook  |  Twitter  |  Permalink",
    "Share this: Facebook | Twitter |",
    "Permalink",
    "this",
    "Is this interesting? Yes | No",
    "See also",
    "",
    " ",
    "\t",
]

if given is not None:

    @examples()
    @given(st.lists(st.sampled_from(_PAGE_LINES), max_size=16).map("\n".join))
    def test_lines_marked_in_the_walk_are_the_old_marking(text: str) -> None:
        new_ctx, old_ctx = Context(), Context()
        new = text_reader._lines(text, new_ctx)
        old = text_reader._lines(text)
        _old_mark_lines(old, old_ctx)
        assert _fields(new) == _fields(_old_dropped(old))
        assert new_ctx.problems == old_ctx.problems

    @examples()
    @given(
        st.lists(st.sampled_from(_PAGE_LINES), max_size=16).map("\n".join),
        st.sets(st.sampled_from(["cameo", "director trademark", "an item."])),
    )
    def test_body_in_one_walk_is_the_three_walks(text: str, labels: set[str]) -> None:
        lines = text_reader._lines(text, Context())
        start, end = text_reader._region(lines)
        old = _old_body([attrs.evolve(ln) for ln in lines[start:end]], labels)
        new = text_reader._body(lines, start, end, labels)
        assert _fields(new) == _fields(old)

    _new_lines = text_reader._lines

    def _old_classified(text: str, ctx: Context | None = None) -> list[text_reader._Line]:
        lines = _new_lines(text)
        if ctx is not None:
            _old_mark_lines(lines, ctx)
        return lines

    @examples()
    @given(
        st.lists(st.sampled_from(_PAGE_LINES), max_size=20).map("\n".join)
        | st.lists(st.sampled_from(_PAGE_LINES), max_size=12).map("\n\n".join)
    )
    def test_page_read_with_the_fused_walks_is_the_old_read(text: str) -> None:
        """Reading a page with widget lines under closing lines left out, and every pass
        fused, gives the page, problems included, the separate walks gave."""
        new_ctx, old_ctx = Context(), Context()
        new = text_reader.read(text, new_ctx)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(text_reader, "_lines", _old_classified)
            old = text_reader.read(text, old_ctx)
        assert new == old
        assert new_ctx.problems == old_ctx.problems
