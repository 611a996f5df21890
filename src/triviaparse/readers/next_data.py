"""``__NEXT_DATA__`` JSON: the Next.js state of React IMDb pages, embedded or saved alone.

Sub-pages (trivia, goofs, crazy credits, locations, keywords, soundtrack) carry
``props.pageProps.contentData`` (read by ``_content_data``); a title's main page carries
``aboveTheFoldData`` + ``mainColumnData.trivia`` (the "Did you know" snippet) and 2022 pages a
``urqlState`` cache of GraphQL responses. Only those objects are decoded (targeted
``raw_decode``), never the whole 1–3 MB document, and the HTML around an embedded script is
never parsed unless the JSON holds no items and the page's React sub-sections might.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, AnyStr

from attrs import evolve

from ..model import (
    PageKind,
    Problem,
    ProblemCode,
    SourceFormat,
    TriviaPage,
)
from . import Context
from ._content_data import kind_from_path, read_content, salvage_content
from ._imdb import REACT_SECTION_IDS, REACT_TESTID
from ._json import (
    Span,
    count_field,
    decode_at,
    decode_object,
    find_value,
    has_surrogate_escape,
    json_error_problem,
    loads,
    may_hold_key,
    plain_escapes,
)
from .graphql import page_meta, read_graphql_tree

__all__ = ["find_script", "read", "read_bytes"]

# --- markers and keys ----------------------------------------------------------------------

SCRIPT_MARKER = 'id="__NEXT_DATA__"'
SCRIPT_END = "</script>"
# What in the HTML around the script says the React reader could read the page instead.
REACT_HTML_MARKERS = tuple(REACT_TESTID + section for section in REACT_SECTION_IDS)
# The same markers as bytes (all ASCII: in valid UTF-8 they are found at the same places).
_SCRIPT_MARKER_BYTES = SCRIPT_MARKER.encode()
_SCRIPT_END_BYTES = SCRIPT_END.encode()
#: How many "<" that open no ``</script>`` are passed one by one before a plain search.
_SCRIPT_END_TRIES = 32
_REACT_HTML_MARKER_BYTES = tuple(m.encode() for m in REACT_HTML_MARKERS)
#: The homes of items, tried in document order where their key opens an object or a list.
_ANCHOR_KEYS = ("urqlState", "contentData", "mainColumnData")  # the most common first
_ANCHOR_TAIL = re.compile(r"\s*:\s*[{\[]")
_LONGEST_ANCHOR = max(len(key) + 2 for key in _ANCHOR_KEYS)
#: How many characters each round of the anchor search looks at.
_ANCHOR_WINDOW = 32768
#: How much of a page decides whether it is JSON alone: its first 4,096 characters, which
#: UTF-8 holds in at most four times as many bytes.
_HEAD_CHARS = 4096
#: Problems that say the JSON itself is damaged.
_DAMAGED = (ProblemCode.TRUNCATED_INPUT, ProblemCode.MALFORMED_INPUT)


def find_script(text: str, ctx: Context) -> tuple[int, int] | None:
    """(start, end) of the JSON inside the ``__NEXT_DATA__`` script, found by string search."""
    i = text.find(SCRIPT_MARKER)
    if i < 0:
        return None
    start = text.find(">", i)
    if start < 0:
        ctx.problem(
            ProblemCode.TRUNCATED_INPUT, "the page ends inside the __NEXT_DATA__ script tag"
        )
        return None
    end = _script_end(text, start)
    if end < 0:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, "the page ends inside the __NEXT_DATA__ script")
        end = len(text)
    return start + 1, end


def _script_end(text: AnyStr, start: int) -> int:
    """``text.find("</script>", start)``, by its "<": Next.js writes none in the JSON (it escapes
    them), and a search for one character runs many times faster than one for a string.
    In UTF-8 bytes, the same "<" as in their text."""
    lt, mark = ("<", SCRIPT_END) if isinstance(text, str) else (b"<", _SCRIPT_END_BYTES)
    i = start
    for _ in range(_SCRIPT_END_TRIES):
        i = text.find(lt, i)
        if i < 0 or text.startswith(mark, i):
            return i
        i += 1
    return text.find(mark, i)


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


def _anchor_at(text: str, key: str, pos: int, before: int, end: int) -> int:
    """Where the first ``"key": {`` or ``"key": [`` in ``text[pos:end]`` starts, if it starts
    before ``before`` (-1: none). Two anchors never overlap: each holds two quotes only, the
    key's own, so one found before another ends before it."""
    needle = f'"{key}"'
    while True:
        i = text.find(needle, pos, before)
        if i < 0 or _ANCHOR_TAIL.match(text, i + len(needle), end):
            return i
        pos = i + 1


def _anchors(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """(key, position) of every anchor of ``_ANCHOR_KEYS`` in ``text[start:end]``, in document
    order: one ``str.find`` per key (a regex alternation would stop at every quote), window by
    window so that an anchor near the start is found without a search of the whole text for
    the others, each search only as far as the nearest anchor found so far."""
    lo = start
    while True:
        hi = min(lo + _ANCHOR_WINDOW, end)
        best_key, best = "", hi
        for key in _ANCHOR_KEYS:
            i = _anchor_at(text, key, lo, best, end)
            if i >= 0:
                best_key, best = key, i
        if best_key:
            yield best_key, best
            lo = best + 1
        elif hi >= end:
            return
        else:  # the next window starts early enough to find a key the window's end cut
            lo = hi - _LONGEST_ANCHOR + 1


# --- main pages ----------------------------------------------------------------------------


def _read_main(
    text: str, start: int, end: int, path: str | None, ctx: Context, fmt: SourceFormat
) -> TriviaPage | None:
    """A title's or a person's main page: ``aboveTheFoldData`` (a title) or ``aboveTheFold``
    (a person: id and ``nameText``) + ``mainColumnData.trivia``/``triviaTotal``."""
    mc = text.find('"mainColumnData"', start, end)
    if mc < 0:
        return None
    above = find_value(text, "aboveTheFoldData", start, end, ctx=ctx) or find_value(
        text, "aboveTheFold", start, end, ctx=ctx
    )
    imdb_id, title, year = page_meta(above[0], ctx) if above else (None, None, None)
    kind = kind_from_path(path)
    if kind not in (PageKind.TITLE_MAIN, PageKind.NAME_MAIN):
        kind = PageKind.NAME_MAIN if imdb_id and imdb_id.startswith("nm") else PageKind.TITLE_MAIN
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
        declared = (
            None
            if total_obj is None
            else count_field(total_obj[0].get("total"), ctx, "triviaTotal")
        )
        page = TriviaPage(page_kind=kind, source_format=fmt, declared_total=declared)
    return evolve(page, imdb_id=imdb_id, title=title, year=year, page_kind=kind)


def _rank(page: TriviaPage) -> tuple[bool, int]:
    """Trivia first (a main page caches keywords and credits too), then the most items."""
    return page.page_kind in (PageKind.TITLE_MAIN, PageKind.TRIVIA), len(page.items)


class _Urql:
    """A ``urqlState`` found by its key at ``at``: the object, where it lies and, when it could
    be decoded entry by entry, where each entry lies, so that the text tells which entries
    cannot hold a connection, or a trivia one."""

    __slots__ = ("_empty", "_trivia", "end", "plain", "spans", "start", "text", "value")

    def __init__(self, text: str, at: int, end: int, ctx: Context) -> None:
        """Decode the first ``"urqlState"`` object from ``at`` (``find_value``'s choice)."""
        self.start = self.end = -1
        self.text = text
        self.spans: list[Span] = []
        self._empty: set[int] | None = None
        self._trivia: set[int] | None = None
        self.plain = False
        j = _skip_ws(text, at + len('"urqlState"'))
        if text[j : j + 1] == ":":
            j = _skip_ws(text, j + 1)
            spans: list[Span] = []
            # decode_object(text, j, ctx, ...), its surrogate check folded into one escape pass
            found = decode_object(text, j, spans=spans)
            plain = found is not None and plain_escapes(text, j, found[1])
            if found is not None and (plain or not has_surrogate_escape(text, j, found[1])):
                self.value: Any = found[0]
                self.start, self.end, self.plain = j, found[1], plain
                self.spans = spans
                return
        whole = find_value(text, "urqlState", at, end, ctx=ctx)
        self.value = None if whole is None else whole[0]

    @property
    def empty(self) -> set[int]:
        """The ids of the entries that the text shows hold no connection (see ``_empty_ids``)."""
        if self._empty is None:
            self._empty = _empty_ids(self.text, self.spans, self.plain)
        return self._empty

    @property
    def no_trivia(self) -> set[int]:
        """The ids of the entries that the text shows hold no ``"trivia"`` key."""
        if self._trivia is None:
            self._trivia = _ids_without(self.text, self.spans, _TRIVIA_KEY, self.plain)
        return self._trivia

    def _trivia_entries(self) -> list[Any] | None:
        """The entries that may give a trivia page, in order; None when the text cannot tell.

        Any other entry holds no ``"trivia"`` key (its ``data`` is an object, not a JSON
        string, and escapes no letter), nor ``edges`` at the top of its ``data``: it can give
        only a page of another kind, which ranks below every trivia page (see ``_rank``).
        An entry whose ``data`` is not an object is taken unless it holds no connection.
        """
        if self.start < 0:
            return None
        text, plain, no_trivia = self.text, self.plain, self.no_trivia
        entries = []
        for value, s, e in self.spans:
            data = value.get("data") if type(value) is dict else None
            if type(data) is dict:
                if id(value) not in no_trivia or isinstance(data.get("edges"), list):
                    entries.append(value)
            elif type(value) in (dict, list) and may_hold_key(text, "edges", s, e, plain=plain):
                entries.append(value)  # not one of ``empty``
        return entries

    def read(self, path: str | None, ctx: Context, fmt: SourceFormat) -> TriviaPage | None:
        """2022 pages: ``urqlState`` caches GraphQL responses (``data`` may be a JSON string).
        The page of the best-ranked entry, the first of equals; the entries that may give a
        trivia page are read first, and the others only when none of those gives one."""
        pages: dict[int, tuple[TriviaPage | None, list[Problem]]] = {}
        found = None
        trivia = self._trivia_entries()
        if trivia is not None:
            found = _best_entry(trivia, pages, ctx, fmt)
        if found is None or not _rank(found[0])[0]:
            empty = self.empty
            rest = [entry for entry in self.value.values() if id(entry) not in empty]
            found = _best_entry(rest, pages, ctx, fmt)
        if found is None:
            return None
        best, best_problems = found
        ctx.problems.extend(best_problems)
        kind = kind_from_path(path)
        if kind is not None and kind is not best.page_kind:
            best = evolve(best, page_kind=kind)
        return best


#: The key of a trivia connection as the JSON text spells it.
_TRIVIA_KEY = '"trivia"'


def _best_entry(
    entries: list[Any],
    pages: dict[int, tuple[TriviaPage | None, list[Problem]]],
    ctx: Context,
    fmt: SourceFormat,
) -> tuple[TriviaPage, list[Problem]] | None:
    """The best-ranked page with items that ``entries`` of a ``urqlState`` give, the first of
    equals, with its problems; ``pages`` keeps each entry's page for a second call."""
    best: tuple[TriviaPage, list[Problem]] | None = None
    for entry in entries:
        key = id(entry)
        if key not in pages:
            pages[key] = _entry_page(entry, ctx, fmt)
        page, problems = pages[key]
        if page is not None and page.items and (best is None or _rank(page) > _rank(best[0])):
            best = page, problems
    return best


def _entry_page(
    entry: Any, ctx: Context, fmt: SourceFormat
) -> tuple[TriviaPage | None, list[Problem]]:
    """The page one ``urqlState`` entry gives (None: none), with its problems."""
    data = entry.get("data") if isinstance(entry, Mapping) else None
    scratch = Context(source=ctx.source)
    if isinstance(data, str):
        try:
            data = loads(data, scratch)
        except json.JSONDecodeError:
            return None, []
    page = read_graphql_tree(data, scratch, fmt) if data is not None else None
    return page, scratch.problems


# --- the reader ----------------------------------------------------------------------------


def _read_json(text: str, start: int, end: int, ctx: Context) -> tuple[TriviaPage | None, bool]:
    """Try the known homes of items in order (None when the JSON holds none of them), and
    whether the whole JSON was decoded on the way (so that it is known to be valid)."""
    fmt = SourceFormat.NEXT_DATA
    path = _page_path(text, start, end)
    urql: _Urql | None = None
    # One scan for whichever home of items comes first (they sit early in pageProps).
    for key, at in _anchors(text, start, end):
        if key == "mainColumnData":
            main = _read_main(text, start, end, path, ctx, fmt)
            if main is not None:
                return main, False
            continue
        if key == "urqlState":
            found_urql = _Urql(text, at, end, ctx)
            if found_urql.value is None:
                continue
            if urql is None or urql.start < 0:
                urql = found_urql
            page = found_urql.read(path, ctx, fmt)
            if page is not None:
                return page, False
            continue
        try:
            found = find_value(text, key, at, end, ctx=ctx)
        except json.JSONDecodeError as exc:
            salvaged = salvage_content(text, at, end, path, ctx)
            if salvaged is None:
                raise
            json_error_problem(exc, text, ctx, "__NEXT_DATA__", end)
            return salvaged, False
        if found is not None:
            return read_content(found[0], path, ctx, fmt), False
    # Not a shape we know by its keys: decode it all and look for any GraphQL connection.
    whole = _decode_whole(text, start, end, ctx, urql)
    if whole is None or urql is None:
        return read_graphql_tree(loads(text[start:end], ctx), ctx, fmt), True
    value, spans, plain = whole
    known = urql

    def skip() -> set[int]:
        return known.empty | _empty_ids(text, spans, plain)

    trivia_skip = known.no_trivia | _ids_without(text, spans, _TRIVIA_KEY, plain)
    return read_graphql_tree(value, ctx, fmt, skip=skip, trivia_skip=trivia_skip), True


#: The objects on the way from the top of a ``__NEXT_DATA__`` document to ``urqlState``.
_DESCEND = frozenset({"props", "pageProps"})


def _decode_whole(
    text: str, start: int, end: int, ctx: Context, urql: _Urql | None
) -> tuple[Any, list[Span], bool] | None:
    """``loads(text[start:end], ctx)`` decoded down to ``pageProps`` member by member, taking
    the ``urqlState`` already decoded as it is, with where each member decoded whole lies
    and whether the text outside ``urqlState`` escapes no letter (see ``plain_escapes``);
    None where ``loads`` must decide (see ``decode_object``)."""
    if urql is None or urql.start < 0:
        return None
    i = _skip_ws(text, start)
    known = (urql.value, urql.start, urql.end)
    spans: list[Span] = []
    # decode_object(text, i, ctx, ...), its surrogate check folded into the escape passes
    # (``urqlState``'s own already made)
    found = decode_object(text, i, spans=spans, descend=_DESCEND, known=known)
    if found is None or found[1] > end or text[found[1] : end].strip(" \t\r\n"):
        return None
    stop = found[1]
    plain = (
        urql.plain
        and i <= urql.start
        and urql.end <= stop
        and plain_escapes(text, i, urql.start)
        and plain_escapes(text, urql.end, stop)
    )
    if not plain and has_surrogate_escape(text, i, stop):
        return None
    return found[0], spans, plain


def _empty_ids(text: str, spans: list[Span], plain: bool) -> set[int]:
    """The ids of the objects and lists among ``spans`` that the text shows hold no
    connection: no ``"edges"`` key anywhere inside them."""
    return _ids_without(text, spans, "edges", plain)


def _ids_without(text: str, spans: list[Span], key: str, plain: bool) -> set[int]:
    """The ids of the objects and lists among ``spans`` whose text holds no ``key`` (an ASCII
    word, quoted or not), not even spelled with escapes (``plain``: no span escapes a
    letter, see ``plain_escapes``)."""
    return {
        id(value)
        for value, s, e in spans
        if type(value) in (dict, list) and not may_hold_key(text, key, s, e, plain=plain)
    }


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
                if text[j : j + 1] != ":":
                    break
                _value, j = decode_at(text, _skip_ws(text, j + 1))
                j = _skip_ws(text, j)
                if text[j : j + 1] == ",":
                    j = _skip_ws(text, j + 1)
                    continue
                if text[j : j + 1] == "}" and not text[j + 1 :].strip():
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
    while text[j : j + 1] in (" ", "\t", "\r", "\n"):
        j += 1
    return j


def _decode_page(
    text: str, start: int, end: int, ctx: Context
) -> tuple[TriviaPage | None, list[Problem], bool]:
    """(page or None, its problems, whether the whole JSON was decoded without damage) from
    the JSON in ``text[start:end]``, the problems kept apart until the caller knows whether
    the JSON or the HTML is read; a ``truncated-input`` already in ``ctx`` is not said twice."""
    scratch = Context(source=ctx.source)
    valid = False
    try:
        page, valid = _read_json(text, start, end, scratch)
    except json.JSONDecodeError as exc:
        json_error_problem(exc, text, scratch, "__NEXT_DATA__", end)
        page = None
    except RecursionError:
        scratch.problem(
            ProblemCode.MALFORMED_INPUT, "the __NEXT_DATA__ JSON nests too deeply to read"
        )
        page = None
    if any(p.code == ProblemCode.TRUNCATED_INPUT for p in ctx.problems):
        kept = [p for p in scratch.problems if p.code != ProblemCode.TRUNCATED_INPUT]
        return page, kept, valid
    return page, scratch.problems, valid


def _html_or_json(
    text: str,
    ctx: Context,
    page: TriviaPage | None,
    problems: list[Problem],
    damaged: list[Problem],
) -> TriviaPage:
    """The JSON gave nothing, or only what came before its damage: the React HTML around it
    is read too, and whichever gives more items wins (the JSON's damage is still said)."""
    html_ctx = Context(source=ctx.source)
    alt = _fallback(text, html_ctx, page, None)
    if page is None or not page.items or len(alt.items) > len(page.items):
        ctx.problems.extend(p for p in problems if p in damaged)
        ctx.problems.extend(html_ctx.problems)
        return alt
    ctx.problems.extend(problems)
    return page


def _check_ends(text: str, ctx: Context) -> None:
    """Report a saved JSON document that was cut short (``truncated-input``)."""
    if not _ends_cleanly(text):
        ctx.problem(
            ProblemCode.TRUNCATED_INPUT,
            "the JSON does not end where its top-level object closes: the file was cut short",
        )


def _is_html(head: str) -> bool:
    """Whether a page whose first characters are ``head`` is HTML (else JSON alone)."""
    return head[:_HEAD_CHARS].lstrip()[:1] not in ("{", "[")


def _from_json(
    text: str,
    start: int,
    end: int,
    ctx: Context,
    html: str | None,
    react_html: Callable[[bool], bool],
    *,
    partial: bool = False,
) -> TriviaPage | None:
    """The page read from the JSON in ``text[start:end]``, or from the React HTML around it
    when the JSON gives nothing (or only what came before its damage).

    ``react_html(valid)``: whether the HTML around the script may hold items, ``valid`` when
    the whole JSON was decoded (so that the script holds no HTML marker).
    ``html`` is the whole page, None for JSON alone (whose ``react_html`` is false) and when
    ``partial``: ``text`` then starts at the script (the bytes path), and None is returned
    where the HTML would be needed or the JSON is damaged (a problem that says where in the
    whole page), so that the caller reads the whole page as text instead.
    """
    page, problems, valid = _decode_page(text, start, end, ctx)
    damaged = [p for p in (*ctx.problems, *problems) if p.code in _DAMAGED]
    if damaged and partial:
        return None
    if page is not None and page.items and not (damaged and react_html(valid)):
        ctx.problems.extend(problems)
        return page
    if react_html(valid):
        if html is None:
            return None
        return _html_or_json(html, ctx, page, problems, damaged)
    ctx.problems.extend(problems)
    if page is None:
        if not any(p.code in _DAMAGED for p in ctx.problems):
            ctx.problem(
                ProblemCode.UNEXPECTED_STRUCTURE,
                "the JSON carries none of contentData, mainColumnData or urqlState "
                "with items: not an IMDb trivia-family page",
            )
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.NEXT_DATA)
    return page


def read(text: str, ctx: Context) -> TriviaPage:
    """Read ``__NEXT_DATA__`` JSON, embedded in a React page or saved alone."""
    if not _is_html(text):
        _check_ends(text, ctx)
        page = _from_json(text, 0, len(text), ctx, None, lambda _valid: False)
        assert page is not None  # JSON alone never needs the HTML
        return page
    span = find_script(text, ctx)
    if span is None:
        return _fallback(text, ctx, None, "the page has no __NEXT_DATA__ script")
    start, end = span
    page = _from_json(
        text, start, end, ctx, text, lambda _valid: any(m in text for m in REACT_HTML_MARKERS)
    )
    assert page is not None  # with the HTML at hand, always a page
    return page


def read_bytes(data: bytes, ctx: Context, start: int = 0) -> TriviaPage | None:
    """``read`` of the page ``data[start:]`` given as UTF-8 bytes, decoding only its
    ``__NEXT_DATA__`` script and what follows it (a JSON value cut short there is read on into
    the page, as in ``read``).

    Gives exactly what ``read(data[start:].decode("utf-8"), ctx)`` gives when that is valid
    UTF-8 (the bytes before the script are not looked at beyond the markers), or None,
    ``ctx`` untouched, where it cannot promise that: no script, a script cut short, damaged
    JSON, JSON that leaves the page to its HTML, or a script that is not UTF-8. The caller
    then decodes the whole page and calls ``read``.
    """
    # The first 4,096 characters decoded from at most 16,384 bytes (a character cut at the
    # end is dropped): as many as ``read`` looks at, unless the page is shorter.
    if not _is_html(data[start : start + 4 * _HEAD_CHARS].decode("utf-8", "ignore")):
        try:
            text = str(memoryview(data)[start:], "utf-8")
        except UnicodeDecodeError:
            return None
        return read(text, ctx)
    i = data.find(_SCRIPT_MARKER_BYTES, start)
    gt = data.find(b">", i) if i >= 0 else -1
    if gt < 0:
        return None
    try:
        text = str(memoryview(data)[gt + 1 :], "utf-8")  # no copy of the bytes first
    except UnicodeDecodeError:
        return None
    end = _script_end(text, 0)
    if end < 0:
        return None
    return _from_json(
        text,
        0,
        end,
        ctx,
        None,
        lambda valid: _has_react_markers(data, start, gt + 1, valid),
        partial=True,
    )


def _has_react_markers(data: bytes, lo: int, start: int, valid: bool) -> bool:
    """Whether the page ``data[lo:]`` holds a React HTML marker; when the JSON of the script
    starting at ``start`` is ``valid``, the script is not searched: no JSON text holds a
    marker (its quote would stand where JSON allows none), and no marker holds the ``>``
    before the script or the ``<`` after it, so none straddles the script's ends."""
    # find, not rfind: on a page just read (its bytes no longer in the fastest caches), the
    # forward search of these needles is the faster one (benchmarks/RESULTS.md)
    if not valid:
        return any(data.find(m, lo) >= 0 for m in _REACT_HTML_MARKER_BYTES)
    stop = _script_end(data, start)
    return any(
        data.find(m, lo, start) >= 0 or data.find(m, stop) >= 0 for m in _REACT_HTML_MARKER_BYTES
    )


def _fallback(text: str, ctx: Context, hint: TriviaPage | None, why: str | None) -> TriviaPage:
    """Read the React HTML instead, keeping what the JSON told (ids, declared counts)."""
    from . import html_react

    page = html_react.read_html(text, ctx, hint=hint)
    if why and not page.items:
        ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE, why)
    return page
