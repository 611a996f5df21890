"""React HTML, 2023 onwards: ``data-testid="sub-section-<category>"`` blocks of list cards.

Read only when a page carries no usable ``__NEXT_DATA__`` JSON (``next_data`` reads that and
calls :func:`read_html` as its fallback). The server-rendered HTML shows the first few items
of each section; the section heading's count says how many there are, and a page showing
fewer is marked ``incomplete-page``, never silently short. Also reads the "Did you know"
block of a React title main page (2021 onwards).
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html

from ..model import (
    DEFAULT_CATEGORY,
    PageKind,
    SourceFormat,
    TriviaItem,
    TriviaPage,
)
from ..normalize import clean_line
from . import Context
from ._json_common import ID_KIND, IMDB_CONST, PATH_KIND, as_int, element_fragment, vote_counts

__all__ = ["read", "read_html"]

# --- selectors -----------------------------------------------------------------------------


def _cls(name: str) -> str:
    """XPath test for one class among an element's classes (not a substring of another)."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


SUB_SECTION_PREFIX = "sub-section-"
SPOILER_SUFFIX = "--spoilers"
SPOILER_CATEGORY = "spoilers"
SUB_SECTIONS = f'//*[starts-with(@data-testid, "{SUB_SECTION_PREFIX}")]'
HEADINGS = f".//*[{_cls('ipc-title__text')}]"
HEADING_COUNT = f"{_cls('ipc-title__subtext')}"
PRECEDING_HEADINGS = f"preceding::*[{_cls('ipc-title__text')}]"
CARDS = f".//*[{_cls('ipc-list-card')}]"
CARD_TEXT = (f".//*[{_cls('ipc-html-content-inner-div')}]"
             f" | .//*[{_cls('ipc-html-content')}]/div")
VOTES_UP = f".//*[{_cls('ipc-voting__label__count--up')}]"
VOTES_DOWN = f".//*[{_cls('ipc-voting__label__count--down')}]"
ITEM_ATTRS = './/@*[contains(., "item=")]'
DID_YOU_KNOW = '//*[@data-testid="DidYouKnow"]'
DYK_ENTRIES = ".//li"
DYK_TRIVIA_LABEL = './/a[contains(@href, "/trivia")]'
PAGE_CONST = '//meta[@property="imdb:pageConst"]/@content'
CANONICAL = '//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'
_ITEM_PARAM = re.compile(r"[?&]item=([a-z]{2}\d{5,12})")
_TITLE_YEAR = re.compile(r"\A(?P<title>.+?) \((?:[^)]*?\s)?(?P<year>\d{4})[^)]*\)")
_TITLE_KIND = re.compile(r" - (Trivia|Goofs|Crazy credits|Filming & production|"
                         r"Plot keywords|Soundtracks|Quotes|Taglines) - IMDb\s*\Z", re.I)
_TITLE_KIND_MAP = {"trivia": PageKind.TRIVIA, "goofs": PageKind.GOOFS,
                   "crazy credits": PageKind.CRAZY_CREDITS,
                   "filming & production": PageKind.FILMING_LOCATIONS,
                   "plot keywords": PageKind.PLOT_KEYWORDS, "soundtracks": PageKind.SOUNDTRACK,
                   "quotes": PageKind.QUOTES, "taglines": PageKind.TAGLINES}
_CONST_IN_URL = re.compile(r"/(?:title|name)/((?:tt|nm)\d{5,12})(?:/([a-z-]+))?")


def _category_of(sub: Any) -> str:
    """The category id a sub-section's ``data-testid`` names, spoiler suffix removed."""
    return str(sub.get("data-testid", ""))[len(SUB_SECTION_PREFIX):].removesuffix(
        SPOILER_SUFFIX)


def _heading_parts(h: Any) -> tuple[str | None, int | None]:
    """(label, count) of one heading: its text without the count badge, the badge."""
    count = None
    parts = [h.text or ""]
    for child in h:
        if child.xpath(f"self::*[{HEADING_COUNT}]"):
            count = as_int(child.text_content())
        else:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return clean_line("".join(parts)) or None, count


def _heading(sub: Any) -> tuple[str | None, int | None]:
    """(label, declared count) from the ``.ipc-title__text`` heading above a sub-section.

    The nearest heading before it inside its parent; further up only while the ancestor
    holds no other category's sub-sections (whose heading would be the wrong label).
    """
    before = sub.xpath(PRECEDING_HEADINGS)
    node = sub.getparent()
    mine = _category_of(sub)
    for level in range(3):
        if node is None:
            return None, None
        if level and any(_category_of(other) != mine for other in node.xpath(
                f'.//*[starts-with(@data-testid, "{SUB_SECTION_PREFIX}")]')):
            return None, None
        inside = [h for h in before if any(a is node for a in h.iterancestors())
                  and not any(str(a.get("data-testid", "")).startswith(SUB_SECTION_PREFIX)
                              for a in h.iterancestors())]
        if inside:
            return _heading_parts(inside[-1])
        node = node.getparent()
    return None, None


def _item(card: Any, category: str, label: str | None, spoiler: bool, ctx: Context,
          index: int) -> TriviaItem | None:
    """One list card as an item; None (with a problem) when it has no text."""
    found = card.xpath(CARD_TEXT)
    if not found:
        ctx.problem("empty-item", "a list card has no text block", item=index)
        return None
    ups, downs = card.xpath(VOTES_UP), card.xpath(VOTES_DOWN)
    votes = None
    if ups or downs:
        up = ups[0].text_content().strip() if ups else None
        down = downs[0].text_content().strip() if downs else None
        votes = vote_counts(up, down, ctx, index, raw=f"{up} up / {down} down")
    item_id = None
    for value in card.xpath(ITEM_ATTRS):
        m = _ITEM_PARAM.search(str(value))
        if m:
            item_id = m.group(1)
            break
    frag = element_fragment(found[0])
    if not frag.text:
        ctx.problem("empty-item", "a list card's text is empty", item=index)
        return None
    return TriviaItem(id=item_id, text=frag.text, html=frag.html, category=category,
                      category_label=label, is_spoiler=spoiler, votes=votes, links=frag.links)


def _meta(root: Any) -> tuple[str | None, str | None, int | None, PageKind | None]:
    """(imdb_id, title, year, page kind) from the page head: pageConst, canonical URL, <title>."""
    imdb_id = kind = None
    for value in root.xpath(PAGE_CONST):
        if IMDB_CONST.match(str(value)):
            imdb_id = str(value)
    for value in root.xpath(CANONICAL):
        m = _CONST_IN_URL.search(str(value))
        if m:
            imdb_id = imdb_id or m.group(1)
            is_name = m.group(1).startswith("nm")
            if m.group(2):
                kind = PageKind.NAME_TRIVIA if is_name and m.group(2) == "trivia" \
                    else PATH_KIND.get(m.group(2))
            else:
                kind = PageKind.NAME_MAIN if is_name else PageKind.TITLE_MAIN
            break
    title = year = None
    t = root.find(".//title")
    if t is not None and t.text:
        text = clean_line(t.text)
        mk = _TITLE_KIND.search(text)
        if mk and kind is None:
            kind = _TITLE_KIND_MAP.get(mk.group(1).lower())
        m = _TITLE_YEAR.match(text)
        if m:
            title, year = m.group("title"), int(m.group("year"))
    return imdb_id, title, year, kind


def _did_you_know(root: Any, ctx: Context) -> list[TriviaItem]:
    """The trivia entry of a main page's "Did you know" block, as one item."""
    for block in root.xpath(DID_YOU_KNOW):
        for entry in block.xpath(DYK_ENTRIES):
            if entry.xpath(DYK_TRIVIA_LABEL):
                item = _item(entry, DEFAULT_CATEGORY, None, False, ctx, 0)
                return [item] if item is not None else []
    return []


def _parse(text: str, ctx: Context) -> Any:
    """The page as an lxml tree, or None with a ``malformed-input`` problem."""
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # a str with an XML encoding declaration
        return lxml.html.document_fromstring(re.sub(r"\A\s*<\?xml[^>]*>", "", text))
    except lxml.etree.ParserError as exc:
        ctx.problem("malformed-input", f"the HTML could not be parsed: {exc}")
        return None


def read_html(text: str, ctx: Context, *, hint: TriviaPage | None = None) -> TriviaPage:
    """Read the React sub-sections; ``hint`` is what the page's JSON said (ids, counts)."""
    root = _parse(text, ctx)
    if root is None:
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.HTML_REACT)
    imdb_id, title, year, kind = _meta(root)
    items: list[TriviaItem] = []
    labels: dict[str, str | None] = {}
    counts: dict[str, int] = {}
    seen: set[str] = set()
    subs = root.xpath(SUB_SECTIONS)
    for sub in subs:  # first pass: labels and counts of the plain sections
        cid = sub.get("data-testid")[len(SUB_SECTION_PREFIX):]
        if not cid.endswith(SPOILER_SUFFIX):
            label, count = _heading(sub)
            labels[cid] = label
            if count is not None:
                counts[cid] = count
    for sub in subs:
        cid = sub.get("data-testid")[len(SUB_SECTION_PREFIX):]
        spoiler = cid.endswith(SPOILER_SUFFIX)
        if spoiler:
            cid = cid[: -len(SPOILER_SUFFIX)]
            if cid not in labels:
                label, count = _heading(sub)
                labels[cid] = None if (label or "").lower() in ("spoilers", "spoiler") \
                    else label
                if count is not None:
                    counts.setdefault(cid, count)
        spoiler = spoiler or cid == SPOILER_CATEGORY
        for card in sub.xpath(CARDS):
            item = _item(card, cid or DEFAULT_CATEGORY, labels.get(cid), spoiler, ctx,
                         len(items))
            if item is None:
                continue
            if item.id is not None and item.id in seen:
                ctx.problem("duplicate-item", f"item {item.id} appears twice; kept the first",
                            item=len(items))
                continue
            if item.id is not None:
                seen.add(item.id)
            items.append(item)
    if not subs:
        items = _did_you_know(root, ctx)
        if items or root.xpath(DID_YOU_KNOW):
            kind = PageKind.TITLE_MAIN
    if kind is None:
        kind = next((ID_KIND.get(i.id[:2], PageKind.UNKNOWN) for i in items if i.id),
                    hint.page_kind if hint is not None else PageKind.UNKNOWN)
    declared = sum(counts.values()) if counts else None
    declared_counts = {labels.get(c) or c: n for c, n in counts.items()}
    if hint is not None:
        imdb_id, title, year = (hint.imdb_id or imdb_id, hint.title or title,
                                hint.year or year)
        if declared is None:
            declared = hint.declared_total
            declared_counts = dict(hint.declared_counts)
    if kind is not PageKind.TITLE_MAIN and items:
        if declared is not None and len(items) < declared:
            ctx.problem("incomplete-page",
                        f"the page shows {len(items)} of the {declared} items it declares; "
                        "the server-rendered HTML holds only the first items of each section")
        elif declared is None:
            ctx.problem("unexpected-structure",
                        "the page carries neither __NEXT_DATA__ JSON nor section counts, so "
                        "whether it shows every item cannot be told")
    return TriviaPage(imdb_id=imdb_id, title=title, year=year, page_kind=kind,
                      source_format=SourceFormat.HTML_REACT, items=tuple(items),
                      declared_total=declared,
                      declared_counts=declared_counts if len(declared_counts) > 1 else {})


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a React-era IMDb page from its HTML alone."""
    return read_html(text, ctx)
