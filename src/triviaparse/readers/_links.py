"""Which IMDb entity an ``<a href>`` names: the one place every reader resolves a link.

IMDb writes entity links root-relative (``/name/nm0000206/?ref_=…``) or absolute on one of its
hosts; a page replayed by the Wayback Machine (whose rewriting ``archive`` normally undoes)
prefixes them with ``/web/<stamp>[<mod>_]/`` or ``https://web.archive.org/web/…/``.
"""

from __future__ import annotations

import re

from ..model import Link, LinkKind
from ._imdb import ENTITY_ID

__all__ = ["entity_link", "href_entity"]

_ENTITY_HREF = re.compile(
    r"(?:(?:https?:)?//web\.archive\.org)?(?:/web/\d{1,14}(?:[a-z]{2}_)?/)?"
    r"(?:(?:(?:https?:)?//)?(?:[a-z0-9-]{1,40}\.)?imdb\.com)?"
    rf"/(name|title|character)/({ENTITY_ID})\b"
)
_KINDS = {"name": LinkKind.NAME, "title": LinkKind.TITLE, "character": LinkKind.CHARACTER}


def href_entity(href: str) -> tuple[LinkKind, str] | None:
    """(kind, IMDb id) of a name, title or character href; None for any other href."""
    m = _ENTITY_HREF.match(href)
    if m is None:
        return None
    return _KINDS[m.group(1)], m.group(2)


def entity_link(href: str, text: str) -> Link | None:
    """The ``Link`` of an ``<a>`` with this href and (decoded) text: the text's whitespace
    collapsed; None when the href names no entity or the text is empty."""
    found = href_entity(href)
    link_text = " ".join(text.split())
    if found is None or not link_text:
        return None
    return Link(kind=found[0], imdb_id=found[1], text=link_text)
