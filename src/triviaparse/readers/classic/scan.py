"""Reading runs of classic items in the exact shape IMDb served them, without a parser.

Parsing a big classic content block with lxml and walking the tree costs as much as parsing
the whole page, yet almost all of such a block is a run of items in one of a few fixed shapes
(a trivia/goofs ``div.soda`` or a plot keyword ``td.soda``: a links-only ``div.sodatext``, one
vote phrase, share widgets). ``split_block``
reads those runs with one anchored regex per item, and leaves everything between runs (the
header, group headings, spoiler anchors, closing tags: the "gaps") to lxml and the usual walk.

Why this gives exactly what the lxml walk gives (tests compare both on every page, on damaged
copies and on generated pages):

- An item is read only when the whole item, from its opening tag to its closing tag, matches a
  strict grammar: every tag complete, attributes quoted and free of ``<``/``>``, the body only
  text, safe entities, ``<a href>`` links and ``<br>``, widgets only spans, links, buttons and
  inputs nested in known ways, and nothing that plays a part in the walk (a second item, a
  spoiler anchor, a heading) hidden inside. Such an item is a closed subtree; lxml cannot build
  it differently.
- A gap is handed on only when it is whole markup too (every ``<`` starts a complete tag or
  comment, tags from a list of plain HTML elements, script/style without markup inside),
  carries none of the per-item widgets ``region`` cuts before parsing, nor a vote or a
  note that would attach to the item before it, and closes every heading, "Showing all" and
  "Jump to" box it opens, so that it reads the same alone as in the page.
- Anything else: ``split_block`` returns None and the caller parses the whole block with lxml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape
from itertools import chain
from typing import Any, AnyStr, NamedTuple

from ...model import Link
from ...normalize import clean_text
from .._imdb import IMDB_ID
from .._links import entity_link
from .items import Item
from .region import bytes_twin
from .widgets import SHARE_BOX, SHARE_LINK, VOTE_PROMPT

__all__ = ["plain_bytes", "plain_span", "reaches", "split_block", "split_open", "split_raw"]

_WS = r"[ \t\n]"
#: Characters an HTML parser reads otherwise than as themselves (controls, CR, noncharacters):
#: item text and vote phrases hold none of them, or the item is left to lxml.
_BAD = r"\x00-\x08\x0b-\x1f\x7f-\x9f\r\ufdd0-\ufdef\ufffe\uffff"
#: A character of item text: not markup, not one of ``_BAD``.
_TEXT = rf"[^<>{_BAD}]"
#: A character of a vote phrase or of a keyword link's text: no markup, no entity, no ``_BAD``.
_PHRASE = rf"[^<>&{_BAD}]"
#: The character references HTML decodes even without a ";" (``&copy_`` is "©_" inside an
#: attribute too, unless a letter, digit or "=" follows the name).
_LEGACY = (
    "AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT "
    "Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN "
    "Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar "
    "ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 "
    "gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute "
    "ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 "
    "sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml"
).split()
#: An item id (``tr0790957``): ``IMDB_ID`` with each digit tried as ASCII first (``\d`` alone
#: looks every digit up in Unicode's tables) and possessive (a quote always follows it).
_ID = IMDB_ID.replace(r"\d", r"[0-9\d]") + "+"
#: An href in characters lxml writes back unchanged: ``&`` only as ``&amp;``, or before a
#: ``name=`` that starts with no such reference (``&ref_=``), which an HTML tokenizer leaves
#: as it is.
_HREF_CHARS = (
    rf"[A-Za-z0-9/?=_.:%#,+~-]*+(?:&(?:amp;|(?!{'|'.join(_LEGACY)})[A-Za-z0-9_]++=)"
    r"[A-Za-z0-9/?=_.:%#,+~-]*+)*+"
)
#: A tag's attributes: names in lower case, values quoted, no ``<``/``>`` anywhere.
_ATTRS = rf"""(?:{_WS}++[a-z][a-z0-9_:.-]*+(?:=(?:"[^"<>]*+"|'[^'<>]*+'))?+)*+{_WS}*+"""
#: Links in the widgets: no id or name (a spoiler anchor), no class but the "Hide options" one.
_QUIET_A_ATTRS = (
    rf'(?:{_WS}++(?:(?:href|target|onclick|rel|title)="[^"<>]*+"|class="hidesoda(?: hidden)?"))*+'
    rf"{_WS}*+"
)
#: The widgets that start with "<", each without it: ``<`` is matched once, and the next
#: character picks the alternative (``re`` tries an alternative only if its first literal fits).
_A_UNIT = rf"a{_QUIET_A_ATTRS}>[^<>]*+</a>"
_BUTTON_UNIT = rf"button{_ATTRS}>[^<>]*+</button>"
_VOID = rf"input{_ATTRS}/?>|br ?/?>"
_SPAN = (
    rf"span{_ATTRS}>(?:[^<>]++|<(?:span{_ATTRS}>[^<>]*+</span>|{_A_UNIT}|{_BUTTON_UNIT}"
    rf"|{_VOID}))*+</span>"
)
#: The widgets IMDb puts in nearly every item, each tried as one literal before the general
#: span or link (both match it the same way, the literal several times faster): the separator
#: (2013–2016) and the "Hide options" link (2010–2013).
_USUAL = r'span class="ghost">\|</span>|a href="#" class="hidesoda hidden">Hide&nbsp;options</a>'
#: Per-item widgets: text, spans (two deep), links, buttons, inputs, line breaks.
_QUIET = rf"(?:[^<>]++|<(?:{_USUAL}|{_SPAN}|{_A_UNIT}|{_BUTTON_UNIT}|{_VOID}))*+"
_SHARE = rf'<div class="sharesoda_pre">{_QUIET}</div>{_QUIET}'
#: Line breaks and whitespace that end a body: they add nothing to its text or html (the
#: walk trims both and drops trailing ``<br>``), so the body's group leaves them out.
_BR_TAIL = rf"(?:<br ?/?>|{_WS})*+"
#: A links-only item body but its ``_BR_TAIL``, then three empty groups that say what it holds
#: (a group inside the repeat keeps its last capture): a link, whitespace before a link's ">",
#: a line break. Reading the body then needs no search for them. A line break takes the whole
#: run of breaks and whitespace after it, so that telling whether the run ends the body reads
#: it once (a lookahead from each break would read the rest of the run again: quadratic in a
#: run of breaks). Each group closes its alternative: Python 3.11's possessive repeat keeps
#: the marks of an iteration that failed after a group.
_BODY = (
    rf'((?:{_TEXT}++|<(?:a href="{_HREF_CHARS}"(?:>|{_WS}++>()){_TEXT}*+</a>()'
    rf"|br ?/?>{_BR_TAIL}(?!</div>)()))*+){_BR_TAIL}"
)
_VOTE_A = (
    rf'<a href="\?item=({_ID})"{_WS}*+class="interesting-count-text"{_WS}*+>'
    rf"({_PHRASE}*+)</a>"
)
_VOTE_DIV = (
    rf'<div class="interesting-count-text">{_WS}*+<a href="\?item=({_ID})"{_WS}*+>'
    rf"({_PHRASE}*+)</a>{_WS}*+</div>"
)
#: A class attribute whose first class is "soda": after it, spaces and other class names in
#: any mix (a lookahead keeps "sodatext" out), matched as one run of characters.
_CLASS_SODA = r'class="soda(?=[ \t\n"])[a-z0-9_ \t\n-]*+"'
#: Between two plot keyword cells: the end of one table row and the start of the next.
_ROW_BREAK = rf'(?:</tr>{_WS}*+<tr(?:{_WS}++class="[a-z0-9 _-]*+")?+{_WS}*+>{_WS}*+)?+'

#: A trivia, goofs or crazy-credits item (2010–2016): groups id, body (and its three flags),
#: vote id, vote phrase. Its optional parts are possessive (``?+``, no backtracking state):
#: each starts with markup that nothing after it could match.
_DIV_ITEM = re.compile(
    rf'<div id="({_ID})"{_WS}++{_CLASS_SODA}{_WS}*+>{_WS}*+(?:<a name="{_ID}"></a>{_WS}*+)?+'
    rf'<div class="sodatext">{_BODY}</div>{_WS}*+'
    rf'(?:<div class="did-you-know-actions">{_WS}*+(?:{_VOTE_A})?+{_QUIET}(?:{_SHARE})?+</div>'
    rf"|{_QUIET}(?:{_SHARE})?+)"
    rf"{_WS}*+</div>{_WS}*+"
)
#: A plot keyword cell (2016–2022): groups href and link text (a body of one link with no
#: entity in its text, the usual cell), else body (and its three flags); vote id, vote phrase.
_TD_ITEM = re.compile(
    rf"<td{_WS}++{_CLASS_SODA}(?:{_WS}++data-item-[a-z]++=\"[^\"<>&]*+\")*+{_WS}*+>{_WS}*+"
    rf'<div class="sodatext">'
    rf'(?:{_WS}*+<a href="({_HREF_CHARS})"{_WS}*+>({_PHRASE}*+)</a>{_WS}*+(?=</div>)'
    rf"|{_BODY})</div>"
    rf'{_WS}*+<div class="did-you-know-actions">{_WS}*+{_VOTE_DIV}{_QUIET}</div>{_WS}*+'
    rf"</td>{_WS}*+{_ROW_BREAK}"
)

#: The item patterns for a block known to hold none of ``_BAD`` (``plain_bytes``): text as
#: ``[^<]``, which ``re`` matches several times faster than a class of ranges, and vote phrases
#: without the ``_BAD`` ranges. Text that holds a ">" then matches too; ``_body`` refuses it
#: (``_Unsafe``), as the strict pattern does.
_DIV_ITEM_PLAIN = re.compile(_DIV_ITEM.pattern.replace(_TEXT, "[^<]").replace(_PHRASE, "[^<>&]"))
_TD_ITEM_PLAIN = re.compile(_TD_ITEM.pattern.replace(_TEXT, "[^<]").replace(_PHRASE, "[^<>&]"))
# --- items read with their widgets (``split_raw``) -----------------------------------------
#: Per-item widgets as the page has them, before ``region`` cuts any: ``_QUIET`` with the
#: share box, the vote prompt and the "Share this" link in the very patterns the cut removes
#: them by (``widgets``), each without its "<". The cut of such an item removes whole widgets
#: and leaves what ``_QUIET`` reads (see ``split_raw``).
_QUIET_RAW = (
    rf"(?:[^<>]++|<(?:{_USUAL}|{SHARE_BOX[1:]}|{VOTE_PROMPT[1:]}|{SHARE_LINK[1:]}|{_SPAN}"
    rf"|{_A_UNIT}|{_BUTTON_UNIT}|{_VOID}))*+"
)
#: ``_DIV_ITEM`` up to its widgets: groups id, body (and its three flags), the actions
#: ``<div>`` (present or not), vote id, vote phrase. The possessive optional group stands for
#: ``_DIV_ITEM``'s two alternatives: its second can never match where the first's ``<div>`` is.
_DIV_HEAD = (
    rf'<div id="({_ID})"{_WS}++{_CLASS_SODA}{_WS}*+>{_WS}*+(?:<a name="{_ID}"></a>{_WS}*+)?+'
    rf'<div class="sodatext">{_BODY}</div>{_WS}*+'
    rf'(?:(<div class="did-you-know-actions">){_WS}*+(?:{_VOTE_A})?+)?+'
)
_DIV_HEAD_RE = re.compile(_DIV_HEAD)
_DIV_HEAD_PLAIN = re.compile(_DIV_HEAD.replace(_TEXT, "[^<]").replace(_PHRASE, "[^<>&]"))
#: The rest of a ``_DIV_ITEM`` (but its trailing whitespace), after an actions ``<div>`` or
#: without one. It ends on a literal "</div>": what follows it is never read.
_DIV_ZONES = (
    re.compile(rf"{_QUIET_RAW}{_WS}*+</div>"),
    re.compile(rf"{_QUIET_RAW}</div>{_WS}*+</div>"),
)
_WS_RUN = re.compile(rf"{_WS}*+")
#: What may follow a widget block, as one character of the block: whitespace, or nothing at
#: its end (a set: ``in`` of bytes first tries its operand as an int, raising an error inside)
_WS_NEXT = frozenset(("", " ", "\t", "\n"))
_WS_NEXT_BYTES = frozenset(c.encode("ascii") for c in _WS_NEXT)
#: ``_TD_ITEM`` with its widgets (its groups).
_TD_RAW = re.compile(
    _TD_ITEM.pattern.replace(f"{_VOTE_DIV}{_QUIET}</div>", f"{_VOTE_DIV}{_QUIET_RAW}</div>")
)
_TD_RAW_PLAIN = re.compile(_TD_RAW.pattern.replace(_TEXT, "[^<]").replace(_PHRASE, "[^<>&]"))


class _Binary(NamedTuple):
    r"""The open scan's plain patterns for UTF-8 bytes (``split_open`` of bytes): each the
    ``bytes_twin`` of its ``str`` pattern, which reads a valid UTF-8 block as the ``str``
    pattern reads its text, but for ``\d`` (in ids), which takes ASCII digits only: a bytes
    match is then a text match, read the same way, and an id with another digit is left to
    the usual way."""

    head: re.Pattern[bytes]
    zones: tuple[re.Pattern[bytes], re.Pattern[bytes]]
    td: re.Pattern[bytes]
    ws_run: re.Pattern[bytes]


@lru_cache(maxsize=1)
def _binary() -> _Binary:
    """``_Binary``, compiled on first use (most programs read no classic page as bytes)."""
    return _Binary(
        bytes_twin(_DIV_HEAD_PLAIN),
        (bytes_twin(_DIV_ZONES[0]), bytes_twin(_DIV_ZONES[1])),
        bytes_twin(_TD_RAW_PLAIN),
        bytes_twin(_WS_RUN),
    )


#: Widget blocks kept per shape and page (see ``_Zones``): a page has one or two. Only short
#: ones (IMDb's are 1-2 K characters), so that comparing one costs each item a bounded time.
_MAX_ZONES = 4
_MAX_ZONE_CHARS = 8192

#: Bytes of a UTF-8 block that may belong to a ``_BAD`` character (ASCII controls but tab and
#: newline, the lead bytes of U+0080-U+009F and of U+FDD0-U+FFFF), the likeliest first: one
#: ``memchr`` pass each is cheaper than any one pass that tests every byte in Python's C code.
_MAYBE_BAD = (
    b"\r",
    b"\xc2",
    b"\xef",
    b"\x7f",
    *(bytes([b]) for b in range(0x20) if b not in (0x09, 0x0A, 0x0D)),
)

#: An ``&`` that is not plain text or one of the entities decoded below.
_BAD_AMP = re.compile(
    r"&(?=[A-Za-z0-9#])(?!(?:#(?:[1-9]\d{1,4})|#x[0-9a-fA-F]{2,4}|[a-zA-Z]{2,8});)"
)
_NUMERIC = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")
_NAMED = re.compile(r"&([a-zA-Z]+);")
#: Named entities libxml2 (HTML 4) knows and ``html.unescape`` decodes the same way.
_KNOWN_ENTITIES = frozenset(
    "amp lt gt quot nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg "
    "macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 "
    "frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml "
    "Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave "
    "Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil "
    "egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde "
    "ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml OElig oelig Scaron scaron "
    "Yuml circ tilde ensp emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo rsquo sbquo ldquo "
    "rdquo bdquo dagger Dagger permil lsaquo rsaquo euro bull hellip prime Prime trade".split()
)

#: The markup of a links-only body (``_BODY`` has checked it): a link (its href and text), or
#: a link or a line break; for a body without entities, the space lxml drops before a start
#: tag's ">" (outside tags a links-only body has no ">").
_LINK_PAIR = re.compile(rf'<a href="([^"]*+)"{_WS}*+>([^<>]*+)</a>')
_BODY_TOKEN = re.compile(rf"{_LINK_PAIR.pattern}|<br ?/?>")
#: The four spellings of a line break ``_BODY`` takes (lxml writes each as ``<br>``).
_BR = re.compile(r"<br ?/?>")
_SPACE_BEFORE_GT = re.compile(rf'"{_WS}++>')

# --- gaps ----------------------------------------------------------------------------------
#: Whole markup: text, complete tags, comments, script/style elements with no markup inside.
#: A start tag's attributes as an HTML parser reads them: a quote opened is closed before the
#: tag's ">" (an unclosed one runs on over the markup after it, which lxml then reads as the
#: attribute's value).
_GAP_ATTRS = (
    rf"""(?:{_WS}++[a-z][a-z0-9_:.-]*+(?:={_WS}*+(?:"[^"<>]*+"|'[^'<>]*+'|[^\s"'<>=`]++))?)*+"""
    rf"{_WS}*+"
)
_GAP = re.compile(
    rf"(?:[^<>]++|<(?:/?[a-z][a-z0-9]*+{_GAP_ATTRS}/?"
    r"|!--(?:[^<>-]|-(?!-))*+--)>)*+"
)
_RAW = re.compile(rf"<(script|style){_GAP_ATTRS}>([^<]*+)</\1>")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9]*)")
#: Elements whose tags lxml reads plainly (no raw text, no foreign content, no forms magic).
_GAP_TAGS = frozenset(
    "a abbr b big br center cite code div em font h1 h2 h3 h4 h5 h6 hr i img label li link meta "
    "ol p s small span strike strong sub sup table tbody td tfoot th thead tr tt u ul".split()
)
#: Inline elements: an end tag such as ``</h4>`` or ``</div>`` closes them when they are left
#: open inside it (libxml2 does not close a ``div``, ``td``, ``table``… that way).
_INLINE = "a|abbr|b|big|br|cite|code|em|font|i|img|s|small|span|strike|strong|sub|sup|tt|u"
_INLINE_CONTENT = rf"(?:[^<>]++|</?(?:{_INLINE})\b[^<>]*+>)*+"
#: A heading whose text is read (a group label): it must end at its own end tag.
_HEADING = re.compile(rf"<h([1-6])\b[^<>]*+>{_INLINE_CONTENT}</h\1>")
_HEADING_START = re.compile(r"<h[1-6]\b")
#: The sort menu of plot keyword pages: options only.
_SELECT = re.compile(
    rf"<select{_GAP_ATTRS}>(?:[^<>]++|<option{_GAP_ATTRS}>[^<>]*+</option>)*+"
    r"</select>"
)
#: What a gap must not hold: the widgets cut before parsing (they may reach past the gap), a
#: vote or a note (it would attach to the item before), an item or item part.
_GAP_FORBIDDEN = ("soda", "interesting-c", "<button", "<dt", "<dd")
#: A tag the block's end marker cut short: a plain element name and complete, role-free
#: attributes.
_PARTIAL_TAG = re.compile(
    rf'<(?:div|span|p|ul|table){_WS}*+(?:(?:id|class)="[a-z0-9 _-]*+"{_WS}*+)*+'
)
_INLINE_CONTENT_RE = re.compile(_INLINE_CONTENT)
#: A tag that may be a "Showing all" or "Jump to" box (whose text is read).
_ROLE_TAG = re.compile(r"<([a-z][a-z0-9]*+)\b[^<>]*?(?:desc|jumpto)")


_new_item = tuple.__new__


class _Unsafe(Exception):
    """Outside what the scan mirrors exactly; the caller parses the block with lxml."""


def plain_bytes(block: bytes) -> bool:
    """Whether the UTF-8 ``block`` certainly holds no ``_BAD`` character (one C pass), so that
    ``split_block(..., plain=True)`` may use the faster item patterns."""
    return not any(byte in block for byte in _MAYBE_BAD)


def plain_span(data: bytes, start: int, stop: int) -> bool:
    """``plain_bytes(data[start:stop])`` without copying it out."""
    return all(data.find(byte, start, stop) < 0 for byte in _MAYBE_BAD)


def _decode(s: str) -> str:
    """``s`` with its entities decoded; ``_Unsafe`` for one libxml2 might read otherwise."""
    if "&" not in s:
        return s
    if _BAD_AMP.search(s) is not None:
        raise _Unsafe
    for m in _NUMERIC.finditer(s):
        g = m.group(1)
        n = int(g[1:], 16) if g[0] == "x" else int(g)
        if not (32 <= n < 127 or 160 <= n < 0xD800 or 0xE000 <= n < 0xFDD0 or 0xFDF0 <= n < 0xFFFE):
            raise _Unsafe
    for m in _NAMED.finditer(s):
        if m.group(1) not in _KNOWN_ENTITIES:
            raise _Unsafe
    return unescape(s)


def _escape_text(s: str) -> str:
    """Text as lxml's HTML serializer writes it."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _href(raw: str) -> str:
    """An href's value as lxml reads it (``&amp;`` is ``&``)."""
    return raw.replace("&amp;", "&") if "&" in raw else raw


@lru_cache(maxsize=4096)
def _link(href: str, text: str) -> Link | None:
    """The ``Link`` of an ``<a>`` with this href and text (both decoded); None when it is no
    name, title or character link or has no text. Cached: a page links the same people again
    and again, and a frozen record can be shared."""
    return entity_link(href, text)


def _text_segment(seg: str, texts: list[str], htmls: list[str]) -> None:
    """Text between tags, decoded into ``texts`` and as lxml writes it into ``htmls``;
    ``_Unsafe`` for a ">" (a plain pattern lets it through; lxml escapes it)."""
    if ">" in seg:
        raise _Unsafe
    if "&" in seg:
        seg_text = _decode(seg)
        texts.append(seg_text)
        htmls.append(_escape_text(seg_text))
    else:
        texts.append(seg)
        htmls.append(seg)


def _link_token(
    href: str, inner: str, texts: list[str], htmls: list[str], links: list[Link]
) -> None:
    """An ``<a href>`` of the body: its text, its markup as lxml writes it, its ``Link``."""
    if "&" in inner:
        inner_text = _decode(inner)
        inner = _escape_text(inner_text)
    else:
        inner_text = inner
    texts.append(inner_text)
    if "&" in href:
        href = href.replace("&amp;", "&")
        htmls.append(f'<a href="{href.replace("&", "&amp;")}">{inner}</a>')
    else:
        htmls.append(f'<a href="{href}">{inner}</a>')
    if (link := _link(href, inner_text)) is not None:
        links.append(link)


def _token_body(body: str) -> tuple[str, str, tuple[Link, ...]]:
    """(text, html, links) of a body with entities, by one pass over its links and line
    breaks: source newlines as spaces, a ``<br>`` as "\n" in the text."""
    texts: list[str] = []
    htmls: list[str] = []
    links: list[Link] = []
    pos = 0
    for m in chain(_BODY_TOKEN.finditer(body), (None,)):  # None: the text after the last
        start = len(body) if m is None else m.start()
        if start > pos:
            _text_segment(body[pos:start], texts, htmls)
        if m is None:
            break
        pos = m.end()
        href = m.group(1)
        if href is None:  # <br>
            texts.append("\x00")
            htmls.append("<br>")
        else:
            _link_token(href, m.group(2), texts, htmls, links)
    text = "".join(texts)
    if "\n" in text:
        text = text.replace("\n", " ")
    if "\x00" in text:
        text = text.replace("\x00", "\n")
    return text, "".join(htmls), tuple(links)


def _body(
    body: str, link: str | None, space: str | None, br: str | None
) -> tuple[str, str, tuple[Link, ...]]:
    r"""(text, inner html, links) of a links-only body (``_BODY`` and its three flags) as the
    walk gives them: the text cleaned (source newlines as spaces, ``<br>`` as "\n"), the html
    as lxml writes it back, trimmed. A body without entities is read by whole-string passes
    (only those its flags call for), any other by one pass over its links and line breaks."""
    links: tuple[Link, ...]
    if link is None and br is None and "&" not in body:
        # the usual body, text alone: what the general way below does, without the steps
        # that change nothing here (no "<" in it; trimmed, so ``_clean`` need not trim it)
        html = body.strip()
        text = html.replace("\n", " ") if "\n" in html else html
        if ">" in text:
            raise _Unsafe
        if text.isascii() and "  " not in text and "\t" not in text:
            return text, html, ()
        return clean_text(text), html, ()
    if "&" in body:
        text, html, links = _token_body(body)
    else:
        text = html = body
        links = ()
        if link is not None:
            # [text, href, link text, text, href, link text, ..., text]: one pass for both
            parts = _LINK_PAIR.split(body)
            links = tuple(filter(None, map(_link, parts[1::3], parts[2::3])))  # C loops only
            del parts[1::3]
            text = "".join(parts)
            if space is not None:
                html = _SPACE_BEFORE_GT.sub('">', html)
        # trimmed first (the cleaning trims it anyway): most bodies' newlines are at their ends
        text = text.strip()
        if "\n" in text:
            text = text.replace("\n", " ")
        if br is not None:
            # IMDb's "<br />" by str.replace (faster than re), then any other spelling left
            text = text.replace("<br />", "\n")
            html = html.replace("<br />", "<br>")
            if "<br" in text:
                text = _BR.sub("\n", text)
                html = _BR.sub("<br>", html)
        if ">" in text:  # left by a plain pattern's text, or a link it does not split
            raise _Unsafe
    html = html.strip()
    # Trailing <br>s and [ \t\n] are not in the body (``_BR_TAIL``); one left here is followed
    # by other whitespace (an entity, a Unicode space), and the walk drops it: lxml reads it.
    if html.endswith("<br>"):
        raise _Unsafe
    return _clean(text), html, links


def _check_boxes(plain: str) -> None:
    """``_Unsafe`` unless every heading and every "Showing all" / "Jump to" box in ``plain``
    closes where it says (their text is read, so it must not run on past the gap)."""
    for m in _HEADING_START.finditer(plain):
        if _HEADING.match(plain, m.start()) is None:
            raise _Unsafe
    for m in _ROLE_TAG.finditer(plain):
        if m.group(1) != "div":
            raise _Unsafe
        end = plain.find(">", m.end()) + 1
        inner = _INLINE_CONTENT_RE.match(plain, end)
        assert inner is not None
        if not plain.startswith("</div>", inner.end()):
            raise _Unsafe


def _check_gap(gap: str) -> None:
    """``_Unsafe`` unless ``gap`` reads the same alone as in the block (see the module doc)."""
    for word in _GAP_FORBIDDEN:
        if word in gap:
            raise _Unsafe
    if "<" not in gap:
        if ">" in gap:
            raise _Unsafe
        return
    plain = gap
    if "<script" in gap or "<style" in gap:  # whole ones, without markup inside, are dropped
        plain = _RAW.sub("", plain)  # (one left open makes the rest raw text)
    if "<select" in plain:
        plain = _SELECT.sub("", plain)
    if _GAP.fullmatch(plain) is None:
        raise _Unsafe
    for name in _TAG_NAME.findall(plain):
        if name not in _GAP_TAGS:
            raise _Unsafe
    _check_boxes(plain)


def _drop_partial_tag(gap: str) -> str:
    """The last gap without the tag the block's end marker cut in two (lxml drops a tag the
    input ends in); ``_Unsafe`` when that tag could be anything the walk looks at."""
    last = gap.rfind("<")
    if last < 0 or gap.find(">", last) >= 0:
        return gap
    partial = gap[last:]
    if _PARTIAL_TAG.fullmatch(partial) is None:
        raise _Unsafe
    return gap[:last]


def _clean(text: str) -> str:
    """``clean_text(text)`` of scanned item text, faster for the usual ASCII item. The scan's
    text holds none of ``_BAD``, so once trimmed an ASCII text with no tab, newline or double
    space is printable, and ``clean_text`` would give it back as it is."""
    trimmed = text.strip()
    if trimmed.isascii() and "  " not in trimmed and "\n" not in trimmed and "\t" not in trimmed:
        return trimmed
    return clean_text(text)


def _div_item(m: re.Match[str]) -> Item:
    """A ``div.soda`` item (``_DIV_ITEM``): its own id always."""
    item_id, body, space, link, br, phrase = m.group(1, 2, 3, 4, 5, 7)
    text, html, links = _body(body, link, space, br)
    # tuple.__new__: Item's own __new__ is Python code, run once per item.
    return _new_item(Item, (item_id, text, html, links, phrase and phrase.strip(), None))


def _td_item(groups: tuple[Any, ...]) -> Item:
    """A ``td.soda`` plot keyword (``_TD_ITEM``'s eight groups): the id its vote link names."""
    href, inner, body, space, link, br, item_id, phrase = groups
    if body is None:
        # The usual cell: whitespace around one keyword link. The text is the link's (the
        # whitespace around it is what ``clean_text`` drops); ``_body`` gives the same.
        text = _clean(inner.replace("\n", " ") if "\n" in inner else inner)
        if "&" in href:
            href = href.replace("&amp;", "&")
        link_ = _link(href, inner)
        links: tuple[Link, ...] = () if link_ is None else (link_,)
        html = f'<a href="{href.replace("&", "&amp;") if "&" in href else href}">{inner}</a>'
    else:
        text, html, links = _body(body, link, space, br)
    return _new_item(Item, (item_id, text, html, links, phrase.strip(), None))


def _td_groups(m: re.Match[str]) -> Item:
    """``_td_item`` of a match of ``_TD_ITEM``."""
    return _td_item(m.group(1, 2, 3, 4, 5, 6, 7, 8))


def split_block(block: str, *, plain: bool = False) -> list[str | list[Item]] | None:
    """The block as alternating gaps (markup for lxml) and runs of scanned items, in order;
    None when any of it is outside the exact shapes (the caller then parses all of it).

    ``plain``: the block holds none of ``_BAD`` (``plain_bytes``); the same answer, faster.
    An item the strict pattern refuses ends the scan with None wherever it stands (its
    "soda" leads back to it), so refusing it after a plain match gives the same None.
    """
    div, td = (_DIV_ITEM_PLAIN, _TD_ITEM_PLAIN) if plain else (_DIV_ITEM, _TD_ITEM)
    found = _split(block, _reader(div, _div_item), _reader(td, _td_groups), ())
    return None if found is None else found[0]


class _Zones:
    """Reads ``div.soda`` items with their widgets, for one block.

    The widgets of an item (``_DIV_ZONES``) are the bulk of it and, on a page, the same text
    but for the item's id in links and attributes. The first item of each shape is read by
    the pattern; the others are compared with its text, their own id put in (``str.join`` and
    ``startswith``, C loops). That is exact: an id is letters and ASCII digits, and wherever
    the id stands in text the pattern accepted, the pattern takes any such characters alike
    (in attribute values, link targets, text), so it would accept the new text the same way,
    token for token, and end at the same place.
    """

    def __init__(self, plain: bool, markers: tuple[str, ...] = (), binary: bool = False) -> None:
        #: ``binary``: the block is UTF-8 bytes (plain ones only): read by ``_Binary``'s
        #: patterns, each item's id, body and phrase decoded
        self.binary = binary
        self.head: re.Pattern[Any] = _DIV_HEAD_PLAIN if plain else _DIV_HEAD_RE
        self.zones: tuple[re.Pattern[Any], ...] = _DIV_ZONES
        self.ws_run: re.Pattern[Any] = _WS_RUN
        self.ws_next: frozenset[Any] = _WS_NEXT
        if binary:
            assert plain, "bytes are read by the plain patterns only"
            patterns = _binary()
            self.head, self.zones, self.ws_run = patterns.head, patterns.zones, patterns.ws_run
            self.ws_next = _WS_NEXT_BYTES
        #: per shape (no actions ``<div>``, one): the widget texts read so far, split on their id
        self.known: tuple[list[list[Any]], list[list[Any]]] = ([], [])
        #: what no item may hold (``split_open``), searched for in the block (as bytes for
        #: bytes); what of it a body or a vote phrase could (no "<": theirs is text and links).
        #: Widgets are searched the first time, compared after: an id put in makes none of
        #: them, as none holds a digit.
        self.markers: tuple[Any, ...] = _ascii(markers) if binary else markers
        self.text_markers = tuple(m for m in markers if "<" not in m)
        #: a text without this character holds none of them (each of IMDb's holds a quote:
        #: most bodies hold none but in their links, and most phrases none at all)
        self.sign = '"' if all('"' in m for m in self.text_markers) else ""
        #: the bodies and vote phrases read that may hold one, searched at the end (``held``)
        self.texts: list[str] = []

    def held(self) -> bool:
        """Whether a body or a vote phrase read holds one of the markers (one search of them
        all, joined by a character no marker holds)."""
        if not self.texts:
            return False
        texts = "\x00".join(self.texts)
        return any(texts.rfind(marker) >= 0 for marker in self.text_markers)  # see reaches

    def read(self, block: Any, pos: int, run: list[Item]) -> int:
        """Add the item at ``pos`` to ``run`` and say where it ends; -1 (nothing added) if it
        is not one in the exact shape."""
        m = self.head.match(block, pos)
        if m is None:
            return -1
        raw_id, body, space, link, br, actions, _, phrase = m.groups()
        item_id = raw_id
        if self.binary:  # the bytes are UTF-8 (``split_open``): no error here
            item_id, body = raw_id.decode("ascii"), body.decode("utf-8")
            if phrase is not None:
                phrase = phrase.decode("utf-8")
        if self.text_markers:
            sign = self.sign
            if sign in body:
                self.texts.append(body)
            if phrase and sign in phrase:
                self.texts.append(phrase)
        end = m.end()
        shape = actions is not None
        known = self.known[shape]
        ascii_id = raw_id.isascii()
        for parts in known if ascii_id else ():
            zone = raw_id.join(parts)
            if block.startswith(zone, end):
                end += len(zone)  # the zone with the whitespace after it
                if block[end : end + 1] in self.ws_next:
                    end = self.ws_run.match(block, end).end()  # type: ignore[union-attr]
                break
        else:
            z = self.zones[shape].match(block, end)
            if z is None:
                return -1
            after = self.ws_run.match(block, z.end()).end()  # type: ignore[union-attr]
            if reaches(block, self.markers, end, after):
                return -1
            if ascii_id and len(known) < _MAX_ZONES and after - end <= _MAX_ZONE_CHARS:
                known.append(block[end:after].split(raw_id))
            end = after
        text, html, links = _body(body, link, space, br)
        run.append(_new_item(Item, (item_id, text, html, links, phrase and phrase.strip(), None)))
        return end


#: Adds the item at a place of a block (text, or UTF-8 bytes) to a run and says where it
#: ends, or -1.
_Reader = Callable[[Any, int, list[Item]], int]


def _reader(pattern: re.Pattern[str], read: Callable[[re.Match[str]], Item]) -> _Reader:
    """Reads the item ``pattern`` matches at a place, by ``read``."""

    def read_at(block: str, pos: int, run: list[Item]) -> int:
        m = pattern.match(block, pos)
        if m is None:
            return -1
        run.append(read(m))
        return m.end()

    return read_at


def _td_reader(plain: bool, markers: tuple[Any, ...] = (), binary: bool = False) -> _Reader:
    """Reads the ``td.soda`` plot keyword at a place, with its widgets (``_TD_RAW``), none of
    ``markers`` in it (bytes for ``binary``, as in ``_Zones``)."""
    pattern: re.Pattern[Any] = _binary().td if binary else _TD_RAW_PLAIN if plain else _TD_RAW

    def read(block: Any, pos: int, run: list[Item]) -> int:
        m = pattern.match(block, pos)
        if m is None or reaches(block, markers, pos, m.end()):
            return -1
        groups = m.group(1, 2, 3, 4, 5, 6, 7, 8)
        if binary:
            groups = tuple(None if g is None else g.decode("utf-8") for g in groups)
        run.append(_td_item(groups))
        return m.end()

    return read


def reaches(text: AnyStr, needles: tuple[AnyStr, ...], start: int, stop: int) -> bool:
    """Whether one of ``needles`` starts in ``text[start:stop]`` (it may run on past it). By
    reverse searches: CPython's tests a long needle's first character, a letter or "<",
    where the forward one tests its last, a quote as common in HTML as any: twice as fast."""
    return any(text.rfind(needle, start, stop + len(needle) - 1) >= 0 for needle in needles)


def _first_of(text: AnyStr, needles: tuple[AnyStr, ...], start: int, stop: int) -> int:
    """Where the first of ``needles`` to start in ``text[start:stop]`` starts (it may run on
    past ``stop``), or -1."""
    first = -1
    for needle in needles:
        i = text.find(needle, start, (stop if first < 0 else first) + len(needle) - 1)
        if i >= 0:
            first = i
    return first


def split_raw(block: str, *, plain: bool = False) -> list[str | list[Item]] | None:
    """``split_block(cut)`` of the block ``cut`` as ``region`` cuts it, read from the block as
    the page has it, widgets and all (a big page's widgets are most of it: cutting them first
    costs a pass over all of them); None when any of it is outside the exact shapes.

    Exact: an item is read only whole, with its widgets in the patterns the cut removes them
    by (``_QUIET_RAW``), and a gap only if it holds no widget the cut would remove (its
    ``_GAP_FORBIDDEN`` words). So the cut removes whole widgets inside items and nothing else:
    it leaves each item's groups as they are and its other widgets in ``_QUIET``'s shapes, and
    the gaps the same text.
    """
    found = split_open(block, (), plain=plain)
    return None if found is None else found[0]


def split_open(
    text: str | bytes,
    markers: tuple[str, ...],
    *,
    plain: bool = False,
    forbidden: tuple[str, ...] = (),
    start: int = 0,
) -> tuple[list[str | list[Item]], int] | None:
    """``split_raw`` of the block that starts ``text[start:]`` and ends at the first of
    ``markers`` from its fifth character on (``region``'s end markers), or at the end of
    ``text``; and where it ends (an index of ``text``).

    ``text`` may be UTF-8 bytes, which the caller knows to be valid, read with ``plain``
    only: the same parts (gaps and item fields decoded), and where it ends in the bytes. Read
    so, a page's block is never decoded as a whole (a fresh copy as big as the block, which
    glibc maps anew for each page of the same size).

    Its end is found on the way, not by searching the whole block for each marker first: a
    marker can stand only in a gap (searched up to the next item), in an item's body or vote
    phrase, or in its widgets (searched the first time, compared after: an id put in makes no
    marker). None also when an item holds a marker: the block would end inside it.

    ``forbidden``: strings ``text`` must not hold anywhere, the block's end and beyond
    included (None if it does); looked for where the end markers are, and after the block.
    None of the end markers or of these holds a digit, nor stands across a tag an item
    begins or ends with.
    """
    binary = isinstance(text, bytes)
    zones = _Zones(plain, markers + forbidden, binary)
    td = _td_reader(plain, zones.markers, binary)
    if isinstance(text, bytes):
        found = _split(text, zones.read, td, _ascii(markers), _ascii(forbidden), start)
    else:
        found = _split(text, zones.read, td, markers, forbidden, start)
    return None if found is None or zones.held() else found


def _ascii(strings: tuple[str, ...]) -> tuple[bytes, ...]:
    """The strings as bytes (each ASCII: a marker)."""
    return tuple(s.encode("ascii") for s in strings)


def _text(part: str | bytes) -> str:
    """A gap of the block as text (UTF-8 bytes decoded)."""
    return part if isinstance(part, str) else part.decode("utf-8")


#: What ``_split`` looks for, as text and as bytes: an item's class, and the tags it opens with.
_NEEDLES = ("soda", "<", "<div", "<td")
_NEEDLES_BYTES = _ascii(_NEEDLES)


def _split(
    text: AnyStr,
    read_div: _Reader,
    read_td: _Reader,
    markers: tuple[AnyStr, ...],
    forbidden: tuple[AnyStr, ...] = (),
    start: int = 0,
) -> tuple[list[str | list[Item]], int] | None:
    """The loop of ``split_block`` and ``split_open``: from each item found by its "soda",
    a run of items read back to back by the reader of its tag, with the gap before it; the
    block (from ``start``) ends at the first of ``markers`` to start in a gap, else at the
    end of ``text``. None when one of ``forbidden`` starts in a gap or after the block."""
    soda, lt_, div, td = _NEEDLES_BYTES if isinstance(text, bytes) else _NEEDLES
    out: list[str | list[Item]] = []
    pos = start
    try:
        while True:
            i = text.find(soda, pos)
            lt = text.rfind(lt_, pos, i) if i >= 0 else len(text)
            if lt < 0:
                return None
            end = _first_of(text, markers, max(pos, start + 4), lt) if markers else -1
            last = end >= 0 or i < 0
            if forbidden and reaches(text, forbidden, pos, len(text) if last else lt):
                return None
            if last:
                end = len(text) if end < 0 else end
                gap = _drop_partial_tag(_text(text[pos:end]))
                _check_gap(gap)
                out.append(gap)
                return out, end
            if text.startswith(div, lt):
                read = read_div
            elif text.startswith(td, lt):
                read = read_td
            else:
                return None
            run: list[Item] = []
            nxt = read(text, lt, run)
            if nxt < 0:
                return None
            gap = _text(text[pos:lt])
            _check_gap(gap)
            out.append(gap)
            while nxt >= 0:
                pos = nxt
                nxt = read(text, pos, run)
            out.append(run)
    except _Unsafe:
        return None
