"""Which format is this input? Cheap substring sniffing, no parsing.

Order matters: embedded ``__NEXT_DATA__`` JSON wins over the React HTML around it (it is
complete and cheaper to read); classic "soda" markup next; then JSON shapes; then raw text.
"""

from __future__ import annotations

import re

from .model import SourceFormat

__all__ = ["detect"]

_HTML_START = re.compile(r"\A\s{0,4096}<(?:!doctype|html|head|body|div|meta|!--|\?xml)", re.I)
_TEXT_MARKERS = re.compile(
    r"found this (?:interesting|relevant)|^[ \t\u00a0]*Jump to:|Showing all \d[\d,]* items"
    r"|\(\d{4}(?:[-–/][IVX\d]+)?\)[ \t\u00a0]+Poster[ \t\u00a0]*$"
    r"|Is this interesting\?|Interesting\? \|"
    r"|Contribute to This Page|may give away important plot points|^[ \t\u00a0]*Share this\b",
    re.I | re.M,
)
_TESTID = 'data-testid="'
_REACT_SECTIONS = ("sub-section", 'DidYouKnow"')
#: The "Did you know" heading of a 2021 React main page, which has no data-testid for it.
_REACT_DYK_HEADING = 'class="ipc-title__text">Did you know<'
#: Any one of these marks classic markup. The most common comes first: each marker missing
#: from the page costs a pass over all of it.
_CLASSIC_MARKERS = ('class="soda', "trivia_content", "class='soda", "sodatext",
                    'id="titleDidYouKnow"', 'id="dyk-', 'class="soda ', "did-you-know-actions",
                    "filming_locations_content", "keywords_content", "taglines_content",
                    "goofs_content", "crazycredits_content")


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text)) or "<html" in text[:4096].lower()


def _has_react_section(text: str) -> bool:
    """Whether a ``data-testid`` names a trivia section or the "Did you know" block: one pass
    over the page through its ``data-testid`` attributes (a 2022 classic page has a React
    header full of them), not one pass per name."""
    i = text.find(_TESTID)
    while i >= 0:
        i += len(_TESTID)
        if text.startswith(_REACT_SECTIONS, i):
            return True
        i = text.find(_TESTID, i)
    return False


def detect(text: str) -> SourceFormat | None:
    """The ``SourceFormat`` of decoded ``text``, or None when it has no IMDb markers."""
    head = text[:4096].lstrip()[:1]  # not text.lstrip(): that copies a whole 3 MB page
    if head in ("{", "["):
        if '"pageProps"' in text:
            return SourceFormat.NEXT_DATA
        if '"edges"' in text and ('"plaidHtml"' in text or '"interestScore"' in text):
            return SourceFormat.GRAPHQL
        return None
    if _looks_like_html(text):
        if 'id="__NEXT_DATA__"' in text and '"pageProps"' in text:
            return SourceFormat.NEXT_DATA
        if _has_react_section(text) or _REACT_DYK_HEADING in text:
            return SourceFormat.HTML_REACT
        if any(marker in text for marker in _CLASSIC_MARKERS):
            return SourceFormat.HTML_CLASSIC
        return None
    if _TEXT_MARKERS.search(text):
        return SourceFormat.TEXT
    return None
