"""Batch conversion: many saved pages (folders, archives, WARC crawls) to one dataset.

``parse_many`` (in :mod:`.engine`) is the engine: inputs to one result per page, in order, on
worker processes with a per-page time limit; ``run_convert`` renders its results to a file.

``convert_one(name, data)`` is the conversion of one page, a plain picklable function that the
``triviaparse convert`` workers and any distributed engine (see docs/batch.md) call alike.
"""

from __future__ import annotations

from .convert import MAX_PAGE_BYTES, convert_one, convert_path, error_record, make_source
from .engine import ParseResult, ResultError, ResultSource, parse_many
from .inputs import Expander, Task
from .runner import ConvertOptions, Summary, convert_tasks, run_convert
from .warc import iter_warc

# What docs/batch.md and docs/api.md describe; the modules' other names are the package's own.
__all__ = [
    "MAX_PAGE_BYTES",
    "ConvertOptions",
    "Expander",
    "ParseResult",
    "ResultError",
    "ResultSource",
    "Summary",
    "Task",
    "convert_one",
    "convert_path",
    "convert_tasks",
    "convert_warc",
    "iter_warc",
    "parse_many",
    "run_convert",
]


def convert_warc(path: str, *, strict: bool = False) -> list[dict[str, object]]:
    """Every IMDb trivia-family response of one WARC file as records (for Dask and friends)."""
    records: list[dict[str, object]] = []
    for item in iter_warc(path):
        if isinstance(item, str):
            records.append(
                error_record(make_source(path), getattr(item, "code", "unreadable"), item)
            )
        else:
            src, data = item
            records.append(convert_one(src["name"], data, strict=strict, source=src))
    return records
