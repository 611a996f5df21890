"""``contentData``: the items of a React sub-page's ``__NEXT_DATA__`` (trivia, goofs, crazy
credits, locations, keywords, soundtrack), and of a damaged one up to where it breaks.

``props.pageProps.contentData`` is ``entityMetadata`` + ``categories[]`` of ``{id, name,
section: {items[], total, endCursor}}`` (or one ``section``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..model import (
    DEFAULT_CATEGORY,
    PageKind,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
)
from . import Context
from ._fragment import Fragment, html_fragment, text_fragment
from ._imdb import IMDB_ID_RE, ITEM_PARAM, SPOILER_CATEGORY, kind_of_id, kind_of_word
from ._json import count_field, decode_at, find_value, loads, vote_counts
from .graphql import page_meta

__all__ = ["kind_from_path", "read_content", "salvage_content"]

#: contentData categories that describe the title, not items (the locations page's dates).
NON_ITEM_CATEGORIES = frozenset({"flmg_dates", "prod_dates"})
# Item body fields: HTML-valued first, then text-valued (locations use cardText).
HTML_BODY_KEYS = ("cardHtml", "htmlContent", "html", "plaidHtml")
TEXT_BODY_KEYS = ("cardText", "text", "rowTitle", "plainText")
NOTE_KEYS = ("attributes",)
_HEADER_ID = re.compile(r'"id"\s*:\s*"([^"\\]*)"')
_HEADER_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)*)"')
_MAIN_PATHS = re.compile(r"\A/(?:title|name)/\[[a-z]+\]/?\Z")


# --- page kind -----------------------------------------------------------------------------


def kind_from_path(path: str | None) -> PageKind | None:
    """The page kind a Next.js route names, or None when it names none we know."""
    if not path:
        return None
    if _MAIN_PATHS.match(path):
        return PageKind.NAME_MAIN if path.startswith("/name/") else PageKind.TITLE_MAIN
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if last == "trivia" and path.startswith("/name/"):
        return PageKind.NAME_TRIVIA
    return kind_of_word(last)


def _kind_from_ids(items: list[TriviaItem]) -> PageKind:
    """The page kind the first item id's prefix says (tr, gf, lc, …)."""
    for item in items:
        if item.id:
            return kind_of_id(item.id) or PageKind.UNKNOWN
    return PageKind.UNKNOWN


# --- contentData ---------------------------------------------------------------------------


def _item_id(item: Mapping[str, Any]) -> str | None:
    """The item's IMDb id: its ``id``, else the voting widget's, else the share URL's."""
    votes = item.get("userVotingProps")
    share = item.get("shareButtonProps")
    candidates = [item.get("id"), votes.get("itemConst") if isinstance(votes, Mapping) else None]
    url = share.get("url") if isinstance(share, Mapping) else None
    if isinstance(url, str):
        m = ITEM_PARAM.search(url)
        candidates.append(m.group(1) if m else None)
    for c in candidates:
        if isinstance(c, str) and IMDB_ID_RE.match(c):
            return c
    return None


def _track_body(
    item: Mapping[str, Any], lines: list[Any], note: str | None
) -> tuple[Fragment, str | None]:
    """(body, note) of a soundtrack row: its title as text, its credit lines as the html,
    links and (as text) the note."""
    html_lines = [
        ln["html"] for ln in lines if isinstance(ln, Mapping) and isinstance(ln.get("html"), str)
    ]
    credits = html_fragment("<br>".join(html_lines)) if html_lines else None
    title = text_fragment(item["rowTitle"])
    if credits is None:
        return title, note
    return Fragment(title.text, credits.html, credits.links), credits.text or None


def _item_body(item: Mapping[str, Any]) -> tuple[Fragment | None, str | None]:
    """(body, note): the text field(s) of one contentData item, whichever it carries."""
    note = None
    for key in NOTE_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            note = text_fragment(value).text
    lines = item.get("listContent")  # soundtrack: title + credit lines
    if isinstance(lines, list) and isinstance(item.get("rowTitle"), str):
        return _track_body(item, lines, note)
    for key in HTML_BODY_KEYS:
        value = item.get(key)
        if isinstance(value, str):
            return html_fragment(value), note
    for key in TEXT_BODY_KEYS:
        value = item.get(key)
        if isinstance(value, str):
            return text_fragment(value), note
    return None, note


def _read_item(
    item: Any, cat_id: str | None, cat_name: str | None, ctx: Context, index: int
) -> TriviaItem | None:
    """One ``contentData`` item as a TriviaItem; None (with a problem) when textless."""
    if not isinstance(item, Mapping):
        ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, "a section item is not an object", item=index)
        return None
    body, note = _item_body(item)
    if body is None or not body.text:
        ctx.problem(ProblemCode.EMPTY_ITEM, "an item carries no text", item=index)
        return None
    is_spoiler = item.get("isSpoiler") is True or cat_id == SPOILER_CATEGORY
    category = cat_id or DEFAULT_CATEGORY
    own = item.get("category")  # a spoiler that names its real category
    if isinstance(own, Mapping):
        own = own.get("id")
    if isinstance(own, str) and own:
        category = own
    votes_obj = item.get("userVotingProps")
    votes = None
    if isinstance(votes_obj, Mapping):
        votes = vote_counts(votes_obj.get("upVotes"), votes_obj.get("downVotes"), ctx, index)
    return TriviaItem(
        id=_item_id(item),
        text=body.text,
        html=body.html,
        category=category,
        category_label=cat_name,
        is_spoiler=is_spoiler,
        votes=votes,
        links=body.links,
        note=note,
    )


def _sections(content: Mapping[str, Any]) -> list[tuple[str | None, str | None, Any]]:
    """(category id, name, section) of every item-bearing group in ``contentData``."""
    out: list[tuple[str | None, str | None, Any]] = []
    cats = content.get("categories")
    if isinstance(cats, list):
        for cat in cats:
            if not isinstance(cat, Mapping):
                continue
            cid = cat.get("id") if isinstance(cat.get("id"), str) else None
            name = cat.get("name") if isinstance(cat.get("name"), str) else None
            if cid in NON_ITEM_CATEGORIES:
                continue
            out.append((cid, name, cat.get("section")))
    elif isinstance(content.get("section"), Mapping):
        out.append((None, None, content["section"]))
    return out


def _content_meta(
    content: Mapping[str, Any], ctx: Context
) -> tuple[str | None, str | None, int | None]:
    """(imdb_id, title, year) of a ``contentData``: its ``entityMetadata``, else ``data.title``."""
    meta = content.get("entityMetadata")
    data_title = (
        content.get("data", {}).get("title") if isinstance(content.get("data"), Mapping) else None
    )
    return page_meta(
        meta
        if isinstance(meta, Mapping)
        else data_title
        if isinstance(data_title, Mapping)
        else {},
        ctx,
    )


def _content_kind(path: str | None, contribution: Any, items: list[TriviaItem]) -> PageKind:
    """The page kind of a sub-page: its route, else its contribution section, else its ids."""
    kind = kind_from_path(path)
    if kind is None and isinstance(contribution, Mapping):
        kind = kind_of_word(str(contribution.get("contributionSection", "")))
    return kind or _kind_from_ids(items)


class _Sections:
    """The items of a ``contentData``'s sections, with what each section declares."""

    def __init__(self, content: Mapping[str, Any], ctx: Context) -> None:
        """Read every section; one without an items list costs a problem, not the page."""
        self.items: list[TriviaItem] = []
        self.totals: dict[str, int] = {}
        self.declared: int | None = None
        self.cursors = False
        for cid, name, section in _sections(content):
            if not isinstance(section, Mapping) or not isinstance(section.get("items"), list):
                ctx.problem(
                    ProblemCode.UNEXPECTED_STRUCTURE, f"category {cid!r} has no section items"
                )
                continue
            self._add(cid, name, section, ctx)

    def _add(
        self, cid: str | None, name: str | None, section: Mapping[str, Any], ctx: Context
    ) -> None:
        """Read one section's items and its total (the items read when it declares none)."""
        before = len(self.items)
        for raw in section["items"]:
            item = _read_item(raw, cid, name, ctx, len(self.items))
            if item is not None:
                self.items.append(item)
        total = count_field(section.get("total"), ctx, f"the total of category {cid!r}")
        if total is None:
            total = len(self.items) - before
        self.declared = (self.declared or 0) + total
        self.totals[name or cid or DEFAULT_CATEGORY] = total
        self.cursors = self.cursors or bool(section.get("endCursor"))


def read_content(
    content: Mapping[str, Any], path: str | None, ctx: Context, fmt: SourceFormat
) -> TriviaPage:
    """A sub-page from ``contentData``: meta, items of item categories, totals."""
    imdb_id, title, year = _content_meta(content, ctx)
    sections = _Sections(content, ctx)
    items, declared = sections.items, sections.declared
    kind = _content_kind(path, content.get("contributionData"), items)
    if declared is not None and len(items) < declared:
        ctx.problem(
            ProblemCode.INCOMPLETE_PAGE,
            f"the saved JSON holds {len(items)} of the {declared} items it declares; "
            "IMDb loads the rest on demand" + (" (endCursor)" if sections.cursors else ""),
        )
    return TriviaPage(
        imdb_id=imdb_id,
        title=title,
        year=year,
        page_kind=kind,
        source_format=fmt,
        items=tuple(items),
        declared_total=declared,
        declared_counts=sections.totals if len(sections.totals) > 1 else {},
    )


def _salvage_list(
    text: str,
    j: int,
    end: int,
    cid: str | None,
    name: str | None,
    ctx: Context,
    items: list[TriviaItem],
) -> int | None:
    """Read the items of one category's list from ``j`` (after its ``[``) into ``items``, one
    value at a time; the position after the list, or None where the JSON breaks."""
    while True:
        while j < end and text[j] in " \t\r\n,":
            j += 1
        if j >= end or text[j] == "]":
            return j
        try:
            raw, j = decode_at(text, j, ctx)
        except json.JSONDecodeError:
            return None
        if cid not in NON_ITEM_CATEGORIES:
            item = _read_item(raw, cid, name, ctx, len(items))
            if item is not None:
                items.append(item)


def _salvage_items(text: str, pos: int, end: int, ctx: Context) -> list[TriviaItem]:
    """The items of every category from ``pos`` (its ``"categories"``) up to the break."""
    items: list[TriviaItem] = []
    while True:
        at = text.find('"items"', pos, end)
        if at < 0:
            return items
        header = text[pos:at]
        cid_m, name_m = _HEADER_ID.search(header), _HEADER_NAME.search(header)
        cid = cid_m.group(1) if cid_m else None
        name = loads(f'"{name_m.group(1)}"', ctx) if name_m else None
        j = text.find("[", at, end)
        if j < 0:
            return items
        after = _salvage_list(text, j + 1, end, cid, name, ctx, items)
        if after is None:
            return items
        pos = after


def salvage_content(
    text: str, start: int, end: int, path: str | None, ctx: Context
) -> TriviaPage | None:
    """A damaged or cut-short ``contentData``: its categories' items one by one, up to the break.

    None when no item could be read. The page gets no ``declared_total``: the break is
    reported by the caller, and what the lost part declared is unknown.
    """
    meta: Any = {}
    contribution: Any = {}
    try:
        found = find_value(text, "entityMetadata", start, end, ctx=ctx)
        meta = found[0] if found else {}
        found = find_value(text, "contributionData", start, end)
        contribution = found[0] if found else {}
    except json.JSONDecodeError:
        pass
    pos = text.find('"categories"', start, end)
    if pos < 0:
        return None
    items = _salvage_items(text, pos, end, ctx)
    if not items:
        return None
    imdb_id, title, year = page_meta(meta if isinstance(meta, Mapping) else {}, ctx)
    return TriviaPage(
        imdb_id=imdb_id,
        title=title,
        year=year,
        page_kind=_content_kind(path, contribution, items),
        source_format=SourceFormat.NEXT_DATA,
        items=tuple(items),
    )
