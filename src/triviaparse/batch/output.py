"""Rendering records as JSON Lines, one JSON document or CSV, and the crash-safe output file.

Each input is rendered to one chunk of text (a line, or a CSV row per item) in the worker, and
encoded to UTF-8 there; the parent only appends the bytes. The file is written as
``OUTPUT.partial`` and renamed when complete, so an interrupted run leaves whole records that
``--resume`` can read back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Iterator, Mapping
from typing import IO, Any

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "Output",
    "ResumeError",
    "csv_rows",
    "render",
]

#: The output formats of ``triviaparse convert``.
FORMATS = ("jsonl", "json", "csv")

#: The CSV columns, in order (documented in docs/batch.md). One row per item; page and source
#: columns repeat on every row of a page; an error record is one row with ``error_*`` filled.
CSV_COLUMNS = (
    "input_index", "source_name", "source_path", "source_member", "source_record_id",
    "source_url", "status", "error_code", "error_message", "imdb_id", "title", "year",
    "page_kind", "source_format", "item_count", "declared_total", "problem_codes",
    "item_index", "item_id", "category", "category_label", "is_spoiler", "votes_interested",
    "votes_total", "text", "note",
)

_BOM = "\ufeff"  # lets spreadsheets see UTF-8; pandas.read_csv skips it


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_rows(record: Mapping[str, Any], index: int) -> list[list[Any]]:
    """The CSV rows of one record: one per item, or one for an error or an empty page."""
    src = record["source"]
    base: list[Any] = [index, src.get("name"), src.get("path"), src.get("member"),
                       src.get("record_id"), src.get("url")]
    err = record.get("error")
    if err is not None:
        return [[_cell(v) for v in (*base, "error", err["code"], err["message"])]
                + [""] * (len(CSV_COLUMNS) - 9)]
    page = record["page"]
    items = page["items"]
    head = [*base, "ok", None, None, page["imdb_id"], page["title"], page["year"],
            page["page_kind"], page["source_format"], len(items), page["declared_total"],
            ";".join(p["code"] for p in page["problems"])]
    if not items:
        return [[_cell(v) for v in head] + [""] * (len(CSV_COLUMNS) - len(head))]
    rows = []
    for i, item in enumerate(items):
        votes = item["votes"] or {}
        rows.append([_cell(v) for v in (
            *head, i, item["id"], item["category"], item["category_label"], item["is_spoiler"],
            votes.get("interested"), votes.get("total"), item["text"], item["note"])])
    return rows


def render(record: Mapping[str, Any], index: int, fmt: str) -> str:
    """One record as the text it occupies in an output of format ``fmt``."""
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(csv_rows(record, index))
        return buf.getvalue()
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _header(fmt: str) -> str:
    if fmt == "json":
        return "[\n"
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(CSV_COLUMNS)
        return _BOM + buf.getvalue()
    return ""


class ResumeError(Exception):
    """The partial output cannot be continued (another format, or other inputs)."""


def _header_len(f: IO[bytes], fmt: str) -> int | None:
    """The length of the partial file's header; None when the cut fell inside it."""
    want = _header(fmt).encode("utf-8")
    if not want:
        return 0
    first = f.readline()
    if not first.endswith(b"\n") and want.startswith(first):
        return None
    if first != want:
        raise ResumeError(f"the partial file is not {fmt.upper()} written by triviaparse "
                          "convert (another --format?)")
    return len(first)


def _json_records(f: IO[bytes], fmt: str) -> Iterator[tuple[str, bool, int]]:
    """(source name, is an error, end offset) of each whole record of a JSON output."""
    first = True
    pos = f.tell()
    for line in iter(f.readline, b""):
        if not line.endswith(b"\n") or line == b"]\n":
            return
        body = line[1:] if fmt == "json" and not first and line.startswith(b",") else line
        try:
            rec = json.loads(body)
            name = rec["source"]["name"]
        except (ValueError, KeyError, TypeError):
            if first and fmt == "jsonl":
                raise ResumeError("the partial file is not JSON Lines written by triviaparse "
                                  "convert (another --format?)") from None
            return
        first = False
        pos += len(line)
        yield name, "error" in rec, pos


def _csv_records(f: IO[bytes]) -> Iterator[tuple[str, bool, int]]:
    """The same for CSV: a record is whole when all its item rows are there."""
    pos = f.tell()
    index = 0
    group: list[list[str]] = []
    pending = b""
    for line in iter(f.readline, b""):
        pending += line
        if not line.endswith(b"\n") or pending.count(b'"') % 2:
            continue  # a quoted field with a line break goes on
        try:
            row = next(csv.reader(io.StringIO(pending.decode("utf-8"), newline="")))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            return
        pos += len(pending)
        pending = b""
        if len(row) != len(CSV_COLUMNS) or row[0] != str(index):
            return
        group.append(row)
        expected = 1 if row[6] == "error" else max(1, int(row[14] or 0))
        if len(group) == expected:
            yield row[1], row[6] == "error", pos
            index += 1
            group = []


def _records(f: IO[bytes], fmt: str) -> Iterator[tuple[str, bool, int]]:
    return _csv_records(f) if fmt == "csv" else _json_records(f, fmt)


class Output:
    """Where rendered records go: standard output, or ``path`` through ``path.partial``.

    With ``resume`` the whole records already in ``path.partial`` are kept (a trailing
    incomplete one is dropped); ``count`` says how many, ``resumed_names()`` gives their names.
    """

    #: How often buffered records reach the file at the latest.
    FLUSH_SECONDS = 0.25

    def __init__(self, path: str | None, fmt: str, *, resume: bool = False,
                 stdout: IO[str] | None = None) -> None:
        self.path = path
        self.partial = ""
        self._flushed = 0.0
        self.fmt = fmt
        self.count = 0
        self.resumed_errors = 0
        self._header_len = 0
        self._stdout = stdout
        self._file: IO[bytes] | None = None
        if path is None:
            self._write_text(_header(fmt))
            return
        self.partial = path + ".partial"
        if resume and os.path.exists(self.partial) and os.path.getsize(self.partial) > 0:
            self._file = open(self.partial, "r+b")
            try:
                header = _header_len(self._file, fmt)
                good = 0
                if header is not None:
                    good = self._header_len = header
                    for _name, failed, end in _records(self._file, fmt):
                        self.count += 1
                        self.resumed_errors += failed
                        good = end
            except BaseException:
                self._file.close()
                raise
            self._file.seek(good)
            self._file.truncate()
            if header is None:
                self._write_text(_header(fmt))
        else:
            self._file = open(self.partial, "wb")
            self._write_text(_header(fmt))
        self._file.flush()

    def resumed_names(self) -> Iterator[str]:
        """The source names of the records kept from the partial file, read from it again
        (never all held in memory: a crawl's partial output can hold millions)."""
        if not self.count:
            return
        with open(self.partial, "rb") as f:
            f.seek(self._header_len)
            for n, (name, _failed, _end) in enumerate(_records(f, self.fmt)):
                if n >= self.count:
                    return
                yield name

    def _write_text(self, text: str) -> None:
        self._write_bytes(text.encode("utf-8"))

    def _write_bytes(self, data: bytes) -> None:
        if self._file is not None:
            self._file.write(data)
        else:
            out = self._stdout
            assert out is not None
            raw = getattr(out, "buffer", None)  # UTF-8 whatever the terminal's encoding
            if raw is not None:
                raw.write(data)
            else:
                out.write(data.decode("utf-8"))

    def write(self, chunk: str | bytes) -> None:
        """Append one rendered record (text, or its UTF-8 bytes); flushed at least every
        ``FLUSH_SECONDS``.

        A crash can only cut the last record short (``--resume`` drops it) or lose the records
        still buffered (they are converted again); it never harms the records before them.
        """
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        if self.fmt == "json" and self.count:
            data = b"," + data
        self._write_bytes(data)
        self.count += 1
        now = time.monotonic()
        if now - self._flushed >= self.FLUSH_SECONDS:
            self._flushed = now
            if self._file is not None:
                self._file.flush()
            elif self._stdout is not None:
                self._stdout.flush()

    def finish(self) -> None:
        """Close the output; a file is renamed from ``.partial`` to its name."""
        if self.fmt == "json":
            self._write_text("]\n")
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
            assert self.path is not None
            os.replace(self.partial, self.path)
        elif self._stdout is not None:
            self._stdout.flush()

    def abandon(self) -> None:
        """Close without finishing: ``.partial`` stays for ``--resume``.

        On standard output (no resuming there) a JSON array is still closed, so what was
        written parses.
        """
        if self._file is not None:
            self._file.flush()
            self._file.close()
            self._file = None
        elif self._stdout is not None:
            try:
                if self.fmt == "json":
                    self._write_text("]\n")
                self._stdout.flush()
            except (OSError, ValueError):
                pass
