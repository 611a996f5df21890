"""Raw text copied out of a browser (or dumped by a text-mode browser, or pasted into e-mail).

The reader classifies every line, finds the region that holds the items (after the title,
"Showing all N items" and "Jump to:" lines, before "See also" / "Contribute to This Page" /
the site footer), undoes hard wrapping when the lines look wrapped, and then cuts items:

* vote lines ("6 of 6 found this interesting Interesting? | Share this") and widget lines
  ("Share this: Facebook | Twitter | Permalink", "Is this interesting? …") close the item
  above them and give it its votes;
* group headings (the labels the "Jump to:" line lists, or IMDb's known labels) set the
  category; a "Spoilers" heading or the "… may give away important plot points" warning
  switches the following items to spoilers;
* when every item is closed by a widget line, the lines between two widgets are one item
  (its paragraphs joined by "\\n"); otherwise a blank-line-separated page gives one item per
  block, and a browser copy with single line breaks gives one item per line.

Every pattern here is anchored or literal, so time is linear in the input.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterator, Sequence

import attrs

from ..limits import MAX_TEXT_LINES, TOO_LARGE
from ..model import (
    DEFAULT_CATEGORY,
    PageKind,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
    built_item,
    built_votes,
)
from ..normalize import category_id, clean_line, find_votes_of, parse_count
from . import Context
from ._imdb import GROUP_LABELS, KIND_WORDS, PAGE_ID, SPOILER_LABELS, TITLE_YEAR, kind_of_word
from .text_react import looks_like_react_copy
from .text_react import read as read_react_copy

__all__ = ["read"]

# ---------------------------------------------------------------------------------------------
# What each kind of line looks like (all matched against a line cleaned by clean_line).
# ---------------------------------------------------------------------------------------------

#: A title line: the shared title-and-year pattern, after the arrows some copies keep from the
#: previous/next links and before the " Poster" of the poster image's alt text.
_TITLE = re.compile(r"(?:[◄►«»←→‹›] ?)?" + TITLE_YEAR.pattern + r"(?P<poster> Poster)?")
_JUMP = re.compile(r"Jump to:? ?(?P<rest>.*)", re.I)
_JUMP_GROUP = re.compile(r"\((\d{1,3}(?:,\d{3})*|\d{1,7})\)")
_SHOWING = re.compile(r"Showing (?:all )?(\d{1,3}(?:,\d{3})*|\d{1,7}) items?", re.I)
_WARNING = re.compile(
    r"The [A-Za-z ]{1,40} below (?:may|might) give away (?:important )?plot "
    r"points\.?",
    re.I,
)
_IMDB_ID = re.compile(rf"imdb\.com/title/({PAGE_ID})(?![0-9])")

# Tokens of the per-item widgets; a line made only of these is widget furniture.
_WIDGET_TOKENS = re.compile(
    r"Is this interesting\?|Interesting\?|Interesting|Share this:?|Hide options|Permalink:?"
    r"|Facebook|Twitter|Pinterest|E-?mail|Report this|Yes|No|\((?:up|down)\)|\||•|:"
    # the permalink box as text browsers draw it: "[/title/tt0133093/tri]"
    r"|\[?/(?:title|name)/[a-z]{2}\d{1,10}/[^\s\]]{0,200}\]?",
    re.I,
)
# Pieces of a widget line that a wrapping browser (lynx) cut in two: "… No | Share" + "this".
_WIDGET_PIECES = re.compile(r"Share|Hide|this|options|Is|interesting\??|Permalink:?", re.I)
_WIDGET_KEYS = re.compile(r"Interesting|Share this|Permalink|Hide options|Report this|Yes|No", re.I)

# Whole lines of page furniture that are never item text, wherever they stand.
_FURNITURE = frozenset(
    s.lower()
    for s in (
        "Edit",
        "Poster",
        "Did You Know?",
        "Update",
        "Update Trivia",
        "Add an item",
        "Back to top",
        "Top",
        "Report a problem",
        "Getting Started",
        "Contributor Zone",
        "Getting Started | Contributor Zone »",
        "Edit page",
        "Add item",
        "Share",
        "Share on Facebook",
        "Share on Twitter",
        "Email link",
        "Copy link",
        "advertisement",
        "Advertisement",
    )
)
# Lines after which nothing is an item any more.
_END = re.compile(
    r"See also|Contribute to This Page|Getting Started \| Contributor Zone.*|Edit page"
    r"|Copyright ©.*|© \d{4}.*IMDb.*|Terms of Use \|.*|IMDb, an Amazon company"
    r"|Recently Viewed|Clear your history|Related News|Explore More|Related Items"
    r"|Share this page:?|Quick Links:?|ad feedback|Create a list ?»?|User Lists",
    re.I,
)
#: How a lower-cased ASCII ``_END`` line starts (one prefix of each alternative): ``re.I``
#: folds nothing else onto ASCII letters in an ASCII line, so no other line can match.
_END_STARTS = (
    "see also",
    "contribute ",
    "getting started ",
    "edit page",
    "copyright ",
    "terms of use ",
    "imdb, ",
    "recently viewed",
    "clear your ",
    "related ",
    "explore more",
    "share this page",
    "quick links",
    "ad feedback",
    "create a list",
    "user lists",
)
#: How a lower-cased ASCII widget line (a ``_WIDGET_LINE`` match) starts: a token, or a
#: space or dot.
_WIDGET_STARTS = (
    "is this interesting?",
    "interesting",
    "share this",
    "hide options",
    "permalink",
    "facebook",
    "twitter",
    "pinterest",
    "e-mail",
    "email",
    "report this",
    "yes",
    "no",
    "(up)",
    "(down)",
    "|",
    ":",
    "[/",
    "/",
    " ",
    ".",
)
#: How a lower-cased ASCII line of any of those kinds starts.
_SPECIAL_STARTS = (*_END_STARTS, "jump to", "showing ", "the ", *_WIDGET_STARTS)
#: The longest furniture line: a longer line is not looked up (nor its hash computed).
_FURNITURE_LONGEST = max(map(len, _FURNITURE))
#: The first two letters of every page-kind word: a lower-cased line opening with two ASCII
#: letters that are none of these names no page kind (``kind_of_word`` keeps ASCII letters).
_KIND_STARTS = frozenset(word[:2] for word in KIND_WORDS)
_SENTENCE_END = (".", "!", "?", '"', "'", ")", "”", "’", "…", ":")


class _Kind(enum.Enum):
    BLANK = enum.auto()
    TEXT = enum.auto()
    TITLE = enum.auto()
    JUMP = enum.auto()
    SHOWING = enum.auto()
    HEADER = enum.auto()  # a page heading or header furniture ("Trivia", "Edit", …)
    VOTE = enum.auto()
    WIDGET = enum.auto()
    WARNING = enum.auto()
    HEADING = enum.auto()
    END = enum.auto()
    FURNITURE = enum.auto()


# The kinds as module names: reading an Enum member off its class costs as much as the rest
# of a test, and every pass tests the kind of every line.
_K_BLANK = _Kind.BLANK
_K_TEXT = _Kind.TEXT
_K_TITLE = _Kind.TITLE
_K_JUMP = _Kind.JUMP
_K_SHOWING = _Kind.SHOWING
_K_HEADER = _Kind.HEADER
_K_VOTE = _Kind.VOTE
_K_WIDGET = _Kind.WIDGET
_K_WARNING = _Kind.WARNING
_K_HEADING = _Kind.HEADING
_K_END = _Kind.END
_K_FURNITURE = _Kind.FURNITURE

# Groups of kinds the passes test for (a tuple written in a loop is built at every step).
_CLOSERS = (_K_VOTE, _K_WIDGET)  # close the item above
_GROUP_HEADS = (_K_HEADING, _K_WARNING)  # open a group
_EVIDENCE = (_K_VOTE, _K_WIDGET, _K_WARNING, _K_END)  # only stand below the header
_HEAD_KINDS = (_K_JUMP, _K_SHOWING, _K_HEADER)  # header lines
_HEAD_FILLER = (_K_BLANK, _K_FURNITURE, _K_HEADER)  # may stand between header and items
_NOT_BODY = (_K_FURNITURE, _K_HEADER, _K_SHOWING, _K_JUMP)  # never items nor separators


@attrs.define
class _Line:
    no: int  # 1-based line number in the input
    text: str  # cleaned
    kind: _Kind
    votes: Votes | None = None
    prefix: str = ""  # item text standing before an inline vote phrase
    width: int = 0  # length as wrapped: surrounding blanks off, inner runs of spaces kept


def _widget_rest(text: str) -> str:
    """What is left of ``text`` once every widget token and piece is taken out."""
    return _WIDGET_PIECES.sub("", _WIDGET_TOKENS.sub("", text)).strip(" .")


#: Every character a widget token or piece can match (``re.I`` also matches "İ", "ı", "ſ" and the
#: Kelvin sign to "i", "s", "k"), but for the permalink path (which needs a "/"), and the spaces
#: and dots ``_widget_rest`` strips: a line with any other character keeps it when the tokens
#: are taken out. Case-sensitive: an ``re.I`` class costs several times more a character.
_WIDGET_CHARS = re.compile(
    "[abcdefghiklmnoprstuwyABCDEFGHIKLMNOPRSTUWY?:|•()\\- .\u0130\u0131\u017f\u212a]*+"
)
#: Text ``_WIDGET_PIECES.sub`` leaves only spaces and dots of. No two pieces start alike (nor
#: under ``re.I``), and a piece's optional last character is nothing else, so the ``sub`` can
#: only take what this takes; it stops at the first character left over.
_WIDGET_PIECES_LINE = re.compile(rf"(?:{_WIDGET_PIECES.pattern}|[ .])*+", re.I)
#: Both for lower-cased ASCII text, where ``re.I`` changes nothing but the cost.
_WIDGET_TOKENS_LOW = re.compile(_WIDGET_TOKENS.pattern.lower())
_WIDGET_PIECES_LINE_LOW = re.compile(_WIDGET_PIECES_LINE.pattern.lower())
#: Where a permalink path could start.
_PERMALINK_START = re.compile(r"/(?:title|name)/", re.I)


def _only_widgets(text: str) -> bool:
    """``not _widget_rest(text)``, without two passes of ``sub`` over every line of prose."""
    if _WIDGET_CHARS.fullmatch(text) is None and (
        "/" not in text or _PERMALINK_START.search(text) is None
    ):
        return False
    if text.isascii():
        rest = _WIDGET_TOKENS_LOW.sub("", text.lower())
        return _WIDGET_PIECES_LINE_LOW.fullmatch(rest) is not None
    return _WIDGET_PIECES_LINE.fullmatch(_WIDGET_TOKENS.sub("", text)) is not None


#: A line of widget tokens, spaces and dots only (what ``_WIDGET_TOKENS.sub`` empties): it
#: stops at the first other character, where the ``sub`` would go through all of a long line.
_WIDGET_LINE = re.compile(rf"(?:{_WIDGET_TOKENS.pattern}|[ .])*+", re.I)


def _is_widget(text: str) -> bool:
    return _WIDGET_LINE.fullmatch(text) is not None and bool(_WIDGET_KEYS.search(text))


def _votes_in(text: str) -> tuple[Votes | None, str] | None:
    """Votes of a line that is (or ends with) a vote phrase plus widget tokens, and the text
    standing before the phrase; None when the line is no vote line. The votes are None when
    the phrase's numbers are absurd (``read`` reports it)."""
    m = find_votes_of(text)
    if m is None:
        return None
    if not _only_widgets(text[m.end :]):
        return None
    try:
        interested, total = parse_count(m.interested), parse_count(m.total)
    except ValueError:
        return None, text[: m.start].strip()
    if interested > total:
        return None
    return built_votes(interested, total, text[m.start :].strip()), text[: m.start].strip()


#: A line with more ASCII letters than the longest page-kind word: it cannot name a page kind
#: (``kind_of_word`` keeps the letters of the lower-cased line, at least as many). Written out,
#: not as a counted group, which costs a loop step per letter.
_MANY_LETTERS = re.compile("[^A-Za-z]*+[A-Za-z]" * (max(map(len, KIND_WORDS)) + 1))


def _classify_text(no: int, text: str, width: int = 0) -> _Line:
    """The kind of the line ``text`` (cleaned by ``clean_line``), ``width`` wide as wrapped."""
    if not text:
        return _Line(no, text, _K_BLANK, None, "", width)
    low = text.lower()
    if len(low) <= _FURNITURE_LONGEST and low in _FURNITURE:
        return _Line(no, text, _K_FURNITURE, None, "", width)
    two = low[:2]
    if (
        not (two.isascii() and two.isalpha() and two not in _KIND_STARTS)
        and _MANY_LETTERS.match(text) is None
        and kind_of_word(text) is not None
    ):
        return _Line(no, text, _K_HEADER, None, "", width)
    # How an ASCII line starts rules out the anchored tests that cannot start so (``re.I``
    # folds no other ASCII character onto a letter; it does fold "ſ", "ı", "K").
    ascii = text.isascii()
    special = not ascii or low.startswith(_SPECIAL_STARTS)  # most item text is not
    if special:
        if (not ascii or low.startswith(_END_STARTS)) and _END.fullmatch(text):
            return _Line(no, text, _K_END, None, "", width)
        if low.startswith("jump to") and _JUMP.fullmatch(text):
            return _Line(no, text, _K_JUMP, None, "", width)
        if (not ascii or low.startswith("showing ")) and _SHOWING.fullmatch(text):
            return _Line(no, text, _K_SHOWING, None, "", width)
        if (not ascii or low.startswith("the ")) and _WARNING.fullmatch(text):
            return _Line(no, text, _K_WARNING, None, "", width)
    if "found this" in low:
        found = _votes_in(text)
        if found is not None:
            return _Line(no, text, _K_VOTE, found[0], found[1], width)
    if special and (not ascii or low.startswith(_WIDGET_STARTS)) and _is_widget(text):
        return _Line(no, text, _K_WIDGET, None, "", width)
    if len(text) <= 300 and text.endswith((")", " Poster")) and _TITLE.fullmatch(text):
        return _Line(no, text, _K_TITLE, None, "", width)
    return _Line(no, text, _K_TEXT, None, "", width)


#: A vote line as a browser copies it ("6 of 6 found this interesting Interesting? | Share
#: this"), plain counts only: what ``_votes_in`` reads from it, without its searches.
_PLAIN_VOTE = re.compile(
    r"([0-9]{1,9}) of ([0-9]{1,9}) found this interesting(?: Interesting\? \| Share this)?"
)


def _plain(raw: str) -> bool:
    """True when ``raw`` holds no space but single ASCII spaces: ``clean_line`` would only strip
    it, and the width is its length. An ASCII line takes a few ``in`` tests (each a C
    ``memchr``), several times faster than ``isprintable``."""
    if raw.isascii():
        # the ASCII spaces but " ", "\n" (no line holds one) and "\r" (made "\n" already)
        return (
            "\t" not in raw
            and "\x0b" not in raw
            and "\x0c" not in raw
            and "\x1c" not in raw
            and "\x1d" not in raw
            and "\x1e" not in raw
            and "\x1f" not in raw
            and "  " not in raw
        )
    # every space but " " is unprintable
    return raw.isprintable() and "  " not in raw


def _classify(no: int, raw: str) -> _Line:
    """The line ``raw``, cleaned and classified."""
    # The vote phrase has no space at either end, so a plain line stripped of its ends holds
    # it when the line does; a browser's vote line is clean as it stands.
    phrase = "found this interesting" in raw
    m = _PLAIN_VOTE.fullmatch(raw) if phrase else None
    if m is not None:
        text = raw
        width = len(raw)
    else:
        if _plain(raw):
            text = raw.strip()
            width = len(text)
        else:
            text = clean_line(raw)
            width = len(raw.strip(" \t\r\n\f\v"))
            phrase = "found this interesting" in text
        if phrase and text != raw:  # raw failed already
            m = _PLAIN_VOTE.fullmatch(text)
    if m is not None and (interested := int(m[1])) <= (total := int(m[2])):
        votes = built_votes(interested, total, text)  # ints, 0 <= interested <= total
        return _Line(no, text, _K_VOTE, votes, "", width)
    return _classify_text(no, text, width)


#: A run of blank lines, from the line break before the first to the one after the last.
_BLANK_RUN = re.compile(r"\n(?:(?:[^\S\n]|[\u200b\ufeff])*+\n)++")


def _stretches(text: str) -> Iterator[tuple[int, list[str]]]:
    """(number of the first line, lines) of each stretch of ``text`` (line breaks "\\n" only)
    between runs of blank lines, and of each run as one empty line: a run of a million line
    breaks is one search, not a million strings."""
    pos = 0
    no = 1
    for m in _BLANK_RUN.finditer(text):
        lines = text[pos : m.start()].split("\n")
        yield no, lines
        no += len(lines)
        yield no, [""]
        no += text.count("\n", m.start(), m.end()) - 1
        pos = m.end()
    yield no, text[pos:].split("\n")


def _lines(text: str, ctx: Context | None = None) -> list[_Line]:
    """The lines of ``text``, classified, with every run of blank lines as one BLANK line.

    The reader only ever asks whether blank lines stand between two lines, never how many.
    With ``ctx``, the same walk marks what only the lines around show: a line holding only
    widget pieces right after a vote or widget line is its wrapped tail; a spoiler warning
    wrapped over two or three lines is still the warning (joined once the tails are known);
    absurd votes are reported. A widget line right after a vote or widget line (blank lines
    aside) is left out then: it closes nothing the line before did not close, and no pass
    tells it from the closing line before it (the "Share this" line under every vote line).
    """
    if "\r" in text:  # one memchr pass, where each replace copies the text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    append = lines.append
    # A line seen before that is not item text (the "Share this" widget under every item, a
    # vote line with counts seen before) is not classified again: a line's kind, cleaned text,
    # votes, prefix and width depend on the line alone, and ``Votes`` are frozen, so items
    # may share them.
    seen: dict[str, tuple[str, _Kind, Votes | None, str, int]] = {}
    blank = False  # the line before was blank
    closed = False  # the last line that is not blank is a vote or widget line
    may_warn: list[int] = []  # text lines that may open a wrapped warning
    mark = ctx is not None
    for first, stretch in _stretches(text):
        for no, raw in enumerate(stretch, first):
            known = seen.get(raw)
            if known is not None:
                if mark and closed and known[1] is _K_WIDGET:
                    continue
                line = _Line(no, known[0], known[1], known[2], known[3], known[4])
            else:
                line = _classify(no, raw)
                if line.kind is _K_TEXT:
                    if mark and closed and _only_widgets(line.text):
                        line.kind = _K_WIDGET
                    elif mark and len(line.text) <= 80 and "below" in line.text:
                        may_warn.append(len(lines))
                elif line.kind is _K_BLANK:
                    if not blank:
                        append(_Line(no, "", _K_BLANK))
                        blank = True
                    continue
                else:
                    seen[raw] = (line.text, line.kind, line.votes, line.prefix, line.width)
            kind = line.kind
            if mark and closed and kind is _K_WIDGET:
                continue
            if kind is _K_VOTE and line.votes is None and ctx is not None:
                _absurd_votes(line, ctx)
            blank = False
            closed = kind is _K_VOTE or kind is _K_WIDGET
            append(line)
    for i in may_warn:
        _join_wrapped_warning(lines, i)
    return lines


def _absurd_votes(line: _Line, ctx: Context) -> None:
    ctx.problem(
        ProblemCode.INVALID_VOTES,
        f"the votes of {line.text[:60]!r}… are absurd numbers; left out",
        line=line.no,
    )


def _join_wrapped_warning(lines: list[_Line], i: int) -> None:
    """Line ``i`` and the one or two text lines below it, when together they are the warning."""
    ln = lines[i]
    if ln.kind is not _K_TEXT:  # joined into a warning above it
        return
    joined = ln.text
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].kind is not _K_TEXT:
            break
        joined = f"{joined} {lines[j].text}"
        if _WARNING.fullmatch(joined):
            ln.kind, ln.text = _K_WARNING, joined
            for k in range(i + 1, j + 1):
                lines[k].kind = _K_BLANK
            break


def _jump_groups(rest: str, ctx: Context, line: int) -> dict[str, int]:
    """{"Cameo": 1, "Spoilers": 3} from the part of a "Jump to:" line after the colon; an
    absurd count costs its group (``invalid-number``)."""
    groups: dict[str, int] = {}
    start = 0
    for m in _JUMP_GROUP.finditer(rest):
        label = rest[start : m.start()].strip(" |•·,")
        start = m.end()
        if label:
            try:
                groups[label] = parse_count(m.group(1))
            except ValueError as exc:
                ctx.problem(
                    ProblemCode.INVALID_NUMBER,
                    f"the count of {label[:40]!r} is left out: {exc}",
                    line=line,
                )
    return groups


# ---------------------------------------------------------------------------------------------
# Hard wrapping
# ---------------------------------------------------------------------------------------------


def _wrap_width(lines: Sequence[_Line]) -> int | None:
    """The width the text was hard-wrapped at, or None when it does not look wrapped.

    Take the longest line as the width. In wrapped text, the first word of most lines that
    follow another text line would not have fitted on it (that is why it moved down); in a
    browser copy, where each line is a whole item, it would have, except after the longest.
    Those breaks must also fall mid-sentence, most of them or one beyond doubt (below).
    """
    texts = [ln for ln in lines if ln.kind is _K_TEXT]
    if len(texts) < 2:
        return None
    width = max(ln.width for ln in texts)
    adjacent = moved = open_ended = cut = 0
    prev: _Line | None = None
    for ln in lines:
        if ln.kind is _K_TEXT and prev is not None and prev.kind is _K_TEXT:
            adjacent += 1
            # after a full stop the copy may have had two spaces, as ``_continues`` allows
            ended = prev.text.endswith(_SENTENCE_END)
            gap = 2 if ended else 1
            if prev.width + gap + len(ln.text.split(" ", 1)[0]) > width:
                moved += 1
                # cut mid-sentence: no sentence end before the break, or none after it
                lower = ln.text[:1].islower()
                open_ended += not ended or lower
                # ... or neither: no item or paragraph ends and starts like that
                cut += not ended and lower
        prev = ln
    # ... and a wrapper cuts anywhere, so most of those breaks fall mid-sentence, while whole
    # items that happen to be about as long as the longest end sentences. A copy with two
    # spaces between short sentences can put most wraps at sentence ends all the same; one
    # break with no sentence end above and a lower-case word below still shows the cut.
    if moved >= 2 and moved * 2 >= adjacent and (open_ended * 2 >= moved or cut):
        return width
    return None


def _continues(prev: _Line, nxt: _Line, width: int, *, prefer_boundary: bool) -> bool:
    """True when ``nxt`` is the same paragraph as the physical line ``prev``, cut by wrapping.

    A greedy wrapper moves a word to the next line only when it did not fit on this one. When
    a sentence ends the line and a capital starts the next, a paragraph end and a wrap look
    alike; ``prefer_boundary`` decides (benchmarks/text_wrapping.py, on 6,153 real items
    wrapped at 60-100 columns with nothing between them: preferring the boundary reads 90-92%
    of items exactly, preferring the wrap 80-86%).
    """
    first = nxt.text.split(" ", 1)[0]
    # Two spaces may have stood at the break (after a full stop), so a word that fits only
    # with one is still a wrap — unless a boundary is preferred.
    gap = 1 if prefer_boundary else 2
    if prev.width + gap + len(first) <= width:
        return False
    if prefer_boundary and prev.text.endswith(_SENTENCE_END) and nxt.text[:1].isupper():
        return False
    return True


def _join_wrapped(pieces: Sequence[str]) -> str:
    """Physical lines of one wrapped paragraph joined back (in linear time)."""
    out = [pieces[0]]
    for prev, nxt in itertools.pairwise(pieces):
        glued = (
            (prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum())
            or (prev.endswith("/") and not prev.endswith(" /"))
            or (nxt.startswith("/") and not nxt.startswith("/ "))
            or (nxt[:1] in ".,;:!?)" and nxt[1:2] in ("", " ", '"', "'", "”", "’", ")"))
        )
        # no space where the wrapper broke a word, or put the punctuation after it
        out.append(nxt if glued else f" {nxt}")
    return "".join(out)


def _unwrap(lines: Sequence[_Line], width: int, *, prefer_boundary: bool) -> list[_Line]:
    """Join soft-wrapped continuation lines into one line each."""
    out: list[_Line] = []
    pieces: list[list[str]] = []
    previous: _Line | None = None  # the previous physical line
    for ln in lines:
        if (
            previous is not None
            and previous.kind is _K_TEXT
            and ln.kind is _K_TEXT
            and _continues(previous, ln, width, prefer_boundary=prefer_boundary)
        ):
            pieces[-1].append(ln.text)
        else:
            out.append(ln)
            pieces.append([ln.text])
        previous = ln
    return [
        ln if len(p) == 1 else attrs.evolve(ln, text=_join_wrapped(p))
        for ln, p in zip(out, pieces, strict=True)
    ]


# ---------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------

_SEPARATORS = (_K_VOTE, _K_WIDGET, _K_HEADING, _K_WARNING)


@attrs.define
class _Builder:
    """Accumulates items (and orphan-vote problems) while walking the item region."""

    items: list[TriviaItem] = attrs.Factory(list)
    orphans: list[_Line] = attrs.Factory(list)
    category: str = DEFAULT_CATEGORY
    label: str | None = None
    spoiler: bool = False

    def add(self, paragraphs: list[str], votes: Votes | None) -> None:
        text = paragraphs[0] if len(paragraphs) == 1 else "\n".join(p for p in paragraphs if p)
        if not text:
            return
        self.items.append(
            built_item(None, text, None, self.category, self.label, self.spoiler, votes, (), None)
        )


def _region(lines: Sequence[_Line]) -> tuple[int, int]:
    """Indexes [start, end) of the lines that hold items.

    Items start after the last header line ("… Poster", "Trivia", "Showing all N items",
    "Jump to:") that stands before the first vote, widget, warning or end line; a bare
    "Title (Year)" line counts only as the first line of content, since an item may end in
    "(1998)" too.
    """
    first_evidence = len(lines)
    for i, ln in enumerate(lines):
        if ln.kind in _EVIDENCE:
            first_evidence = i
            break
    start = 0
    poster: str | None = None
    for i in range(first_evidence):
        ln = lines[i]
        if ln.kind in _HEAD_KINDS or (ln.kind is _K_TITLE and ln.text.endswith(" Poster")):
            start = i + 1
            if ln.kind is _K_TITLE:
                poster = ln.text.removesuffix(" Poster")
    # The heading's bare "Title (2010)" under the poster's "Title (2010) Poster", or a bare
    # title opening the text, belongs to the header; other lines ending in "(1994)" are items.
    opening = start == 0
    while start < first_evidence:
        ln = lines[start]
        if ln.kind in _HEAD_FILLER or (ln.kind is _K_TITLE and (ln.text == poster or opening)):
            opening = opening and ln.kind is not _K_TITLE
            start += 1
        else:
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].kind is _K_END:
            end = i
            break
    return start, end


def _widget_delimited(lines: Sequence[_Line]) -> bool:
    """True when every item is closed by a vote or widget line.

    Every run of text lines must be closed by one. A copy that shows vote lines only for the
    items people voted on (the seed) can close every run by chance: then the lines of a run
    are separate items, which shows as many runs of several lines; a widget line on an item
    nobody voted on ("Is this interesting? …") settles it the other way.
    """
    pending = 0  # text lines since the last closing line
    runs = multi = longest = 0
    plain_widget = False
    after_vote = False
    for ln in lines:
        if ln.kind is _K_TEXT:
            pending += 1
            after_vote = False
        elif ln.kind in _CLOSERS:
            if pending:
                runs += 1
                multi += pending > 1
                longest = max(longest, pending)
                plain_widget |= ln.kind is _K_WIDGET and not after_vote
            pending = 0
            after_vote = ln.kind is _K_VOTE or (after_vote and ln.kind is _K_WIDGET)
        elif ln.kind in _GROUP_HEADS and pending:
            return False
    if pending or not runs:
        return False
    # On the real classic pages at most 2 runs in 100 hold more than one line (an item's
    # paragraphs), and none more than 3.
    return plain_widget or (multi * 10 <= runs and longest <= 4)


def _blank_separated(lines: Sequence[_Line]) -> bool:
    """True when blank lines, not line breaks, separate the items.

    A copy that puts blank lines between blocks puts one between an item and its vote line
    too, while a browser copy puts the vote line right under the item; without vote or widget
    lines, most neighbouring text lines must be separated by blank lines. When no two text
    lines neighbour each other either (every group holds one item), it puts a blank line
    under each group heading, where a browser copy puts the group's first item right under it
    (not counting the spoiler heading: copies put the warning or the first item under it).
    With none of these (one unlabelled item, then the spoilers), a blank line between each
    run of text and the spoiler heading or warning below it makes each run one item: both
    readings agree unless the text is hard-wrapped, and then a run of wrapped lines whose
    breaks all look like wraps is far likelier one item than several.
    """
    to_widget = gapped_widget = 0
    adjacent = gapped_text = 0
    headed = gapped_heading = 0
    to_spoilers = gapped_spoilers = 0
    prev: _Line | None = None
    gap = False
    for ln in lines:
        if ln.kind is _K_BLANK:
            gap = True
            continue
        if prev is None:
            pass
        elif prev.kind is _K_TEXT:
            if ln.kind in _CLOSERS:
                to_widget += 1
                gapped_widget += gap
            elif ln.kind is _K_TEXT:
                adjacent += 1
                gapped_text += gap
            elif ln.kind is _K_WARNING or (
                ln.kind is _K_HEADING and ln.text.lower() in SPOILER_LABELS
            ):
                to_spoilers += 1
                gapped_spoilers += gap
        elif (
            prev.kind is _K_HEADING
            and ln.kind is _K_TEXT
            and prev.text.lower() not in SPOILER_LABELS
        ):
            headed += 1
            gapped_heading += gap
        prev, gap = ln, False
    if to_widget:
        return gapped_widget * 2 > to_widget
    if adjacent:
        return gapped_text * 2 > adjacent
    if headed:
        return gapped_heading * 2 > headed
    return to_spoilers > 0 and gapped_spoilers == to_spoilers


def _cut_items(lines: Sequence[_Line], *, by_widget: bool, by_blank: bool) -> _Builder:
    """Walk the item region and cut it into items (see the module docstring for the rules)."""
    builder = _Builder()
    block: list[str] = []  # paragraphs of the item being read
    last_closed = False  # the item before the current position already got its widget
    by_line = not (by_widget or by_blank)
    for ln in lines:
        kind = ln.kind
        if kind is _K_TEXT:
            if by_line and block:
                builder.add(block, None)
                block = []
            block.append(ln.text)
            last_closed = False
        elif kind is _K_BLANK:
            if by_blank and block:
                builder.add(block, None)
                block = []
        elif kind is _K_VOTE:
            if block:
                builder.add(block, ln.votes)
                block = []
                last_closed = True
            elif builder.items and not last_closed:
                builder.items[-1] = attrs.evolve(builder.items[-1], votes=ln.votes)
                last_closed = True
            else:
                builder.orphans.append(ln)
        elif kind is _K_WIDGET:
            if block:
                builder.add(block, None)
                block = []
                last_closed = True
        elif kind in _GROUP_HEADS:
            if block:
                builder.add(block, None)
                block = []
            last_closed = False
            if kind is _K_WARNING or ln.text.lower() in SPOILER_LABELS:
                # The spoiler group is a group of its own: it ends the labelled one before it.
                builder.spoiler = True
                builder.category, builder.label = DEFAULT_CATEGORY, None
            else:
                builder.category, builder.label = category_id(ln.text), ln.text
                builder.spoiler = False
    if block:
        builder.add(block, None)
    return builder


def _group_target(head: _Line | None, total: int | None, declared: dict[str, int]) -> int | None:
    """How many items the page announces for the group that ``head`` opens (None: unknown)."""
    counts = {label.lower(): n for label, n in declared.items()}
    if head is None:
        if total is None:
            return None
        return total - sum(counts.values())
    label = "spoilers" if head.kind is _K_WARNING else head.text.lower()
    return counts.get(label, counts.get("spoilers") if label == "spoiler" else None)


def _unwrap_groups(
    body: Sequence[_Line], width: int, total: int | None, declared: dict[str, int]
) -> tuple[list[_Line], int]:
    """Unwrap text in which nothing but the wrapping separates items.

    Each group (the lines under one heading or warning) prefers ending an item at a sentence
    end, unless only the other reading gives the count the page announces for that group.
    Returns the lines and how many item boundaries were guesses no announced count confirmed.
    """
    guessed = 0
    groups: list[list[_Line]] = [[]]
    for ln in body:
        if ln.kind in _GROUP_HEADS:
            groups.append([])
        groups[-1].append(ln)
    out: list[_Line] = []
    for group in groups:
        head = group[0] if group and group[0].kind in _GROUP_HEADS else None
        hard = _unwrap(group, width, prefer_boundary=True)
        target = _group_target(head, total, declared)
        soft = _unwrap(group, width, prefer_boundary=False)
        n_soft = len(_cut_items(soft, by_widget=False, by_blank=False).items)
        n_hard = len(_cut_items(hard, by_widget=False, by_blank=False).items)
        if target is not None and n_soft == target != n_hard:
            hard = soft
        elif n_hard != n_soft and target != n_hard:
            guessed += n_hard - n_soft
        out.extend(hard)
    return out, guessed


def _items(
    body: list[_Line], total: int | None, declared: dict[str, int], ctx: Context
) -> _Builder:
    """Items of the region, undoing hard wrapping when the lines look wrapped."""
    width = _wrap_width(body)
    lines = _unwrap(body, width, prefer_boundary=False) if width else body
    by_blank = _blank_separated(lines)
    by_widget = not by_blank and _widget_delimited(lines)
    if width and not (by_widget or by_blank):
        lines, guessed = _unwrap_groups(body, width, total, declared)
        if guessed:
            ctx.problem(
                ProblemCode.AMBIGUOUS_WRAPPING,
                f"the text is hard-wrapped with nothing between items; {guessed} item "
                "boundaries at sentence ends are guesses no announced count confirms",
            )
    return _cut_items(lines, by_widget=by_widget, by_blank=by_blank)


@attrs.define
class _Header:
    """What the lines above the items say: the title and year, the page kind, the counts."""

    title: str | None = None
    year: int | None = None
    declared_total: int | None = None
    declared: dict[str, int] = attrs.Factory(dict)
    page_kind: PageKind = PageKind.TRIVIA

    def take(self, ln: _Line, ctx: Context) -> None:
        """Read one header line; the poster's title wins over an earlier title line."""
        if ln.kind is _K_TITLE:
            m = _TITLE.fullmatch(ln.text)
            if m and (self.title is None or m.group("poster")):
                self.title, self.year = m.group("title"), int(m.group("year"))
        elif ln.kind is _K_JUMP and not self.declared:
            m = _JUMP.fullmatch(ln.text)
            self.declared = _jump_groups(m.group("rest") if m else "", ctx, ln.no)
        elif ln.kind is _K_SHOWING and self.declared_total is None:
            self.declared_total = _showing_count(ln, ctx)
        elif ln.kind is _K_HEADER:
            self.page_kind = kind_of_word(ln.text) or self.page_kind


def _showing_count(ln: _Line, ctx: Context) -> int | None:
    """The N of a "Showing all N items" line; None (reported) when N is unreadable."""
    m = _SHOWING.fullmatch(ln.text)
    try:
        return parse_count(m.group(1)) if m else None
    except ValueError as exc:
        ctx.problem(ProblemCode.INVALID_NUMBER, f'"Showing all N" is left out: {exc}', line=ln.no)
        return None


def _classified(text: str, ctx: Context) -> list[_Line]:
    """The classified lines of ``text``, widget tails and wrapped warnings marked; absurd
    votes are reported."""
    return _lines(text, ctx)


def _body(lines: Sequence[_Line], start: int, end: int, labels: set[str]) -> list[_Line]:
    """The lines ``start:end`` that can be items, headings or separators, in one walk:
    furniture and header lines dropped, the poster's title line dropped, other title lines
    taken as text; text lines naming a group (``labels``, lower-cased, or IMDb's) marked as
    headings; a vote phrase at the end of an item's last line made a vote line of its own."""
    out: list[_Line] = []
    append = out.append
    for i in range(start, end):
        ln = lines[i]
        kind = ln.kind
        if kind is _K_VOTE and ln.prefix:
            append(_Line(ln.no, ln.prefix, _K_TEXT, None, "", len(ln.prefix)))
            append(attrs.evolve(ln, prefix=""))
            continue
        if kind is _K_TITLE:
            if ln.text.endswith(" Poster"):
                continue
            ln = attrs.evolve(ln, kind=_K_TEXT)
            kind = _K_TEXT
        elif kind in _NOT_BODY:
            continue
        if kind is _K_TEXT and len(ln.text) <= 60:
            low = ln.text.lower()
            if low in labels or low in GROUP_LABELS:
                ln.kind = _K_HEADING
        append(ln)
    return out


#: How many characters ``_nth`` counts through at a time before narrowing down.
_NTH_CHUNK = 1 << 20


def _nth(text: str, sep: str, n: int) -> int:
    """Where the ``n``-th ``sep`` (one character; ``n`` >= 1) of ``text`` stands, which holds at
    least ``n``: counted chunk by chunk by ``str.count``, then the chunk that holds it halved
    down to a few characters, so that a million short lines cost no million ``find`` calls."""
    pos, width = 0, _NTH_CHUNK
    while True:
        found = text.count(sep, pos, pos + width)
        if found >= n or pos + width >= len(text):
            break
        n -= found
        pos += width
    while width > 64:  # text[pos:pos + width] holds the n-th
        half = width // 2
        found = text.count(sep, pos, pos + half)
        if found >= n:
            width = half
        else:
            n -= found
            pos += half
            width -= half
    end = pos - 1
    for _ in range(n):
        end = text.find(sep, end + 1)
    return end


def _capped(text: str, ctx: Context) -> str:
    """``text`` up to its ``MAX_TEXT_LINES``-th line break; past it, a problem says how much
    was left unread (the readers' memory grows with the number of lines)."""
    sep = "\n" if "\n" in text else "\r"
    total = text.count(sep)
    if total <= MAX_TEXT_LINES:
        return text
    end = _nth(text, sep, MAX_TEXT_LINES)
    ctx.problem(
        ProblemCode.DECODE_ERROR,
        f"{TOO_LARGE} {total:,} lines over the {MAX_TEXT_LINES:,}-line limit of the raw-text "
        f"reader; the first {MAX_TEXT_LINES:,} lines were read",
        line=MAX_TEXT_LINES + 1,
    )
    return text[: end + 1]


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a trivia page pasted as raw text (a copy of a React-era page goes to
    :mod:`.text_react`)."""
    text = _capped(text, ctx)
    if looks_like_react_copy(text):
        return read_react_copy(text, ctx)
    lines = _classified(text, ctx)
    start, end = _region(lines)
    head = _Header()
    for ln in lines[:start]:
        head.take(ln, ctx)
    body = _body(lines, start, end, {label.lower() for label in head.declared})
    builder = _items(body, head.declared_total, head.declared, ctx)
    for ln in builder.orphans:
        ctx.problem(
            ProblemCode.ORPHAN_VOTE_LINE, f"vote line {ln.text!r} follows no item", line=ln.no
        )
    if any(ln.kind is _K_WARNING and "goof" in ln.text.lower() for ln in body):
        head.page_kind = PageKind.GOOFS
    # from the first "imdb.com/title/", found by ``str.find`` at memchr speed
    first_url = text.find("imdb.com/title/")
    id_match = _IMDB_ID.search(text, first_url) if first_url >= 0 else None
    return TriviaPage(
        imdb_id=id_match.group(1) if id_match else None,
        title=head.title,
        year=head.year,
        page_kind=head.page_kind,
        source_format=SourceFormat.TEXT,
        items=tuple(builder.items),
        declared_total=head.declared_total,
        declared_counts=head.declared,
    )
