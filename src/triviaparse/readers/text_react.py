"""Text copied from a React-era page (2023 onwards): section headings with their counts, each
item followed by its up and down vote counts and its widgets, each on a line of its own.

The detector and the raw-text reader ask :func:`looks_like_react_copy` which of the two text
readers a copy needs; :func:`read` reads it. Every pattern is anchored: time is linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..model import (
    DEFAULT_CATEGORY,
    PageKind,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
)
from ..normalize import category_id, clean_line, find_votes_of, parse_count
from . import Context
from ._imdb import GROUP_LABELS, SPOILER_LABELS, kind_of_word

__all__ = ["looks_like_react_copy", "read"]

#: A vote count or a section's item count as the React page writes it: "34", "1.2K", "1,234".
_R_COUNT = re.compile(r"\d{1,3}(?:,\d{3})++|\d{1,9}|\d{1,3}(?:\.\d{1,2})?[KM]")
#: The two vote counts and a widget after them, or a section label and its item count: the
#: marks of a React copy.
_R_MARK = re.compile(
    r"^[ \t]*+\d[\d.,]{0,8}[KM]?[ \t]*+\r?\n[ \t]*+\d[\d.,]{0,8}[KM]?[ \t]*+"
    r"\r?\n[ \t]*+(?:Share|Edit)[ \t]*+\r?$",
    re.M,
)
#: ``_R_MARK`` after a line break: a search for a pattern that starts with a literal skips
#: from line break to line break, where one that starts with ``^`` is tried at every character.
_R_MARK_NEXT = re.compile("\n" + _R_MARK.pattern.removeprefix("^"), re.M)
#: A line holding only a count, after a line break: every mark but a vote mark on the first
#: line has one (the vote mark's first count, the heading mark's item count).
_R_COUNT_LINE = re.compile(r"\n[ \t]*+\d[\d.,]*+[KM]?[ \t]*+\r?$", re.M)
#: One of IMDb's group labels over its item count, each on a line of its own.
_R_HEADING_MARK = re.compile(
    r"^[ \t]*+(?:" + "|".join(re.escape(label) for label in sorted(GROUP_LABELS)) + ")"
    r"[ \t]*+\r?\n[ \t]*+\d{1,3}(?:,\d{3})*+[ \t]*+\r?$",
    re.M | re.I,
)
#: Per-item widgets and section controls: never item text.
_R_WIDGETS = frozenset(
    s.lower()
    for s in (
        "Share",
        "Edit",
        "Helpful",
        "Not helpful",
        "Upvote",
        "Downvote",
        "Report",
        "Copy link",
        "See more",
        "See all",
        "More",
        "Show less",
        "Change view",
        "Expand all",
        "Collapse all",
    )
)
#: The site header's words, skipped where no item is open.
_R_HEADER = frozenset(
    s.lower()
    for s in (
        "IMDb",
        "Menu",
        "All",
        "Movies",
        "TV Shows",
        "Watch",
        "Awards & Events",
        "Celebs",
        "Community",
        "IMDbPro",
        "Watchlist",
        "Sign In",
        "EN",
        "Use app",
    )
)
_R_MORE = re.compile(r"\d{1,6} more", re.I)
#: What follows the items: the site footer and the page's closing blocks.
_R_END = re.compile(
    r"Contribute to this page|Edit page|Related|More from this title|Recently viewed"
    r"|Get the IMDb App|Conditions of Use|Privacy Policy|Back to top"
    r"|© \d{4}(?:-\d{4})? by IMDb\.com, Inc\.?",
    re.I,
)

_Lines = Sequence[tuple[int, str]]


def looks_like_react_copy(text: str) -> bool:
    """A copy of a React-era page: vote counts then a widget on lines of their own, or a
    section label over its item count, and none of the classic page's vote phrases."""
    return (
        _R_MARK.match(text) is not None
        or (
            _R_COUNT_LINE.search(text) is not None
            and (_R_MARK_NEXT.search(text) is not None or _R_HEADING_MARK.search(text) is not None)
        )
    ) and find_votes_of(text) is None


@attrs.define
class _ReactCopy:
    """Items of a React copy as they are cut, with the section they stand in."""

    ctx: Context
    items: list[TriviaItem] = attrs.Factory(list)
    counts: dict[str, int] = attrs.Factory(dict)
    label: str | None = None
    category: str = DEFAULT_CATEGORY
    spoiler: bool = False
    pending: list[str] = attrs.Factory(list)  # lines of the item not closed yet

    kind: PageKind | None = None  # the page a section named after one shows
    uncounted: bool = False  # a heading showed no count: the page's total is not known

    def section(self, label: str, count: int | None) -> None:
        """A section heading; a section named after its page ("Crazy credits") holds the
        page's uncategorized items."""
        self.label = label
        named_kind = kind_of_word(label)
        self.kind = self.kind or named_kind
        self.category = DEFAULT_CATEGORY if named_kind is not None else category_id(label)
        self.spoiler = label.lower() in SPOILER_LABELS
        if count is not None:
            self.counts[label] = count
        else:
            self.uncounted = True

    def close(self, votes: Votes | None = None) -> None:
        """The pending lines make one item (if any), with ``votes``."""
        if self.pending:
            self.items.append(
                TriviaItem(
                    text="\n".join(self.pending),
                    category=self.category,
                    category_label=self.label,
                    is_spoiler=self.spoiler,
                    votes=votes,
                )
            )
        self.pending = []

    def close_with_votes(self, no: int, up: str, down: str) -> None:
        """Vote counts on line ``no`` close the pending item; odd counts are reported."""
        votes = _react_votes(up, down)
        if votes is None:
            self.ctx.problem(
                ProblemCode.INVALID_VOTES,
                f"unreadable vote counts {up!r}",
                line=no,
                item=len(self.items),
            )
        if not self.pending:
            self.ctx.problem(
                ProblemCode.ORPHAN_VOTE_LINE, f"vote counts {up!r} follow no item", line=no
            )
        self.close(votes)

    def line(self, text: str, *, is_count: bool, count_follows: bool) -> None:
        """One line that is not a pair of vote counts: a section heading's count, header or
        widget furniture, the spoiler mark, a heading without count, or item text."""
        low = text.lower()
        if is_count:  # a section heading's count: its label is the line above
            if self.pending:
                label = self.pending.pop()
                self.close()
                self.section(label, parse_count(text))
        elif low in _R_HEADER and not self.pending:
            pass
        elif low in _R_WIDGETS or _R_MORE.fullmatch(text):
            self.close()
        elif low in SPOILER_LABELS and not count_follows:
            self.close()
            self.spoiler = True
        elif not self.pending and low in GROUP_LABELS and not count_follows:
            self.section(text, None)  # a heading shown without its count
        else:
            self.pending.append(text)


def _react_votes(up: str, down: str) -> Votes | None:
    """The votes of an item's up and down counts; None when a count is unreadable."""
    try:
        return Votes(
            interested=parse_count(up),
            total=parse_count(up) + parse_count(down),
            raw=f"{up} up / {down} down",
        )
    except ValueError:
        return None


def _is_count(lines: _Lines, k: int) -> bool:
    return k < len(lines) and _R_COUNT.fullmatch(lines[k][1]) is not None


def _react_header(lines: _Lines) -> tuple[str | None, PageKind | None, int]:
    """(title, page kind, index of the first body line) of a React copy.

    The body begins at the first section heading over its count (else the first vote counts,
    else the top); the page heading is the last "Trivia" (…) line above that, and the title
    the line above the heading. The site header and the title's own menu stand before it.
    """
    n = len(lines)
    first = next(
        (
            k
            for k in range(n - 1)
            if not _is_count(lines, k) and _is_count(lines, k + 1) and not _is_count(lines, k + 2)
        ),
        None,
    )
    if first is None:
        first = next(
            (
                max(k - 1, 0)
                for k in range(n - 1)
                if _is_count(lines, k) and _is_count(lines, k + 1)
            ),
            0,
        )
    for k in range(first - 1, 0, -1):
        kind = kind_of_word(lines[k][1])
        if kind is not None:
            return lines[k - 1][1], kind, k + 1
    return None, None, first


def _nonblank_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, cleaned text) of each line that is not blank once cleaned."""
    lines = [
        (no, clean_line(raw))
        for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)
    ]
    return [(no, t) for no, t in lines if t]


def _cut(lines: _Lines, start: int, out: _ReactCopy) -> None:
    """Cut the body from ``lines[start]`` to the site footer into ``out``'s items."""
    k = start
    while k < len(lines):
        no, t = lines[k]
        if _R_END.fullmatch(t):
            break
        is_count, count_follows = _is_count(lines, k), _is_count(lines, k + 1)
        if is_count and count_follows:
            out.close_with_votes(no, t, lines[k + 1][1])
            k += 2
            continue
        out.line(t, is_count=is_count, count_follows=count_follows)
        k += 1
    out.close()


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a select-all copy of a React-era page: the title line, the page heading
    ("Trivia"), then per section its label (and count) and its items, each closed by its vote
    counts and widgets; a "Spoilers" line marks the section's spoiler items."""
    lines = _nonblank_lines(text)
    title, kind, start = _react_header(lines)
    out = _ReactCopy(ctx)
    _cut(lines, start, out)
    declared = sum(out.counts.values()) if out.counts and not out.uncounted else None
    if declared is not None and len(out.items) < declared:
        ctx.problem(
            ProblemCode.INCOMPLETE_PAGE,
            f"the copy shows {len(out.items)} of the {declared} items its headings "
            "declare; the page shows only the first items of each section",
        )
    return TriviaPage(
        title=title,
        page_kind=kind or out.kind or PageKind.TRIVIA,
        source_format=SourceFormat.TEXT,
        items=tuple(out.items),
        declared_total=declared,
        declared_counts=out.counts if len(out.counts) > 1 else {},
    )
