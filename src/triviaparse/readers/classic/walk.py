"""The lxml reading of a classic content block: one walk in document order that finds the items,
their groups, spoiler marks and the counts the page declares, then each item's text.

The scan (``scan.py``) reads most items of a big page without lxml; everything it leaves (the
markup between runs of items, any block outside IMDb's exact shapes) is parsed and walked here,
but for IMDb's two usual gaps between runs, which ``read_gap`` reads as the walk would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
from lxml import etree

from ...model import ProblemCode
from ...normalize import clean_line, parse_count
from .. import Context
from .._fragment import WalkStyle, read_element
from .._imdb import IMDB_ID_RE, ITEM_PARAM, SPOILER_CATEGORY, SPOILER_LABELS
from .items import Item, Run

__all__ = ["CLASSIC_STYLE", "Declared", "collect", "inert", "parse_fragment", "read_gap", "runs"]

#: The only tags the item walk looks at (``iter`` filters them in C; everything else is skipped).
#: Classes that matter on them: div.list groups, h4.li_group headings, a#spoilers, div.desc
#: ("Showing all N"), div.jumpto (group counts), .soda items (div or td), div.sodatext,
#: .interesting-count-text votes, dt/dd (a location and its note).
_WALK_TAGS = ("div", "td", "li", "h4", "a", "dt", "dd")

#: How the classic layout's item text is walked: its block tags, and the per-item furniture
#: (never item text, removed from ``html``).
CLASSIC_STYLE = WalkStyle(
    blocks=frozenset(
        {
            "p",
            "div",
            "li",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "table",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
        }
    ),
    furniture_tags=frozenset(
        {
            "button",
            "input",
            "script",
            "style",
            "form",
            "select",
            "noscript",
            "iframe",
            "template",
            "textarea",
        }
    ),
    furniture_classes=frozenset(
        {
            "linksoda",
            "sharesoda_pre",
            "hidesoda",
            "did-you-know-actions",
            "interesting-cast-vote",
            "interesting-count-text",
            "cast-vote",
            "sharesoda",
            "message_box",
        }
    ),
)
_SHOWING = re.compile(r"Showing (?:all )?(\d[\d,.]*+)(?=\s+[^\W\d])")
_JUMP_COUNT = re.compile(r"^\s*+\((\d[\d,.]*+)\)")
_HEADING_COUNT = re.compile(r"\s*\(\d[\d,.]*\)\s*$")

_PARSER = etree.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, collect_ids=False
)
_PARSER_UTF8 = etree.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, collect_ids=False
)


def parse_fragment(fragment: str) -> etree._Element | None:
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


# --- an element's text ---------------------------------------------------------------------


def _plain(el: etree._Element) -> str:
    """All text inside ``el`` (not its tail), as one string."""
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


# --- the walk over a block -----------------------------------------------------------------


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


@attrs.define
class Declared:
    """The counts the page declares, gathered over every walk of one page."""

    total: int | None = None
    counts: dict[str, int] = attrs.Factory(dict)
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
    for role, token in (
        ("text", "sodatext"),
        ("votes", "interesting-count-text"),
        ("desc", "desc"),
        ("jump", "jumpto"),
    ):
        if token in classes:
            return role
    if tag == "h4" and "li_group" in classes:
        return "heading"
    if tag == "div" and "list" in classes:
        return "list"
    return None


class _Walker:
    """The state of one walk: the item being filled, the group label and spoiler flag in force,
    and what was found so far."""

    def __init__(self, declared: Declared, anchors: bool, label: str | None, spoiler: bool) -> None:
        self.declared = declared
        self.anchors = anchors
        self.label = label
        self.spoiler = spoiler
        self.cur: _Raw | None = None
        self.raws: list[_Raw] = []

    def plain(self, el: etree._Element) -> None:
        """An element without a class: a spoiler anchor, a location (``dt``) or its note."""
        tag, cur = el.tag, self.cur
        if tag == "a":
            if self.anchors and SPOILER_CATEGORY in (el.get("id"), el.get("name")):
                self.spoiler, self.label, self.cur = True, None, None
        elif cur is not None and tag == "dt":
            if cur.container is None:
                cur.container = el
        elif cur is not None and tag == "dd" and cur.note is None:
            cur.note = el

    def item(self, el: etree._Element) -> None:
        """A ``.soda`` element: a new item in the group in force."""
        cur = self.cur = _Raw(el=el, label=self.label, spoiler=self.spoiler)
        own = el.get("id")
        if own and IMDB_ID_RE.match(own):
            cur.id = own
        self.raws.append(cur)

    def text(self, el: etree._Element) -> None:
        """``div.sodatext``: the current item's text element."""
        if self.cur is not None and self.cur.container is None:
            self.cur.container = el

    def votes(self, el: etree._Element) -> None:
        """``.interesting-count-text``: the current item's vote widget."""
        if self.cur is not None and self.cur.votes is None:
            self.cur.votes = el

    def heading(self, el: etree._Element) -> None:
        """``h4.li_group``: a group label, or the spoiler group."""
        heading = _HEADING_COUNT.sub("", clean_line(_plain(el))).rstrip(":").rstrip()
        if heading.lower() in SPOILER_LABELS:
            self.spoiler, self.label = True, None
        else:
            self.label = heading or None
        self.cur = None

    def group(self, el: etree._Element) -> None:
        """``div.list``: a new group, unlabelled until its heading."""
        self.label, self.spoiler, self.cur = None, False, None

    def desc(self, el: etree._Element) -> None:
        """``div.desc``: the first "Showing all N" is the declared total."""
        _showing(self.declared, _plain(el))

    def jump(self, el: etree._Element) -> None:
        """``div.jumpto``: "Jump to: Cameo (3) …", the declared count of each group."""
        for a in el.iter("a"):
            _jump_count(self.declared, _plain(a), a.tail or "")


def _showing(declared: Declared, text: str) -> None:
    """The text of a ``div.desc``: its first "Showing all N" is the declared total."""
    m = _SHOWING.search(clean_line(text))
    if m and declared.total is None:
        declared.total = declared.count('"Showing all N"', m.group(1))


def _jump_count(declared: Declared, text: str, tail: str) -> None:
    """A ``div.jumpto`` link's text and the text after it: "Cameo" and " (3)"."""
    name = clean_line(text)
    cm = _JUMP_COUNT.match(clean_line(tail))
    count = declared.count(f"the count of {name[:40]!r}", cm.group(1)) if name and cm else None
    if name and count is not None:
        declared.counts[name] = count


#: White space between the tags of a gap, where the walk reads no text (ASCII only: to lxml,
#: an NBSP or a form feed is text).
_GAP_WS = "[ \t\n]*+"
#: A "Jump to:" link: its text, and the text after it up to the next tag (its ``tail``).
_JUMP_LINK = re.compile(
    '<a href="#[a-z_]++">([A-Za-z]++(?: [A-Za-z]++)*+)</a>(&nbsp;\\([1-9][0-9]{0,5}\\)'
    + _GAP_WS
    + ")"
)
#: The two gaps of every classic trivia page of 2013-2016 between its runs of items, exactly
#: (numbers, link names and the spoiler notice aside): the block's head, "Showing all N
#: items" and "Jump to:" links with their counts, up to the first group's opening; and the
#: spoiler group's opening, its anchor, heading and notice. ``read_gap`` reads them as
#: ``collect`` walks them, without lxml.
_HEAD_GAP = re.compile(
    '<div id="[a-z_]++" class="header">'
    + _GAP_WS
    + '<div class="header"><div class="nav"><div class="desc">'
    + "(Showing all [1-9][0-9]{0,5} items)</div></div>"
    + _GAP_WS
    + '<div class="jumpto">'
    + _GAP_WS
    + "Jump to:"
    + _GAP_WS
    + f"((?:{_JUMP_LINK.pattern})++)</div>"  # the links, read again one by one
    + _GAP_WS
    + "</div>"
    + _GAP_WS
    + '<div class="list">'
    + _GAP_WS
)
_SPOILER_GAP = re.compile(
    "</div>"
    + _GAP_WS
    + '<div class="list">'
    + _GAP_WS
    + '<a id="spoilers" name="spoilers"></a>'
    + _GAP_WS
    + '<h4 class="li_group">Spoilers&nbsp;</h4>'
    + _GAP_WS
    + '<div class="message_box small">'
    + _GAP_WS
    + '<div class="alert">'
    + _GAP_WS
    + "<p>[^<>&]*+</p>"
    + _GAP_WS
    + "</div>"
    + _GAP_WS
    + "</div>"
    + _GAP_WS
)


def read_gap(fragment: str, declared: Declared) -> tuple[str | None, bool] | None:
    """``collect``'s label and spoiler flag after ``fragment``, a gap between runs of items,
    its counts noted in ``declared``, when the gap is one of IMDb's two usual ones; None
    otherwise (``collect`` then walks it). Neither holds an item, and each opens a group
    (``div.list``), so that what was in force before does not matter: the head's first group
    is unlabelled, the spoiler group's is the spoilers."""
    m = _HEAD_GAP.fullmatch(fragment)
    if m is not None:
        _showing(declared, m.group(1))  # div.desc's text
        for link in _JUMP_LINK.finditer(m.group(2)):  # its text; its tail, NBSP decoded
            _jump_count(declared, link.group(1), link.group(2).replace("&nbsp;", "\xa0"))
        return None, False
    if _SPOILER_GAP.fullmatch(fragment) is not None:
        return None, True
    return None


def inert(fragment: str) -> bool:
    """Whether ``collect`` of ``fragment`` certainly finds nothing and changes nothing: every
    part of the walk needs an element with a class attribute, but a spoiler anchor, an
    ``<a>``. lxml makes an attribute only of its name in the markup, and an ``<a>`` only of
    its tag (either in any case)."""
    lower = fragment.lower()
    return "class" not in lower and "<a" not in lower


def collect(
    root: etree._Element,
    declared: Declared,
    *,
    anchors: bool = True,
    label: str | None = None,
    spoiler: bool = False,
) -> tuple[list[_Raw], str | None, bool]:
    """Walk a parsed block once, in document order, attaching parts to their item: the items,
    and the group label and spoiler flag in force at its end (a gap between scanned runs hands
    them on).

    ``anchors=False`` (the block's markup never says "spoilers") skips looking for a spoiler
    anchor on every plain link, two attribute reads each.
    """
    walker = _Walker(declared, anchors, label, spoiler)
    handlers = {
        "item": walker.item,
        "text": walker.text,
        "votes": walker.votes,
        "heading": walker.heading,
        "list": walker.group,
        "desc": walker.desc,
        "jump": walker.jump,
    }
    roles: dict[tuple[str, str], str | None] = {}
    for el in root.iter(*_WALK_TAGS):
        tag = el.tag
        assert isinstance(tag, str)
        cls = el.get("class")
        if cls is None:
            walker.plain(el)
            continue
        key = (tag, cls)
        role = roles[key] if key in roles else roles.setdefault(key, _role(tag, cls))
        if role is not None:
            handlers[role](el)
    return walker.raws, walker.label, walker.spoiler


# --- from a found item to an Item ----------------------------------------------------------


def _item_id(raw: _Raw) -> str | None:
    """The item's own id, else the one its vote link or vote widget names."""
    if raw.id:
        return raw.id
    if raw.votes is not None:
        link = raw.votes if raw.votes.tag == "a" else next(raw.votes.iter("a"), None)
        m = ITEM_PARAM.search(link.get("href") or "") if link is not None else None
        if m:
            return m.group(1)
    for el in raw.el.iterfind(".//*[@data-item-id]"):
        item_id = el.get("data-item-id") or ""
        if IMDB_ID_RE.match(item_id):
            return item_id
    return None


def _vote_phrase(el: etree._Element | None) -> str | None:
    """The text of a vote widget, stripped; None when the item has none."""
    if el is None:
        return None
    if len(el) == 0:
        return (el.text or "").strip()
    if len(el) == 1 and len(el[0]) == 0:  # a div around the vote link
        return f"{el.text or ''}{el[0].text or ''}{el[0].tail or ''}".strip()
    return _plain(el).strip()


def _read(raw: _Raw, taken: dict[str, int]) -> Item:
    """The ``Item`` of a found item. A second copy of an id already ``taken`` is not read
    (reading drops furniture from the tree); the builder reports it by its id alone."""
    item_id = _item_id(raw)
    if item_id is not None and item_id in taken:
        return Item(item_id, "", "", (), None)
    container = raw.container if raw.container is not None else raw.el
    text, html, links = read_element(container, CLASSIC_STYLE)
    note = clean_line(_plain(raw.note)) or None if raw.note is not None else None
    return Item(item_id, text, html, links, _vote_phrase(raw.votes), note)


def runs(raws: list[_Raw], taken: dict[str, int]) -> Iterator[Run]:
    """Each found item as a run of one, read only when the builder asks for it (so that
    ``taken`` holds every id kept before it)."""
    for raw in raws:
        yield Run((_read(raw, taken),), raw.label, raw.spoiler)
