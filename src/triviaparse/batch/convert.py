"""The conversion of one page: a plain, picklable function of (name, bytes) to a JSON-ready record.

Every input becomes exactly one record, either ``{"source": ..., "page": ...}`` or
``{"source": ..., "error": {"code", "message", "exception"}}`` (schema in docs/batch.md), so a
batch never loses an input and a worker never raises for a bad page.
"""

from __future__ import annotations

import bz2
import lzma
import os
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..api import parse
from ..errors import TriviaparseError
from ..model import PageKind, ProblemCode, TriviaPage
from ..serialize import to_dict

__all__ = [
    "FAILED_CODES",
    "MAX_PAGE_BYTES",
    "convert_one",
    "convert_path",
    "error_record",
    "is_error",
    "make_source",
]

#: A single page larger than this (as stored, or once decompressed) is refused, not parsed.
MAX_PAGE_BYTES = 32 * 1024 * 1024

#: The ``error.code`` values a record can carry (stable; documented in docs/batch.md).
FAILED_CODES = (
    "unreadable",         # the file or archive member could not be read (OSError, bad archive)
    "empty",              # zero bytes, or only white space
    "not-a-page",         # binary content (image, PDF, executable…) given explicitly
    "not-a-trivia-page",  # text, but no marker of any IMDb layout triviaparse reads
    "no-items",           # an IMDb page on which no item was found
    "undecodable",        # bytes could not be turned into text (bad compression…)
    "truncated",          # a compressed page cut short, with nothing readable before the cut
    "internal-error",     # a reader failed on this input (please report it)
    "too-large",          # over MAX_PAGE_BYTES
    "compression-bomb",   # an archive member with an absurd compression ratio
    "unsafe-member",      # an archive member whose name escapes its folder, or a link/device
    "no-match",           # a glob pattern that matched nothing
    "no-pages",           # an archive or WARC file with no page in it (only images, or no IMDb)
    "worker-died",        # the worker process converting this input died twice
    "timeout",            # converting this input took longer than the per-page time limit
)


def make_source(name: str, *, path: str | None = None, member: str | None = None,
                record_id: str | None = None, url: str | None = None) -> dict[str, Any]:
    """The ``source`` of a record: always the same five keys, unused ones None."""
    return {"name": name, "path": name if path is None else path, "member": member,
            "record_id": record_id, "url": url}


def error_record(source: Mapping[str, Any], code: str, message: str,
                 exception: str | None = None) -> dict[str, Any]:
    """An error record: the input could not be turned into a page."""
    return {"source": dict(source),
            "error": {"code": code, "message": message, "exception": exception}}


def is_error(record: Mapping[str, Any]) -> bool:
    """True when ``record`` is an error record (its input failed)."""
    return "error" in record


# Under --strict the problem code names the failure, except where a batch code says it better.
_STRICT_CODES = {ProblemCode.UNRECOGNIZED_INPUT: "not-a-trivia-page",
                 ProblemCode.DECODE_ERROR: "undecodable",
                 ProblemCode.TRUNCATED_INPUT: "truncated",
                 ProblemCode.INTERNAL_ERROR: "internal-error",
                 ProblemCode.NO_ITEMS: "no-items"}


def _failure(page: TriviaPage) -> tuple[str, str] | None:
    """Why a lenient page counts as failed, or None when it is a converted page."""
    if page.items:
        return None
    by_code = {p.code: p.message for p in page.problems}
    for code, reason in ((ProblemCode.DECODE_ERROR, "undecodable"),
                         (ProblemCode.TRUNCATED_INPUT, "truncated"),
                         (ProblemCode.INTERNAL_ERROR, "internal-error"),
                         (ProblemCode.UNRECOGNIZED_INPUT, "not-a-trivia-page")):
        if code in by_code:
            return reason, by_code[code]
    if page.page_kind is PageKind.UNKNOWN:
        return "not-a-trivia-page", "the page is of no kind triviaparse reads"
    return "no-items", by_code.get(ProblemCode.NO_ITEMS, "no items were found on the page")


def _expands_past(data: bytes, limit: int) -> bool:
    """True when a gzip/bzip2/xz input decompresses to more than ``limit`` bytes.

    Counted in 1 MiB steps and thrown away, so a compression bomb costs time, not memory.
    """
    dec: Any
    if data[:2] == b"\x1f\x8b":
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif data[:3] == b"BZh":
        dec = bz2.BZ2Decompressor()
    elif data[:6] == b"\xfd7zXZ\x00":
        dec = lzma.LZMADecompressor()
    else:
        return False
    total = 0
    try:
        chunk = dec.decompress(data, 1 << 20)
        while chunk:
            total += len(chunk)
            if total > limit:
                return True
            if hasattr(dec, "unconsumed_tail"):  # zlib keeps its input in unconsumed_tail
                chunk = dec.decompress(dec.unconsumed_tail, 1 << 20)
            else:
                chunk = dec.decompress(b"", 1 << 20)
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError):
        return False  # a damaged stream is the page's own problem (undecodable)
    return False


def convert_one(name: str, data: bytes, *, strict: bool = False,
                source: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Convert one page's bytes to a record; never raises for bad input.

    ``name`` says where the bytes came from (a path, ``path::member``…); ``source`` overrides
    the record's ``source`` dict (see :func:`make_source`). Top-level and picklable, so it runs
    unchanged in worker processes, Dask, Spark or Ray.
    """
    src = dict(source) if source is not None else make_source(name)
    if len(data) > MAX_PAGE_BYTES:
        return error_record(src, "too-large", f"{len(data)} bytes is over the "
                                              f"{MAX_PAGE_BYTES}-byte limit for one page")
    if not data.strip():
        return error_record(src, "empty", "the input is empty")
    if _expands_past(data, MAX_PAGE_BYTES):
        return error_record(src, "too-large", f"decompresses to over {MAX_PAGE_BYTES} bytes, "
                                              "the limit for one page; refused")
    try:
        page = parse(data, strict=strict, source=name)
    except TriviaparseError as exc:
        code = "strict"
        if exc.problem is not None:
            code = _STRICT_CODES.get(exc.problem.code, str(exc.problem.code))
        return error_record(src, code, str(exc), type(exc).__name__)
    except Exception as exc:  # a bug must cost one record, not the batch
        return error_record(src, "internal-error", f"{type(exc).__name__}: {exc}",
                            type(exc).__name__)
    failure = _failure(page)
    if failure is not None:
        return error_record(src, failure[0], failure[1])
    return {"source": src, "page": to_dict(page)}


def convert_path(path: str | os.PathLike[str], *, strict: bool = False,
                 source: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Read one file and :func:`convert_one` it; an unreadable file is an error record."""
    name = os.fspath(path)
    src = dict(source) if source is not None else make_source(name)
    try:
        p = Path(name)
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            return error_record(src, "too-large", f"{size} bytes is over the "
                                                  f"{MAX_PAGE_BYTES}-byte limit for one page")
        data = p.read_bytes()
    except OSError as exc:
        return error_record(src, "unreadable", f"{exc.strerror or exc}: {name}",
                            type(exc).__name__)
    return convert_one(name, data, strict=strict, source=src)
