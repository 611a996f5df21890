"""GraphQL-shaped JSON: saved IMDb API responses and a title main page's ``mainColumnData``.

Items are ``edges[].node`` of a connection (``trivia``, ``goofs``, ``crazyCredits``,
``filmingLocations``, ``keywords``, ``soundtrack``). The node readers here are also used by
``next_data`` for the GraphQL-shaped parts of ``__NEXT_DATA__`` (main pages, ``urqlState``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..model import (
    DEFAULT_CATEGORY,
    PageKind,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
)
from . import Context
from ._fragment import Fragment, html_fragment, text_fragment
from ._imdb import CONNECTION_KIND, IMDB_ID_RE, SPOILER_CATEGORY, kind_of_id
from ._json import as_int, count_field, json_error_problem, loads, shown, walk_dicts

__all__ = [
    "CONNECTION_KIND",
    "item_from_node",
    "page_meta",
    "read",
    "read_connection",
    "read_graphql_tree",
]

# --- keys ----------------------------------------------------------------------------------

#: The sibling key carrying a connection's whole count on a main page ("triviaTotal").
TOTAL_SUFFIX = "Total"
#: Keys that mark a title's main page: its trivia is a one-item "Did you know" snippet.
MAIN_PAGE_KEYS = ("mainColumnData", "triviaTotal", "goofsTotal", "quotesTotal")
# Node fields: HTML bodies first, then text-valued ones.
_HTML_BODY_PATHS = (
    ("displayableArticle", "body", "plaidHtml"),
    ("text", "plaidHtml"),
    ("cardHtml",),
    ("htmlContent",),
    ("plaidHtml",),
)
_TEXT_BODY_PATHS = (
    ("text",),
    ("location",),
    ("keyword", "text", "text"),
    ("cardText",),
    ("text", "plainText"),
)


def _get(obj: Any, path: Sequence[str]) -> Any:
    """The value at a key path in nested JSON objects, or None where the path breaks."""
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def _node_body(node: Mapping[str, Any]) -> Fragment | None:
    """A node's body: the first HTML field present, else the first text field."""
    for path in _HTML_BODY_PATHS:
        value = _get(node, path)
        if isinstance(value, str):
            return html_fragment(value)
    for path in _TEXT_BODY_PATHS:
        value = _get(node, path)
        if isinstance(value, str):
            return text_fragment(value)
    return None


def _strings(values: Any, key: str) -> list[str]:
    """The string ``key`` of each object in a JSON list (others skipped); [] for no list."""
    if not isinstance(values, list):
        return []
    return [v[key] for v in values if isinstance(v, Mapping) and isinstance(v.get(key), str)]


def _node_note(node: Mapping[str, Any]) -> tuple[str | None, Fragment | None]:
    """A location's attributes or a track's credit lines: (plain note, fragment of its HTML)."""
    attrs = node.get("attributes")
    if isinstance(attrs, str):
        return (text_fragment(attrs).text or None), None
    lines = _strings(attrs, "text") or _strings(
        _get(node, ("displayableProperty", "qualifiersInMarkdownList")), "plainText"
    )
    if lines:
        return "\n".join(text_fragment(line).text for line in lines) or None, None
    html_lines = _strings(node.get("comments"), "plaidHtml")
    if html_lines:
        frag = html_fragment("<br>".join(html_lines))
        return frag.text or None, frag
    return None, None


def _interest_votes(score: Any, ctx: Context, index: int) -> Votes | None:
    """Votes from ``interestScore``; None, with ``invalid-votes`` when unusable."""
    if not isinstance(score, Mapping):
        return None
    raw_interested, raw_voted = score.get("usersInterested"), score.get("usersVoted")
    if raw_interested is None and raw_voted is None:
        return None
    interested, voted = as_int(raw_interested), as_int(raw_voted)
    if interested is None or voted is None or not interested <= voted:
        ctx.problem(
            ProblemCode.INVALID_VOTES,
            f"unusable interest score {shown(raw_interested)} of {shown(raw_voted)}",
            item=index,
        )
        return None
    return Votes(interested=interested, total=voted)


def item_from_node(node: Mapping[str, Any], ctx: Context, index: int) -> TriviaItem | None:
    """One item from a GraphQL node; None (with a problem) when it has no body."""
    body = _node_body(node)
    note, note_frag = _node_note(node)
    if body is None or not body.text:
        ctx.problem(ProblemCode.EMPTY_ITEM, "an item node carries no text", item=index)
        return None
    raw_id = node.get("id")
    category, label = DEFAULT_CATEGORY, None
    cat = node.get("category")
    if isinstance(cat, Mapping):
        if isinstance(cat.get("id"), str) and cat["id"]:
            category = cat["id"]
        if isinstance(cat.get("text"), str):
            label = cat["text"]
    is_spoiler = node.get("isSpoiler") is True or category == SPOILER_CATEGORY
    html = body.html
    links = body.links
    if note_frag is not None:
        html = note_frag.html if html is None else f"{html}<br>{note_frag.html}"
        links = (*links, *note_frag.links)
    return TriviaItem(
        id=raw_id if isinstance(raw_id, str) and IMDB_ID_RE.match(raw_id) else None,
        text=body.text,
        html=html,
        category=category,
        category_label=label,
        is_spoiler=is_spoiler,
        votes=_interest_votes(node.get("interestScore"), ctx, index),
        links=links,
        note=note,
    )


def read_connection(conn: Mapping[str, Any], ctx: Context, start: int = 0) -> list[TriviaItem]:
    """The items of one connection (``{"edges": [{"node": …}]}``)."""
    items: list[TriviaItem] = []
    edges = conn.get("edges")
    if not isinstance(edges, list):
        ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, "a connection has no edges list")
        return items
    for edge in edges:
        node = edge.get("node") if isinstance(edge, Mapping) else None
        if not isinstance(node, Mapping):
            ctx.problem(
                ProblemCode.UNEXPECTED_STRUCTURE, "an edge carries no node", item=start + len(items)
            )
            continue
        item = item_from_node(node, ctx, start + len(items))
        if item is not None:
            items.append(item)
    return items


def page_meta(
    obj: Mapping[str, Any],
    ctx: Context | None = None,
) -> tuple[str | None, str | None, int | None]:
    """(imdb_id, title, year) of a title object (its original title, which no locale changes),
    or of a person (their name, no year). With ``ctx``, an absurd year is reported."""
    raw_id = obj.get("id")
    imdb_id = raw_id if isinstance(raw_id, str) and IMDB_ID_RE.match(raw_id) else None
    title = (
        _get(obj, ("originalTitleText", "text"))
        or _get(obj, ("titleText", "text"))
        or _get(obj, ("nameText", "text"))
    )
    raw_year = _get(obj, ("releaseYear", "year"))
    year = as_int(raw_year) if ctx is None else count_field(raw_year, ctx, "releaseYear")
    return imdb_id, title if isinstance(title, str) else None, year


#: The keys that name an item connection, for a quick test of a whole object.
_CONNECTION_KEYS = frozenset(CONNECTION_KIND)
#: How deep the search looks (as ``walk_dicts``): deeper objects are not searched.
_MAX_DEPTH = 40
_TRIVIA = "trivia"
#: Objects longer than this are first tested at C speed for any object or list among their
#: values: most of a page's long objects (translations, settings) hold strings only.
_FLAT = 16
_IS_CONTAINER = frozenset((dict, list)).__contains__

Connection = tuple[str, Mapping[str, Any], Mapping[str, Any]]


def _connection_in(parent: Mapping[str, Any], first: list[Connection]) -> Connection | None:
    """``parent``'s trivia connection, if it holds one; else its first other connection, if
    any, is put in ``first`` unless that already holds one."""
    if parent.keys().isdisjoint(_CONNECTION_KEYS):
        return None
    for ckey in CONNECTION_KIND:  # trivia first
        conn = parent.get(ckey)
        if isinstance(conn, Mapping) and isinstance(conn.get("edges"), list):
            if ckey == _TRIVIA:
                return ckey, conn, parent
            if not first:
                first.append((ckey, conn, parent))
    return None


class _Search:
    """The connection ``read_graphql_tree`` reads: the first trivia connection in document
    order (each object before the objects inside it, as ``walk_dicts`` goes), else the first
    connection of any kind.

    Decoded JSON holds only exact dicts and lists, so a type test replaces the slower
    abstract-class checks, and the search stops at the first trivia connection. Objects whose
    id is in ``skip`` hold no connection, the caller knows: they are not looked into.
    """

    __slots__ = ("first", "skip")

    def __init__(self, skip: frozenset[int] | set[int]) -> None:
        self.first: list[Connection] = []
        self.skip = skip

    def run(self, root: Any) -> Connection | None:
        """Search ``root``; None when it holds no connection."""
        hit = None
        if isinstance(root, Mapping) and id(root) not in self.skip:
            hit = _connection_in(root, self.first)
        if hit is None:
            hit = self._under(root, 0) if type(root) in (dict, list) else self._generic(root)
        if hit is None and self.first:
            hit = self.first[0]
        if hit is None and isinstance(root, Mapping) and isinstance(root.get("edges"), list):
            hit = "", root, root
        return hit

    def _under(self, obj: Any, depth: int) -> Connection | None:
        """The trivia connection under ``obj`` (a dict or a list), or None. As in
        ``walk_dicts``, an object that is the value of a key can hold a connection; one that
        is an element of a list is only looked into."""
        if depth > _MAX_DEPTH or id(obj) in self.skip:
            return None
        below = depth + 1
        hit = None
        if type(obj) is list:
            for value in obj:
                if type(value) in (dict, list) and value:
                    hit = self._under(value, below)
                    if hit is not None:
                        return hit
            return None
        first = self.first
        values = obj.values()
        if len(values) > _FLAT and not any(map(_IS_CONTAINER, map(type, values))):
            return None  # a long flat object (translations): tested without a Python loop
        for value in values:
            kind = type(value)
            if kind is dict:
                hit = _connection_in(value, first)
                if hit is None and value:
                    hit = self._under(value, below)
            elif kind is list and value:
                hit = self._under(value, below)
            if hit is not None:
                return hit
        return None

    def trivia(self, root: Any) -> Connection | None:
        """The first trivia connection in ``root`` (a dict or a list), as ``run`` finds it,
        or None; objects in ``skip`` hold no trivia connection (they may hold others)."""
        hit = None
        if type(root) is dict and id(root) not in self.skip:
            hit = _connection_in(root, self.first)
        return self._under(root, 0) if hit is None else hit

    def _generic(self, root: Any) -> Connection | None:
        """The same search over a tree that is not decoded JSON (never from the readers)."""
        for _key, value in walk_dicts(root):
            hit = _connection_in(value, self.first)
            if hit is not None:
                return hit
        return None


def _kind_of(key: str, conn: Mapping[str, Any]) -> PageKind:
    """The page kind of a connection: by its key, else by its first node's id prefix."""
    if key in CONNECTION_KIND:
        return CONNECTION_KIND[key]
    for edge in conn.get("edges") or ():
        node = edge.get("node") if isinstance(edge, Mapping) else None
        raw_id = node.get("id") if isinstance(node, Mapping) else None
        if isinstance(raw_id, str) and IMDB_ID_RE.match(raw_id):
            return kind_of_id(raw_id) or PageKind.UNKNOWN
    return PageKind.UNKNOWN


def _declared_total(
    key: str, conn: Mapping[str, Any], parent: Mapping[str, Any], ctx: Context
) -> int | None:
    """The item count a connection declares: its ``total``, overridden by the sibling
    ``<key>Total`` object a main page carries."""
    total = count_field(conn.get("total"), ctx, f"the total of {key or 'the connection'}")
    total_obj = parent.get(key + TOTAL_SUFFIX) if key else None
    if isinstance(total_obj, Mapping):
        total = count_field(total_obj.get("total"), ctx, key + TOTAL_SUFFIX)
    return total


def read_graphql_tree(
    root: Any,
    ctx: Context,
    fmt: SourceFormat,
    *,
    skip: frozenset[int] | set[int] | Callable[[], set[int]] = frozenset(),
    trivia_skip: frozenset[int] | set[int] | None = None,
) -> TriviaPage | None:
    """A page from a decoded GraphQL-shaped tree, or None when it holds no item connection.

    ``skip``: the ids of objects in the tree that hold no connection, as the caller knows
    from the JSON text (or a function that tells them, called only when needed);
    ``trivia_skip``: the ids of those that hold no trivia connection, which is looked for
    first through the rest of the tree.
    """
    found = None
    if trivia_skip is not None and type(root) in (dict, list):
        found = _Search(trivia_skip).trivia(root)
    if found is None:
        found = _Search(skip() if callable(skip) else skip).run(root)
    if found is None:
        return None
    key, conn, parent = found
    is_main = any(k in parent for k in MAIN_PAGE_KEYS) or (
        isinstance(root, Mapping) and "mainColumnData" in root
    )
    if is_main and key != "trivia":
        return None  # a main page's items are its trivia snippet; keywords are not trivia
    items = read_connection(conn, ctx)
    total = _declared_total(key, conn, parent, ctx)
    imdb_id, title, year = page_meta(parent, ctx)
    kind = PageKind.TITLE_MAIN if is_main else _kind_of(key, conn)
    if not is_main and total is not None and len(items) < total:
        ctx.problem(
            ProblemCode.INCOMPLETE_PAGE,
            f"the response holds {len(items)} of the {total} items it declares "
            "(the API pages them; fetch the rest with the end cursor)",
        )
    return TriviaPage(
        imdb_id=imdb_id,
        title=title,
        year=year,
        page_kind=kind,
        source_format=fmt,
        items=tuple(items),
        declared_total=total,
    )


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a saved GraphQL response (or a ``mainColumnData`` snippet) into a page."""
    try:
        root = loads(text, ctx)
    except json.JSONDecodeError as exc:
        json_error_problem(exc, text, ctx, "GraphQL")
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.GRAPHQL)
    except RecursionError:
        ctx.problem(ProblemCode.MALFORMED_INPUT, "the GraphQL JSON nests too deeply to read")
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.GRAPHQL)
    errors = root.get("errors") if isinstance(root, Mapping) else None
    if isinstance(errors, list) and errors:
        first = errors[0].get("message") if isinstance(errors[0], Mapping) else errors[0]
        ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, f"the response reports errors: {first}")
    page = read_graphql_tree(root, ctx, SourceFormat.GRAPHQL)
    if page is None:
        ctx.problem(
            ProblemCode.UNEXPECTED_STRUCTURE,
            "the JSON holds no trivia-like connection (edges of nodes)",
        )
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.GRAPHQL)
    return page
