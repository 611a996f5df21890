"""Records as text: JSON Lines, one JSON document, or CSV rows, always encodable as UTF-8.

Each input is rendered to one chunk of text (a line, or a CSV row per item) in the worker, and
encoded to UTF-8 there; the parent only appends the bytes (:mod:`.output`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from .._columns import COLUMNS, record_rows

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "csv_rows",
    "encodable",
    "header",
    "render",
    "render_encoded",
]

#: The output formats of ``triviaparse convert``.
FORMATS = ("jsonl", "json", "csv")

#: The CSV columns, in order (documented in docs/batch.md): the one column list of
#: ``to_dataframe`` and Parquet too. One row per item; page and source columns repeat on every
#: row of a page; an error record is one row with ``error_*`` filled.
CSV_COLUMNS = COLUMNS

_BOM = "\ufeff"  # lets spreadsheets see UTF-8; pandas.read_csv skips it

_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with every lone surrogate (a byte that was not UTF-8, or a bad JSON escape)
    replaced by U+FFFD, so that it always encodes as UTF-8."""
    return text if text.isascii() else _utf8(text)[1]


def _utf8(text: str) -> tuple[bytes, str]:
    """``text`` made encodable, and its UTF-8 bytes (encoded once when it already is)."""
    try:
        return text.encode("utf-8"), text
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
        return text.encode("utf-8"), text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_rows(record: Mapping[str, Any], index: int) -> list[list[Any]]:
    """The CSV rows of one record: one per item, or one for an error or an empty page."""
    return [[_cell(v) for v in row] for row in record_rows(record, index)]


def _render(record: Mapping[str, Any], index: int, fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(csv_rows(record, index))
        return buf.getvalue()
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _render_safe(record: Mapping[str, Any], index: int, fmt: str) -> tuple[str, str | None]:
    """The record's text and error code (None for a page); an ``internal-error`` record of
    the same source when the record cannot be rendered."""
    try:
        err = record.get("error")
        return _render(record, index, fmt), (str(err["code"]) if err else None)
    except Exception as exc:  # a bad record must cost one record, not the batch
        src = record.get("source") if isinstance(record, Mapping) else None
        source = {
            k: src.get(k) if isinstance(src, Mapping) and isinstance(src.get(k), str) else None
            for k in ("name", "path", "member", "record_id", "url")
        }
        source["name"] = source["name"] or f"<input {index}>"
        fallback = {
            "source": source,
            "error": {
                "code": "internal-error",
                "message": f"the record could not be written: {type(exc).__name__}: {exc}",
                "exception": type(exc).__name__,
            },
        }
        return _render(fallback, index, fmt), "internal-error"


def render(record: Mapping[str, Any], index: int, fmt: str) -> str:
    """One record as the text it occupies in an output of format ``fmt``; always encodable
    as UTF-8 (lone surrogates become U+FFFD).

    Never raises for a record: one that cannot be rendered (a bug upstream) is written as an
    ``internal-error`` record of the same source, so that it costs itself, not the batch.
    """
    return encodable(_render_safe(record, index, fmt)[0])


def render_encoded(record: Mapping[str, Any], index: int, fmt: str) -> tuple[bytes, str | None]:
    """:func:`render` as UTF-8 bytes, encoded once (what the workers send back), with the
    error code of the record written (None for a page)."""
    text, code = _render_safe(record, index, fmt)
    return _utf8(text)[0], code


def header(fmt: str) -> str:
    """What an output of format ``fmt`` starts with (the CSV's column row, the JSON's "[")."""
    if fmt == "json":
        return "[\n"
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(CSV_COLUMNS)
        return _BOM + buf.getvalue()
    return ""
