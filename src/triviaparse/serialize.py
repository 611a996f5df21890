"""Records to JSON-ready dicts and back, and the canonical JSON text used by golden files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .model import Link, Problem, TriviaItem, TriviaPage, Votes

__all__ = ["canonical_json", "from_dict", "item_from_dict", "item_to_dict", "to_dict"]


def _votes_to_dict(v: Votes | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"interested": v.interested, "total": v.total, "raw": v.raw}


def item_to_dict(item: TriviaItem) -> dict[str, Any]:
    """One item as a JSON-ready dict whose keys are the attribute names."""
    return {
        "id": item.id,
        "text": item.text,
        "html": item.html,
        "category": item.category,
        "category_label": item.category_label,
        "is_spoiler": item.is_spoiler,
        "votes": _votes_to_dict(item.votes),
        "links": [
            {"kind": str(ln.kind), "imdb_id": ln.imdb_id, "text": ln.text} for ln in item.links
        ],
        "note": item.note,
    }


def to_dict(page: TriviaPage) -> dict[str, Any]:
    """A page as a JSON-ready dict: keys equal the attribute names, enums become their ids."""
    return {
        "imdb_id": page.imdb_id,
        "title": page.title,
        "year": page.year,
        "episode": page.episode,
        "url": page.url,
        "captured_at": page.captured_at,
        "page_kind": str(page.page_kind),
        "source_format": str(page.source_format),
        "items": [item_to_dict(i) for i in page.items],
        "declared_total": page.declared_total,
        "declared_counts": dict(page.declared_counts),
        "problems": [
            {"code": str(p.code), "message": p.message, "line": p.line, "item": p.item}
            for p in page.problems
        ],
    }


def item_from_dict(d: Mapping[str, Any]) -> TriviaItem:
    """The inverse of :func:`item_to_dict`."""
    votes = d.get("votes")
    return TriviaItem(
        id=d.get("id"),
        text=d["text"],
        html=d.get("html"),
        category=d.get("category", "uncategorized"),
        category_label=d.get("category_label"),
        is_spoiler=bool(d.get("is_spoiler", False)),
        votes=None
        if votes is None
        else Votes(interested=votes["interested"], total=votes["total"], raw=votes.get("raw")),
        links=tuple(
            Link(kind=ln["kind"], imdb_id=ln.get("imdb_id"), text=ln["text"])
            for ln in d.get("links", ())
        ),
        note=d.get("note"),
    )


def from_dict(d: Mapping[str, Any]) -> TriviaPage:
    """The exact inverse of :func:`to_dict`: ``from_dict(to_dict(p)) == p``."""
    return TriviaPage(
        imdb_id=d.get("imdb_id"),
        title=d.get("title"),
        year=d.get("year"),
        episode=d.get("episode"),
        page_kind=d.get("page_kind", "trivia"),
        source_format=d.get("source_format", "text"),
        items=tuple(item_from_dict(i) for i in d.get("items", ())),
        declared_total=d.get("declared_total"),
        declared_counts=dict(d.get("declared_counts") or {}),
        problems=tuple(
            Problem(code=p["code"], message=p["message"], line=p.get("line"), item=p.get("item"))
            for p in d.get("problems", ())
        ),
        url=d.get("url"),
        captured_at=d.get("captured_at"),
    )


def canonical_json(obj: Any) -> str:
    """Canonical JSON: sorted keys, 2-space indent, real UTF-8 characters, final newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
