"""The conversion of one page: a plain, picklable function of (name, bytes) to a JSON-ready record.

Every input becomes exactly one record, either ``{"source": ..., "page": ...}`` or
``{"source": ..., "error": {"code", "message", "exception"}}`` (schema in docs/batch.md), so a
batch never loses an input and a worker never raises for a bad page.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..api import parse
from ..errors import TriviaparseError
from ..limits import MAX_PAGE_BYTES, is_too_large, too_large_message
from ..model import PageKind, Problem, ProblemCode, TriviaPage
from ..schema import SCHEMA_VERSION
from ..serialize import to_dict
from .formats import encodable

__all__ = [
    "FAILED_CODES",
    "MAX_PAGE_BYTES",
    "convert_one",
    "convert_path",
    "error_record",
    "is_error",
    "make_source",
]

#: The ``error.code`` values a record can carry (stable; documented in docs/batch.md).
FAILED_CODES = (
    "unreadable",  # the file or archive member could not be read (OSError, bad archive)
    "empty",  # zero bytes, or only white space
    "not-a-page",  # binary content (image, PDF, executable…) given explicitly
    "not-a-trivia-page",  # text, but no marker of any IMDb layout triviaparse reads
    "no-items",  # an IMDb page on which no item was found
    "undecodable",  # bytes could not be turned into text (bad compression…)
    "truncated",  # a compressed page cut short, with nothing readable before the cut
    "internal-error",  # a reader failed on this input (please report it)
    "too-large",  # over MAX_PAGE_BYTES (limits.py), as stored or once decompressed
    "compression-bomb",  # an archive member with an absurd compression ratio
    "unsafe-member",  # an archive member whose name escapes its folder, or a link/device
    "no-match",  # a glob pattern that matched nothing
    "no-pages",  # an archive or WARC file with no page in it (only images, or no IMDb)
    "truncated-archive",  # a WARC, tar or zip file cut short: the records after the cut are lost
    "worker-died",  # the worker process converting this input died twice
    "timeout",  # converting this input took longer than the per-page time limit
)


def make_source(
    name: str,
    *,
    path: str | None = None,
    member: str | None = None,
    record_id: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """The ``source`` of a record: always the same five keys, unused ones None.

    A name that is not valid UTF-8 (a file or tar member name's bytes, kept by Python as lone
    surrogates) is shown with U+FFFD, and a sixth key ``name_bytes`` holds its bytes in base64.
    """
    src: dict[str, Any] = {
        "name": encodable(name),
        "path": encodable(name if path is None else path),
        "member": None if member is None else encodable(member),
        "record_id": None if record_id is None else encodable(record_id),
        "url": None if url is None else encodable(url),
    }
    if src["name"] != name:
        try:  # the bytes the file system or archive gave (see os.fsdecode)
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            raw = name.encode("utf-8", "surrogatepass")
        src["name_bytes"] = base64.b64encode(raw).decode("ascii")
    return src


def error_record(
    source: Mapping[str, Any], code: str, message: str, exception: str | None = None
) -> dict[str, Any]:
    """An error record: the input could not be turned into a page."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": dict(source),
        "error": {"code": code, "message": message, "exception": exception},
    }


def is_error(record: Mapping[str, Any]) -> bool:
    """True when ``record`` is an error record (its input failed)."""
    return "error" in record


# Under --strict the problem code names the failure, except where a batch code says it better.
_STRICT_CODES = {
    ProblemCode.UNRECOGNIZED_INPUT: "not-a-trivia-page",
    ProblemCode.DECODE_ERROR: "undecodable",
    ProblemCode.TRUNCATED_INPUT: "truncated",
    ProblemCode.INTERNAL_ERROR: "internal-error",
    ProblemCode.NO_ITEMS: "no-items",
}


def _batch_code(problem: Problem) -> str:
    """The record's ``error.code`` for the problem that failed a page."""
    if problem.code is ProblemCode.DECODE_ERROR and is_too_large(problem.message):
        return "too-large"
    return _STRICT_CODES.get(problem.code, str(problem.code))


def _failure(page: TriviaPage) -> tuple[str, str] | None:
    """Why a lenient page counts as failed, or None when it is a converted page."""
    if page.items:
        return None
    too_large = [
        p for p in page.problems if p.code is ProblemCode.DECODE_ERROR and is_too_large(p.message)
    ]
    if too_large:
        return "too-large", too_large[0].message
    by_code = {p.code: p.message for p in page.problems}
    for code, reason in (
        (ProblemCode.DECODE_ERROR, "undecodable"),
        (ProblemCode.TRUNCATED_INPUT, "truncated"),
        (ProblemCode.INTERNAL_ERROR, "internal-error"),
        (ProblemCode.UNRECOGNIZED_INPUT, "not-a-trivia-page"),
    ):
        if code in by_code:
            return reason, by_code[code]
    if page.page_kind is PageKind.UNKNOWN:
        return "not-a-trivia-page", "the page is of no kind triviaparse reads"
    return "no-items", by_code.get(ProblemCode.NO_ITEMS, "no items were found on the page")


def convert_one(
    name: str, data: bytes, *, strict: bool = False, source: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Convert one page's bytes to a record; never raises for bad input.

    ``name`` says where the bytes came from (a path, ``path::member``…); ``source`` overrides
    the record's ``source`` dict (see :func:`make_source`). Top-level and picklable, so it runs
    unchanged in worker processes, Dask, Spark or Ray.
    """
    src = dict(source) if source is not None else make_source(name)
    if len(data) > MAX_PAGE_BYTES:
        return error_record(src, "too-large", too_large_message(f"{len(data)} bytes is"))
    if not data.strip():
        return error_record(src, "empty", "the input is empty")
    try:  # parse decompresses the page (once), refusing it past MAX_PAGE_BYTES
        page = parse(data, strict=strict, source=name)
    except TriviaparseError as exc:
        code = "strict" if exc.problem is None else _batch_code(exc.problem)
        return error_record(src, code, str(exc), type(exc).__name__)
    except Exception as exc:  # a bug must cost one record, not the batch
        return error_record(
            src, "internal-error", f"{type(exc).__name__}: {exc}", type(exc).__name__
        )
    failure = _failure(page)
    if failure is not None:
        return error_record(src, failure[0], failure[1])
    return {"schema_version": SCHEMA_VERSION, "source": src, "page": to_dict(page)}


def convert_path(
    path: str | os.PathLike[str], *, strict: bool = False, source: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Read one file and :func:`convert_one` it; an unreadable file is an error record."""
    name = os.fspath(path)
    src = dict(source) if source is not None else make_source(name)
    try:
        p = Path(name)
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            return error_record(src, "too-large", too_large_message(f"{size} bytes is"))
        data = p.read_bytes()
    except OSError as exc:
        return error_record(src, "unreadable", f"{exc.strerror or exc}: {name}", type(exc).__name__)
    return convert_one(name, data, strict=strict, source=src)
