"""The "Did You Know?" snippets of classic title and name main pages, and the "Trivia" block of
2010–2013 title pages: a sample of the trivia, one item per snippet."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ...model import DEFAULT_CATEGORY, PageKind, ProblemCode, SourceFormat, TriviaItem, TriviaPage
from ...normalize import category_id
from .. import Context
from .._fragment import WalkStyle, drop_element, read_element
from .head import Head, is_person
from .region import region_at
from .walk import CLASSIC_STYLE, parse_fragment

__all__ = ["read_dyk"]

#: The "Did You Know?" block of a title main page, and its trivia snippet inside.
_TITLE_DYK = 'id="titleDidYouKnow"'
_TITLE_DYK_TRIVIA = etree.XPath("//div[@id='trivia']")
#: 2010–2013 title pages give their trivia snippet no id: the block is the ``<div>`` around a
#: "Trivia" heading, ``div.info > h5 "Trivia:"`` (tn15 "combined" pages, 2010) or
#: ``div.txt-block > h4 "Trivia"`` (main pages under ``<h2>Did You Know?</h2>``, 2011–2013).
_HEADED_DYK = re.compile(r"<h([45])>\s*+Trivia:?\s*+</h\1>", re.I)
#: The "Did You Know?" snippets of a name main page: block id -> category label (None = plain).
_NAME_DYK_BLOCKS: dict[str, str | None] = {"dyk-trivia": None, "dyk-trademark": "Trademark"}
#: On "Did You Know?" snippets the heading and the "See more »" link are furniture too.
_DYK_STYLE = WalkStyle(
    blocks=CLASSIC_STYLE.blocks,
    furniture_tags=CLASSIC_STYLE.furniture_tags,
    furniture_classes=CLASSIC_STYLE.furniture_classes | {"nobr", "see-more", "inline"},
)
_TRAILING_MORE = re.compile(r"(?:\s|&raquo;|»|&#187;)+$")


def _dyk_item(root: etree._Element, label: str | None) -> TriviaItem | None:
    """The snippet in ``root`` as an item, its heading removed; None if it is empty."""
    _strip_heading(root)
    text, html, links = read_element(root, _DYK_STYLE)
    text = _TRAILING_MORE.sub("", text)
    html = _TRAILING_MORE.sub("", html)
    if not text:
        return None
    return TriviaItem(
        text=text,
        html=html,
        links=links,
        category_label=label,
        category=category_id(label) if label else DEFAULT_CATEGORY,
    )


def _strip_heading(root: etree._Element) -> None:
    """Drop the snippet's heading ("Trivia", "Did You Know?")."""
    for h in list(root.iter("h5", "h4", "h2")):
        drop_element(h)


def _innermost(div: etree._Element) -> etree._Element:
    """The ``div`` holding the text of a block that only wraps one ``div`` (tn15 pages keep the
    text in ``div.info-content``)."""
    while (
        len(div) == 1
        and div[0].tag == "div"
        and not (div.text or "").strip()
        and not (div[0].tail or "").strip()
    ):
        div = div[0]
    return div


def _page(head: Head, kind: PageKind, items: list[TriviaItem]) -> TriviaPage:
    """A main page with these snippets."""
    return TriviaPage(
        imdb_id=head.imdb_id,
        title=head.title,
        year=head.year,
        page_kind=kind,
        source_format=SourceFormat.HTML_CLASSIC,
        items=tuple(items),
    )


def _read_headed_dyk(text: str, head: Head, ctx: Context) -> TriviaPage | None:
    """A 2010–2013 title page: the block around its "Trivia" heading (``_HEADED_DYK``) is its
    one trivia snippet; None when the page has no such heading."""
    m = _HEADED_DYK.search(text)
    if m is None:
        return None
    opener = text.rfind("<div", 0, m.start())
    if opener < 0:
        return None
    region = region_at(text, opener, exact=True)
    if not region.closed:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, "the Trivia block is never closed")
    root = parse_fragment(region.html)
    div = None if root is None else root.find(".//div")
    items: list[TriviaItem] = []
    if div is not None:
        _strip_heading(div)
        item = _dyk_item(_innermost(div), None)
        if item is not None:
            items.append(item)
    return _page(head, PageKind.NAME_MAIN if is_person(head) else PageKind.TITLE_MAIN, items)


def _title_dyk_items(text: str, start: int, ctx: Context) -> Iterator[TriviaItem]:
    """The trivia snippet of the ``div#titleDidYouKnow`` block found at ``start``."""
    region = region_at(text, max(text.rfind("<", 0, start), 0), exact=True)
    if not region.closed:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, "the Did You Know? block is never closed")
    root = parse_fragment(region.html)
    if root is None:
        return
    blocks = _TITLE_DYK_TRIVIA(root)
    assert isinstance(blocks, list)
    for block in blocks:
        assert isinstance(block, etree._Element)
        item = _dyk_item(block, None)
        if item is not None:
            yield item


def _name_dyk_items(text: str) -> tuple[bool, list[TriviaItem]]:
    """Whether the page has name "Did You Know?" blocks, and their snippets."""
    found = False
    items: list[TriviaItem] = []
    for block_id, label in _NAME_DYK_BLOCKS.items():
        j = text.find(f'id="{block_id}"')
        if j < 0:
            continue
        found = True
        region = region_at(text, max(text.rfind("<", 0, j), 0), exact=True)
        root = parse_fragment(region.html)
        div = None if root is None else root.find(".//div")
        if div is None:
            continue
        item = _dyk_item(div, label)
        if item is not None:
            items.append(item)
    return found, items


def read_dyk(text: str, head: Head, ctx: Context) -> TriviaPage | None:
    """A title or name main page: its "Did You Know?" snippets, or None when it has none."""
    i = text.find(_TITLE_DYK)
    if i >= 0:
        return _page(head, PageKind.TITLE_MAIN, list(_title_dyk_items(text, i, ctx)))
    found, items = _name_dyk_items(text)
    if found:
        return _page(head, PageKind.NAME_MAIN, items)
    return _read_headed_dyk(text, head, ctx)
