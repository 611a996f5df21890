"""The public records: immutable attrs classes that every reader produces.

Records hold tuples, a read-only mapping and string enums so that pages compare by value,
hash, pickle and survive ``from_dict(to_dict(page)) == page``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

__all__ = [
    "DEFAULT_CATEGORY",
    "FrozenDict",
    "Link",
    "LinkKind",
    "PageKind",
    "Problem",
    "ProblemCode",
    "SourceFormat",
    "TriviaItem",
    "TriviaPage",
    "Votes",
]

#: The category IMDb gives an item that sits under no group heading.
DEFAULT_CATEGORY = "uncategorized"


class PageKind(enum.StrEnum):
    """Which IMDb page the items came from (``str`` values are the stable ids)."""

    TRIVIA = "trivia"
    GOOFS = "goofs"
    CRAZY_CREDITS = "crazy_credits"
    FILMING_LOCATIONS = "filming_locations"
    PLOT_KEYWORDS = "plot_keywords"
    TAGLINES = "taglines"
    QUOTES = "quotes"
    SOUNDTRACK = "soundtrack"
    TITLE_MAIN = "title_main"
    NAME_MAIN = "name_main"
    NAME_TRIVIA = "name_trivia"
    UNKNOWN = "unknown"


class SourceFormat(enum.StrEnum):
    """Which input layout the page was read from."""

    TEXT = "text"
    HTML_CLASSIC = "html_classic"
    HTML_REACT = "html_react"
    NEXT_DATA = "next_data"
    GRAPHQL = "graphql"
    DATAFILE = "datafile"
    UNKNOWN = "unknown"


class LinkKind(enum.StrEnum):
    """What an in-text link points at."""

    NAME = "name"
    TITLE = "title"
    CHARACTER = "character"
    OTHER = "other"


class ProblemCode(enum.StrEnum):
    """Stable codes for what a reader could not read cleanly; safe to match on."""

    UNRECOGNIZED_INPUT = "unrecognized-input"
    NO_ITEMS = "no-items"
    DECLARED_COUNT_MISMATCH = "declared-count-mismatch"
    INCOMPLETE_PAGE = "incomplete-page"
    ORPHAN_VOTE_LINE = "orphan-vote-line"
    INVALID_VOTES = "invalid-votes"
    INVALID_NUMBER = "invalid-number"
    DECODE_ERROR = "decode-error"
    TRUNCATED_INPUT = "truncated-input"
    MALFORMED_INPUT = "malformed-input"
    DUPLICATE_ITEM = "duplicate-item"
    EMPTY_ITEM = "empty-item"
    UNEXPECTED_STRUCTURE = "unexpected-structure"
    AMBIGUOUS_WRAPPING = "ambiguous-wrapping"
    INTERNAL_ERROR = "internal-error"
    MULTIPLE_PAGES = "multiple-pages"


class FrozenDict(Mapping[str, int]):
    """A read-only, hashable, picklable ``str -> int`` mapping (used for ``declared_counts``)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, int] | None = None) -> None:
        self._data: dict[str, int] = dict(data or {})

    def __getitem__(self, key: str) -> int:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))


def _to_frozendict(value: Mapping[str, int] | None) -> FrozenDict:
    return value if isinstance(value, FrozenDict) else FrozenDict(value)


def _check_votes(instance: Votes, attribute: attrs.Attribute[int], value: int) -> None:
    interested = instance.interested
    if type(interested) is not int or type(value) is not int:  # bool is no count either
        raise TypeError(f"votes must be ints, got {interested!r}/{value!r}")
    if not 0 <= interested <= value:
        raise ValueError(f"votes need 0 <= interested <= total, got {interested}/{value}")


@attrs.frozen(kw_only=True, slots=True)
class Votes:
    """How many readers found an item interesting (``interested``) out of all who voted.

    ``raw`` keeps the vote line as the page wrote it, for debugging; it takes no part in
    equality, so the same votes read from text and from HTML compare equal.
    """

    interested: int
    total: int = attrs.field(validator=_check_votes)
    raw: str | None = attrs.field(default=None, eq=False)


def _to_link_kind(value: LinkKind | str) -> LinkKind:
    return value if type(value) is LinkKind else LinkKind(value)


@attrs.frozen(kw_only=True, slots=True)
class Link:
    """A link inside an item's text: ``kind`` is "name", "title", "character" or "other".

    ``imdb_id`` is None where the input names its target without an id (the ``(qv)``
    cross-references of IMDb's plain-text data files).
    """

    kind: LinkKind = attrs.field(converter=_to_link_kind)
    imdb_id: str | None
    text: str


@attrs.frozen(kw_only=True, slots=True)
class Problem:
    """Something the reader could not read cleanly. ``code`` is stable; ``message`` is for people.

    ``line`` is the 1-based input line (text input) and ``item`` the 0-based index of the item
    it concerns, where either applies.
    """

    code: ProblemCode = attrs.field(converter=ProblemCode)
    message: str
    line: int | None = None
    item: int | None = None


def _to_tuple(value: Any) -> tuple[Any, ...]:
    return value if type(value) is tuple else tuple(value)


def _short(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@attrs.frozen(kw_only=True, slots=True, repr=False)
class TriviaItem:
    """One trivia item (or goof, location, keyword… on sibling pages).

    ``text`` is plain text (single spaces, paragraph breaks as "\\n"); ``html`` the item's inner
    HTML with page furniture removed (None for raw text); ``note`` the secondary text some
    sibling pages carry (a filming location's note), else None.
    """

    id: str | None = None
    text: str
    html: str | None = None
    category: str = DEFAULT_CATEGORY
    category_label: str | None = None
    is_spoiler: bool = False
    votes: Votes | None = None
    links: tuple[Link, ...] = attrs.field(default=(), converter=_to_tuple)
    note: str | None = None

    def __repr__(self) -> str:
        """Short: the id, category, spoiler mark, votes and the text cut to 60 characters
        (the whole item is in ``to_dict``)."""
        parts = [f"id={self.id!r}"] if self.id is not None else []
        parts.append(f"category={self.category!r}")
        if self.is_spoiler:
            parts.append("is_spoiler=True")
        if self.votes is not None:
            parts.append(f"votes={self.votes.interested}/{self.votes.total}")
        if self.links:
            parts.append(f"links={len(self.links)}")
        parts.append(f"text={_short(self.text, 60)!r}")
        return f"TriviaItem({', '.join(parts)})"


@attrs.frozen(kw_only=True, slots=True, repr=False)
class TriviaPage:
    """A parsed page: who it is about, where it came from, its items and what went wrong.

    ``declared_total`` is the item count the page announces ("Showing all N items");
    ``declared_counts`` the per-group counts it announces (``{"Spoilers": 3}``); ``episode``
    the episode of a series a data file's title names (``"Pilot (#1.1)"``), else None.
    ``url`` and ``captured_at`` (ISO 8601 UTC, ``"2016-02-26T05:23:32Z"``) say where and when
    the page was fetched, when the input carries them (a Wayback snapshot, MHTML, WARC or HTTP
    headers).
    """

    imdb_id: str | None = None
    title: str | None = None
    year: int | None = None
    episode: str | None = None
    page_kind: PageKind = attrs.field(default=PageKind.TRIVIA, converter=PageKind)
    source_format: SourceFormat = attrs.field(default=SourceFormat.TEXT, converter=SourceFormat)
    items: tuple[TriviaItem, ...] = attrs.field(default=(), converter=_to_tuple)
    declared_total: int | None = None
    declared_counts: FrozenDict = attrs.field(factory=FrozenDict, converter=_to_frozendict)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_to_tuple)
    url: str | None = None
    captured_at: str | None = None

    def __repr__(self) -> str:
        """Short whatever the page's size: who, what kind, how many items, which problem
        codes (the whole page is in ``to_dict``)."""
        codes = ", ".join(dict.fromkeys(str(p.code) for p in self.problems))
        title = None if self.title is None else _short(self.title, 80)
        return (
            f"TriviaPage(imdb_id={self.imdb_id!r}, title={title!r}, year={self.year!r}, "
            f"page_kind={str(self.page_kind)!r}, "
            f"source_format={str(self.source_format)!r}, items={len(self.items)}, "
            f"problems=[{codes}])"
        )


# --- building records fast ------------------------------------------------------------------
# A reader makes one record per item of a big page; attrs' ``__init__`` for a frozen slotted
# class stores each field through ``object.__setattr__``, several times what storing it costs.
# These build the record as an instance of a subclass that lets its slots be stored plainly
# (the interpreter's own slot store, specialized by CPython), then make it the record itself
# by assigning ``__class__``: allowed, as the subclass adds no slot, so the object is a
# ``TriviaItem`` (or ``Votes``) like any other, equal, hashing, pickling and frozen as one.
# They take values that already are what ``__init__`` would store (a tuple of links, checked
# votes); a test holds them equal to ``__init__`` on every field.

_new = object.__new__
#: The field names in their order, as attrs declares them.
ITEM_FIELDS = tuple(field.name for field in attrs.fields(TriviaItem))


class _OpenItem(TriviaItem):
    """A ``TriviaItem`` being built: its fields can be stored (never seen outside this module)."""

    __slots__ = ()
    # Both: CPython serves both through one type slot, which is the plain one only when both are.
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


class _OpenVotes(Votes):
    """``Votes`` being built (see ``_OpenItem``)."""

    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


def built_item(
    id: str | None,
    text: str,
    html: str | None,
    category: str,
    category_label: str | None,
    is_spoiler: bool,
    votes: Votes | None,
    links: tuple[Link, ...],
    note: str | None,
) -> TriviaItem:
    """``TriviaItem(...)`` of these fields, ``links`` already a tuple, without ``__init__``."""
    item: Any = _new(_OpenItem)
    item.id = id
    item.text = text
    item.html = html
    item.category = category
    item.category_label = category_label
    item.is_spoiler = is_spoiler
    item.votes = votes
    item.links = links
    item.note = note
    item.__class__ = TriviaItem
    built: TriviaItem = item
    return built


def built_votes(interested: int, total: int, raw: str | None) -> Votes:
    """``Votes(...)`` of two ints already known to satisfy ``0 <= interested <= total``,
    without ``__init__`` and its check."""
    votes: Any = _new(_OpenVotes)
    votes.interested = interested
    votes.total = total
    votes.raw = raw
    votes.__class__ = Votes
    built: Votes = votes
    return built
