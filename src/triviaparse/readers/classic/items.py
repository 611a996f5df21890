"""The one item representation the scan and the lxml walk both produce, and the ``TriviaItem``s
built from it (duplicate ids, empty items and vote phrases checked in one place)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ...model import DEFAULT_CATEGORY, Link, ProblemCode, TriviaItem, Votes, built_item, built_votes
from ...normalize import category_id, clean_line, parse_votes_of
from .. import Context

__all__ = ["Item", "ItemBuilder", "Run"]

_NO_VOTES = re.compile(r"^(?:Is this (?:interesting|relevant|helpful)\??)?$", re.I)
#: The usual phrase; each digit tried as ASCII first (``\d`` alone looks it up in Unicode's
#: tables), the counts possessive (a space follows each).
_PLAIN_VOTES = re.compile(r"([0-9\d]{1,9}+) of ([0-9\d]{1,9}+) found this (?:interesting|relevant)")


class Item(NamedTuple):
    """One item as read from the page, before it becomes a ``TriviaItem`` (a named tuple: there
    is one per item of a big page, and it is built positionally for speed)."""

    id: str | None  # its own id, else the one its vote link names
    text: str  # cleaned (``normalize.clean_text``)
    html: str
    links: tuple[Link, ...]
    vote_phrase: str | None  # stripped; None when the item has no vote widget
    note: str | None = None


class Run(NamedTuple):
    """Items that stand in one group, in document order (read lazily by the builder)."""

    items: Iterable[Item]
    label: str | None
    spoiler: bool


def votes_of_phrase(phrase: str, index: int, ctx: Context) -> Votes | None:
    """The votes a phrase states ("12 of 14 found this interesting"); None with no votes yet,
    or (with an ``invalid-votes`` problem for item ``index``) when it cannot be read."""
    m = _PLAIN_VOTES.fullmatch(phrase)
    if m is not None:  # the usual case, read without the general parser's cost
        interested, total = int(m[1]), int(m[2])
        if interested <= total:
            return built_votes(interested, total, phrase)
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


class ItemBuilder:
    """Turns runs of ``Item``s into ``TriviaItem``s: the first copy of an id is kept, items
    without text are skipped, each with its problem."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.items: list[TriviaItem] = []
        #: Item id -> index of the item kept with it (a walk skips reading a second copy).
        self.seen: dict[str, int] = {}
        self._categories: dict[str, str] = {}
        # Votes read from each phrase that gave no problem: records are frozen, so items with
        # the same phrase (most plot keywords say "1 of 1 found this relevant") share one.
        self._votes_of: dict[str, Votes | None] = {}

    def _skip(self, item_id: str | None, index: int) -> None:
        """Report why an item is skipped: a second copy of an id, or no text (``index``: where
        it would have stood)."""
        if item_id is not None and item_id in self.seen:
            self.ctx.problem(
                ProblemCode.DUPLICATE_ITEM,
                f"item {item_id} appears more than once; kept the first copy",
                item=self.seen[item_id],
            )
        else:
            self.ctx.problem(
                ProblemCode.EMPTY_ITEM,
                f"item {item_id or '#' + str(index)} has no text; skipped",
                item=index,
            )

    def _category(self, label: str | None) -> str:
        """The category id of a group label (cached: a page repeats few labels)."""
        if not label:
            return DEFAULT_CATEGORY
        if label in self._categories:
            return self._categories[label]
        return self._categories.setdefault(label, category_id(label))

    def _votes(self, phrase: str, index: int) -> Votes | None:
        """The votes of item ``index`` from a phrase not read yet (see ``votes_of_phrase``),
        kept for the next item with the same phrase when it gave no problem."""
        reported = len(self.ctx.problems)
        votes = votes_of_phrase(phrase, index, self.ctx)
        if len(self.ctx.problems) == reported:
            self._votes_of[phrase] = votes
        return votes

    def add(self, run: Run) -> None:
        """Build the run's items into ``items``."""
        label, spoiler, cat = run.label, run.spoiler, self._category(run.label)
        items, seen, votes_of = self.items, self.seen, self._votes_of
        plain_votes = _PLAIN_VOTES.fullmatch
        for item_id, text, html, links, phrase, note in run.items:
            if not text or (item_id is not None and item_id in seen):
                self._skip(item_id, len(items))
                continue
            index = len(items)
            if phrase is None:
                votes = None
            elif phrase in votes_of:
                votes = votes_of[phrase]
            elif (m := plain_votes(phrase)) and (up := int(m[1])) <= (total := int(m[2])):
                # the usual phrase, read here: ``votes_of_phrase``'s first case, inline
                votes = votes_of[phrase] = built_votes(up, total, phrase)
            else:
                votes = self._votes(phrase, index)
            if item_id is not None:
                seen[item_id] = index
            items.append(built_item(item_id, text, html, cat, label, spoiler, votes, links, note))
