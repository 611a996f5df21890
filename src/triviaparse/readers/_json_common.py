"""Helpers shared by the React-era readers (html_react, next_data, graphql).

HTML fragments (a JSON ``plaidHtml``/``cardHtml`` or a React card's inner div) become plain
text, cleaned inner HTML and links the same way in all three, so one page read from its HTML,
its ``__NEXT_DATA__`` or an API response gives equal items. JSON is read by *targeted* decoding
(``find_value``): a 3 MB ``__NEXT_DATA__`` is mostly translations and credits, and decoding
only the objects a reader needs is what keeps ``parse`` faster than ``lxml`` on such pages.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from html import escape, unescape
from typing import Any

import lxml.html
from lxml import etree

from ..model import Link, ProblemCode, Votes
from ..normalize import clean_line, clean_text, json_count, updown_votes
from . import Context
from ._links import href_entity

__all__ = [
    "Fragment",
    "as_int",
    "count_field",
    "decode_at",
    "drop_element",
    "element_fragment",
    "find_value",
    "html_fragment",
    "json_error_problem",
    "link_for_href",
    "loads",
    "repair_surrogates",
    "shown",
    "text_fragment",
    "vote_counts",
    "walk_dicts",
]

# --- keys and patterns ---------------------------------------------------------------------

# Elements that are page furniture, never item text.
_FURNITURE = frozenset({"button", "svg", "script", "style", "noscript", "template"})
# Elements after which text starts a new line.
_BLOCK = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5",
                    "h6", "tr", "table", "section", "article", "dd", "dt"})

# Markup simple enough to read without a parser: these tags only, no comments or scripts.
_ANY_TAG = re.compile(r"<[^<>]*>")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
_SIMPLE_TAGS = frozenset({"a", "br", "i", "b", "em", "strong", "span", "u", "A", "BR", "I",
                          "B", "EM", "STRONG", "SPAN", "U"})
_LINK = re.compile(r"""<a\b[^<>]*?\bhref\s*=\s*["']([^"']*)["'][^<>]*>(.*?)</a>""",
                   re.I | re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_SPLIT_TAGS = re.compile(r"(<[^<>]*>)")

_WS = " \t\r\n"
#: Integer literals longer than this are no count (``int`` would refuse over 4,300 digits).
_MAX_INT_DIGITS = 30
#: A JSON escape of a surrogate: a high one with the low one that may pair it, or a low one.
#: It is an escape only after an odd run of backslashes: the run (not preceded by another
#: backslash) is taken in pairs, possessively, so an escaped backslash followed by "ud800"
#: never matches. Linear: each run is read once.
_SURROGATE_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*+)(\\u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    r"|\\u[dD][c-fC-F][0-9a-fA-F]{2})")
#: Where a surrogate escape might be: one regex pass is faster than two ``str.find`` on text
#: that is not ASCII.
_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_REPLACEMENT_ESCAPE = "\\ufffd"  # as long as the escape it replaces: offsets stay valid
#: HTML source line breaks are white space like any other; only ``<br>`` and blocks break lines.
_SOURCE_NEWLINES = str.maketrans("\r\n", "  ")


# --- HTML fragments ------------------------------------------------------------------------

class Fragment:
    """An item body: plain ``text``, cleaned inner ``html`` (None for text-only bodies), links."""

    __slots__ = ("html", "links", "text")

    def __init__(self, text: str, html: str | None, links: tuple[Link, ...]) -> None:
        self.text = text
        self.html = html
        self.links = links


def link_for_href(href: str, text: str) -> Link | None:
    """A ``Link`` for an IMDb entity href (``/name/nm…``, ``/title/tt…``, ``/character/ch…``)."""
    found = href_entity(href)
    if found is None:
        return None
    return Link(kind=found[0], imdb_id=found[1], text=clean_line(text))


def _walk(el: Any, out: list[str]) -> None:
    """Append ``el``'s text (and tail) to ``out``: ``<br>`` and block edges as newlines, the
    source's own line breaks as spaces."""
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is not None and tag.lower() not in _FURNITURE:
        low = tag.lower()
        if low == "br":
            out.append("\n")
        else:
            block = low in _BLOCK
            if block:
                out.append("\n")
            if el.text:
                out.append(el.text.translate(_SOURCE_NEWLINES))
            for child in el:
                _walk(child, out)
            if block:
                out.append("\n")
    if el.tail:
        out.append(el.tail.translate(_SOURCE_NEWLINES))


def drop_element(el: Any) -> None:
    """Remove ``el`` and its subtree but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _strip_furniture(root: Any) -> None:
    """Remove buttons, SVG, scripts and comments under ``root`` (tails kept)."""
    for el in list(root.iter()):
        if el is root:
            continue
        if not isinstance(el.tag, str) or el.tag.lower() in _FURNITURE:
            drop_element(el)


def element_fragment(root: Any) -> Fragment:
    """Text, inner HTML and links of an lxml element (a React card's text div)."""
    _strip_furniture(root)
    out: list[str] = [(root.text or "").translate(_SOURCE_NEWLINES)]
    for child in root:
        _walk(child, out)
    text = clean_text("".join(out))
    inner = escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root)
    links = []
    for a in root.iter("a"):
        link = link_for_href(a.get("href") or "", a.text_content())
        if link is not None:
            links.append(link)
    return Fragment(text, inner.strip(), tuple(links))


def _simple_fragment(markup: str) -> Fragment | None:
    """The common JSON body (text, entities, ``<a>``, ``<br>``, inline tags) without a parser.

    Gives what :func:`element_fragment` gives for such markup (a few regex passes instead of
    a parse); None for anything else (block tags, comments, stray "<"), left to lxml.
    """
    if "<" not in markup:
        plain = unescape(markup)
        return Fragment(clean_text(plain.translate(_SOURCE_NEWLINES)),
                        escape(plain, quote=False).strip(), ())
    names = _TAG_NAME.findall(markup)
    if len(names) != markup.count("<") or not _SIMPLE_TAGS.issuperset(names) or \
            markup.count("<a") != markup.count("</a>"):
        return None
    links = []
    for m in _LINK.finditer(markup):
        inner = m.group(2)
        link = link_for_href(unescape(m.group(1)),
                             unescape(_ANY_TAG.sub("", inner) if "<" in inner else inner))
        if link is not None:
            links.append(link)
    has_br = "<br" in markup or "<BR" in markup
    broken, breaks = _BR.subn("\n", markup) if has_br else (markup, 0)
    text = unescape(_ANY_TAG.sub("", broken))
    if text.count("\n") != breaks or "\r" in text:  # the source's own line breaks: spaces
        text = "\n".join(unescape(_ANY_TAG.sub("", piece)).translate(_SOURCE_NEWLINES)
                         for piece in _BR.split(markup))
    html = markup
    if "&" in markup:  # entities decoded in text runs, tags (and their attributes) kept
        html = "".join(seg if seg[:1] == "<" else escape(unescape(seg), quote=False)
                       for seg in _SPLIT_TAGS.split(markup))
    if has_br:
        html = _BR.sub("<br>", html)
    return Fragment(clean_text(text), html.strip(), tuple(links))


def html_fragment(markup: str) -> Fragment:
    """Text, inner HTML and links of an HTML string from JSON (``plaidHtml``, ``cardHtml``)."""
    if not markup.strip():
        return Fragment("", "", ())
    simple = _simple_fragment(markup)
    if simple is not None:
        return simple
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return element_fragment(root)


def text_fragment(value: str) -> Fragment:
    """A text-valued body (``cardText``, ``text``): no HTML, no links."""
    return Fragment(clean_text(value), None, ())


# --- numbers and votes ---------------------------------------------------------------------

def shown(value: Any) -> str:
    """``repr(value)`` cut to a length fit for a problem message."""
    if isinstance(value, str) and len(value) > 40:
        value = value[:40]
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def as_int(value: Any) -> int | None:
    """A count from a JSON value (see ``json_count``); None when absent or not a sane count."""
    if value is None:
        return None
    try:
        return json_count(value)
    except ValueError:
        return None


def count_field(value: Any, ctx: Context, what: str, item: int | None = None) -> int | None:
    """A count the page declares (``total``, a year), or None: silently when absent, with an
    ``invalid-number`` problem when present but absurd, so only that field is lost."""
    if value is None:
        return None
    try:
        return json_count(value)
    except ValueError as exc:
        ctx.problem(ProblemCode.INVALID_NUMBER,
                    f"{what} {shown(value)} is left out: {shown(str(exc))}", item=item)
        return None


def vote_counts(up: Any, down: Any, ctx: Context, index: int,
                raw: str | None = None) -> Votes | None:
    """Votes from up/down counts, or None with an ``invalid-votes`` problem when unusable."""
    if up is None and down is None:
        return None
    try:
        u, d = json_count(up), json_count(down)
    except ValueError:
        ctx.problem(ProblemCode.INVALID_VOTES, f"unreadable vote counts up={shown(up)} "
                                     f"down={shown(down)}", item=index)
        return None
    return updown_votes(u, d, raw)


# --- decoding ------------------------------------------------------------------------------

def _json_int(digits: str) -> int | float:
    """``parse_int`` of the fallback decoder: the integer, or an infinity for an absurdly long
    literal (``int`` refuses over 4,300 digits), which every count check then refuses."""
    if len(digits) > _MAX_INT_DIGITS:
        return -math.inf if digits.startswith("-") else math.inf
    return int(digits)


_PLAIN = json.JSONDecoder()
#: Used only when the plain decoder refuses an integer literal: a Python ``parse_int`` for every
#: number would cost a third more time on a 3 MB document.
_BOUNDED = json.JSONDecoder(parse_int=_json_int)


def repair_surrogates(text: str, ctx: Context) -> str:
    """``text`` (JSON) with each escaped lone surrogate (``"\\ud800"``, which decodes to a
    string no UTF-8 output can hold) replaced by an escaped U+FFFD, reported as one
    ``decode-error`` per ``ctx``. The length is unchanged; a valid pair (an emoji) is kept."""
    if _SURROGATE_HINT.search(text) is None:
        return text
    lone = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal lone
        if len(m.group(2)) == 12:  # a high and a low surrogate: one character
            return m.group(0)
        lone += 1
        return m.group(1) + _REPLACEMENT_ESCAPE

    fixed = _SURROGATE_ESCAPE.sub(fix, text)
    if lone and not any(p.code == ProblemCode.DECODE_ERROR and "lone surrogate" in p.message
                        for p in ctx.problems):
        ctx.problem(ProblemCode.DECODE_ERROR,
                    "the JSON escapes a lone surrogate (such as \"\\ud800\"), "
                    "which no text can hold; each became U+FFFD")
    return fixed


def decode_at(text: str, pos: int, ctx: Context | None = None) -> tuple[Any, int]:
    """(value, end) of the JSON value at ``pos``, as every reader decodes: integer literals
    bounded (an absurd one becomes an infinity that count checks refuse) and, with ``ctx``, lone
    surrogate escapes repaired (``repair_surrogates``); only the decoded span is looked at.
    Raises ``json.JSONDecodeError`` on damaged JSON."""
    try:
        value, end = _PLAIN.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer literal over int's digit limit
        value, end = _BOUNDED.raw_decode(text, pos)
    if ctx is not None and _SURROGATE_HINT.search(text, pos, end) is not None:
        fixed = repair_surrogates(text[pos:end], ctx)
        value = _BOUNDED.decode(fixed)
    return value, end


def loads(text: str, ctx: Context | None = None) -> Any:
    """A whole JSON document decoded as ``decode_at`` does (white space around it allowed).
    Raises ``json.JSONDecodeError`` on damaged JSON or trailing data."""
    start = 0
    while start < len(text) and text[start] in _WS:
        start += 1
    value, end = decode_at(text, start, ctx)
    while end < len(text) and text[end] in _WS:
        end += 1
    if end < len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


# --- targeted JSON -------------------------------------------------------------------------

def find_value(text: str, key: str, start: int = 0, end: int | None = None,
               want: type | tuple[type, ...] = dict,
               ctx: Context | None = None) -> tuple[Any, int] | None:
    """Decode the value of the first ``"key":`` in ``text[start:end]`` that is of type ``want``.

    Returns (value, position after it), None when the key is absent. JSON quoting guarantees
    ``"key"`` followed by ``:`` is a real key, not text inside a string; which object it
    belongs to is the caller's business. Decoded by ``decode_at`` (pass ``ctx`` when the
    value's strings reach the output). Raises ``json.JSONDecodeError`` on damaged JSON.
    """
    needle = f'"{key}"'
    stop = len(text) if end is None else end
    pos = start
    while True:
        i = text.find(needle, pos, stop)
        if i < 0:
            return None
        j = i + len(needle)
        while j < stop and text[j] in _WS:
            j += 1
        if j < stop and text[j] == ":":
            j += 1
            while j < stop and text[j] in _WS:
                j += 1
            value, after = decode_at(text, j, ctx)
            if isinstance(value, want):
                return value, after
            pos = after
        else:
            pos = j


def json_error_problem(exc: json.JSONDecodeError, text: str, ctx: Context, what: str,
                       end: int | None = None) -> None:
    """Report damaged JSON: ``truncated-input`` when it breaks at the end, else malformed."""
    stop = len(text) if end is None else end
    tail = text[exc.pos:stop].strip()
    if exc.pos >= stop - 1 or not tail or "Unterminated string" in exc.msg:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, f"the {what} JSON ends early ({exc.msg})")
    else:
        ctx.problem(ProblemCode.MALFORMED_INPUT, f"the {what} JSON is damaged at offset {exc.pos} "
                                       f"({exc.msg})")


def walk_dicts(obj: Any, depth: int = 0) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every (key, dict value) pair in a decoded JSON tree, depth-first, bounded in depth."""
    if depth > 40:
        return
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            if isinstance(v, Mapping):
                yield str(k), v
            if isinstance(v, Mapping | list):
                yield from walk_dicts(v, depth + 1)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk_dicts(v, depth + 1)
