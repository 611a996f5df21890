"""What a classic page says about itself: title, year and id from the ``<head>`` (and the title
block above the content) by small regexes, and which kind of page it is."""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from ...model import PageKind, TriviaItem
from ...normalize import clean_line
from .._imdb import PAGE_ID_RE, PAGE_URL, TITLE_YEAR, kind_of_id, kind_of_word

__all__ = [
    "Head",
    "NeedsMore",
    "content_kind",
    "is_person",
    "kind_for_trivia_block",
    "kind_from_ids",
    "read_head",
]

_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_META_TAG = re.compile(r"<meta\b([^>]*)>", re.I)
_LINK_TAG = re.compile(r"<link\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([A-Za-z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAG = re.compile(r"<[^>]*>")
_URL_TAB = re.compile(r"[?&]tab=([a-z]{2})\b")
_ACTIVE_TAB = re.compile(r"""class=["']active["']>\s*<a [^>]*data-code=["']([a-z]{2})["']""")
_TITLE_SUFFIX = re.compile(r"\s+-\s+(?:[^-]{1,40}\s+-\s+)?IMDb\s*$")
_NAME_HEADERS = ('itemprop="name"', "itemprop='name'")
_META_NAMES = ("og:title", "pageId", "og:url")


def content_kind(name: str) -> PageKind:
    """The page kind a content block's id names (``trivia``, ``filming_locations``…)."""
    return kind_of_word(name) or PageKind.UNKNOWN


@attrs.frozen
class Head:
    """What the head (and the title block above the content) says about the page."""

    imdb_id: str | None
    title: str | None
    year: int | None
    canonical: str | None


def _attrs(tag_body: str) -> dict[str, str]:
    """The attributes of a tag (its text after the name), names in lower case, values decoded."""
    found = {}
    for name, double, single, bare in _ATTR.findall(tag_body):
        value = double or single or bare
        found[name.lower()] = html_lib.unescape(value) if "&" in value else value
    return found


def _split_title(raw: str | None) -> tuple[str | None, int | None]:
    """("The Matrix", 1999) from "The Matrix (1999) - Trivia - IMDb" and its relatives."""
    if not raw:
        return None, None
    s = clean_line(html_lib.unescape(raw)).lstrip("◄ ").strip()
    m = TITLE_YEAR.match(s)
    if m:
        return m.group("title").strip(), int(m.group("year"))
    s = _TITLE_SUFFIX.sub("", s).strip()
    return (s or None), None


def _meta(head: str) -> dict[str, str | None]:
    """The contents of the ``og:title``, ``pageId`` and ``og:url`` meta tags of ``head`` (the
    last of each wins; IMDb writes each once)."""
    found: dict[str, str | None] = {}
    for m in _META_TAG.finditer(head):
        body = m.group(1)
        if "pageId" not in body and (
            "og:" not in body
            # without a character reference a name is as written: skip og:image and the like
            or ("og:title" not in body and "og:url" not in body and "&" not in body)
        ):
            continue
        a = _attrs(body)
        prop = a.get("property") or a.get("name")
        if prop in _META_NAMES:
            found[prop] = a.get("content")
    return found


def _canonical(head: str) -> str | None:
    """The href of the first ``<link rel="canonical">``."""
    for m in _LINK_TAG.finditer(head):
        if "canonical" in m.group(1):
            a = _attrs(m.group(1))
            if a.get("rel", "").lower() == "canonical":
                return a.get("href")
    return None


class NeedsMore(Exception):
    """The head was read from the page up to its content block, but the name header runs on
    past it: the caller reads the whole page instead."""


def _name_header(text: str, head_end: int, body_limit: int, *, whole: bool) -> str | None:
    """The markup inside the first ``itemprop="name"`` element above the content.
    ``whole=False``: ``text`` stops at ``body_limit``; ``NeedsMore`` when the element's end
    might lie past it."""
    for needle in _NAME_HEADERS:
        i = text.find(needle, head_end, body_limit)
        if i >= 0:
            tag_start = text.rfind("<", 0, i)
            tag_name = text[tag_start + 1 : i].split(None, 1)[0] if tag_start >= 0 else ""
            j = text.find(">", i)
            end = text.find(f"</{tag_name}>", j, j + 3000) if tag_name and j >= 0 else -1
            if not whole and (j < 0 or (end < 0 and tag_name and j + 3000 > len(text))):
                raise NeedsMore
            return text[j + 1 : end] if end >= 0 else None
    return None


def _title_and_year(candidates: Iterable[str | None]) -> tuple[str | None, int | None]:
    """The first title the candidates give, and the first year given with that title (the
    candidates are read only until both are found)."""
    title = year = None
    for raw in candidates:
        t, y = _split_title(raw)
        if title is None and t:
            title = t
        if year is None and y is not None and (t == title or title is None):
            year = y
        if title is not None and year is not None:
            break
    return title, year


def _title_candidates(
    meta: dict[str, str | None], head: str, header: str | None
) -> Iterator[str | None]:
    """Where a title may stand, first first: the ``og:title`` meta, the ``<title>``, the name
    header (its tags read as spaces)."""
    yield meta.get("og:title")
    t = _TITLE_TAG.search(head)
    yield t.group(1) if t else None
    yield None if header is None else _TAG.sub(" ", header)


def _page_id(page_id: str | None, urls: Sequence[str | None]) -> str | None:
    """The ``pageId`` meta when it is a title or name id, else the first id in the URLs."""
    imdb_id = page_id if page_id and PAGE_ID_RE.match(page_id) else None
    for url in urls:
        if imdb_id is None and url:
            um = PAGE_URL.search(url)
            imdb_id = um.group(1) if um else None
    return imdb_id


def read_head(text: str, body_limit: int, *, whole: bool = True) -> Head:
    """Title, year, id and canonical URL from the page before ``body_limit`` (the content).
    ``whole=False``: ``text`` is the page up to ``body_limit`` only (see ``NeedsMore``)."""
    head_end = text.find("</head>", 0, body_limit)
    if head_end < 0:
        head_end = min(body_limit, 200_000)
    head = text[:head_end]
    meta = _meta(head)
    canonical = _canonical(head)
    header = _name_header(text, head_end, body_limit, whole=whole)  # may raise NeedsMore
    title, year = _title_and_year(_title_candidates(meta, head, header))
    imdb_id = _page_id(meta.get("pageId"), (canonical, meta.get("og:url")))
    return Head(imdb_id=imdb_id, title=title, year=year, canonical=canonical)


def _prefix_counts(ids: list[str]) -> Mapping[str, int]:
    """How many ids have each two-letter prefix, in first-seen order. Most pages give every
    item one prefix: that is checked by counting in the joined ids, not by a slice per id."""
    if ids:
        first = ids[0][:2]
        joined = "\n" + "\n".join(ids)
        # no id holds a line break, so each "\n" + first starts an id
        if len(first) == 2 and joined.count("\n") == len(ids) == joined.count("\n" + first):
            return {first: len(ids)}
    return Counter([i[:2] for i in ids])


def _kind_from_prefixes(items: Sequence[TriviaItem]) -> PageKind | None:
    """The kind most item ids name by their prefix (unknown prefixes left out); None if none."""
    by_prefix = _prefix_counts([item.id for item in items if item.id])
    prefixes: dict[PageKind, int] = {}
    for prefix, count in by_prefix.items():
        k = kind_of_id(prefix)
        if k is not None:
            prefixes[k] = prefixes.get(k, 0) + count
    return max(prefixes, key=prefixes.__getitem__) if prefixes else None


def _kind_from_tab(text: str, block_start: int, head: Head) -> PageKind:
    """The kind the active tab above the block names, else the canonical URL's ``?tab=``."""
    m = _ACTIVE_TAB.search(text, max(0, block_start - 20_000), block_start)
    tab = m.group(1) if m else None
    if tab is None and head.canonical:
        tm = _URL_TAB.search(head.canonical)
        tab = tm.group(1) if tm else None
    return kind_of_id(tab or "tr") or PageKind.TRIVIA


def kind_for_trivia_block(
    text: str, block_start: int, head: Head, items: Sequence[TriviaItem]
) -> PageKind:
    """``div#trivia_content`` serves several tabs: item ids, then the active tab, then the URL."""
    kind = _kind_from_prefixes(items)
    if kind is None:
        kind = _kind_from_tab(text, block_start, head)
    if kind is PageKind.TRIVIA and head.canonical and "/name/" in head.canonical:
        kind = PageKind.NAME_TRIVIA
    return kind


def kind_from_ids(items: Sequence[TriviaItem]) -> PageKind:
    """The kind named by the most common item id prefix (a page with no content block)."""
    ids = [i.id[:2] for i in items if i.id]
    if not ids:
        return PageKind.UNKNOWN
    return kind_of_id(max(set(ids), key=ids.count)) or PageKind.UNKNOWN


def is_person(head: Head) -> bool:
    """Whether the page is about a person (its id or canonical URL says so)."""
    return (head.imdb_id or "").startswith("nm") or "/name/" in (head.canonical or "")
