"""Which format is this input? Cheap substring sniffing, no parsing.

Order matters: embedded ``__NEXT_DATA__`` JSON wins over the React HTML around it (it is
complete and cheaper to read); classic "soda" markup next; then JSON shapes; then raw text.
"""

from __future__ import annotations

import re
from typing import AnyStr

from .model import SourceFormat
from .readers._imdb import DATAFILE_MARK, REACT_SECTION_IDS, REACT_TESTID

__all__ = ["NOT_CLASSIC_MARKS", "classic_unless_marked", "detect", "detect_bytes", "non_page"]

_HTML_START = re.compile(r"\A\s{0,4096}<(?:!doctype|html|head|body|div|meta|!--|\?xml)", re.I)
_TEXT_MARKERS = re.compile(
    r"found this (?:interesting|relevant)|^[ \t\u00a0]*Jump to:|Showing all \d[\d,]* items"
    r"|\(\d{4}(?:[-–/][IVX\d]+)?\)[ \t\u00a0]+Poster[ \t\u00a0]*$"
    r"|Is this interesting\?|Interesting\? \|"
    r"|Contribute to This Page|may give away important plot points|^[ \t\u00a0]*Share this\b",
    re.I | re.M,
)
_NEXT_DATA_SCRIPT = 'id="__NEXT_DATA__"'
_PAGE_PROPS = '"pageProps"'
#: The "Did you know" heading of a 2021 React main page, which has no data-testid for it.
_REACT_DYK_HEADING = 'class="ipc-title__text">Did you know<'
#: Any one of these marks classic markup. The most common comes first: each marker missing
#: from the page costs a pass over all of it.
_CLASSIC_MARKERS = (
    'class="soda',
    "trivia_content",
    "class='soda",
    "sodatext",
    'id="titleDidYouKnow"',
    'id="dyk-',
    'class="soda ',
    "did-you-know-actions",
    "filming_locations_content",
    "keywords_content",
    "taglines_content",
    "goofs_content",
    "crazycredits_content",
    # 2010–2013 title pages: tn15 "combined" and the 2011 main page.
    "<h5>Trivia:</h5>",
    "<h2>Did You Know?</h2>",
)


# An IMDb title or name id, the site's name, or a key of IMDb's own ``pageProps``: what any
# JSON of IMDb's carries early on (every Next.js site has ``pageProps``).
_IMDB_MARK = re.compile(
    r"(?<![A-Za-z0-9])(?:tt|nm)\d{7,10}(?!\d)|imdb"
    r"|\"(?:contentData|mainColumnData|aboveTheFoldData|entityMetadata)\"",
    re.I,
)
# Lines of a script or a style sheet: ending in ; { } or a comment's end, or opening with a
# comment, an at-rule or a declaration keyword. Prose (trivia) lines end otherwise.
_CODE_LINE = re.compile(
    r"(?:[;{}],?|\*/)[ \t]*+$"
    r"|^[ \t]*+(?://|/\*|@(?:media|import|charset|font-face|keyframes|supports)\b"
    r"|(?:var|let|const)[ \t]++[A-Za-z_$][\w$]*+[ \t]*+="
    r"|function\b[ \t]*+[\w$]*+[ \t]*+\("
    r"|(?:import|export)[ \t]++(?:[{*]|default\b|[\w$]++[ \t]++from\b|function\b|const\b)"
    r"|[\"']use strict[\"']|!function|\(function|window\.|document\.|module\.exports)",
)
_CODE_WINDOW = 8192


def _looks_like_code(text: str) -> bool:
    """Whether the start of ``text`` reads as JavaScript or CSS: at least half of its first
    lines (within 8 KiB) are code lines."""
    lines = [line for line in text[:_CODE_WINDOW].splitlines()[:200] if line.strip()]
    if not lines:
        return False
    code = sum(1 for line in lines if _CODE_LINE.search(line))
    return 2 * code >= len(lines)


def non_page(text: str) -> str | None:
    """What ``text`` is when its start shows it is no page at all ("JavaScript or CSS",
    "JSON that is not IMDb's"), else None. Judged on the first 8 KiB, so that ``convert``
    can skip such files from their first bytes."""
    window = text[:_CODE_WINDOW]
    start = window.lstrip()[:1]
    if start in ("{", "["):
        return None if _IMDB_MARK.search(window) else "JSON that is not IMDb's"
    if start != "<" and _looks_like_code(window):
        return "JavaScript or CSS"
    return None


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text)) or "<html" in text[:4096].lower()


def _has_react_section(
    text: AnyStr, testid: AnyStr, sections: tuple[AnyStr, ...], start: int = 0
) -> bool:
    """Whether a ``data-testid`` in ``text[start:]`` names a trivia section or the "Did you
    know" block: one pass over the page through its ``data-testid`` attributes (a 2022
    classic page has a React header full of them), not one pass per name. ``testid`` and
    ``sections`` are ``REACT_TESTID`` and ``REACT_SECTION_IDS``, as text or as bytes like
    ``text``."""
    if text.rfind(testid, start) < 0:  # most pages: one reverse search, the fastest way to miss
        return False
    i = text.find(testid, start)
    while i >= 0:
        i += len(testid)
        if text.startswith(sections, i):
            return True
        i = text.find(testid, i)
    return False


def _json_format(text: str) -> SourceFormat | None:
    """The format of a JSON document: ``__NEXT_DATA__`` by IMDb's ``pageProps``, a GraphQL
    response by its edges of trivia-like nodes, else None."""
    if _PAGE_PROPS in text and _IMDB_MARK.search(text):
        return SourceFormat.NEXT_DATA
    if '"edges"' in text and ('"plaidHtml"' in text or '"interestScore"' in text):
        return SourceFormat.GRAPHQL
    return None


def _html_format(text: str) -> SourceFormat | None:
    """The layout of an HTML page: embedded JSON first, then React sections, then classic."""
    if _NEXT_DATA_SCRIPT in text and _PAGE_PROPS in text:
        return SourceFormat.NEXT_DATA
    if _has_react_section(text, REACT_TESTID, REACT_SECTION_IDS) or _REACT_DYK_HEADING in text:
        return SourceFormat.HTML_REACT
    if any(marker in text for marker in _CLASSIC_MARKERS):
        return SourceFormat.HTML_CLASSIC
    return None


def detect(text: str) -> SourceFormat | None:
    """The ``SourceFormat`` of decoded ``text``, or None when it has no IMDb markers."""
    head = text[:4096].lstrip()[:1]  # not text.lstrip(): that copies a whole 3 MB page
    if head in ("{", "["):
        return _json_format(text)
    if head != "<" and _looks_like_code(text):
        return None
    if _looks_like_html(text):
        return _html_format(text)
    if DATAFILE_MARK.search(text, 0, 8192):  # IMDb's plain-text data files (readers/datafile)
        return SourceFormat.DATAFILE
    if _TEXT_MARKERS.search(text):
        return SourceFormat.TEXT
    from .readers.text_react import looks_like_react_copy  # the text readers load on first use

    return SourceFormat.TEXT if looks_like_react_copy(text) else None


# --- the same judgement on bytes, for the formats read from bytes ----------------------------
# Each byte test below can only say yes where its text test above says yes (ASCII markers,
# ASCII whitespace, windows no wider in characters), so a page sent down the bytes path is one
# that ``detect`` would have given the same format.

# Used with ``match(data, start)``, which anchors them at the page's start (``\A`` would not:
# it stands for the start of ``data``, before any HTTP header block).
_HEAD_BYTES = re.compile(rb"[ \t\n\r\f\v]{0,4095}+([<{\[])")
_HTML_START_BYTES = re.compile(
    rb"[ \t\n\r\f\v]{0,4096}+<(?:!doctype|html|head|body|div|meta|!--|\?xml)", re.I
)
# ``_IMDB_MARK``, where a byte that may start a non-ASCII digit ends no id.
_IMDB_MARK_BYTES = re.compile(
    rb"(?<![A-Za-z0-9])(?:tt|nm)[0-9]{7,10}(?![0-9\x80-\xff])|imdb"
    rb"|\"(?:contentData|mainColumnData|aboveTheFoldData|entityMetadata)\"",
    re.I,
)
_CLASSIC_MARKERS_BYTES = tuple(marker.encode() for marker in _CLASSIC_MARKERS)
_NEXT_DATA_SCRIPT_BYTES = _NEXT_DATA_SCRIPT.encode()
_PAGE_PROPS_BYTES = _PAGE_PROPS.encode()
_TESTID_BYTES = REACT_TESTID.encode()
_REACT_SECTIONS_BYTES = tuple(name.encode() for name in REACT_SECTION_IDS)
_REACT_DYK_HEADING_BYTES = _REACT_DYK_HEADING.encode()


def detect_bytes(data: bytes, start: int = 0) -> SourceFormat | None:
    """``detect`` of an undecoded page, ``data[start:]``, for the layouts read straight from
    bytes: classic HTML and ``__NEXT_DATA__`` JSON (bare or in its HTML page). None means
    "decode it first": any other layout, or a page whose bytes leave the answer in doubt."""
    m = _HEAD_BYTES.match(data, start)
    if m is None:
        return None
    if m.group(1) != b"<":
        ok = data.find(_PAGE_PROPS_BYTES, start) >= 0 and _IMDB_MARK_BYTES.search(data, start)
        return SourceFormat.NEXT_DATA if ok else None
    if not _html_start_bytes(data, start):
        return None
    # Presence by rfind: the script stands at the page's end, and the reverse search of a long
    # needle is the faster one in CPython.
    script = data.rfind(_NEXT_DATA_SCRIPT_BYTES, start)
    # "pageProps" is in the script's JSON, most often at its start: looked for from there on,
    # then before it
    if script >= 0 and (
        data.find(_PAGE_PROPS_BYTES, script) >= 0
        or data.rfind(_PAGE_PROPS_BYTES, start, script + len(_PAGE_PROPS_BYTES) - 1) >= 0
    ):
        return SourceFormat.NEXT_DATA
    if (
        _has_react_section(data, _TESTID_BYTES, _REACT_SECTIONS_BYTES, start)
        or data.rfind(_REACT_DYK_HEADING_BYTES, start) >= 0
    ):
        return None
    return SourceFormat.HTML_CLASSIC if _classic_marked_bytes(data, start) else None


def _html_start_bytes(data: bytes, start: int) -> bool:
    """Whether the page ``data[start:]`` opens as an HTML document."""
    return bool(
        _HTML_START_BYTES.match(data, start) or b"<html" in data[start : start + 4096].lower()
    )


def _classic_marked_bytes(data: bytes, start: int) -> bool:
    """Whether the page ``data[start:]`` bears a mark of classic markup."""
    # rfind: the same answer, and CPython's reverse search is the faster one here
    return any(data.rfind(marker, start) >= 0 for marker in _CLASSIC_MARKERS_BYTES)


#: What ``detect_bytes`` looks for in all of an HTML page before it calls it classic: the
#: ``__NEXT_DATA__`` script, any ``data-testid`` (of a React section or not) and the React
#: "Did you know" heading. A page holding none of them is classic if it is marked so.
NOT_CLASSIC_MARKS = (_NEXT_DATA_SCRIPT, REACT_TESTID, _REACT_DYK_HEADING)


#: Where ``classic_unless_marked`` looks for an item: a classic page's first one stands within
#: 30 KB of its start; a page without items (a React page) costs a search of this much only.
_EARLY_ITEM_WINDOW = 64 * 1024
_EARLY_ITEM_BYTES = b'class="soda'


def classic_unless_marked(data: bytes, start: int = 0) -> bool:
    """Whether ``detect_bytes(data, start)`` is classic HTML unless the page holds one of
    ``NOT_CLASSIC_MARKS``: its tests but the whole-page searches for those, which a reader
    that looks at every part of the page anyway can make more cheaply (``readers.classic``).
    False for a page whose first item does not come early (the usual way then decides).
    """
    m = _HEAD_BYTES.match(data, start)
    return (
        m is not None
        and m.group(1) == b"<"
        and data.rfind(_EARLY_ITEM_BYTES, start, start + _EARLY_ITEM_WINDOW) >= 0
        and _html_start_bytes(data, start)
    )
