"""The flat, one-row-per-item view of records: one column list for the CSV writer,
``to_dataframe`` and the Parquet writer, so the three never disagree.

A row holds plain Python values (None where a cell is empty); each writer turns them into its
own cells. A page with no items and an error record are one row each, with the item columns
empty, so that no input disappears from a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["COLUMNS", "COLUMN_TYPES", "LINK_COLUMNS", "link_rows", "record_rows"]

#: (column, type) in order. Types: "int", "bool", "str", "category" (a short, repeated id).
COLUMN_TYPES: tuple[tuple[str, str], ...] = (
    ("input_index", "int"),
    ("source_name", "str"),
    ("source_path", "str"),
    ("source_member", "str"),
    ("source_record_id", "str"),
    ("source_url", "str"),
    ("source_name_bytes", "str"),
    ("status", "category"),
    ("error_code", "category"),
    ("error_message", "str"),
    ("imdb_id", "str"),
    ("title", "str"),
    ("year", "int"),
    ("episode", "str"),
    ("url", "str"),
    ("captured_at", "str"),
    ("page_kind", "category"),
    ("source_format", "category"),
    ("item_count", "int"),
    ("declared_total", "int"),
    ("problem_codes", "str"),
    ("item_index", "int"),
    ("item_id", "str"),
    ("category", "category"),
    ("category_label", "str"),
    ("is_spoiler", "bool"),
    ("votes_interested", "int"),
    ("votes_total", "int"),
    ("text", "str"),
    ("note", "str"),
)

#: The column names, in order (the CSV header).
COLUMNS: tuple[str, ...] = tuple(name for name, _ in COLUMN_TYPES)

#: One row per link: which input and item it belongs to, then the link.
LINK_COLUMNS: tuple[str, ...] = ("input_index", "item_index", "kind", "imdb_id", "text")


def record_rows(record: Mapping[str, Any], index: int) -> list[list[Any]]:
    """The rows of one ``convert`` record (``{"source", "page"}`` or ``{"source", "error"}``)
    as lists in ``COLUMNS`` order: one per item, or one for an error or an empty page."""
    src = record.get("source") or {}
    base: list[Any] = [
        index,
        src.get("name"),
        src.get("path"),
        src.get("member"),
        src.get("record_id"),
        src.get("url"),
        src.get("name_bytes"),
    ]
    err = record.get("error")
    if err is not None:
        row = [*base, "error", err["code"], err["message"]]
        return [row + [None] * (len(COLUMNS) - len(row))]
    page = record["page"]
    items = page["items"]
    head = [
        *base,
        "ok",
        None,
        None,
        page["imdb_id"],
        page["title"],
        page["year"],
        page.get("episode"),
        page.get("url"),
        page.get("captured_at"),
        page["page_kind"],
        page["source_format"],
        len(items),
        page["declared_total"],
        ";".join(p["code"] for p in page["problems"]),
    ]
    if not items:
        return [head + [None] * (len(COLUMNS) - len(head))]
    rows = []
    for i, item in enumerate(items):
        votes = item["votes"] or {}
        rows.append(
            [
                *head,
                i,
                item["id"],
                item["category"],
                item["category_label"],
                item["is_spoiler"],
                votes.get("interested"),
                votes.get("total"),
                item["text"],
                item["note"],
            ]
        )
    return rows


def link_rows(record: Mapping[str, Any], index: int) -> list[list[Any]]:
    """The links of one record's items as rows in ``LINK_COLUMNS`` order."""
    page = record.get("page")
    if not page:
        return []
    return [
        [index, i, link["kind"], link["imdb_id"], link["text"]]
        for i, item in enumerate(page["items"])
        for link in item["links"]
    ]
