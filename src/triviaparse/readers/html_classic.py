"""Classic IMDb HTML (2010–2023): trivia, goofs, crazy credits, filming locations, plot keywords,
taglines, and the "Did You Know?" blocks of title and name main pages.

Pages are big and the items a small part of them, so the reader never parses the whole page:
cheap string searches find the content block (``div#trivia_content`` and its siblings) and its
end, bulky per-item share widgets are cut out with ``str.find``, and only what is left goes to
lxml. Title, year and id come from the ``<head>`` through small regexes.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable

import attrs
from lxml import etree

from ..model import (
    DEFAULT_CATEGORY,
    Link,
    PageKind,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
)
from ..normalize import category_id, clean_line, clean_text, parse_count, parse_votes_of
from . import Context, _classic_spans
from ._classic_spans import Scanned
from ._json_common import drop_element
from ._links import entity_link

__all__ = ["read"]

# =============================================================================================
# The classic layout: every marker and selector the reader relies on, in one place.
# =============================================================================================

#: ``<div id="X_content">`` opens the item block of each classic page; X names the page kind.
_CONTENT_ID = re.compile(
    r"""id=["']?(trivia|goofs|crazycredits|filming_locations|keywords|taglines)_content["'\s>/]"""
)
_CONTENT_KINDS = {
    "trivia": PageKind.TRIVIA,
    "goofs": PageKind.GOOFS,
    "crazycredits": PageKind.CRAZY_CREDITS,
    "filming_locations": PageKind.FILMING_LOCATIONS,
    "keywords": PageKind.PLOT_KEYWORDS,
    "taglines": PageKind.TAGLINES,
}
#: The "Did You Know?" block of a title main page, and its trivia snippet inside.
_TITLE_DYK = 'id="titleDidYouKnow"'
_TITLE_DYK_TRIVIA = etree.XPath("//div[@id='trivia']")
#: 2010–2013 title pages give their trivia snippet no id: the block is the ``<div>`` around a
#: "Trivia" heading, ``div.info > h5 "Trivia:"`` (tn15 "combined" pages, 2010) or
#: ``div.txt-block > h4 "Trivia"`` (main pages under ``<h2>Did You Know?</h2>``, 2011–2013).
_HEADED_DYK = re.compile(r"<h([45])>\s*+Trivia:?\s*+</h\1>", re.I)
#: The "Did You Know?" snippets of a name main page: block id -> category label (None = plain).
_NAME_DYK_BLOCKS: dict[str, str | None] = {"dyk-trivia": None, "dyk-trademark": "Trademark"}
#: What stands after the main column; the content block never reaches past the first of these.
_END_MARKERS = ('<div id="sidebar"', '<div id="footer"', 'id="see_also"',
                'class="article contribute"')
#: Bulky per-item widgets cut out before parsing by ``str.find``: (opening literal, closing
#: literal). Neither block nests its closing tag, so the first closer ends it. What is missed
#: here (a variant spelling, a page cut short) is still dropped as furniture later.
_CUT_BLOCKS = (('<div class="sharesoda_pre"', "</div>"), ("<button", "</button>"))
#: The same blocks, plus the vote prompt and share-link spans, in the shape IMDb served them,
#: cut in one ``re`` pass. Whatever this does not match (a widget cut short, another spelling)
#: is left for ``_cut_furniture`` or, failing that, dropped from the tree as furniture.
_CUT_PASS = re.compile(
    r"""<div class="sharesoda_pre"[^<]*+(?:<(?!/div>)[^<]*+)*+</div>"""
    r"""|<button[^<]*+(?:<(?!/button>)[^<]*+)*+</button>"""
    r"""|<span class=(?:'interesting-cast-vote'|"interesting-cast-vote")[^<>]*+>\s*+"""
    r"""<span>[^<>]*+</span>(?:\s*+<button[^<]*+</button>)*+\s*+</span>"""
    r"""|<span class="linksoda"><a href="[^"<>]*+">[^<>]*+</a></span>""")
_DIV_TAG = re.compile(r"<(/?)div\b", re.I)

#: The only tags the item walk looks at (``iter`` filters them in C; everything else is skipped).
#: Classes that matter on them: div.list groups, h4.li_group headings, a#spoilers, div.desc
#: ("Showing all N"), div.jumpto (group counts), .soda items (div or td), div.sodatext,
#: .interesting-count-text votes, dt/dd (a location and its note).
_WALK_TAGS = ("div", "td", "li", "h4", "a", "dt", "dd")

#: Per-item furniture: never item text, removed from ``html``.
_FURNITURE_CLASSES = frozenset({
    "linksoda", "sharesoda_pre", "hidesoda", "did-you-know-actions", "interesting-cast-vote",
    "interesting-count-text", "cast-vote", "sharesoda", "message_box",
})
#: On "Did You Know?" snippets the heading and the "See more »" link are furniture too.
_DYK_FURNITURE_CLASSES = _FURNITURE_CLASSES | {"nobr", "see-more"}
_FURNITURE_TAGS = frozenset({"button", "input", "script", "style", "form", "select", "noscript",
                             "iframe", "template", "textarea"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "table",
                         "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})

_ITEM_ID = re.compile(r"^[a-z]{2}\d{4,10}$")
_ITEM_ID_IN_HREF = re.compile(r"[?&]item=([a-z]{2}\d{4,10})")
_ID_PREFIX_KINDS = {"tr": PageKind.TRIVIA, "gf": PageKind.GOOFS, "cz": PageKind.CRAZY_CREDITS,
                    "lc": PageKind.FILMING_LOCATIONS, "kw": PageKind.PLOT_KEYWORDS,
                    "qt": PageKind.QUOTES}
_SHOWING = re.compile(r"Showing (?:all )?(\d[\d,.]*+)(?=\s+[^\W\d])")
_JUMP_COUNT = re.compile(r"^\s*+\((\d[\d,.]*+)\)")
_HEADING_COUNT = re.compile(r"\s*\(\d[\d,.]*\)\s*$")
_NO_VOTES = re.compile(r"^(?:Is this (?:interesting|relevant|helpful)\??)?$", re.I)
_PLAIN_VOTES = re.compile(r"(\d{1,9}) of (\d{1,9}) found this (?:interesting|relevant)")
_TRAILING_MORE = re.compile(r"(?:\s|&raquo;|»|&#187;)+$")

# The head and the title block above the content.
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_META_TAG = re.compile(r"<meta\b([^>]*)>", re.I)
_LINK_TAG = re.compile(r"<link\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([A-Za-z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAG = re.compile(r"<[^>]*>")
_PAGE_ID = re.compile(r"^(?:tt|nm)\d{5,10}$")
_URL_ID = re.compile(r"/(?:title|name)/((?:tt|nm)\d{5,10})\b")
_URL_TAB = re.compile(r"[?&]tab=([a-z]{2})\b")
_ACTIVE_TAB = re.compile(r"""class=["']active["']>\s*<a [^>]*data-code=["']([a-z]{2})["']""")
_TITLE_YEAR = re.compile(
    r"^(?P<title>.+?)\s+\((?:(?:TV Series|TV Mini[- ]Series|TV Movie|TV Episode|TV Special"
    r"|TV Short|Video Game|Video|Short|Podcast Series)\s+)?(?P<year>\d{4})(?:[–-]\d{0,4})?"
    r"(?:/[IVXL]{1,5})?\)"
)
_TITLE_SUFFIX = re.compile(r"\s+-\s+(?:[^-]{1,40}\s+-\s+)?IMDb\s*$")
_NAME_HEADERS = ("itemprop=\"name\"", "itemprop='name'")

#: Read runs of items in IMDb's exact shapes without lxml (``_classic_spans``); tests switch it
#: off to compare with the lxml reading of the same pages.
_SCAN = True

_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                           collect_ids=False)
_PARSER_UTF8 = etree.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True,
                                remove_pis=True, collect_ids=False)


# =============================================================================================
# Finding the content region by string search.
# =============================================================================================


def _cap(text: str, start: int) -> int:
    """Where the main column ends after ``start`` (the first end marker), or the end of text."""
    cap = len(text)
    for marker in _END_MARKERS:
        i = text.find(marker, start, cap)
        if i >= 0:
            cap = i
    return cap


def _cut_furniture(chunk: str) -> str:
    """``chunk`` without the share boxes, vote buttons and vote prompts (see ``_CUT_PASS``)."""
    chunk = _CUT_PASS.sub("", chunk)
    for opener, closer in _CUT_BLOCKS:
        i = chunk.find(opener)
        if i < 0:
            continue
        out: list[str] = []
        pos = 0
        while i >= 0:
            out.append(chunk[pos:i])
            j = chunk.find(closer, i)
            if j < 0:  # cut short inside the widget: nothing after it is item text
                pos = len(chunk)
                break
            pos = j + len(closer)
            i = chunk.find(opener, pos)
        out.append(chunk[pos:])
        chunk = "".join(out)
    return chunk


def _balanced(chunk: str) -> int | None:
    """End of the ``<div>`` opening ``chunk`` (after its closing tag); None if it never closes."""
    depth = 0
    for m in _DIV_TAG.finditer(chunk):
        if m.group(1):
            depth -= 1
            if depth <= 0:
                close = chunk.find(">", m.end())
                return close + 1 if close >= 0 else len(chunk)
        else:
            depth += 1
    return None


@attrs.frozen
class _Region:
    """One block of the page cut out for parsing (``start``/``stop`` in the page), furniture
    removed, and whether it was closed (False: the page was cut short inside it)."""

    start: int
    stop: int
    html: str
    closed: bool


def _region_at(text: str, tag_start: int, *, exact: bool = False) -> _Region:
    """The block opening at ``tag_start``: up to the first end marker, or (``exact``) to its own
    closing tag. Counting tags is enough to tell a block cut short from a whole one."""
    cap = _cap(text, tag_start + 4)
    chunk = _cut_furniture(text[tag_start:cap])
    if exact:
        end = _balanced(chunk)
        if end is not None:
            return _Region(tag_start, cap, chunk[:end], True)
    elif cap < len(text) or chunk.count("</div") >= chunk.count("<div"):
        return _Region(tag_start, cap, chunk, True)
    # Unbalanced markup before a sidebar/footer is still a whole page; no end at all is not.
    return _Region(tag_start, cap, chunk, cap < len(text))


def _content_regions(text: str) -> tuple[str | None, list[_Region]]:
    """The content-block id and every block with that id (a page saved twice holds two)."""
    m = None
    i = text.find("_content")
    while i >= 0:  # a literal search, then a look at the attribute around each hit
        m = _CONTENT_ID.search(text, max(0, i - 30), i + 12)
        if m is not None:
            break
        i = text.find("_content", i + 8)
    if m is None:
        return None, []
    name = m.group(1)
    regions = [_region_at(text, max(text.rfind("<", 0, m.start()), 0))]
    marker = f"{name}_content"
    j = text.find(marker, regions[-1].stop)
    while j >= 0:
        again = _CONTENT_ID.search(text, max(0, j - 30), j + len(marker) + 2)
        if again is not None and again.group(1) == name:
            regions.append(_region_at(text, max(text.rfind("<", 0, again.start()), 0)))
            j = text.find(marker, max(regions[-1].stop, j + 1))
        else:
            j = text.find(marker, j + 1)
    return name, regions


def _parse(fragment: str) -> etree._Element | None:
    """Parse one cut-out HTML fragment; None when lxml finds nothing in it."""
    if not fragment.strip():
        return None
    try:
        try:
            return etree.fromstring(fragment, _PARSER)
        except ValueError:  # a str with an XML encoding declaration: lxml wants bytes
            return etree.fromstring(fragment.encode("utf-8"), _PARSER_UTF8)
    except etree.XMLSyntaxError:
        return None


# =============================================================================================
# Head: title, year, id, page-kind hints.
# =============================================================================================


def _attrs(tag_body: str) -> dict[str, str]:
    return {m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTR.finditer(tag_body)}


def _split_title(raw: str | None) -> tuple[str | None, int | None]:
    """("The Matrix", 1999) from "The Matrix (1999) - Trivia - IMDb" and its relatives."""
    if not raw:
        return None, None
    s = clean_line(html_lib.unescape(raw)).lstrip("◄ ").strip()
    m = _TITLE_YEAR.match(s)
    if m:
        return m.group("title").strip(), int(m.group("year"))
    s = _TITLE_SUFFIX.sub("", s).strip()
    return (s or None), None


@attrs.frozen
class _Head:
    """What the head (and the title block above the content) says about the page."""

    imdb_id: str | None
    title: str | None
    year: int | None
    canonical: str | None


def _read_head(text: str, body_limit: int) -> _Head:
    head_end = text.find("</head>", 0, body_limit)
    if head_end < 0:
        head_end = min(body_limit, 200_000)
    head = text[:head_end]
    og_title = page_id = og_url = canonical = None
    for m in _META_TAG.finditer(head):
        body = m.group(1)
        if "og:" not in body and "pageId" not in body:
            continue
        a = _attrs(body)
        prop = a.get("property") or a.get("name")
        if prop == "og:title":
            og_title = a.get("content")
        elif prop == "pageId":
            page_id = a.get("content")
        elif prop == "og:url":
            og_url = a.get("content")
    for m in _LINK_TAG.finditer(head):
        if "canonical" in m.group(1):
            a = _attrs(m.group(1))
            if a.get("rel", "").lower() == "canonical":
                canonical = a.get("href")
                break
    t = _TITLE_TAG.search(head)
    title_tag = t.group(1) if t else None
    header = None
    for needle in _NAME_HEADERS:
        i = text.find(needle, head_end, body_limit)
        if i >= 0:
            tag_start = text.rfind("<", 0, i)
            tag_name = text[tag_start + 1:i].split(None, 1)[0] if tag_start >= 0 else ""
            j = text.find(">", i)
            end = text.find(f"</{tag_name}>", j, j + 3000) if tag_name and j >= 0 else -1
            if end >= 0:
                header = _TAG.sub(" ", text[j + 1:end])
            break
    title = year = None
    for raw in (og_title, title_tag, header):
        t_, y_ = _split_title(raw)
        if title is None and t_:
            title = t_
        if year is None and y_ is not None and (t_ == title or title is None):
            year = y_
    imdb_id = page_id if page_id and _PAGE_ID.match(page_id) else None
    for url in (canonical, og_url):
        if imdb_id is None and url:
            um = _URL_ID.search(url)
            imdb_id = um.group(1) if um else None
    return _Head(imdb_id=imdb_id, title=title, year=year, canonical=canonical)


# =============================================================================================
# Items.
# =============================================================================================


@attrs.define
class _Raw:
    """One item as found in the tree, before its text is read."""

    el: etree._Element
    label: str | None
    spoiler: bool
    id: str | None = None
    container: etree._Element | None = None
    note: etree._Element | None = None
    votes: etree._Element | None = None


def _plain(el: etree._Element) -> str:
    """All text inside ``el`` (not its tail), as one string."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _walk(el: etree._Element, out: list[str], links: list[Link], furniture: list[etree._Element],
          fclasses: frozenset[str]) -> None:
    """Plain text of ``el`` into ``out`` (source newlines as spaces, ``<br>`` as "\\n")."""
    if el.text:
        out.append(el.text.replace("\r", " ").replace("\n", " "))
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag == "br":
            out.append("\n")
        elif tag in _FURNITURE_TAGS or (
                (cls := child.get("class")) and not fclasses.isdisjoint(cls.split())):
            furniture.append(child)
        else:
            block = tag in _BLOCK_TAGS
            if block:
                out.append("\n")
            start = len(out)
            _walk(child, out, links, furniture, fclasses)
            if tag == "a":
                link = entity_link(child.get("href") or "", "".join(out[start:]))
                if link is not None:
                    links.append(link)
            if block:
                out.append("\n")
        if child.tail:
            out.append(child.tail.replace("\r", " ").replace("\n", " "))


def _inner_html(el: etree._Element) -> str:
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


def _read_text(container: etree._Element, fclasses: frozenset[str] = _FURNITURE_CLASSES,
               ) -> tuple[str, str, tuple[Link, ...]]:
    """(text, html, links) of an item's text element, furniture removed."""
    out: list[str] = []
    links: list[Link] = []
    furniture: list[etree._Element] = []
    _walk(container, out, links, furniture, fclasses)
    for f in furniture:
        drop_element(f)
    return clean_text("".join(out)), _inner_html(container), tuple(links)


def _read_votes(el: etree._Element | None, index: int, ctx: Context) -> Votes | None:
    if el is None:
        return None
    if len(el) == 0:
        phrase = (el.text or "").strip()
    elif len(el) == 1 and len(el[0]) == 0:  # a div around the vote link
        phrase = f"{el.text or ''}{el[0].text or ''}{el[0].tail or ''}".strip()
    else:
        phrase = _plain(el).strip()
    return _votes_of_phrase(phrase, index, ctx)


def _votes_of_phrase(phrase: str, index: int, ctx: Context) -> Votes | None:
    m = _PLAIN_VOTES.fullmatch(phrase)
    if m is not None:  # the usual case, read without the general parser's cost
        interested, total = int(m.group(1)), int(m.group(2))
        if interested <= total:
            return Votes(interested=interested, total=total, raw=phrase)
    elif _NO_VOTES.match(phrase):  # "Is this relevant?": no votes yet, nothing to report
        return None
    phrase = clean_line(phrase)
    try:
        votes = parse_votes_of(phrase)
    except ValueError as exc:
        ctx.problem(ProblemCode.INVALID_VOTES, f"impossible votes {phrase!r}: {exc}", item=index)
        return None
    if votes is None and not _NO_VOTES.match(phrase):
        ctx.problem(ProblemCode.INVALID_VOTES, f"unreadable vote text {phrase!r}", item=index)
    return votes


def _item_id(raw: _Raw) -> str | None:
    """The item's own id, else the one its vote link or vote widget names."""
    if raw.id:
        return raw.id
    if raw.votes is not None:
        link = raw.votes if raw.votes.tag == "a" else next(raw.votes.iter("a"), None)
        m = _ITEM_ID_IN_HREF.search(link.get("href") or "") if link is not None else None
        if m:
            return m.group(1)
    for el in raw.el.iterfind(".//*[@data-item-id]"):
        item_id = el.get("data-item-id") or ""
        if _ITEM_ID.match(item_id):
            return item_id
    return None


@attrs.frozen
class _Run:
    """Items read by ``_classic_spans`` (no tree), with the group they stand in."""

    items: list[Scanned]
    label: str | None
    spoiler: bool


@attrs.define
class _Collected:
    """What one walk over a parsed content block found."""

    raws: list[_Raw | _Run] = attrs.Factory(list)
    declared_total: int | None = None
    declared_counts: dict[str, int] = attrs.Factory(dict)
    #: Declared counts too absurd to keep (``parse_count`` refused them), for ``invalid-number``.
    bad_counts: list[str] = attrs.Factory(list)

    def count(self, what: str, text: str) -> int | None:
        """``text`` as a declared count, or None (noted in ``bad_counts``) when absurd."""
        try:
            return parse_count(text)
        except ValueError as exc:
            self.bad_counts.append(f"{what} is left out: {exc}")
            return None

    def report(self, ctx: Context) -> None:
        """One ``invalid-number`` problem per refused count."""
        for message in self.bad_counts:
            ctx.problem(ProblemCode.INVALID_NUMBER, message)


def _role(tag: str, cls: str) -> str | None:
    """What an element with this tag and class attribute is to the item walk (None: nothing)."""
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


def _collect(root: etree._Element, found: _Collected, *, anchors: bool = True,
             label: str | None = None, spoiler: bool = False) -> tuple[str | None, bool]:
    """Walk the content block once, in document order, attaching parts to their item; returns
    the group label and spoiler flag in force at its end (a gap between scanned runs hands
    them on).

    ``anchors=False`` (the block's markup never says "spoilers") skips looking for a spoiler
    anchor on every plain link, two attribute reads each.
    """
    cur: _Raw | None = None
    roles: dict[tuple[str, str], str | None] = {}
    for el in root.iter(*_WALK_TAGS):
        tag = el.tag
        assert isinstance(tag, str)
        cls = el.get("class")
        if cls is None:
            if tag == "a":
                if anchors and "spoilers" in (el.get("id"), el.get("name")):
                    spoiler, label, cur = True, None, None
            elif cur is not None and tag == "dt":
                if cur.container is None:
                    cur.container = el
            elif cur is not None and tag == "dd":
                if cur.note is None:
                    cur.note = el
            continue
        key = (tag, cls)
        role = roles[key] if key in roles else roles.setdefault(key, _role(tag, cls))
        if role is None:
            continue
        if role == "item":
            cur = _Raw(el=el, label=label, spoiler=spoiler)
            own = el.get("id")
            if own and _ITEM_ID.match(own):
                cur.id = own
            found.raws.append(cur)
        elif role == "text":
            if cur is not None and cur.container is None:
                cur.container = el
        elif role == "votes":
            if cur is not None and cur.votes is None:
                cur.votes = el
        elif role == "heading":
            heading = _HEADING_COUNT.sub("", clean_line(_plain(el))).rstrip(":").rstrip()
            if heading.lower() in ("spoilers", "spoiler"):
                spoiler, label = True, None
            else:
                label = heading or None
            cur = None
        elif role == "list":
            label, spoiler, cur = None, False, None
        elif role == "desc":
            m = _SHOWING.search(clean_line(_plain(el)))
            if m and found.declared_total is None:
                found.declared_total = found.count('"Showing all N"', m.group(1))
        elif role == "jump":
            for a in el.iter("a"):
                name = clean_line(_plain(a))
                cm = _JUMP_COUNT.match(clean_line(a.tail or ""))
                count = found.count(f"the count of {name[:40]!r}", cm.group(1)) \
                    if name and cm else None
                if name and count is not None:
                    found.declared_counts[name] = count
    return label, spoiler


def _build_items(raws: Iterable[_Raw | _Run], ctx: Context) -> list[TriviaItem]:
    items: list[TriviaItem] = []
    seen: dict[str, int] = {}
    categories: dict[str, str] = {}

    def add(item_id: str | None, text: str) -> int | None:
        """The checks both kinds of item pass: the new item's index, or None to skip it (a
        second copy of an id, or no text)."""
        if item_id is not None and item_id in seen:
            ctx.problem(ProblemCode.DUPLICATE_ITEM,
                        f"item {item_id} appears more than once; kept the first copy",
                        item=seen[item_id])
            return None
        if not text:
            ctx.problem(ProblemCode.EMPTY_ITEM,
                        f"item {item_id or '#' + str(len(items))} has no text; skipped",
                        item=len(items))
            return None
        return len(items)

    def category(label: str | None) -> str:
        if not label:
            return DEFAULT_CATEGORY
        if label in categories:
            return categories[label]
        return categories.setdefault(label, category_id(label))

    # Votes read from each phrase that gave no problem: records are frozen, so items with the
    # same phrase (most plot keywords say "1 of 1 found this relevant") can share one.
    votes_of: dict[str, Votes | None] = {}
    for raw in raws:
        if isinstance(raw, _Run):
            label, spoiler, cat = raw.label, raw.spoiler, category(raw.label)
            for s in raw.items:
                item_id = s.id or s.vote_id
                text = clean_text(s.text)
                index = add(item_id, text)
                if index is None:
                    continue
                phrase = s.vote_phrase
                if phrase is None:
                    votes = None
                elif phrase in votes_of:
                    votes = votes_of[phrase]
                else:
                    reported = len(ctx.problems)
                    votes = _votes_of_phrase(phrase, index, ctx)
                    if len(ctx.problems) == reported:
                        votes_of[phrase] = votes
                if item_id is not None:
                    seen[item_id] = index
                items.append(TriviaItem(
                    id=item_id, text=text, html=s.html, category=cat, category_label=label,
                    is_spoiler=spoiler, votes=votes, links=s.links, note=None))
            continue
        item_id = _item_id(raw)
        if item_id is not None and item_id in seen:  # before reading: a copy is not read
            add(item_id, "")
            continue
        container = raw.container if raw.container is not None else raw.el
        text, html, links = _read_text(container)
        index = add(item_id, text)
        if index is None:
            continue
        note = clean_line(_plain(raw.note)) or None if raw.note is not None else None
        votes = _read_votes(raw.votes, index, ctx)
        if item_id is not None:
            seen[item_id] = index
        items.append(TriviaItem(
            id=item_id, text=text, html=html, category=category(raw.label),
            category_label=raw.label, is_spoiler=raw.spoiler,
            votes=votes, links=links, note=note,
        ))
    return items


# =============================================================================================
# Page kinds.
# =============================================================================================


def _kind_for_trivia_block(text: str, block_start: int, head: _Head,
                           items: list[TriviaItem]) -> PageKind:
    """``div#trivia_content`` serves several tabs: item ids, then the active tab, then the URL."""
    prefixes: dict[PageKind, int] = {}
    for item in items:
        if item.id:
            k = _ID_PREFIX_KINDS.get(item.id[:2])
            if k is not None:
                prefixes[k] = prefixes.get(k, 0) + 1
    kind: PageKind | None = max(prefixes, key=prefixes.__getitem__) if prefixes else None
    if kind is None:
        m = _ACTIVE_TAB.search(text, max(0, block_start - 20_000), block_start)
        tab = m.group(1) if m else None
        if tab is None and head.canonical:
            tm = _URL_TAB.search(head.canonical)
            tab = tm.group(1) if tm else None
        kind = _ID_PREFIX_KINDS.get(tab or "tr", PageKind.TRIVIA)
    if kind is PageKind.TRIVIA and head.canonical and "/name/" in head.canonical:
        kind = PageKind.NAME_TRIVIA
    return kind


# =============================================================================================
# The reader.
# =============================================================================================


def _read_content(text: str, name: str, regions: list[_Region], head: _Head,
                  ctx: Context) -> TriviaPage:
    found = _Collected()
    cut_short = False
    for region in regions:
        cut_short = cut_short or not region.closed
        parts = _classic_spans.split_block(region.html) if _SCAN else None
        if parts is None:
            html = region.html
            root = _parse(html)
            if root is not None:
                _collect(root, found, anchors="spoilers" in html)
            continue
        label: str | None = None
        spoiler = False
        for part in parts:
            if isinstance(part, str):
                root = _parse(part)
                if root is not None:
                    label, spoiler = _collect(root, found, anchors="spoilers" in part,
                                              label=label, spoiler=spoiler)
            else:
                found.raws.append(_Run(items=part, label=label, spoiler=spoiler))
    items = _build_items(found.raws, ctx)
    found.report(ctx)
    if cut_short:
        ctx.problem(ProblemCode.TRUNCATED_INPUT,
                    f"the {name}_content block is never closed: the page was cut short"
                    + (" and its last item may be incomplete" if items else ""),
                    item=len(items) - 1 if items else None)
    kind = _CONTENT_KINDS[name]
    if kind is PageKind.TRIVIA:
        kind = _kind_for_trivia_block(text, regions[0].start, head, items)
    return TriviaPage(
        imdb_id=head.imdb_id, title=head.title, year=head.year, page_kind=kind,
        source_format=SourceFormat.HTML_CLASSIC, items=tuple(items),
        declared_total=found.declared_total, declared_counts=found.declared_counts,
    )


def _dyk_item(root: etree._Element, label: str | None) -> TriviaItem | None:
    text, html, links = _read_text(root, _DYK_FURNITURE_CLASSES | {"inline"})
    text = _TRAILING_MORE.sub("", text)
    html = _TRAILING_MORE.sub("", html)
    if not text:
        return None
    return TriviaItem(text=text, html=html, links=links, category_label=label,
                      category=category_id(label) if label else DEFAULT_CATEGORY)


def _strip_heading(root: etree._Element) -> None:
    for h in list(root.iter("h5", "h4", "h2")):
        drop_element(h)


def _read_headed_dyk(text: str, head: _Head, ctx: Context) -> TriviaPage | None:
    """A 2010–2013 title page: the block around its "Trivia" heading (``_HEADED_DYK``) is its
    one trivia snippet; None when the page has no such heading."""
    m = _HEADED_DYK.search(text)
    if m is None:
        return None
    opener = text.rfind("<div", 0, m.start())
    if opener < 0:
        return None
    region = _region_at(text, opener, exact=True)
    if not region.closed:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, "the Trivia block is never closed")
    root = _parse(region.html)
    div = None if root is None else root.find(".//div")
    items: list[TriviaItem] = []
    if div is not None:
        _strip_heading(div)
        while len(div) == 1 and div[0].tag == "div" and not (div.text or "").strip() \
                and not (div[0].tail or "").strip():  # tn15: the text is in div.info-content
            div = div[0]
        item = _dyk_item(div, None)
        if item is not None:
            items.append(item)
    person = (head.imdb_id or "").startswith("nm") or "/name/" in (head.canonical or "")
    return TriviaPage(imdb_id=head.imdb_id, title=head.title, year=head.year,
                      page_kind=PageKind.NAME_MAIN if person else PageKind.TITLE_MAIN,
                      source_format=SourceFormat.HTML_CLASSIC, items=tuple(items))


def _read_dyk(text: str, head: _Head, ctx: Context) -> TriviaPage | None:
    """A title or name main page: its "Did You Know?" snippets, or None when it has none."""
    items: list[TriviaItem] = []
    kind = None
    i = text.find(_TITLE_DYK)
    if i >= 0:
        kind = PageKind.TITLE_MAIN
        region = _region_at(text, max(text.rfind("<", 0, i), 0), exact=True)
        if not region.closed:
            ctx.problem(ProblemCode.TRUNCATED_INPUT, "the Did You Know? block is never closed")
        root = _parse(region.html)
        if root is not None:
            blocks = _TITLE_DYK_TRIVIA(root)
            assert isinstance(blocks, list)
            for block in blocks:
                assert isinstance(block, etree._Element)
                _strip_heading(block)
                item = _dyk_item(block, None)
                if item is not None:
                    items.append(item)
    else:
        for block_id, label in _NAME_DYK_BLOCKS.items():
            j = text.find(f'id="{block_id}"')
            if j < 0:
                continue
            kind = PageKind.NAME_MAIN
            region = _region_at(text, max(text.rfind("<", 0, j), 0), exact=True)
            root = _parse(region.html)
            div = None if root is None else root.find(".//div")
            if div is None:
                continue
            _strip_heading(div)
            item = _dyk_item(div, label)
            if item is not None:
                items.append(item)
    if kind is None:
        return _read_headed_dyk(text, head, ctx)
    return TriviaPage(imdb_id=head.imdb_id, title=head.title, year=head.year, page_kind=kind,
                      source_format=SourceFormat.HTML_CLASSIC, items=tuple(items))


def _read_whole(text: str, head: _Head, ctx: Context) -> TriviaPage:
    """Last resort: soda markup but no known content block; read the whole page."""
    ctx.problem(ProblemCode.UNEXPECTED_STRUCTURE,
                "no classic content block (div#trivia_content or a sibling) was found; "
                "read item markup from the whole page")
    found = _Collected()
    root = _parse(text)
    if root is not None:
        _collect(root, found)
    items = _build_items(found.raws, ctx)
    found.report(ctx)
    kind = PageKind.UNKNOWN
    ids = [i.id[:2] for i in items if i.id]
    if ids:
        kind = _ID_PREFIX_KINDS.get(max(set(ids), key=ids.count), PageKind.UNKNOWN)
    return TriviaPage(
        imdb_id=head.imdb_id, title=head.title, year=head.year, page_kind=kind,
        source_format=SourceFormat.HTML_CLASSIC, items=tuple(items),
        declared_total=found.declared_total, declared_counts=found.declared_counts,
    )


def read(text: str, ctx: Context) -> TriviaPage:
    """Read a classic-layout IMDb page (any of the sibling pages) into a ``TriviaPage``."""
    name, regions = _content_regions(text)
    body_limit = regions[0].start if regions else len(text)
    head = _read_head(text, body_limit)
    if name is not None:
        return _read_content(text, name, regions, head, ctx)
    page = _read_dyk(text, head, ctx)
    if page is not None:
        return page
    return _read_whole(text, head, ctx)
