"""Cutting the content region out of a classic page by string search, without a parser.

Pages are big and the items a small part of them: cheap string searches find the content block
(``div#trivia_content`` and its siblings) and its end, and the bulky per-item share widgets are
cut out, so that only what is left goes to the scan or to lxml.
"""

from __future__ import annotations

import functools
import re
from typing import Any, AnyStr

import attrs

from .widgets import BUTTON, SHARE_BOX, SHARE_LINK, VOTE_PROMPT

__all__ = [
    "CONTENT_ID",
    "END_MARKERS",
    "Region",
    "block_starts",
    "bytes_twin",
    "content_regions",
    "cut_region",
    "first_block",
    "region_at",
    "region_of",
]

#: What ``\s`` matches in a ``str`` pattern (``str.isspace``), spelled in UTF-8 for the same
#: pattern run on the page's bytes (a test checks the two agree on every character).
UTF8_SPACE = (
    r"(?:[\t\n\x0b\x0c\r\x1c-\x1f ]|\xc2[\x85\xa0]|\xe1\x9a\x80"
    r"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
)


def bytes_twin(pattern: re.Pattern[str]) -> re.Pattern[bytes]:
    r"""``pattern`` for UTF-8 bytes: its ASCII literals and ``[^<>…]`` classes read a valid
    UTF-8 page exactly as they read its text (no multi-byte character holds an ASCII byte),
    its ``\s`` spelled out (``UTF8_SPACE``)."""
    source = pattern.pattern.replace(r"\s", UTF8_SPACE)
    return re.compile(source.encode("ascii"), pattern.flags & ~re.UNICODE)


_CONTENT_NAMES = r"(trivia|goofs|crazycredits|filming_locations|keywords|taglines)"
#: ``<div id="X_content">`` opens the item block of each classic page; X names the page kind
#: (``head.content_kind``).
CONTENT_ID = re.compile(rf"""id=["']?{_CONTENT_NAMES}_content(?:["'>/]|\s)""")
_CONTENT_ID_B = bytes_twin(CONTENT_ID)
#: What stands after the main column; the content block never reaches past the first of these.
END_MARKERS = (
    '<div id="sidebar"',
    '<div id="footer"',
    'id="see_also"',
    'class="article contribute"',
)
#: Bulky per-item widgets cut out before parsing by ``str.find``: (opening literal, closing
#: literal). Neither block nests its closing tag, so the first closer ends it. What is missed
#: here (a variant spelling, a page cut short) is still dropped as furniture later.
_CUT_BLOCKS = (('<div class="sharesoda_pre"', "</div>"), ("<button", "</button>"))
#: The per-item widgets (``widgets``) cut in one ``re`` pass. Whatever this does not match (a
#: widget cut short, another spelling) is left for the ``_CUT_BLOCKS`` search or, failing that,
#: dropped from the tree as furniture.
_CUT_PASS = re.compile("|".join((SHARE_BOX, BUTTON, VOTE_PROMPT, SHARE_LINK)))
_CUT_PASS_B = bytes_twin(_CUT_PASS)
_DIV_TAG = re.compile(r"<(/?)div\b", re.I)
_END_MARKERS_B = tuple(m.encode("ascii") for m in END_MARKERS)
_CUT_BLOCKS_B = tuple((o.encode("ascii"), c.encode("ascii")) for o, c in _CUT_BLOCKS)


def _first(text: AnyStr, marker: AnyStr, start: int, stop: int) -> int:
    """Where ``marker`` first stands in ``text[start:stop]``, or -1, by reverse searches: the
    last one, then any before it. CPython's reverse search of a long needle tests its first
    character ("<" or a letter) where the forward one tests its last (a quote, as common in
    HTML as any character): twice as fast over a page, and each byte is still read once."""
    i = text.rfind(marker, start, stop)
    while i >= 0:
        j = text.rfind(marker, start, i + len(marker) - 1)
        if j < 0:
            return i
        i = j
    return -1


def _cap(text: AnyStr, start: int) -> int:
    """Where the main column ends after ``start`` (the first end marker), or the end of text."""
    cap = len(text)
    markers = _END_MARKERS_B if isinstance(text, bytes) else END_MARKERS
    for marker in markers:
        i = _first(text, marker, start, cap)
        if i >= 0:
            cap = i
    return cap


def _cut_blocks(chunk: AnyStr, opener: AnyStr, closer: AnyStr) -> AnyStr:
    """``chunk`` without every block from ``opener`` to the next ``closer`` (the rest of
    ``chunk`` when a block is cut short: nothing after it is item text)."""
    i = chunk.find(opener)
    if i < 0:
        return chunk
    out: list[AnyStr] = []
    pos = 0
    while i >= 0:
        out.append(chunk[pos:i])
        j = chunk.find(closer, i)
        if j < 0:
            pos = len(chunk)
            break
        pos = j + len(closer)
        i = chunk.find(opener, pos)
    out.append(chunk[pos:])
    return chunk[:0].join(out)


def _cut_span(pattern: re.Pattern[AnyStr], text: AnyStr, pos: int, stop: int) -> AnyStr:
    """``pattern.sub("", text[pos:stop])``, without copying ``text[pos:stop]`` first (a search
    bounded by ``stop`` sees the text end there, lookaheads included)."""
    kept: list[AnyStr] = []
    for m in pattern.finditer(text, pos, stop):
        kept.append(text[pos : m.start()])
        pos = m.end()
    kept.append(text[pos:stop])
    return text[:0].join(kept)


def _cut_furniture(text: AnyStr, pos: int = 0, stop: int | None = None) -> AnyStr:
    """``text[pos:stop]`` without the share boxes, vote buttons and vote prompts (see
    ``_CUT_PASS``); the same cut on a valid UTF-8 page's bytes as on its text."""
    end = len(text) if stop is None else stop
    if isinstance(text, bytes):
        chunk = _cut_span(_CUT_PASS_B, text, pos, end)
        for opener_b, closer_b in _CUT_BLOCKS_B:
            chunk = _cut_blocks(chunk, opener_b, closer_b)
        return chunk
    chunk_s = _cut_span(_CUT_PASS, text, pos, end)
    for opener, closer in _CUT_BLOCKS:
        chunk_s = _cut_blocks(chunk_s, opener, closer)
    return chunk_s


def _balanced(chunk: str) -> int | None:
    """End of the ``<div>`` opening ``chunk`` (after its closing tag); None if it never closes."""
    depth = 0
    for m in _DIV_TAG.finditer(chunk):
        if m.group(1):
            depth -= 1
            if depth <= 0:
                close = chunk.find(">", m.end())
                return close + 1 if close >= 0 else len(chunk)
        else:
            depth += 1
    return None


@attrs.frozen
class Region:
    """One block of the page (``start``/``stop`` in the page): ``raw``, its markup as the page
    has it (None when only its cut is known, or when the scan has read it already: ``parts``),
    ``html``, the same without furniture (cut on first use: the scan reads most blocks from
    ``raw``), and whether it was closed (False: the page was cut short inside it)."""

    start: int
    stop: int
    raw: str | None
    closed: bool
    #: ``raw`` (else ``html``) certainly holds no character the scan must refuse
    #: (``scan.plain_bytes``)
    plain: bool = False
    #: ``html`` when it is known already (or is not simply ``raw`` cut)
    cut: str | None = attrs.field(default=None, repr=False)
    #: the scan's reading of ``raw`` (``scan.split_open``), when it was read to find its end
    parts: list[Any] | None = attrs.field(default=None, repr=False, eq=False)

    @functools.cached_property
    def html(self) -> str:
        """The block without share boxes, vote buttons and prompts (``_cut_furniture``)."""
        if self.cut is not None:
            return self.cut
        assert self.raw is not None, "a Region without parts holds its raw markup or its cut"
        return _cut_furniture(self.raw)


def _whole(chunk: AnyStr) -> bool:
    """Whether a block that runs to the end of the page closes every ``<div>`` it opens
    (counting is enough to tell a block cut short from a whole one)."""
    if isinstance(chunk, bytes):
        return chunk.count(b"</div") >= chunk.count(b"<div")
    return chunk.count("</div") >= chunk.count("<div")


def region_of(raw: str, start: int, stop: int, *, at_end: bool, plain: bool = False) -> Region:
    """The block ``raw`` found at ``start:stop`` of its page. Unbalanced markup before a
    sidebar/footer is still a whole page; a block that reaches the page's end (``at_end``) is
    whole only if it closes what it opens."""
    if not at_end:
        return Region(start, stop, raw, True, plain)
    html = _cut_furniture(raw)
    return Region(start, stop, raw, _whole(html), plain, html)


def cut_region(data: bytes, start: int, stop: int, plain: bool) -> Region:
    """The block ``data[start:stop]`` of a UTF-8 page, read from its cut alone (its furniture
    need not be UTF-8); ``UnicodeDecodeError`` when the cut is not."""
    chunk = _cut_furniture(data, start, stop)
    closed = stop < len(data) or _whole(chunk)
    return Region(start, stop, None, closed, plain, chunk.decode("utf-8"))


def region_at(text: str, tag_start: int, *, exact: bool = False) -> Region:
    """The block opening at ``tag_start``: up to the first end marker, or (``exact``) to its own
    closing tag."""
    cap = _cap(text, tag_start + 4)
    raw = text[tag_start:cap]
    if not exact:
        return region_of(raw, tag_start, cap, at_end=cap == len(text))
    chunk = _cut_furniture(raw)
    end = _balanced(chunk)
    if end is not None:
        return Region(tag_start, cap, raw, True, cut=chunk[:end])
    return Region(tag_start, cap, raw, cap < len(text), cut=chunk)


def _content_id(text: AnyStr, start: int, stop: int, lo: int = 0) -> re.Match[AnyStr] | None:
    r"""A ``CONTENT_ID`` match in ``text[start:stop]``, not before the page's start ``lo``
    (bytes: its UTF-8 twin, whose ``\s`` may take three bytes, so the window reaches two
    bytes further)."""
    if isinstance(text, bytes):
        return _CONTENT_ID_B.search(text, max(lo, start), stop + 2)
    return CONTENT_ID.search(text, max(lo, start), stop)


def _first_content_id(text: AnyStr, lo: int) -> re.Match[AnyStr] | None:
    """The first ``id="X_content"`` attribute from ``lo``: a literal search, then a look at
    the attribute around each hit."""
    needle = b"_content" if isinstance(text, bytes) else "_content"
    i = text.find(needle, lo)
    while i >= 0:
        m = _content_id(text, i - 30, i + 12, lo)
        if m is not None:
            return m
        i = text.find(needle, i + 8)
    return None


def _tag_start(text: AnyStr, pos: int, lo: int) -> int:
    """Where the tag holding ``pos`` opens (its ``<``), or the page's start ``lo``."""
    if isinstance(text, bytes):
        return max(text.rfind(b"<", lo, pos), lo)
    return max(text.rfind("<", lo, pos), lo)


def _name(m: re.Match[AnyStr]) -> str:
    """The content-block id a ``CONTENT_ID`` match names ("trivia", "goofs", …)."""
    group = m.group(1)
    return group.decode("ascii") if isinstance(group, bytes) else group


def first_block(text: AnyStr, lo: int = 0) -> tuple[str, int] | None:
    """The content-block id of the page ``text[lo:]`` and where its first block starts."""
    m = _first_content_id(text, lo)
    if m is None:
        return None
    return _name(m), _tag_start(text, m.start(), lo)


def block_starts(text: AnyStr, lo: int = 0) -> tuple[str | None, list[tuple[int, int]]]:
    """The content-block id and where every block with that id starts and stops (a page saved
    twice holds two), in the page ``text[lo:]``."""
    found = first_block(text, lo)
    if found is None:
        return None, []
    name, first = found
    blocks = [(first, _cap(text, first + 4))]
    marker = f"{name}_content"
    needle = marker.encode("ascii") if isinstance(text, bytes) else marker
    # a second copy is rare: a reverse search tells its absence fastest
    j = text.find(needle, blocks[-1][1]) if text.rfind(needle, blocks[-1][1]) >= 0 else -1
    while j >= 0:
        again = _content_id(text, j - 30, j + len(marker) + 2, lo)
        if again is not None and _name(again) == name:
            start = _tag_start(text, again.start(), lo)
            blocks.append((start, _cap(text, start + 4)))
            j = text.find(needle, max(blocks[-1][1], j + 1))
        else:
            j = text.find(needle, j + 1)
    return name, blocks


def content_regions(text: str) -> tuple[str | None, list[Region]]:
    """The content-block id and every block with that id (a page saved twice holds two)."""
    name, blocks = block_starts(text)
    end = len(text)
    return name, [region_of(text[s:cap], s, cap, at_end=cap == end) for s, cap in blocks]
