"""A parser-free reading of a classic content block, for the common well-formed case.

``html_classic`` cuts the content block out of the page; lxml on that slice plus a walk over
the tree used to cost as much as a bare parse of the whole page. Most blocks are regular: each
item is a ``.soda`` element, its text a ``div.sodatext`` holding plain text, entities, links and
a few inline tags, its votes one ``.interesting-count-text`` phrase. This module reads such a
block with ``re``/``str.find`` in document order, giving exactly what the lxml walk gives
(text, serialized ``html``, links, vote phrase, headings, declared counts). Whenever anything
is outside that narrow shape (other tags in a body, odd entities, attributes it does not
understand, a block cut short, notes in ``dt``/``dd``) it returns None and the caller parses
the block with lxml as before; tests compare both paths on every fixture.
"""

from __future__ import annotations

import re
from html import unescape

import attrs

from ..model import Link, LinkKind
from ..normalize import clean_line, parse_count

__all__ = ["ScanItem", "ScanResult", "scan_block"]

#: Opening tags the item walk looks at (the lxml walk's ``_WALK_TAGS``) with their attributes
#: (those with neither a class nor a spoiler anchor play no part). The same pass finds what lxml
#: would build differently from this scan (group 3): comments, processing instructions,
#: raw-text elements, ``dt``/``dd`` notes, upper-case tag names
#: (lxml lowercases them, these patterns do not).
_EVENT = re.compile(r"<(?:(div|td|li|h4|a)\b([^<>]*)>|(/?[A-Z]|/?[a-z]+[A-Z]|[!?]"
                    r"|t(?:e(?:mplate|xtarea)|itle)|plaintext|xmp|iframe|no(?:script|embed|frames)"
                    r"|d[td]))")
_CLASS = re.compile(r'\sclass="([^"&<>]*)"')
_EVENT_ATTR = re.compile(r"""\s+([a-z-]+)=(?:"([^"<>]*)"|'([^'<>]*)')""")
#: A script or style element (lxml reads its content as raw text).
_RAW_TEXT = re.compile(r"<(script|style)\b[^<>]*>[^<]*</\1>")
_RAW_LEFT = re.compile(r"<(script|style)\b(?!></(?:script|style)>)")
#: Words whose presence in a dropped partial tag could matter to the item walk.
_ROLE_WORDS = ("soda", "interesting", "desc", "jumpto", "li_group", "list", "spoiler")
#: Markup allowed inside an item body, one token at a time.
_BODY_TAG = re.compile(r"""<(/?)([a-z]+)((?:\s+[a-z]+="[^"<>]*")*)\s*(/?)>""")
_INLINE = frozenset({"a", "i", "b", "em", "strong", "u"})
_HREF = re.compile(r"""\s+href="([A-Za-z0-9/?=&_.:%#,+~-]*)"\Z""")
#: ``&`` in an href: an entity spelled in full, or a query separator before ``name=`` (an
#: HTML5 tokenizer never decodes ``&name=`` inside an attribute).
_HREF_AMP = re.compile(r"&(?!amp;|[A-Za-z0-9_]+=)")
#: Entities the scan decodes itself (libxml2 and ``html.unescape`` agree on these).
_BAD_AMP = re.compile(
    r"&(?=[A-Za-z0-9#])(?!(?:amp|lt|gt|quot|nbsp|#(?:[1-9]\d{1,4})|#x[0-9a-fA-F]{2,4}"
    r"|[a-zA-Z]{2,8});)")
_NUMERIC = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")
_NAMED = re.compile(r"&([a-zA-Z]+);")
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\r]")
_LINK_HREF = re.compile(r"^(?:https?://(?:[a-z]+\.)?imdb\.com)?/(name|title|character)/"
                        r"((?:nm|tt|ch)\d{5,10})\b")
_LINK_KINDS = {"name": LinkKind.NAME, "title": LinkKind.TITLE, "character": LinkKind.CHARACTER}
_ITEM_ID = re.compile(r"^[a-z]{2}\d{4,10}$")
_ITEM_ID_IN_HREF = re.compile(r"[?&]item=([a-z]{2}\d{4,10})")
_HEADING_COUNT = re.compile(r"\s*\(\d[\d,.]*\)\s*$")
_SHOWING = re.compile(r"Showing (?:all )?(\d[\d,.]*)(?=\s+[^\W\d])")
_JUMP_COUNT = re.compile(r"^\s*\((\d[\d,.]*)\)")
#: ``<a …>name</a>tail`` inside a jump-to box.
_JUMP_LINK = re.compile(r"""<a\b(?:[^<>"']|"[^"<>]*"|'[^'<>]*')*>([^<]*)</a>([^<]*)""")
#: What a jump-to link must not carry (the walk would read it as an item part or an anchor).
_JUMP_UNSAFE = re.compile(r"class|\sname=|\sid=")
#: (Repetitions are possessive, ``*+``/``++``: a failed match must not retry every split of a
#: text run, which is exponential.)
#: Markup no part of the item walk: text, spans, closing tags, links with only an href (the
#: "Share this" link, the vote widget once its buttons are cut). Item patterns end with it, so
#: one match carries the scan to the next item.
_ATTRS = r"""(?:[ \t\n]++[\w:.-]++(?:=(?:"[^"<>]*+"|'[^'<>]*+'|[^\s"'<>=`]++))?)*+[ \t\n]*+"""
_QUIET = (rf'(?:[^<>]++|<span{_ATTRS}>|</span>|</(?:div|a|td|tr|tbody)>|<(?:tr|tbody){_ATTRS}>'
          r'|<a href="[^"<>]*">)*+')
#: The rest of a plot keyword cell (2016–2022) after its ``<td class="soda …">``: the keyword
#: link alone in its div.sodatext, then the vote box with its ``?item=`` link. Text without
#: ``&``, ``<``, ``>``, hrefs in the characters lxml writes back unchanged.
_KEYWORD_REST = (
    r'[ \t\n]*<div class="sodatext">[ \t\n]*'
    r'<a href="([A-Za-z0-9/?=_.:%#,+~-]*(?:&[A-Za-z0-9_]+=[A-Za-z0-9/?=_.:%#,+~-]*)*)"[ \t\n]*>'
    r'([^<>&]*)</a>[ \t\n]*</div>[ \t\n]*<div class="did-you-know-actions">[ \t\n]*'
    r'<div class="interesting-count-text">[ \t\n]*<a href="\?item=([a-z]{2}\d{4,10})"[ \t\n]*>'
    rf'([^<>&]*)</a>[ \t\n]*</div>{_QUIET}')
_KEYWORD_ITEM = re.compile(_KEYWORD_REST)
#: The next plot keyword cell, right after the previous one (what lies between is quiet).
_KEYWORD_RUN = re.compile(r'<td class="soda(?:[ \t\n][^"<>&]*)?"'
                          r'(?:[ \t\n]+data-item-[a-z]+="[^"<>&]*")*[ \t\n]*>' + _KEYWORD_REST)
#: A vote box: text, one vote link, text.
_VOTE_DIV = re.compile(r"""([^<]*)<a\b((?:[^<>"']|"[^"<>]*"|'[^'<>]*')*)>([^<]*)</a>([^<]*)""")


class _Unsafe(Exception):
    """The block is outside what the scan mirrors; the caller parses it with lxml."""


@attrs.define
class ScanItem:
    """One item, read: what ``_build_items`` needs, no tree."""

    label: str | None
    spoiler: bool
    id: str | None = None
    body: tuple[str, str, tuple[Link, ...]] | None = None
    vote_phrase: str | None = None
    vote_id: str | None = None


@attrs.define
class ScanResult:
    items: list[ScanItem] = attrs.Factory(list)
    declared_total: int | None = None
    declared_counts: dict[str, int] = attrs.Factory(dict)


def _safe_text(s: str) -> str:
    """Entity-decoded text of a markup run; ``_Unsafe`` when libxml2 might read it otherwise."""
    if _BAD_CHARS.search(s) is not None:
        raise _Unsafe
    return _decode(s)


def _decode(s: str) -> str:
    """``s`` with its entities decoded; ``_Unsafe`` for one libxml2 might read otherwise."""
    if "&" not in s:
        return s
    if _BAD_AMP.search(s) is not None:
        raise _Unsafe
    for m in _NUMERIC.finditer(s):
        g = m.group(1)
        n = int(g[1:], 16) if g[0] == "x" else int(g)
        if not (32 <= n < 127 or 160 <= n < 0xD800 or 0xE000 <= n < 0xFFFE):
            raise _Unsafe
    for m in _NAMED.finditer(s):
        if m.group(1) not in _KNOWN_ENTITIES:
            raise _Unsafe
    return unescape(s)


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
    "rdquo bdquo dagger Dagger permil lsaquo rsaquo euro bull hellip prime Prime trade".split())


def _escape_text(s: str) -> str:
    """Text as lxml's HTML serializer writes it."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


_HREF_CHARS = r"[A-Za-z0-9/?=_.:%#,+~-]*(?:&(?:amp;|[A-Za-z0-9_]+=)[A-Za-z0-9/?=_.:%#,+~-]*)*"
#: The usual body: text, ``<a href>`` links holding only text, ``<br>`` line breaks.
_LINKS_ONLY_BODY = re.compile(
    rf'(?:[^<>]++|<a href="{_HREF_CHARS}"[ \t\n]*>[^<>]*</a>|<br ?/?>)*+')
#: The rest of a trivia/goofs item (2010–2016) after its ``<div id=… class="soda …">``: its
#: anchor, a links-only div.sodatext, and (2014–2016) the vote link that follows it.
_TRIVIA_REST = (
    r'[ \t\n]*<a name="[a-z]{2}\d{4,10}"></a>[ \t\n]*<div class="sodatext">'
    rf'((?:[^<>]++|<a href="{_HREF_CHARS}"[ \t\n]*>[^<>]*</a>|<br ?/?>)*+)</div>'
    r'(?:[ \t\n]*<div class="did-you-know-actions">[ \t\n]*<a href="\?item=([a-z]{2}\d{4,10})"'
    rf'[ \t\n]*class="interesting-count-text"[ \t\n]*>([^<>&]*)</a>)?{_QUIET}')
_TRIVIA_ITEM = re.compile(_TRIVIA_REST)
#: The next trivia/goofs item, right after the previous one.
_TRIVIA_RUN = re.compile(r'<div id="([a-z]{2}\d{4,10})"[ \t\n]+class="soda(?:[ \t\n][^"<>&]*)?"'
                         r'[ \t\n]*>' + _TRIVIA_REST)
#: The attributes of a classic item element, read without the general attribute loop.
_ITEM_ATTRS = re.compile(r'[ \t\n]+id="([a-z]{2}\d{4,10})"[ \t\n]+class="soda[^"<>&]*"[ \t\n]*'
                         r'|[ \t\n]+class="soda[^"<>&]*"(?:[ \t\n]+data-item-[a-z]+="[^"<>&]*")*'
                         r'[ \t\n]*')
_LINK_IN_BODY = re.compile(r'<a href="([^"]*)"[ \t\n]*>([^<>]*)</a>')
_BR_TAG = re.compile(r"<br ?/?>")
_ANY_TAG = re.compile(r"<[^<>]*>")
_TEXT_OR_TAG = re.compile(r"(<[^<>]*>)")


def _links_only_body(body: str) -> tuple[str, str, tuple[Link, ...]]:
    """``read_body`` for a body of text, links and line breaks: a few C passes, no token loop."""
    amp = "&" in body
    text = _ANY_TAG.sub("", _BR_TAG.sub("\x00", body)) if "<" in body else body
    if amp:
        text = _decode(text)
    if "\n" in text:
        text = text.replace("\n", " ")
    text = text.replace("\x00", "\n")
    html = body
    if amp:
        html = "".join(_fix_tag(seg) if seg[:1] == "<" else _escape_text(unescape(seg) if amp
                                                                          else seg)
                       for seg in _TEXT_OR_TAG.split(body))
    else:
        html = _LINK_OPEN.sub(_fix_open, _BR_TAG.sub("<br>", body)) if "<" in body else body
    links: list[Link] = []
    if "<a" in body:
        for m in _LINK_IN_BODY.finditer(body):
            href = m.group(1).replace("&amp;", "&") if amp else m.group(1)
            lm = _LINK_HREF.match(href)
            if lm:
                inner = unescape(m.group(2)) if amp else m.group(2)
                link_text = " ".join(inner.split())
                if link_text:
                    links.append(Link(kind=_LINK_KINDS[lm.group(1)], imdb_id=lm.group(2),
                                      text=link_text))
    inner_html = html.strip()
    while inner_html.endswith("<br>"):
        inner_html = inner_html[:-4].rstrip()
    return text, inner_html, tuple(links)


_LINK_OPEN = re.compile(r'<a href="([^"]*)"[ \t\n]*>')


def _fix_open(m: re.Match[str]) -> str:
    href = m.group(1)
    if "&" in href:
        href = href.replace("&amp;", "&").replace("&", "&amp;")
    return f'<a href="{href}">'


def _fix_tag(tag: str) -> str:
    """A tag of a links-only body as lxml writes it back."""
    if tag[:3] == "<br":
        return "<br>"
    if tag == "</a>":
        return tag
    m = _LINK_OPEN.fullmatch(tag)
    assert m is not None
    return _fix_open(m)


def read_body(body: str) -> tuple[str, str, tuple[Link, ...]]:
    """(raw text, inner html, links) of a ``div.sodatext`` body, as the lxml walk gives them.

    The raw text still needs ``_clean_text``; the html is trimmed and without trailing
    ``<br>``. Raises ``_Unsafe`` for anything but text, safe entities, ``<br>``, ``<a href>``
    and attribute-free inline tags, properly nested.
    """
    if _BAD_CHARS.search(body) is not None:
        raise _Unsafe
    if _LINKS_ONLY_BODY.fullmatch(body) is not None:
        return _links_only_body(body)
    out: list[str] = []
    htm: list[str] = []
    links: list[Link] = []
    stack: list[tuple[str, int, str]] = []
    pos = 0
    for m in _BODY_TAG.finditer(body):
        if m.start() != pos:
            seg = body[pos:m.start()]
            if "<" in seg or ">" in seg:
                raise _Unsafe
            text = _safe_text(seg)
            out.append(text.replace("\n", " ") if "\n" in text else text)
            htm.append(_escape_text(text))
        pos = m.end()
        closing, name, attr_text, self_close = m.groups()
        if name == "br":
            if closing or attr_text:
                raise _Unsafe
            out.append("\n")
            htm.append("<br>")
            continue
        if name not in _INLINE or (self_close and not closing):
            raise _Unsafe
        if closing:
            if attr_text or self_close or not stack or stack[-1][0] != name:
                raise _Unsafe
            _, start, href = stack.pop()
            htm.append(f"</{name}>")
            if name == "a":
                lm = _LINK_HREF.match(href)
                if lm:
                    link_text = " ".join("".join(out[start:]).split())
                    if link_text:
                        links.append(Link(kind=_LINK_KINDS[lm.group(1)], imdb_id=lm.group(2),
                                          text=link_text))
            continue
        if name == "a":
            hm = _HREF.match(attr_text)
            if hm is None or any(s[0] == "a" for s in stack):
                raise _Unsafe
            raw_href = hm.group(1)
            if "&" in raw_href:
                if _HREF_AMP.search(raw_href) is not None:
                    raise _Unsafe
                href = raw_href.replace("&amp;", "&")
            else:
                href = raw_href
            stack.append(("a", len(out), href))
            htm.append(f'<a href="{href.replace("&", "&amp;")}">')
        else:
            if attr_text:
                raise _Unsafe
            stack.append((name, len(out), ""))
            htm.append(f"<{name}>")
    if stack:
        raise _Unsafe
    if pos < len(body):
        seg = body[pos:]
        if "<" in seg or ">" in seg:
            raise _Unsafe
        text = _safe_text(seg)
        out.append(text.replace("\n", " ") if "\n" in text else text)
        htm.append(_escape_text(text))
    inner = "".join(htm).strip()
    while inner.endswith("<br>"):
        inner = inner[:-4].rstrip()
    return "".join(out), inner, tuple(links)


def _plain_until(block: str, start: int, closer: str) -> tuple[str, int]:
    """Decoded text from ``start`` to ``closer`` (no tags allowed), and the position after it."""
    end = block.find(closer, start)
    if end < 0:
        raise _Unsafe
    seg = block[start:end]
    if "<" in seg or ">" in seg:
        raise _Unsafe
    return _safe_text(seg), end + len(closer)


def _role(tag: str, cls: str) -> str | None:
    classes = cls.split()
    if "soda" in classes:
        return "item"
    for role, token in (("text", "sodatext"), ("votes", "interesting-count-text"),
                        ("desc", "desc"), ("jump", "jumpto")):
        if token in classes:
            return role
    if tag == "h4" and "li_group" in classes:
        return "heading"
    if tag == "div" and "list" in classes:
        return "list"
    return None


_ROLES: dict[tuple[str, str], str | None] = {}


def _attrs_of(attr_text: str) -> dict[str, str]:
    """The attributes of an event tag; ``_Unsafe`` for anything the regex does not cover."""
    found: dict[str, str] = {}
    pos = 0
    for m in _EVENT_ATTR.finditer(attr_text):
        if m.start() != pos:
            raise _Unsafe
        pos = m.end()
        name = m.group(1)
        if name in found:
            raise _Unsafe
        value = m.group(2)
        if value is None:
            value = m.group(3)
        if "&" in value:
            if _HREF_AMP.search(value) is not None:
                raise _Unsafe
            value = value.replace("&amp;", "&")
        found[name] = value
    if attr_text[pos:].strip():
        raise _Unsafe
    return found


def _inside_tag(block: str, at: int) -> bool:
    """Whether the tag at ``at`` may sit inside another tag's attribute value, where lxml reads
    it as text: the tag before it is still open, or has a quote left open by a ">"."""
    lt = block.rfind("<", 0, at)
    if lt < 0:
        return False
    gt = block.find(">", lt, at)
    if gt < 0:
        return True
    return block.count('"', lt, gt) % 2 == 1 or block.count("'", lt, gt) % 2 == 1


def _fill_trivia(item: ScanItem, m: re.Match[str], at: int) -> None:
    """A trivia item from a ``_TRIVIA_ITEM``/``_TRIVIA_RUN`` match (groups from ``at`` + 1)."""
    item.body = _links_only_body(m.group(at + 1))
    phrase = m.group(at + 3)
    if phrase is not None:
        item.vote_phrase = phrase.strip()
        item.vote_id = m.group(at + 2)


def _fill_keyword(item: ScanItem, m: re.Match[str], at: int) -> None:
    """A plot keyword cell from a ``_KEYWORD_ITEM``/``_KEYWORD_RUN`` match: its link, its votes."""
    href, text, vote_id, phrase = m.group(at + 1, at + 2, at + 3, at + 4)
    links: tuple[Link, ...] = ()
    lm = _LINK_HREF.match(href)
    if lm and (link_text := " ".join(text.split())):
        links = (Link(kind=_LINK_KINDS[lm.group(1)], imdb_id=lm.group(2), text=link_text),)
    item.body = (text.replace("\n", " "), f'<a href="{href.replace("&", "&amp;")}">{text}</a>',
                 links)
    item.vote_phrase = phrase.strip()
    item.vote_id = vote_id


def _scan(block: str, result: ScanResult) -> None:
    label: str | None = None
    spoiler = False
    cur: ScanItem | None = None
    roles = _ROLES
    pos = 0  # the scan never looks back: contents already read are skipped
    at = 0
    while (m := _EVENT.search(block, max(at, pos))) is not None:
        at = m.end()
        tag, attr_text, unsafe = m.groups()
        if unsafe is not None:
            raise _Unsafe
        if "class" not in attr_text:
            if "spoilers" in attr_text:
                a = _attrs_of(attr_text)
                if "spoilers" in (a.get("id"), a.get("name")):
                    if m.start() < pos or _inside_tag(block, m.start()):
                        raise _Unsafe
                    if tag == "a":
                        spoiler, label, cur = True, None, None
            continue
        cm = _CLASS.search(attr_text)
        if cm is None or attr_text.count("class=") != 1 or attr_text.count('"') % 2 \
                or "'" in attr_text:
            a = _attrs_of(attr_text)
            cls = a.get("class")
            if cls is None:
                continue
            only_class = False
        else:
            cls = cm.group(1)
            only_class = cm.start() == 0 and not attr_text[cm.end():].strip()
        key = (tag, cls)
        role = roles[key] if key in roles else roles.setdefault(key, _role(tag, cls))
        if role is None:
            continue
        if m.start() < pos or _inside_tag(block, m.start()):  # text to lxml, not a tag
            raise _Unsafe
        if only_class:
            a = {"class": cls}
        elif role == "item" and (im := _ITEM_ATTRS.fullmatch(attr_text)) is not None:
            a = {"class": cls} if im.group(1) is None else {"class": cls, "id": im.group(1)}
        else:
            a = _attrs_of(attr_text)
        if role == "item":
            cur = ScanItem(label=label, spoiler=spoiler)
            own = a.get("id")
            if own and _ITEM_ID.match(own):
                cur.id = own
            result.items.append(cur)
            if tag == "div" and (tm := _TRIVIA_ITEM.match(block, m.end())) is not None \
                    and _BAD_CHARS.search(tm.group(0)) is None:
                _fill_trivia(cur, tm, 0)
                pos = tm.end()
                while (tm := _TRIVIA_RUN.match(block, pos)) is not None \
                        and _BAD_CHARS.search(tm.group(0)) is None:
                    cur = ScanItem(label=label, spoiler=spoiler, id=tm.group(1))
                    _fill_trivia(cur, tm, 1)
                    result.items.append(cur)
                    pos = tm.end()
            elif tag == "td" and (km := _KEYWORD_ITEM.match(block, m.end())) is not None \
                    and _BAD_CHARS.search(km.group(0)) is None:
                _fill_keyword(cur, km, 0)
                pos = km.end()
                while (km := _KEYWORD_RUN.match(block, pos)) is not None \
                        and _BAD_CHARS.search(km.group(0)) is None:
                    cur = ScanItem(label=label, spoiler=spoiler)
                    _fill_keyword(cur, km, 0)
                    result.items.append(cur)
                    pos = km.end()
        elif role == "text":
            if tag != "div":
                raise _Unsafe
            if cur is not None and cur.body is None:
                end = block.find("</div>", m.end())
                if end < 0:
                    raise _Unsafe
                cur.body = read_body(block[m.end():end])
                pos = end
        elif role == "votes":
            if cur is not None and cur.vote_phrase is None:
                if tag == "a":
                    phrase, pos = _plain_until(block, m.end(), "</a>")
                    href = a.get("href")
                elif tag == "div":
                    end = block.find("</div>", m.end())
                    if end < 0:
                        raise _Unsafe
                    vm = _VOTE_DIV.fullmatch(block, m.end(), end)
                    if vm is None:
                        raise _Unsafe
                    la = _attrs_of(vm.group(2))
                    if set(la) - {"href"}:
                        raise _Unsafe
                    href = la.get("href")
                    phrase = (_safe_text(vm.group(1)) + _safe_text(vm.group(3))
                              + _safe_text(vm.group(4)))
                    pos = end
                else:
                    raise _Unsafe
                cur.vote_phrase = phrase.strip()
                if href:
                    im = _ITEM_ID_IN_HREF.search(href)
                    cur.vote_id = im.group(1) if im else None
        elif role == "heading":
            text, pos = _plain_until(block, m.end(), "</h4>")
            heading = _HEADING_COUNT.sub("", clean_line(text)).rstrip(":").rstrip()
            if heading.lower() in ("spoilers", "spoiler"):
                spoiler, label = True, None
            else:
                label = heading or None
            cur = None
        elif role == "list":
            label, spoiler, cur = None, False, None
        elif role == "desc":
            text, pos = _plain_until(block, m.end(), "</div>")
            sm = _SHOWING.search(clean_line(text))
            if sm and result.declared_total is None:
                result.declared_total = parse_count(sm.group(1))
        elif role == "jump":
            end = block.find("</div>", m.end())
            if end < 0:
                raise _Unsafe
            box = block[m.end():end]
            j = box.find("<")
            while 0 <= j < len(box):
                jm = _JUMP_LINK.match(box, j)
                if jm is None or _JUMP_UNSAFE.search(box, j, jm.start(1)) is not None:
                    raise _Unsafe
                name = clean_line(_safe_text(jm.group(1)))
                cm = _JUMP_COUNT.match(clean_line(_safe_text(jm.group(2))))
                if name and cm:
                    result.declared_counts[name] = parse_count(cm.group(1))
                j = jm.end()
            pos = end


def scan_block(block: str) -> ScanResult | None:
    """Read a whole, furniture-free content block without a parser; None to use lxml."""
    if "\x00" in block:
        return None
    if "<script" in block or "<style" in block:  # blank out raw text: no markup seen inside
        block = _RAW_TEXT.sub(r"<\1></\1>", block)
        if _RAW_LEFT.search(block) is not None:  # markup inside: left to lxml
            return None
    last = block.rfind("<")
    if last >= 0 and block.find(">", last) < 0:  # the block ends inside a tag (the end marker)
        if any(word in block[last:] for word in _ROLE_WORDS):
            return None
        block = block[:last]
    if block.count("<") != block.count(">"):  # a stray bracket: tags may not be what they seem
        return None
    result = ScanResult()
    try:
        _scan(block, result)
    except (_Unsafe, ValueError):
        return None
    for item in result.items:
        if item.body is None:  # an item without div.sodatext: its text is the whole element
            return None
        if item.id is None and item.vote_id is None:  # its id may sit deeper in the item
            return None
    return result
