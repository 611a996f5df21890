"""The layout of a React page: its ``data-testid="sub-section-<category>"`` blocks, the list
cards in them and the heading that labels each, found in one walk over the tree.
"""

from __future__ import annotations

from typing import Any

import lxml.etree

from ..normalize import clean_line
from ._fragment import drop_element
from ._imdb import SPOILER_CATEGORY
from ._json import as_int

__all__ = [
    "CARD",
    "HEADING",
    "SPOILER_SUFFIX",
    "SUB_SECTION_PREFIX",
    "Layout",
    "Section",
    "has_class",
]

#: The XML whitespace that separates classes in ``class`` (what XPath's normalize-space takes).
_CLASS_SPACE = str.maketrans("\t\n\r", "   ")


def has_class(el: Any, name: str) -> bool:
    """Whether ``name`` is one of ``el``'s classes (not a substring of another)."""
    classes = el.get("class")
    return (
        classes is not None
        and name in classes
        and f" {name} " in f" {classes.translate(_CLASS_SPACE)} "
    )


SUB_SECTION_PREFIX = "sub-section-"
SPOILER_SUFFIX = f"--{SPOILER_CATEGORY}"
HEADING = "ipc-title__text"
HEADING_COUNT = "ipc-title__subtext"
CARD = "ipc-list-card"


def _category_of(sub: Any) -> str:
    """The category id a sub-section's ``data-testid`` names, spoiler suffix removed."""
    return str(sub.get("data-testid", ""))[len(SUB_SECTION_PREFIX) :].removesuffix(SPOILER_SUFFIX)


def _heading_parts(h: Any) -> tuple[str | None, int | None]:
    """(label, count) of one heading: its text without the count badge, the badge."""
    count = None
    parts = [h.text or ""]
    for child in h:
        if not isinstance(child.tag, str):  # a comment (React writes <!-- --> between texts)
            pass
        elif has_class(child, HEADING_COUNT):
            count = as_int(child.text_content())
        else:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return clean_line("".join(parts)) or None, count


#: A category summary of the sub-sections under an element: several different categories.
_MIXED = object()


class _Open:
    """An element being walked: where it starts, and the categories of the sub-sections
    under it (None: none, a category id, or ``_MIXED``)."""

    __slots__ = ("categories", "start")

    def __init__(self, start: int) -> None:
        self.start = start
        self.categories: object = None

    def add(self, category: object) -> None:
        if category is None or self.categories is _MIXED:
            return
        if self.categories is None:
            self.categories = category
        elif self.categories != category:
            self.categories = _MIXED


class Section:
    """A sub-section as the walk saw it: the last heading before it and the elements around
    it, from which ``heading`` tells its label once the walk is over."""

    __slots__ = ("ancestors", "before", "before_start", "cid", "element")

    def __init__(
        self, element: Any, ancestors: list[_Open], before: Any, before_start: int
    ) -> None:
        self.element = element
        self.cid = str(element.get("data-testid"))[len(SUB_SECTION_PREFIX) :]
        self.ancestors = ancestors  # parent, grandparent, great-grandparent
        self.before = before  # the last heading before it outside any sub-section, or None
        self.before_start = before_start

    def heading(
        self,
        parts: dict[Any, tuple[str | None, int | None]],
    ) -> tuple[str | None, int | None]:
        """(label, declared count) from the ``.ipc-title__text`` heading above the sub-section.

        The nearest heading before it inside its parent; further up only while the ancestor
        holds no other category's sub-sections (whose heading would be the wrong label).
        """
        for level, node in enumerate(self.ancestors):
            if level and node.categories is _MIXED:
                return None, None
            if self.before is not None and self.before_start > node.start:
                if self.before not in parts:
                    parts[self.before] = _heading_parts(self.before)
                return parts[self.before]
        return None, None


class Layout:
    """The sub-sections and list cards of a page, found in one walk over the tree.

    Every card belongs to the innermost sub-section around it, and a card or sub-section
    inside another card (damaged markup, where an unclosed card swallows what follows) is cut
    out of it, so that each card is read once and alone: reading stays linear in the page
    however deeply such blocks nest.
    """

    def __init__(self, root: Any | None) -> None:
        """Walk ``root``; None: a page with no sub-section at all (nothing to walk)."""
        self.sections: list[Section] = []
        self.cards: list[tuple[Any, Section]] = []
        self.nested: list[Any] = []  # cards and sub-sections inside a card, in document order
        self._stack: list[_Open] = []
        self._subs: list[Section | None] = []  # per open element: the sub-section it opens
        self._inner: list[Section] = []  # the open sub-sections, innermost last
        self._open_cards: list[Any] = []  # the open cards, innermost last
        self._eligible: dict[Any, int] = {}  # open headings outside sub-sections: their starts
        self._before: Any = None  # the last heading closed outside any sub-section
        self._before_start = -1
        walk = () if root is None else lxml.etree.iterwalk(root, events=("start", "end"))
        for index, (event, el) in enumerate(walk):
            if event == "start":
                self._start(el, index)
            else:
                self._end(el)

    def _start(self, el: Any, index: int) -> None:
        """An element opens: note a card, a sub-section or a heading it is."""
        is_card = has_class(el, CARD)
        if is_card:
            if self._inner:
                self.cards.append((el, self._inner[-1]))
            if self._open_cards:
                self.nested.append(el)
        testid = el.get("data-testid")
        section = None
        if testid is not None and testid.startswith(SUB_SECTION_PREFIX):
            section = Section(el, self._stack[:-4:-1], self._before, self._before_start)
            self.sections.append(section)
            self._inner.append(section)
            if self._open_cards and not is_card:
                self.nested.append(el)
        if is_card:
            self._open_cards.append(el)
        if not self._inner and has_class(el, HEADING):
            self._eligible[el] = index
        self._stack.append(_Open(index))
        self._subs.append(section)

    def _end(self, el: Any) -> None:
        """An element closes: pass its categories up, and remember it if it is a heading."""
        done = self._stack.pop()
        section = self._subs.pop()
        if self._stack:
            self._stack[-1].add(done.categories)
            if section is not None:
                self._stack[-1].add(_category_of(el))
        if section is not None:
            self._inner.pop()
        if self._open_cards and el is self._open_cards[-1]:
            self._open_cards.pop()
        start = self._eligible.pop(el, None)
        if start is not None and start > self._before_start:
            self._before, self._before_start = el, start

    def cut_nested(self) -> None:
        """Cut every card and sub-section out of the card around it (innermost first, so
        that each subtree is moved once)."""
        for el in reversed(self.nested):
            drop_element(el)
