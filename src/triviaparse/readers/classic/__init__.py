"""Classic IMDb HTML (2010–2023): trivia, goofs, crazy credits, filming locations, plot keywords,
taglines, and the "Did You Know?" blocks of title and name main pages.

The reader never parses the whole page: ``region`` cuts the content block out by string search,
``head`` reads title, year and id by small regexes, ``scan`` reads runs of items in IMDb's exact
shapes without a parser and ``walk`` parses and walks the rest with lxml; both give ``Item``s,
which ``items`` turns into records. Main pages (no content block) are read by ``dyk``.

``read_bytes`` reads a UTF-8 page without decoding all of it: it finds the content blocks in
the bytes and decodes only them and the page above them, then reads them as ``read`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...decode import is_utf8
from ...model import PageKind, ProblemCode, SourceFormat, TriviaPage
from .. import Context
from .._imdb import SPOILER_CATEGORY
from . import scan as _scan
from .dyk import read_dyk
from .head import Head, NeedsMore, content_kind, kind_for_trivia_block, kind_from_ids, read_head
from .items import ItemBuilder, Run
from .region import (
    END_MARKERS,
    Region,
    block_starts,
    content_regions,
    cut_region,
    first_block,
    region_of,
)
from .walk import Declared, collect, inert, parse_fragment, read_gap, runs

__all__ = ["read", "read_bytes"]


def _block_runs(
    region: Region, declared: Declared, taken: dict[str, int], *, scan: bool
) -> Iterator[Run]:
    """The runs of items in one content block, in order: read by the scan where it can, the
    rest (or, with ``scan`` off, all of it) parsed and walked with lxml."""
    parts = region.parts if scan else None
    if scan and parts is None and region.raw is not None:
        parts = _scan.split_raw(region.raw, plain=region.plain)
    if scan and parts is None:
        parts = _scan.split_block(region.html, plain=region.plain)
    if parts is None:
        html = region.html
        root = parse_fragment(html)
        if root is not None:
            raws, _, _ = collect(root, declared, anchors=SPOILER_CATEGORY in html)
            yield from runs(raws, taken)
        return
    label: str | None = None
    spoiler = False
    for part in parts:
        if isinstance(part, list):
            yield Run(part, label, spoiler)
            continue
        if inert(part):  # closing tags, a script: nothing the walk would read
            continue
        known = read_gap(part, declared)
        if known is not None:  # one of IMDb's usual gaps, read as the walk reads it
            label, spoiler = known
            continue
        root = parse_fragment(part)
        if root is not None:
            raws, label, spoiler = collect(
                root, declared, anchors=SPOILER_CATEGORY in part, label=label, spoiler=spoiler
            )
            yield from runs(raws, taken)


def _read_content(
    above: str, name: str, regions: list[Region], head: Head, ctx: Context, *, scan: bool
) -> TriviaPage:
    """A page with a content block (``div#trivia_content`` or a sibling), read once per copy;
    ``above`` is the page up to its first block."""
    builder = ItemBuilder(ctx)
    declared = Declared()
    for region in regions:
        for run in _block_runs(region, declared, builder.seen, scan=scan):
            builder.add(run)
    items = builder.items
    declared.report(ctx)
    if not all(region.closed for region in regions):
        ctx.problem(
            ProblemCode.TRUNCATED_INPUT,
            f"the {name}_content block is never closed: the page was cut short"
            + (" and its last item may be incomplete" if items else ""),
            item=len(items) - 1 if items else None,
        )
    kind = content_kind(name)
    if kind is PageKind.TRIVIA:
        kind = kind_for_trivia_block(above, len(above), head, items)
    return TriviaPage(
        imdb_id=head.imdb_id,
        title=head.title,
        year=head.year,
        page_kind=kind,
        source_format=SourceFormat.HTML_CLASSIC,
        items=tuple(items),
        declared_total=declared.total,
        declared_counts=declared.counts,
    )


def _read_whole(text: str, head: Head, ctx: Context) -> TriviaPage:
    """Last resort: soda markup but no known content block; read the whole page."""
    ctx.problem(
        ProblemCode.UNEXPECTED_STRUCTURE,
        "no classic content block (div#trivia_content or a sibling) was found; "
        "read item markup from the whole page",
    )
    builder = ItemBuilder(ctx)
    declared = Declared()
    root = parse_fragment(text)
    if root is not None:
        raws, _, _ = collect(root, declared)
        for run in runs(raws, builder.seen):
            builder.add(run)
    items = builder.items
    declared.report(ctx)
    return TriviaPage(
        imdb_id=head.imdb_id,
        title=head.title,
        year=head.year,
        page_kind=kind_from_ids(items),
        source_format=SourceFormat.HTML_CLASSIC,
        items=tuple(items),
        declared_total=declared.total,
        declared_counts=declared.counts,
    )


def read(text: str, ctx: Context, *, scan: bool = True) -> TriviaPage:
    """Read a classic-layout IMDb page (any of the sibling pages) into a ``TriviaPage``.

    ``scan=False`` parses every content block with lxml instead of reading runs of items in
    IMDb's exact shapes by regex: the same page, more slowly (tests compare the two).
    """
    found = first_block(text)
    if found is None:
        head = read_head(text, len(text))
        page = read_dyk(text, head, ctx)
        if page is not None:
            return page
        return _read_whole(text, head, ctx)
    name, first = found
    opened = _open_scan(text, name, plain=False, start=first) if scan else None
    if opened is not None:
        parts, end = opened
        regions = [Region(first, first + end, None, True, parts=parts)]
    else:
        regions = content_regions(text)[1]
    head = read_head(text, first)
    return _read_content(text[:first], name, regions, head, ctx, scan=scan)


def _open_scan(
    page: str | bytes, name: str, *, plain: bool, forbidden: tuple[str, ...] = (), start: int = 0
) -> tuple[list[Any], int] | None:
    """``scan.split_open`` of a page from its first content block on (at ``start``), when
    that block is the page's only one and ends before the page does (else None: the usual way
    reads it); its end counted from ``start``."""
    found = _scan.split_open(page, END_MARKERS, plain=plain, forbidden=forbidden, start=start)
    if found is None:
        return None
    parts, end = found
    block_name = f"{name}_content"
    later = (
        page.rfind(block_name.encode("ascii"), end)
        if isinstance(page, bytes)
        else page.rfind(block_name, end)
    )
    if end == len(page) or later >= 0:
        return None
    return parts, end - start


def _bytes_region(data: bytes, start: int, stop: int) -> Region:
    """The content block ``data[start:stop]`` of a UTF-8 page, decoded; where it is not UTF-8,
    its cut alone, as ``read`` would see it (``UnicodeDecodeError`` if that is not either)."""
    plain = _scan.plain_span(data, start, stop)
    try:
        raw = str(memoryview(data)[start:stop], "utf-8")
    except UnicodeDecodeError:  # maybe only in the furniture the cut drops
        return cut_region(data, start, stop, plain)
    return region_of(raw, start, stop, at_end=stop == len(data), plain=plain)


def _open_region(
    data: bytes, name: str, first: int, forbidden: tuple[str, ...] = ()
) -> Region | None:
    """The page's one content block, starting at ``first``, read by the scan while it finds
    the block's end (``_open_scan``), from the page's bytes; None when that cannot give what
    ``_bytes_region`` gives: the rest of the page is not UTF-8, the block is not all in the
    scan's shapes (or not plain), or ``_open_scan`` declines (or finds one of ``forbidden``
    from ``first`` on)."""
    if not is_utf8(data, first):
        return None
    opened = _open_scan(data, name, plain=True, forbidden=forbidden, start=first)
    if opened is None:
        return None
    parts, end = opened
    stop = first + end
    if not _scan.plain_span(data, first, stop):
        return None
    return Region(first, stop, None, True, True, parts=parts)


def read_bytes(
    data: bytes, ctx: Context, start: int = 0, forbidden: tuple[str, ...] = ()
) -> TriviaPage | None:
    """``read(data[start:].decode("utf-8"), ctx)`` for a classic page's body, without decoding
    (or copying) the whole page: the content blocks are found in the bytes, and only they and
    the page above them are decoded. None (nothing reported) when that cannot give exactly
    what ``read`` gives: a part it decodes is not UTF-8, or the head runs on into the content.

    ``forbidden`` (``detect.NOT_CLASSIC_MARKS``): strings the page must not hold anywhere,
    for a page not yet searched for them; None unless it is read the fast way (one content
    block in the scan's shapes), which looks for them where it reads, and above the block.
    """
    found = first_block(data, start)
    forbidden_b = tuple(mark.encode("ascii") for mark in forbidden)
    if forbidden and (found is None or _scan.reaches(data, forbidden_b, start, found[1])):
        return None
    try:
        if found is None:
            text = str(memoryview(data)[start:], "utf-8")
        else:
            name, first = found
            above = str(memoryview(data)[start:first], "utf-8")
            head = read_head(above, len(above), whole=False)
            region = _open_region(data, name, first, forbidden)
            if region is not None:
                regions = [region]
            elif forbidden:
                return None
            else:
                blocks = block_starts(data, start)[1]
                regions = [_bytes_region(data, s, stop) for s, stop in blocks]
    except (UnicodeDecodeError, NeedsMore):
        return None
    if found is None:
        return read(text, ctx)
    return _read_content(above, name, regions, head, ctx, scan=True)
