"""``__NEXT_DATA__`` JSON: the Next.js state of React IMDb pages, embedded or saved alone.

Sub-pages (trivia, goofs, crazy credits, locations, keywords, soundtrack) carry
``props.pageProps.contentData`` = ``entityMetadata`` + ``categories[]`` of
``{id, name, section: {items[], total, endCursor}}`` (or one ``section``); a title's main page
carries ``aboveTheFoldData`` + ``mainColumnData.trivia`` (the "Did you know" snippet) and 2022
pages a ``urqlState`` cache of GraphQL responses. Only those objects are decoded (targeted
``raw_decode``), never the whole 1–3 MB document, and the HTML around an embedded script is
never parsed unless the JSON holds no items and the page's React sub-sections might.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from attrs import evolve

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
from ._json import count_field, decode_at, find_value, json_error_problem, loads, vote_counts
from .graphql import page_meta, read_graphql_tree

__all__ = ["find_script", "read"]

# --- markers and keys ----------------------------------------------------------------------

SCRIPT_MARKER = 'id="__NEXT_DATA__"'
SCRIPT_END = "</script>"
#: contentData categories that describe the title, not items (the locations page's dates).
NON_ITEM_CATEGORIES = frozenset({"flmg_dates", "prod_dates"})
# Item body fields: HTML-valued first, then text-valued (locations use cardText).
HTML_BODY_KEYS = ("cardHtml", "htmlContent", "html", "plaidHtml")
TEXT_BODY_KEYS = ("cardText", "text", "rowTitle", "plainText")
NOTE_KEYS = ("attributes",)
# What in the HTML around the script says the React reader could read the page instead.
REACT_HTML_MARKERS = ('data-testid="sub-section', 'data-testid="DidYouKnow"')
_ANCHORS = re.compile(r'"(contentData|mainColumnData|urqlState)"\s*:\s*[{\[]')
_HEADER_ID = re.compile(r'"id"\s*:\s*"([^"\\]*)"')
_HEADER_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)*)"')
#: Problems that say the JSON itself is damaged.
_DAMAGED = (ProblemCode.TRUNCATED_INPUT, ProblemCode.MALFORMED_INPUT)
_MAIN_PATHS = re.compile(r"\A/(?:title|name)/\[[a-z]+\]/?\Z")


def find_script(text: str, ctx: Context) -> tuple[int, int] | None:
    """(start, end) of the JSON inside the ``__NEXT_DATA__`` script, found by string search."""
    i = text.find(SCRIPT_MARKER)
    if i < 0:
        return None
    start = text.find(">", i)
    if start < 0:
        ctx.problem(ProblemCode.TRUNCATED_INPUT,
                    "the page ends inside the __NEXT_DATA__ script tag")
        return None
    end = text.find(SCRIPT_END, start)
    if end < 0:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, "the page ends inside the __NEXT_DATA__ script")
        end = len(text)
    return start + 1, end


# --- page kind -----------------------------------------------------------------------------

def _page_path(text: str, start: int, end: int) -> str | None:
    """The Next.js route (``/title/[tconst]/trivia``): a top-level key after ``props``."""
    i = text.rfind('"page"', start, end)
    if i < 0:
        return None
    try:
        found = find_value(text, "page", i, end, want=str)
    except json.JSONDecodeError:
        return None
    return found[0] if found and found[0].startswith("/") else None


def _kind_from_path(path: str | None) -> PageKind | None:
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


def _item_body(item: Mapping[str, Any]) -> tuple[Fragment | None, str | None]:
    """(body, note): the text field(s) of one contentData item, whichever it carries."""
    note = None
    for key in NOTE_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            note = text_fragment(value).text
    lines = item.get("listContent")  # soundtrack: title + credit lines
    if isinstance(lines, list) and isinstance(item.get("rowTitle"), str):
        html_lines = [ln["html"] for ln in lines if isinstance(ln, Mapping)
                      and isinstance(ln.get("html"), str)]
        credits = html_fragment("<br>".join(html_lines)) if html_lines else None
        title = text_fragment(item["rowTitle"])
        if credits is None:
            return title, note
        return Fragment(title.text, credits.html, credits.links), credits.text or None
    for key in HTML_BODY_KEYS:
        value = item.get(key)
        if isinstance(value, str):
            return html_fragment(value), note
    for key in TEXT_BODY_KEYS:
        value = item.get(key)
        if isinstance(value, str):
            return text_fragment(value), note
    return None, note


def _read_item(item: Any, cat_id: str | None, cat_name: str | None, ctx: Context,
               index: int) -> TriviaItem | None:
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
    return TriviaItem(id=_item_id(item), text=body.text, html=body.html, category=category,
                      category_label=cat_name, is_spoiler=is_spoiler, votes=votes,
                      links=body.links, note=note)


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


def _read_content(content: Mapping[str, Any], path: str | None, ctx: Context,
                  fmt: SourceFormat) -> TriviaPage:
    """A sub-page from ``contentData``: meta, items of item categories, totals."""
    meta = content.get("entityMetadata")
    data_title = content.get("data", {}).get("title") if isinstance(content.get("data"),
                                                                    Mapping) else None
    imdb_id, title, year = page_meta(meta if isinstance(meta, Mapping) else
                                     data_title if isinstance(data_title, Mapping) else {}, ctx)
    items: list[TriviaItem] = []
    totals: dict[str, int] = {}
    declared: int | None = None
    cursors = False
    for cid, name, section in _sections(content):
        if not isinstance(section, Mapping) or not isinstance(section.get("items"), list):
            ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, f"category {cid!r} has no section items")
            continue
        before = len(items)
        for raw in section["items"]:
            item = _read_item(raw, cid, name, ctx, len(items))
            if item is not None:
                items.append(item)
        total = count_field(section.get("total"), ctx, f"the total of category {cid!r}")
        if total is None:
            total = len(items) - before
        declared = (declared or 0) + total
        totals[name or cid or DEFAULT_CATEGORY] = total
        cursors = cursors or bool(section.get("endCursor"))
    kind = _kind_from_path(path)
    contribution = content.get("contributionData")
    if kind is None and isinstance(contribution, Mapping):
        kind = kind_of_word(str(contribution.get("contributionSection", "")))
    if kind is None:
        kind = _kind_from_ids(items)
    if declared is not None and len(items) < declared:
        ctx.problem(ProblemCode.INCOMPLETE_PAGE,
                    f"the saved JSON holds {len(items)} of the {declared} items it declares; "
                    "IMDb loads the rest on demand" + (" (endCursor)" if cursors else ""))
    return TriviaPage(imdb_id=imdb_id, title=title, year=year, page_kind=kind,
                      source_format=fmt, items=tuple(items), declared_total=declared,
                      declared_counts=totals if len(totals) > 1 else {})


def _salvage_content(text: str, start: int, end: int, path: str | None,
                     ctx: Context) -> TriviaPage | None:
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
    items: list[TriviaItem] = []
    while True:
        at = text.find('"items"', pos, end)
        if at < 0:
            break
        header = text[pos:at]
        cid_m, name_m = _HEADER_ID.search(header), _HEADER_NAME.search(header)
        cid = cid_m.group(1) if cid_m else None
        name = loads(f'"{name_m.group(1)}"', ctx) if name_m else None
        j = text.find("[", at, end)
        if j < 0:
            break
        j += 1
        done = False
        while not done:
            while j < end and text[j] in " \t\r\n,":
                j += 1
            if j >= end or text[j] == "]":
                break
            try:
                raw, j = decode_at(text, j, ctx)
            except json.JSONDecodeError:
                done = True
                break
            if cid not in NON_ITEM_CATEGORIES:
                item = _read_item(raw, cid, name, ctx, len(items))
                if item is not None:
                    items.append(item)
        if done:
            break
        pos = j
    if not items:
        return None
    imdb_id, title, year = page_meta(meta if isinstance(meta, Mapping) else {}, ctx)
    kind = _kind_from_path(path)
    if kind is None and isinstance(contribution, Mapping):
        kind = kind_of_word(str(contribution.get("contributionSection", "")))
    return TriviaPage(imdb_id=imdb_id, title=title, year=year,
                      page_kind=kind or _kind_from_ids(items),
                      source_format=SourceFormat.NEXT_DATA, items=tuple(items))


# --- main pages ----------------------------------------------------------------------------

def _read_main(text: str, start: int, end: int, path: str | None, ctx: Context,
               fmt: SourceFormat) -> TriviaPage | None:
    """A title's or a person's main page: ``aboveTheFoldData`` (a title) or ``aboveTheFold``
    (a person: id and ``nameText``) + ``mainColumnData.trivia``/``triviaTotal``."""
    mc = text.find('"mainColumnData"', start, end)
    if mc < 0:
        return None
    above = find_value(text, "aboveTheFoldData", start, end, ctx=ctx) or \
        find_value(text, "aboveTheFold", start, end, ctx=ctx)
    imdb_id, title, year = page_meta(above[0], ctx) if above else (None, None, None)
    kind = _kind_from_path(path)
    if kind not in (PageKind.TITLE_MAIN, PageKind.NAME_MAIN):
        kind = PageKind.NAME_MAIN if imdb_id and imdb_id.startswith("nm") else \
            PageKind.TITLE_MAIN
    total_obj = find_value(text, "triviaTotal", mc, end)
    trivia = None
    pos = mc
    while True:
        found = find_value(text, "trivia", pos, end, ctx=ctx)
        if found is None:
            break
        if isinstance(found[0].get("edges"), list):
            trivia = found[0]
            break
        pos = found[1]
    tree: dict[str, Any] = {"mainColumnData": None}
    if trivia is not None:
        tree["trivia"] = trivia
    if total_obj is not None:
        tree["triviaTotal"] = total_obj[0]
    page = read_graphql_tree(tree, ctx, fmt)
    if page is None:  # a title without trivia: parse() reports the empty page
        declared = None if total_obj is None else count_field(
            total_obj[0].get("total"), ctx, "triviaTotal")
        page = TriviaPage(page_kind=kind, source_format=fmt, declared_total=declared)
    return evolve(page, imdb_id=imdb_id, title=title, year=year, page_kind=kind)


def _rank(page: TriviaPage) -> tuple[bool, int]:
    """Trivia first (a main page caches keywords and credits too), then the most items."""
    return page.page_kind in (PageKind.TITLE_MAIN, PageKind.TRIVIA), len(page.items)


def _read_urql(urql: Mapping[str, Any], path: str | None, ctx: Context,
               fmt: SourceFormat) -> TriviaPage | None:
    """2022 pages: ``urqlState`` caches GraphQL responses (``data`` may be a JSON string)."""
    best: TriviaPage | None = None
    best_problems: list[Any] = []
    for entry in urql.values():
        data = entry.get("data") if isinstance(entry, Mapping) else None
        scratch = Context(source=ctx.source)
        if isinstance(data, str):
            try:
                data = loads(data, scratch)
            except json.JSONDecodeError:
                continue
        page = read_graphql_tree(data, scratch, fmt) if data is not None else None
        if page is not None and page.items and (best is None or _rank(page) > _rank(best)):
            best, best_problems = page, scratch.problems
    if best is None:
        return None
    ctx.problems.extend(best_problems)
    kind = _kind_from_path(path)
    if kind is not None and kind is not best.page_kind:
        best = evolve(best, page_kind=kind)
    return best


# --- the reader ----------------------------------------------------------------------------

def _read_json(text: str, start: int, end: int, ctx: Context) -> TriviaPage | None:
    """Try the known homes of items in order; None when the JSON holds none of them."""
    fmt = SourceFormat.NEXT_DATA
    path = _page_path(text, start, end)
    # One scan for whichever home of items comes first (they sit early in pageProps).
    for m in _ANCHORS.finditer(text, start, end):
        key = m.group(1)
        if key == "mainColumnData":
            main = _read_main(text, start, end, path, ctx, fmt)
            if main is not None:
                return main
            continue
        try:
            found = find_value(text, key, m.start(), end, ctx=ctx)
        except json.JSONDecodeError as exc:
            salvaged = _salvage_content(text, m.start(), end, path, ctx) \
                if key == "contentData" else None
            if salvaged is None:
                raise
            json_error_problem(exc, text, ctx, "__NEXT_DATA__", end)
            return salvaged
        if found is None:
            continue
        if key == "contentData":
            return _read_content(found[0], path, ctx, fmt)
        page = _read_urql(found[0], path, ctx, fmt)
        if page is not None:
            return page
    # Not a shape we know by its keys: decode it all and look for any GraphQL connection.
    return read_graphql_tree(loads(text[start:end], ctx), ctx, fmt)


def _ends_cleanly(text: str) -> bool:
    """Whether a JSON document ends where its top-level object closes, without decoding it.

    Next.js writes ``"page"`` (the route) as a top-level key after ``props``: decoding the few
    key/value pairs from there must reach the final ``}``. A document without that key (or
    whose last ``"page"`` is nested) is decoded whole, the slow but sure way.
    """
    if not text[-256:].rstrip().endswith(("}", "]")):  # no copy of a 3 MB text
        return False
    i = text.rfind('"page"')
    if i >= 0:
        try:
            j = i
            while True:
                _key, j = decode_at(text, j)
                j = _skip_ws(text, j)
                if text[j:j + 1] != ":":
                    break
                _value, j = decode_at(text, _skip_ws(text, j + 1))
                j = _skip_ws(text, j)
                if text[j:j + 1] == ",":
                    j = _skip_ws(text, j + 1)
                    continue
                if text[j:j + 1] == "}" and not text[j + 1:].strip():
                    return True
                break
        except (json.JSONDecodeError, RecursionError):
            pass
    try:
        loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _skip_ws(text: str, j: int) -> int:
    """The first index at or after ``j`` that is not JSON whitespace."""
    while text[j:j + 1] in (" ", "\t", "\r", "\n"):
        j += 1
    return j


def read(text: str, ctx: Context) -> TriviaPage:
    """Read ``__NEXT_DATA__`` JSON, embedded in a React page or saved alone."""
    head = text[:4096].lstrip()[:1]
    is_html = head not in ("{", "[")
    if is_html:
        span = find_script(text, ctx)
        if span is None:
            return _fallback(text, ctx, None, "the page has no __NEXT_DATA__ script")
        start, end = span
    else:
        start, end = 0, len(text)
        if not _ends_cleanly(text):
            ctx.problem(ProblemCode.TRUNCATED_INPUT,
                        "the JSON does not end where its top-level object closes: the file "
                        "was cut short")
    scratch = Context(source=ctx.source)
    try:
        page = _read_json(text, start, end, scratch)
    except json.JSONDecodeError as exc:
        json_error_problem(exc, text, scratch, "__NEXT_DATA__", end)
        page = None
    except RecursionError:
        scratch.problem(ProblemCode.MALFORMED_INPUT,
                        "the __NEXT_DATA__ JSON nests too deeply to read")
        page = None
    # already said, once is enough
    if any(p.code == ProblemCode.TRUNCATED_INPUT for p in ctx.problems):
        scratch.problems = [p for p in scratch.problems if p.code != ProblemCode.TRUNCATED_INPUT]
    damaged = [p for p in (*ctx.problems, *scratch.problems)
               if p.code in _DAMAGED]
    react_html = is_html and any(m in text for m in REACT_HTML_MARKERS)
    if page is not None and page.items and not (damaged and react_html):
        ctx.problems.extend(scratch.problems)
        return page
    if react_html:
        # The JSON gave nothing, or only what came before its damage: the HTML may give more.
        html_ctx = Context(source=ctx.source)
        alt = _fallback(text, html_ctx, page, None)
        if page is None or not page.items or len(alt.items) > len(page.items):
            ctx.problems.extend(p for p in scratch.problems if p in damaged)
            ctx.problems.extend(html_ctx.problems)
            return alt
        ctx.problems.extend(scratch.problems)
        return page
    ctx.problems.extend(scratch.problems)
    if page is None:
        if not any(p.code in _DAMAGED for p in ctx.problems):
            ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE,
                        "the JSON carries none of contentData, mainColumnData or urqlState "
                        "with items: not an IMDb trivia-family page")
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.NEXT_DATA)
    return page


def _fallback(text: str, ctx: Context, hint: TriviaPage | None,
              why: str | None) -> TriviaPage:
    """Read the React HTML instead, keeping what the JSON told (ids, declared counts)."""
    from . import html_react

    page = html_react.read_html(text, ctx, hint=hint)
    if why and not page.items:
        ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, why)
    return page
