"""Golden files without pytest: where a page's expectation lives, and a readable difference.

The plugin (``triviaparse.testing``) builds on these; they are plain functions so that other
test runners, scripts and notebooks can compare a parse with an expectation the same way.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import ITEM_FIELDS, TriviaPage
from ..serialize import canonical_json, to_dict

__all__ = [
    "COMPRESSED_SUFFIXES",
    "PAGE_SUFFIXES",
    "datafile_record",
    "describe_differences",
    "expected_path",
    "is_datafile",
    "is_page",
    "obtained_path",
    "page_record",
]

#: The page files a fixture folder holds (each may also end in a compressed suffix); a
#: ``.list`` is an IMDb data file, whose expectation lists one page per title.
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".http", ".list")
#: Compression that ``parse`` undoes by itself, so ``case.html.gz`` is a page too.
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
_RECORD_MARKERS = (".expected.", ".obtained.")


def _stem(page: Path) -> str:
    name = page.name
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def is_page(path: Path) -> bool:
    """True for a page file of a fixture folder (not an ``.expected``/``.obtained`` record)."""
    name = path.name
    if any(marker in name for marker in _RECORD_MARKERS) or name.startswith("."):
        return False
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(PAGE_SUFFIXES) and bool(_stem(path))


def is_datafile(path: Path) -> bool:
    """True for an IMDb data file fixture (``case.list``, ``case.list.gz``): read with
    ``iter_datafile``, its expectation is :func:`datafile_record`."""
    name = path.name
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(".list")


def datafile_record(pages: Iterable[TriviaPage]) -> dict[str, Any]:
    """The record of a data file: ``{"pages": [one page record per title, in file order]}``."""
    return {"pages": [page_record(p) for p in pages]}


def expected_path(page: Path) -> Path:
    """``case.html.gz`` -> ``case.expected.json`` beside it."""
    return page.with_name(_stem(page) + ".expected.json")


def obtained_path(page_or_expected: Path) -> Path:
    """Where a mismatching result is written: ``case.obtained.json`` beside the page."""
    name = page_or_expected.name
    if name.endswith(".expected.json"):
        return page_or_expected.with_name(name.removesuffix(".expected.json") + ".obtained.json")
    return page_or_expected.with_name(_stem(page_or_expected) + ".obtained.json")


def page_record(page: TriviaPage | Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-ready record of a page (as ``to_dict``), normalised through canonical JSON."""
    data = to_dict(page) if isinstance(page, TriviaPage) else dict(page)
    result: dict[str, Any] = json.loads(canonical_json(data))
    return result


# --- the difference, in items and fields ---------------------------------------------------

_PAGE_FIELDS = (
    "imdb_id",
    "title",
    "year",
    "page_kind",
    "source_format",
    "declared_total",
    "declared_counts",
)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _votes(v: Any) -> str:
    if not isinstance(v, Mapping):
        return "none"
    return f"{v.get('interested')}/{v.get('total')}"


def _text_change(old: str, new: str) -> str:
    """Where two texts first differ, with a little context on each side."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    lo = max(0, start - 20)

    def window(s: str) -> str:
        piece = repr(s[lo : start + 30])[1:-1]
        return ("…" if lo else "") + piece + ("…" if len(s) > start + 30 else "")

    return f"text differs at character {start}: '{window(old)}' → '{window(new)}'"


def _field_change(name: str, old: Any, new: Any) -> str:
    if name == "votes":
        if isinstance(old, Mapping) and isinstance(new, Mapping) and (_votes(old) == _votes(new)):
            return f"votes raw {_short(old.get('raw'))} → {_short(new.get('raw'))}"
        return f"votes {_votes(old)} → {_votes(new)}"
    if name == "text" and isinstance(old, str) and isinstance(new, str):
        return _text_change(old, new)
    if name in ("category", "category_label", "is_spoiler"):
        return f"{name} changed {_short(old)} → {_short(new)}"
    if name == "links" and isinstance(old, list) and isinstance(new, list):
        return f"links {len(old)} → {len(new)}: {_short(new, 100)}"
    return f"{name} {_short(old)} → {_short(new)}"


def _label(index: int, item: Mapping[str, Any]) -> str:
    ident = item.get("id")
    if ident:
        return f"item {index} ({ident})"
    return f"item {index} ({_short(item.get('text', ''), 40)})"


def _item_changes(i: int, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    keys = [k for k in ITEM_FIELDS if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(ITEM_FIELDS))
    return [
        f"{_label(i, old)}: {_field_change(k, old.get(k), new.get(k))}"
        for k in keys
        if old.get(k) != new.get(k)
    ]


def _key(item: Mapping[str, Any]) -> str:
    return str(item.get("id") or "") or "text:" + str(item.get("text", ""))


def _items_changes(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    matcher = difflib.SequenceMatcher(
        a=[_key(i) for i in old], b=[_key(i) for i in new], autojunk=False
    )
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(a1 - a0):
                out.extend(_item_changes(a0 + k, old[a0 + k], new[b0 + k]))
            continue
        paired = min(a1 - a0, b1 - b0)
        for k in range(paired):
            a, b = old[a0 + k], new[b0 + k]
            if a.get("id") and b.get("id") and a.get("id") != b.get("id"):
                out.append(f"{_label(a0 + k, a)} missing")
                out.append(f"{_label(b0 + k, b)} new (was not expected)")
            else:
                out.extend(_item_changes(a0 + k, a, b))
        for k in range(a0 + paired, a1):
            out.append(f"{_label(k, old[k])} missing")
        for k in range(b0 + paired, b1):
            out.append(f"{_label(k, new[k])} new (was not expected)")
    return out


def _problem(p: Mapping[str, Any]) -> str:
    where = "".join(f" {k} {p[k]}" for k in ("line", "item") if p.get(k) is not None)
    return f"[{p.get('code')}]{where} {_short(p.get('message'), 90)}"


def describe_differences(expected: Mapping[str, Any], obtained: Mapping[str, Any]) -> list[str]:
    """The differences between two page records, one line each, at the level of items and
    fields ("item 14 (tr0790957): votes 739/742 → 740/743", "item 3 (…) missing").

    Items are numbered from 0 as in ``page.items``: a missing item by its place in the
    expectation, a new one by its place in the result. An empty list means equal records.
    """
    if "pages" in expected or "pages" in obtained:
        return _pages_differences(expected.get("pages") or [], obtained.get("pages") or [])
    out = _page_field_changes(expected, obtained, _PAGE_FIELDS)
    old_items = list(expected.get("items") or [])
    new_items = list(obtained.get("items") or [])
    if len(old_items) != len(new_items):
        out.append(f"page: {len(old_items)} items expected, {len(new_items)} obtained")
    out.extend(_items_changes(old_items, new_items))
    out.extend(_problems_changes(expected.get("problems") or [], obtained.get("problems") or []))
    known = set(_PAGE_FIELDS) | {"items", "problems"}
    out.extend(
        _page_field_changes(expected, obtained, sorted((set(expected) | set(obtained)) - known))
    )
    if not out and expected != obtained:
        out.append("the records differ in JSON detail only (see the .obtained.json file)")
    return out


def _page_field_changes(
    expected: Mapping[str, Any], obtained: Mapping[str, Any], keys: Sequence[str]
) -> list[str]:
    """One line per page field of ``keys`` whose value differs."""
    return [
        f"page: {key} {_short(expected.get(key))} → {_short(obtained.get(key))}"
        for key in keys
        if expected.get(key) != obtained.get(key)
    ]


def _problems_changes(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Problems expected but gone, then problems obtained but not expected."""
    old_lines = [_problem(p) for p in old]
    new_lines = [_problem(p) for p in new]
    return [f"problem gone: {line}" for line in old_lines if line not in new_lines] + [
        f"problem new: {line}" for line in new_lines if line not in old_lines
    ]


def _pages_differences(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[str]:
    """A data file's differences, page by page ("title 3: item 0 (…): text differs …")."""
    out: list[str] = []
    if len(old) != len(new):
        out.append(f"{len(old)} titles expected, {len(new)} obtained")
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        out.extend(f"title {i}: {line}" for line in describe_differences(a, b))
    return out
