"""Cutting the content region out of a classic page by string search, without a parser.

Pages are big and the items a small part of them: cheap string searches find the content block
(``div#trivia_content`` and its siblings) and its end, and the bulky per-item share widgets are
cut out, so that only what is left goes to the scan or to lxml.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["CONTENT_ID", "Region", "content_regions", "region_at"]

#: ``<div id="X_content">`` opens the item block of each classic page; X names the page kind
#: (``head.content_kind``).
CONTENT_ID = re.compile(
    r"""id=["']?(trivia|goofs|crazycredits|filming_locations|keywords|taglines)_content["'\s>/]"""
)
#: What stands after the main column; the content block never reaches past the first of these.
_END_MARKERS = (
    '<div id="sidebar"',
    '<div id="footer"',
    'id="see_also"',
    'class="article contribute"',
)
#: Bulky per-item widgets cut out before parsing by ``str.find``: (opening literal, closing
#: literal). Neither block nests its closing tag, so the first closer ends it. What is missed
#: here (a variant spelling, a page cut short) is still dropped as furniture later.
_CUT_BLOCKS = (('<div class="sharesoda_pre"', "</div>"), ("<button", "</button>"))
#: The same blocks, plus the vote prompt and share-link spans, in the shape IMDb served them,
#: cut in one ``re`` pass. Whatever this does not match (a widget cut short, another spelling)
#: is left for the ``_CUT_BLOCKS`` search or, failing that, dropped from the tree as furniture.
_CUT_PASS = re.compile(
    r"""<div class="sharesoda_pre"[^<]*+(?:<(?!/div>)[^<]*+)*+</div>"""
    r"""|<button[^<]*+(?:<(?!/button>)[^<]*+)*+</button>"""
    r"""|<span class=(?:'interesting-cast-vote'|"interesting-cast-vote")[^<>]*+>\s*+"""
    r"""<span>[^<>]*+</span>(?:\s*+<button[^<]*+</button>)*+\s*+</span>"""
    r"""|<span class="linksoda"><a href="[^"<>]*+">[^<>]*+</a></span>"""
)
_DIV_TAG = re.compile(r"<(/?)div\b", re.I)


def _cap(text: str, start: int) -> int:
    """Where the main column ends after ``start`` (the first end marker), or the end of text."""
    cap = len(text)
    for marker in _END_MARKERS:
        i = text.find(marker, start, cap)
        if i >= 0:
            cap = i
    return cap


def _cut_blocks(chunk: str, opener: str, closer: str) -> str:
    """``chunk`` without every block from ``opener`` to the next ``closer`` (the rest of
    ``chunk`` when a block is cut short: nothing after it is item text)."""
    i = chunk.find(opener)
    if i < 0:
        return chunk
    out: list[str] = []
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
    return "".join(out)


def _cut_furniture(chunk: str) -> str:
    """``chunk`` without the share boxes, vote buttons and vote prompts (see ``_CUT_PASS``)."""
    chunk = _CUT_PASS.sub("", chunk)
    for opener, closer in _CUT_BLOCKS:
        chunk = _cut_blocks(chunk, opener, closer)
    return chunk


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
    """One block of the page cut out for parsing (``start``/``stop`` in the page), furniture
    removed, and whether it was closed (False: the page was cut short inside it)."""

    start: int
    stop: int
    html: str
    closed: bool


def region_at(text: str, tag_start: int, *, exact: bool = False) -> Region:
    """The block opening at ``tag_start``: up to the first end marker, or (``exact``) to its own
    closing tag. Counting tags is enough to tell a block cut short from a whole one."""
    cap = _cap(text, tag_start + 4)
    chunk = _cut_furniture(text[tag_start:cap])
    if exact:
        end = _balanced(chunk)
        if end is not None:
            return Region(tag_start, cap, chunk[:end], True)
    elif cap < len(text) or chunk.count("</div") >= chunk.count("<div"):
        return Region(tag_start, cap, chunk, True)
    # Unbalanced markup before a sidebar/footer is still a whole page; no end at all is not.
    return Region(tag_start, cap, chunk, cap < len(text))


def _first_content_id(text: str) -> re.Match[str] | None:
    """The first ``id="X_content"`` attribute: a literal search, then a look at the attribute
    around each hit."""
    i = text.find("_content")
    while i >= 0:
        m = CONTENT_ID.search(text, max(0, i - 30), i + 12)
        if m is not None:
            return m
        i = text.find("_content", i + 8)
    return None


def content_regions(text: str) -> tuple[str | None, list[Region]]:
    """The content-block id and every block with that id (a page saved twice holds two)."""
    m = _first_content_id(text)
    if m is None:
        return None, []
    name = m.group(1)
    regions = [region_at(text, max(text.rfind("<", 0, m.start()), 0))]
    marker = f"{name}_content"
    j = text.find(marker, regions[-1].stop)
    while j >= 0:
        again = CONTENT_ID.search(text, max(0, j - 30), j + len(marker) + 2)
        if again is not None and again.group(1) == name:
            regions.append(region_at(text, max(text.rfind("<", 0, again.start()), 0)))
            j = text.find(marker, max(regions[-1].stop, j + 1))
        else:
            j = text.find(marker, j + 1)
    return name, regions
