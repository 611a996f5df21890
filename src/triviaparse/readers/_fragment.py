"""An HTML fragment (an item body) to plain text, cleaned inner HTML and entity links.

Every reader that meets HTML reads it here: the classic reader its ``div.sodatext`` items, the
React reader its cards, the JSON readers their ``plaidHtml``/``cardHtml`` strings. One walk
(:func:`walk`) turns a tree into text, the same way for all: ``<br>`` and block edges are line
breaks, the source's own line breaks are spaces, furniture is skipped. Each layout says which
tags are blocks and furniture (a :class:`WalkStyle`), so one page read from its HTML, its
``__NEXT_DATA__`` or an API response gives equal items.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

import attrs
import lxml.html
from lxml import etree

from ..model import Link
from ..normalize import clean_line, clean_text
from ._links import entity_link, href_entity

__all__ = [
    "REACT_STYLE",
    "Fragment",
    "WalkStyle",
    "drop_element",
    "element_fragment",
    "html_fragment",
    "inner_html",
    "link_for_href",
    "read_element",
    "text_fragment",
    "walk",
]


@attrs.frozen
class WalkStyle:
    """What a layout's markup means to :func:`walk`: which tags end a line on both sides,
    which tags and classes are furniture (never item text)."""

    blocks: frozenset[str]
    furniture_tags: frozenset[str]
    furniture_classes: frozenset[str] = frozenset()


#: React cards and JSON HTML bodies: their furniture is removed before the walk.
REACT_STYLE = WalkStyle(
    blocks=frozenset(
        {
            "p",
            "div",
            "li",
            "ul",
            "ol",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "dd",
            "dt",
        }
    ),
    furniture_tags=frozenset({"button", "svg", "script", "style", "noscript", "template"}),
)

# Markup simple enough to read without a parser: these tags only, no comments or scripts.
_ANY_TAG = re.compile(r"<[^<>]*>")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
_SIMPLE_TAGS = frozenset(
    {
        "a",
        "br",
        "i",
        "b",
        "em",
        "strong",
        "span",
        "u",
        "A",
        "BR",
        "I",
        "B",
        "EM",
        "STRONG",
        "SPAN",
        "U",
    }
)
_LINK = re.compile(r"""<a\b[^<>]*?\bhref\s*=\s*["']([^"']*)["'][^<>]*>(.*?)</a>""", re.I | re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_SPLIT_TAGS = re.compile(r"(<[^<>]*>)")
#: HTML source line breaks are white space like any other; only ``<br>`` and blocks break lines.
_SOURCE_NEWLINES = str.maketrans("\r\n", "  ")


class Fragment:
    """An item body: plain ``text``, cleaned inner ``html`` (None for text-only bodies), links."""

    __slots__ = ("html", "links", "text")

    def __init__(self, text: str, html: str | None, links: tuple[Link, ...]) -> None:
        self.text = text
        self.html = html
        self.links = links


def link_for_href(href: str, text: str) -> Link | None:
    """A ``Link`` for an IMDb entity href (``/name/nm…``, ``/title/tt…``, ``/character/ch…``),
    its text line-cleaned (kept even when empty)."""
    found = href_entity(href)
    if found is None:
        return None
    return Link(kind=found[0], imdb_id=found[1], text=clean_line(text))


def _is_furniture(child: Any, tag: str, style: WalkStyle) -> bool:
    """Whether ``child`` is furniture by its tag or one of its classes."""
    if tag in style.furniture_tags:
        return True
    if not style.furniture_classes:
        return False
    cls = child.get("class")
    return bool(cls) and not style.furniture_classes.isdisjoint(cls.split())


def walk(
    el: Any,
    out: list[str],
    style: WalkStyle,
    *,
    furniture: list[Any] | None = None,
    links: list[Link] | None = None,
) -> None:
    """Append the text inside ``el`` (not its tail) to ``out``: ``<br>`` and block edges as
    "\\n", source line breaks as spaces. Furniture children are skipped (and listed in
    ``furniture`` for the caller to drop); with ``links``, each entity ``<a>`` is listed with
    the text walked inside it."""
    if el.text:
        out.append(el.text.translate(_SOURCE_NEWLINES))
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag == "br":
            out.append("\n")
        elif _is_furniture(child, tag, style):
            if furniture is not None:
                furniture.append(child)
        else:
            block = tag in style.blocks
            if block:
                out.append("\n")
            start = len(out)
            walk(child, out, style, furniture=furniture, links=links)
            if links is not None and tag == "a":
                link = entity_link(child.get("href") or "", "".join(out[start:]))
                if link is not None:
                    links.append(link)
            if block:
                out.append("\n")
        if child.tail:
            out.append(child.tail.translate(_SOURCE_NEWLINES))


#: Characters libxml2's HTML parser can leave in text but lxml refuses to set as text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def drop_element(el: Any) -> None:
    """Remove ``el`` and its subtree but keep the text that follows it (less the control
    characters lxml cannot hold as text, which no reader keeps in an item anyway)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        tail = _NOT_XML.sub("", el.tail)
        prev = el.getprevious()
        if prev is not None:
            prev.tail = _NOT_XML.sub("", prev.tail or "") + tail
        else:
            parent.text = _NOT_XML.sub("", parent.text or "") + tail
    parent.remove(el)


def inner_html(el: Any) -> str:
    """The markup inside ``el``, trimmed, without trailing ``<br>`` line breaks."""
    s = etree.tostring(el, method="html", encoding="unicode", with_tail=False)
    start = s.find(">") + 1
    end = s.rfind("</")
    if end < start:
        end = len(s)
    inner = s[start:end].strip()
    while inner.endswith("<br>"):
        inner = inner[:-4].rstrip()
    return inner


def read_element(container: Any, style: WalkStyle) -> tuple[str, str, tuple[Link, ...]]:
    """(text, html, links) of an item's text element in a server-rendered page: walked,
    furniture then dropped from the tree so the html leaves it out; links from walked text."""
    out: list[str] = []
    links: list[Link] = []
    furniture: list[Any] = []
    walk(container, out, style, furniture=furniture, links=links)
    for f in furniture:
        drop_element(f)
    return clean_text("".join(out)), inner_html(container), tuple(links)


def _strip_furniture(root: Any, style: WalkStyle) -> None:
    """Remove furniture elements, comments and processing instructions under ``root``, tails
    kept."""
    for el in list(root.iter()):
        if el is root:
            continue
        if not isinstance(el.tag, str) or el.tag.lower() in style.furniture_tags:
            drop_element(el)


def element_fragment(root: Any) -> Fragment:
    """Text, inner HTML and links of an lxml element (a React card's text div)."""
    _strip_furniture(root, REACT_STYLE)
    out: list[str] = []
    walk(root, out, REACT_STYLE)
    text = clean_text("".join(out))
    inner = escape(root.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
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
        return Fragment(
            clean_text(plain.translate(_SOURCE_NEWLINES)), escape(plain, quote=False).strip(), ()
        )
    names = _TAG_NAME.findall(markup)
    if (
        len(names) != markup.count("<")
        or not _SIMPLE_TAGS.issuperset(names)
        or markup.count("<a") != markup.count("</a>")
    ):
        return None
    links = []
    for m in _LINK.finditer(markup):
        inner = m.group(2)
        link = link_for_href(
            unescape(m.group(1)), unescape(_ANY_TAG.sub("", inner) if "<" in inner else inner)
        )
        if link is not None:
            links.append(link)
    has_br = "<br" in markup or "<BR" in markup
    text = _simple_text(markup, has_br)
    html = markup
    if "&" in markup:  # entities decoded in text runs, tags (and their attributes) kept
        html = "".join(
            seg if seg[:1] == "<" else escape(unescape(seg), quote=False)
            for seg in _SPLIT_TAGS.split(markup)
        )
    if has_br:
        html = _BR.sub("<br>", html)
    return Fragment(clean_text(text), html.strip(), tuple(links))


def _simple_text(markup: str, has_br: bool) -> str:
    """The text of simple markup: tags dropped, entities decoded, ``<br>`` as "\n" and the
    source's own line breaks as spaces."""
    broken, breaks = _BR.subn("\n", markup) if has_br else (markup, 0)
    text = unescape(_ANY_TAG.sub("", broken))
    if text.count("\n") != breaks or "\r" in text:  # the source's own line breaks: spaces
        text = "\n".join(
            unescape(_ANY_TAG.sub("", piece)).translate(_SOURCE_NEWLINES)
            for piece in _BR.split(markup)
        )
    return text


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
