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
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
)
from ..normalize import clean_line
from . import Context
from ._fragment import element_fragment
from ._imdb import (
    IMDB_ID_RE,
    ITEM_PARAM,
    PAGE_URL,
    SPOILER_CATEGORY,
    SPOILER_LABELS,
    TITLE_YEAR,
    kind_of_id,
    kind_of_word,
)
from ._json import vote_counts
from ._react_layout import (
    HEADING,
    SPOILER_SUFFIX,
    SUB_SECTION_PREFIX,
    Layout,
    has_class,
)

__all__ = ["read", "read_html"]

# --- selectors -----------------------------------------------------------------------------


#: A card's text: the inner div, or a ``div`` right under the content block (2021-2022).
CARD_TEXT = "ipc-html-content-inner-div"
CARD_CONTENT = "ipc-html-content"
VOTES_UP = "ipc-voting__label__count--up"
VOTES_DOWN = "ipc-voting__label__count--down"
DID_YOU_KNOW = '//*[@data-testid="DidYouKnow"]'
DYK_HEADINGS = f'//*[contains(concat(" ", normalize-space(@class), " "), " {HEADING} ")]'
DYK_HEADING_TEXT = "did you know"
DYK_TRIVIA_LINKS = '//a[contains(@href, "/trivia")]'
PAGE_CONST = '//meta[@property="imdb:pageConst"]/@content'
CANONICAL = '//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'
#: The page kind a React page title names before the site's name: "X (1999) - Goofs - IMDb".
_TITLE_KIND = re.compile(r" - ([A-Za-z &]{4,30}) - IMDb\s*+\Z")


def _card_parts(card: Any) -> tuple[Any, Any, Any, str | None]:
    """(text block, up count, down count, item id) of a list card, each the first in
    document order under it (None when absent): one walk over the card."""
    text = up = down = item_id = None
    for el in card.iter():
        if el is card:
            continue
        if text is None and (
            has_class(el, CARD_TEXT)
            or (
                el.tag == "div"
                and (parent := el.getparent()) is not card
                and has_class(parent, CARD_CONTENT)
            )
        ):
            text = el
        if up is None and has_class(el, VOTES_UP):
            up = el
        if down is None and has_class(el, VOTES_DOWN):
            down = el
        if item_id is None:
            item_id = _item_param(el)
    return text, up, down, item_id


def _item_param(el: Any) -> str | None:
    """The item id the first of ``el``'s attributes with an ``item=`` parameter names."""
    for _, value in el.items():
        m = ITEM_PARAM.search(value) if "item=" in value else None
        if m:
            return m.group(1)
    return None


def _item(
    card: Any, category: str, label: str | None, spoiler: bool, ctx: Context, index: int
) -> TriviaItem | None:
    """One list card as an item; None (with a problem) when it has no text."""
    found, up_el, down_el, item_id = _card_parts(card)
    if found is None:
        ctx.problem(ProblemCode.EMPTY_ITEM, "a list card has no text block", item=index)
        return None
    votes = None
    if up_el is not None or down_el is not None:
        up = up_el.text_content().strip() if up_el is not None else None
        down = down_el.text_content().strip() if down_el is not None else None
        votes = vote_counts(up, down, ctx, index, raw=f"{up} up / {down} down")
    frag = element_fragment(found)
    if not frag.text:
        ctx.problem(ProblemCode.EMPTY_ITEM, "a list card's text is empty", item=index)
        return None
    return TriviaItem(
        id=item_id,
        text=frag.text,
        html=frag.html,
        category=category,
        category_label=label,
        is_spoiler=spoiler,
        votes=votes,
        links=frag.links,
    )


def _meta(root: Any) -> tuple[str | None, str | None, int | None, PageKind | None]:
    """(imdb_id, title, year, page kind) from the page head: pageConst, canonical URL, <title>."""
    imdb_id = kind = None
    for value in root.xpath(PAGE_CONST):
        if IMDB_ID_RE.match(str(value)):
            imdb_id = str(value)
    for value in root.xpath(CANONICAL):
        m = PAGE_URL.search(str(value))
        if m:
            imdb_id = imdb_id or m.group(1)
            is_name = m.group(1).startswith("nm")
            if m.group(2):
                kind = (
                    PageKind.NAME_TRIVIA
                    if is_name and m.group(2) == "trivia"
                    else kind_of_word(m.group(2))
                )
            else:
                kind = PageKind.NAME_MAIN if is_name else PageKind.TITLE_MAIN
            break
    title = year = None
    t = root.find(".//title")
    if t is not None and t.text:
        text = clean_line(t.text)
        mk = _TITLE_KIND.search(text)
        if mk and kind is None:
            kind = kind_of_word(mk.group(1))
        m = TITLE_YEAR.match(text)
        if m:
            title, year = m.group("title"), int(m.group("year"))
    return imdb_id, title, year, kind


def _did_you_know(root: Any, ctx: Context) -> tuple[bool, list[TriviaItem]]:
    """Whether the page has a "Did you know" block, and its trivia entry as one item.

    The block is ``data-testid="DidYouKnow"`` (2022 onwards) or the section under a "Did you
    know" heading (2021); the entry is the first ``li`` in it whose label links to the trivia
    page: the outermost ``li`` around the first such link in the outermost block.
    """
    blocks = set(root.xpath(DID_YOU_KNOW))
    for h in root.xpath(DYK_HEADINGS):
        if clean_line(h.text or "").lower() == DYK_HEADING_TEXT:
            section = next(h.iterancestors("section"), None)
            if section is not None:
                blocks.add(section)
    if not blocks:
        return False, []
    for link in root.xpath(DYK_TRIVIA_LINKS):
        entry = block = None
        candidate = None
        for a in link.iterancestors():
            if a in blocks:
                block, entry = a, candidate
            elif a.tag == "li":
                candidate = a
        if block is not None and entry is not None:
            item = _item(entry, DEFAULT_CATEGORY, None, False, ctx, 0)
            return True, [item] if item is not None else []
    return True, []


def _parse(text: str, ctx: Context) -> Any:
    """The page as an lxml tree, or None with a ``malformed-input`` problem."""
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # a str with an XML encoding declaration
        return lxml.html.document_fromstring(re.sub(r"\A\s*<\?xml[^>]*>", "", text))
    except lxml.etree.ParserError as exc:
        ctx.problem(ProblemCode.MALFORMED_INPUT, f"the HTML could not be parsed: {exc}")
        return None


def _headings(layout: Layout) -> tuple[dict[str, str | None], dict[str, int]]:
    """(label, declared count) per category id, from the headings above the sub-sections.

    Plain sections first; a spoiler section names its category only when the category has no
    plain section, and its label is dropped when it only says "Spoilers"."""
    labels: dict[str, str | None] = {}
    counts: dict[str, int] = {}
    parts: dict[Any, tuple[str | None, int | None]] = {}
    for sub in layout.sections:
        if not sub.cid.endswith(SPOILER_SUFFIX):
            label, count = sub.heading(parts)
            labels[sub.cid] = label
            if count is not None:
                counts[sub.cid] = count
    for sub in layout.sections:
        cid = sub.cid.removesuffix(SPOILER_SUFFIX)
        if sub.cid != cid and cid not in labels:
            label, count = sub.heading(parts)
            labels[cid] = None if (label or "").lower() in SPOILER_LABELS else label
            if count is not None:
                counts.setdefault(cid, count)
    return labels, counts


def _card_items(layout: Layout, labels: dict[str, str | None], ctx: Context) -> list[TriviaItem]:
    """The items of the sub-sections' cards, in page order; a repeated id is kept once."""
    items: list[TriviaItem] = []
    seen: set[str] = set()
    for card, sub in layout.cards:
        cid = sub.cid.removesuffix(SPOILER_SUFFIX)
        spoiler = sub.cid != cid or cid == SPOILER_CATEGORY
        item = _item(card, cid or DEFAULT_CATEGORY, labels.get(cid), spoiler, ctx, len(items))
        if item is None:
            continue
        if item.id is not None and item.id in seen:
            ctx.problem(
                ProblemCode.DUPLICATE_ITEM,
                f"item {item.id} appears twice; kept the first",
                item=len(items),
            )
            continue
        if item.id is not None:
            seen.add(item.id)
        items.append(item)
    return items


def _declared(
    labels: dict[str, str | None], counts: dict[str, int], hint: TriviaPage | None
) -> tuple[int | None, dict[str, int]]:
    """(declared total, count per label) from the section headings, else from the JSON."""
    if not counts and hint is not None:
        return hint.declared_total, dict(hint.declared_counts)
    declared = sum(counts.values()) if counts else None
    return declared, {labels.get(c) or c: n for c, n in counts.items()}


def _check_complete(kind: PageKind, n_items: int, declared: int | None, ctx: Context) -> None:
    """Report a sub-page that shows fewer items than it declares, or declares nothing."""
    if kind is PageKind.TITLE_MAIN or not n_items:
        return
    if declared is not None and n_items < declared:
        ctx.problem(
            ProblemCode.INCOMPLETE_PAGE,
            f"the page shows {n_items} of the {declared} items it declares; "
            "the server-rendered HTML holds only the first items of each section",
        )
    elif declared is None:
        ctx.problem(
            ProblemCode.UNEXPECTED_STRUCTURE,
            "the page carries neither __NEXT_DATA__ JSON nor section counts, so "
            "whether it shows every item cannot be told",
        )


def read_html(text: str, ctx: Context, *, hint: TriviaPage | None = None) -> TriviaPage:
    """Read the React sub-sections; ``hint`` is what the page's JSON said (ids, counts)."""
    root = _parse(text, ctx)
    if root is None:
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.HTML_REACT)
    imdb_id, title, year, kind = _meta(root)
    layout = Layout(root) if SUB_SECTION_PREFIX in text else Layout(None)
    labels, counts = _headings(layout)
    layout.cut_nested()
    items = _card_items(layout, labels, ctx)
    if not layout.sections:
        dyk, items = _did_you_know(root, ctx)
        if dyk:
            kind = PageKind.TITLE_MAIN
    if kind is None:
        kind = next(
            (kind_of_id(i.id) or PageKind.UNKNOWN for i in items if i.id),
            hint.page_kind if hint is not None else PageKind.UNKNOWN,
        )
    declared, declared_counts = _declared(labels, counts, hint)
    if hint is not None:
        imdb_id, title, year = (hint.imdb_id or imdb_id, hint.title or title, hint.year or year)
    _check_complete(kind, len(items), declared, ctx)
    return TriviaPage(
        imdb_id=imdb_id,
        title=title,
        year=year,
        page_kind=kind,
        source_format=SourceFormat.HTML_REACT,
        items=tuple(items),
        declared_total=declared,
        declared_counts=declared_counts if len(declared_counts) > 1 else {},
    )


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a React-era IMDb page from its HTML alone."""
    return read_html(text, ctx)
