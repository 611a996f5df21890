"""``parse`` and ``parse_file``: decode, detect, read, check counts, apply strictness."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from .archive import is_plain
from .decode import Body, body_of, decode, decode_body
from .detect import NOT_CLASSIC_MARKS, classic_unless_marked, detect, detect_bytes
from .errors import TriviaparseError, error_for
from .model import PageKind, Problem, ProblemCode, SourceFormat, TriviaPage
from .readers import Context, get_bytes_reader, get_reader
from .readers._imdb import SPOILER_LABELS

if TYPE_CHECKING:
    from .readers.datafile import Source

__all__ = ["FORMATS", "check_counts", "iter_datafile", "parse", "parse_file"]

#: The values ``parse(format=...)`` accepts.
FORMATS = tuple(str(f) for f in SourceFormat if f is not SourceFormat.UNKNOWN)

_In = TypeVar("_In", str, bytes)
_UnmarkedReader = Callable[[bytes, Context, int, tuple[str, ...]], TriviaPage | None]
_Out = TypeVar("_Out", bound=TriviaPage | None)

# Pages whose items are a sample of a larger whole: their declared total is not a promise.
_SAMPLE_KINDS = (PageKind.TITLE_MAIN, PageKind.NAME_MAIN)


def _label_counts(page: TriviaPage) -> Counter[str]:
    """Items per group label (lower case), in one pass however many groups the page holds."""
    counts: Counter[str] = Counter()
    for label, count in Counter(item.category_label for item in page.items).items():
        counts[(label or "").strip().lower()] += count
    return counts


def check_counts(page: TriviaPage, ctx: Context) -> None:
    """Compare what the page announces with what was read; a mismatch is a problem."""
    codes = {p.code for p in ctx.problems}
    if not page.items:
        if ProblemCode.UNRECOGNIZED_INPUT not in codes:
            ctx.problem(ProblemCode.NO_ITEMS, "no items were found on the page")
        return
    if page.page_kind in _SAMPLE_KINDS:
        return
    if ProblemCode.INCOMPLETE_PAGE in codes:
        return
    if page.declared_total is not None and page.declared_total != len(page.items):
        ctx.problem(
            ProblemCode.DECLARED_COUNT_MISMATCH,
            f"the page declares {page.declared_total} items but {len(page.items)} were read",
        )
    if not page.declared_counts:
        return
    keys = [label.strip().lower() for label in page.declared_counts]
    # the spoiler group counts the items marked as spoilers, and a classic page declares no
    # other: its labels then need no counting
    labels = _label_counts(page) if any(key not in SPOILER_LABELS for key in keys) else Counter()
    spoilers = (
        len([1 for item in page.items if item.is_spoiler])
        if any(key in SPOILER_LABELS for key in keys)
        else 0
    )
    for (label, count), key in zip(page.declared_counts.items(), keys, strict=True):
        found = spoilers if key in SPOILER_LABELS else labels[key]
        if found != count:
            ctx.problem(
                ProblemCode.DECLARED_COUNT_MISMATCH,
                f"the page declares {count} items in {label!r} but {found} were read",
            )


def _coerce_format(format: str | SourceFormat | None) -> SourceFormat | None:
    if format is None:
        return None
    try:
        fmt = SourceFormat(format)
    except ValueError:
        fmt = None
    if fmt is None or str(fmt) not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def parse(
    data: str | bytes, *, format: str | None = None, strict: bool = False, source: str | None = None
) -> TriviaPage:
    """Parse one IMDb trivia-family page given as text or as bytes saved from anywhere.

    ``format=None`` detects the layout from the input; a ``SourceFormat`` id forces one.
    Lenient (default): always returns a page, with ``problems`` saying what could not be read.
    Strict: raises a ``TriviaparseError`` subclass for the first problem, naming ``source``.
    """
    fmt = _coerce_format(format)
    if isinstance(data, bytes | bytearray | memoryview):
        body = body_of(data)
        read = _read_bytes(body, fmt, strict, source)
        if read is not None:
            page, ctx = read
            origin = body.origin()
            return _finish(page, ctx, strict, source, origin.url, origin.captured_at)
        decoded = decode_body(body)
    else:
        decoded = decode(data)
    ctx = Context(source=source)
    ctx.problems.extend(decoded.problems)
    text = decoded.text
    if fmt is None:
        fmt = detect(text)
    if fmt is None:
        ctx.problem(
            ProblemCode.UNRECOGNIZED_INPUT,
            "the input carries no marker of an IMDb page in any layout triviaparse reads"
            if text.strip()
            else "nothing was left to read"
            if decoded.problems
            else "the input is empty",
        )
        page = TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.UNKNOWN)
    else:
        page = _run_reader(get_reader(fmt), text, fmt, ctx, strict)
    return _finish(page, ctx, strict, source, decoded.url, decoded.captured_at)


def _read_bytes(
    body: Body, fmt: SourceFormat | None, strict: bool, source: str | None
) -> tuple[TriviaPage, Context] | None:
    """The page read straight from the bytes of ``body`` by a reader that can (decoding only
    the part it needs), or None when the text must be decoded first: a wrapped or damaged
    input, another layout, or a reader that declines this page."""
    if body.problems:
        return None
    data, start = body.whole, body.start  # the page is data[start:], never copied out
    if fmt is None and classic_unless_marked(data, start) and is_plain(data, start):
        quick = _read_unmarked_classic(data, start, source)
        if quick is not None:
            return quick
    fmt = fmt or detect_bytes(data, start)
    if fmt is None:
        return None
    reader = get_bytes_reader(fmt)
    if reader is None or not is_plain(data, start):
        return None
    ctx = Context(source=source)
    page = _run_reader(lambda d, c: reader(d, c, start), data, fmt, ctx, strict)
    return None if page is None else (page, ctx)


def _read_unmarked_classic(
    data: bytes, start: int, source: str | None
) -> tuple[TriviaPage, Context] | None:
    """The classic page ``data[start:]`` read by a reader that also proves it holds none of
    ``NOT_CLASSIC_MARKS``, which ``detect_bytes`` would search all of it for; None when the
    reader cannot (the usual way then decides, the reader's work undone)."""
    reader = get_bytes_reader(SourceFormat.HTML_CLASSIC)
    if reader is None:
        return None
    # the classic reader's fourth parameter: what the page must not hold (readers.classic)
    read_classic = cast(_UnmarkedReader, reader)
    ctx = Context(source=source)
    try:
        page = read_classic(data, ctx, start, NOT_CLASSIC_MARKS)
    except Exception:  # the usual way reads it again and reports what it raises
        return None
    return None if page is None else (page, ctx)


def _run_reader(
    reader: Callable[[_In, Context], _Out],
    data: _In,
    fmt: SourceFormat,
    ctx: Context,
    strict: bool,
) -> _Out | TriviaPage:
    """``reader(data, ctx)``; a reader's bug becomes an ``internal-error`` problem (strict: an
    error), not the loss of a whole batch, nor silence."""
    try:
        return reader(data, ctx)
    except TriviaparseError:
        raise
    except Exception as exc:
        if strict:
            raise error_for(
                Problem(code=ProblemCode.INTERNAL_ERROR, message=f"{type(exc).__name__}: {exc}"),
                ctx.source,
            ) from exc
        ctx.problem(
            ProblemCode.INTERNAL_ERROR,
            f"the {fmt} reader failed ({type(exc).__name__}: {exc}); please report this input",
        )
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=fmt)


def _finish(
    page: TriviaPage,
    ctx: Context,
    strict: bool,
    source: str | None,
    url: str | None,
    captured_at: str | None,
) -> TriviaPage:
    """Check the counts the page declares, apply strictness, and add problems and origin."""
    check_counts(page, ctx)
    if strict and ctx.problems:
        raise error_for(ctx.problems[0], source)
    if not ctx.problems and url == page.url and captured_at == page.captured_at:
        return page  # nothing to add (a reader's page is new: no one else holds it)
    return attrs.evolve(
        page, problems=(*page.problems, *ctx.problems), url=url, captured_at=captured_at
    )


def parse_file(
    path: str | os.PathLike[str], *, format: str | None = None, strict: bool = False
) -> TriviaPage:
    """Read ``path`` as bytes and :func:`parse` it; errors name the path."""
    name = os.fspath(path)  # not pathlib: ``import triviaparse`` stays light
    with open(name, "rb") as fh:
        data = fh.read()
    return parse(data, format=format, strict=strict, source=name)


def iter_datafile(path_or_binary_file: Source, *, strict: bool = False) -> Iterator[TriviaPage]:
    """The pages of an IMDb plain-text data file, one per title, in file order, lazily
    (:func:`triviaparse.readers.datafile.iter_datafile`; imported on first use, so that
    ``import triviaparse`` does not pay for the data-file reader)."""
    from .readers.datafile import iter_datafile as read_pages

    return read_pages(path_or_binary_file, strict=strict)
