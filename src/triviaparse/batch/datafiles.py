"""IMDb's plain-text data files in a batch: the one input that becomes many records.

A data file is read as a stream, one title at a time; each title becomes a task holding that
title alone as a small data file of its own (banner, heading, items), which a worker parses
like any page. So memory stays flat, the page size limit applies to each title and not to
the file, and ``--resume`` finds its place in the middle of a file by the titles' names
(``path:line``, the line of the title's heading).
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from ..readers._imdb import DATAFILE_MARK
from ..readers.datafile import LineDecoder, Refused, excerpt, iter_blocks, iter_lines, open_binary
from .convert import make_source

__all__ = ["expand_datafile", "is_datafile", "title_source"]

_HEAD_BYTES = 8192


def _peek(head: bytes) -> bytes:
    """The first decompressed bytes of ``head`` (gzip, bzip2, xz), or ``head`` itself."""
    try:
        if head[:2] == b"\x1f\x8b":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _HEAD_BYTES)
        if head[:3] == b"BZh":
            import bz2

            return bz2.BZ2Decompressor().decompress(head, _HEAD_BYTES)
        if head[:6] == b"\xfd7zXZ\x00":
            return lzma.LZMADecompressor().decompress(head, _HEAD_BYTES)
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError):
        return b""
    return head


def is_datafile(head: bytes) -> bool:
    """Whether a file whose first bytes are ``head`` (compressed or not) is an IMDb data file:
    the ``CRC: … File: x.list`` header line, or a section banner underlined with "="."""
    inner = _peek(head)
    if inner.lstrip()[:1] in (b"<", b"{", b"["):  # HTML and JSON pages: not worth a search
        return False
    return DATAFILE_MARK.search(inner[:_HEAD_BYTES].decode("latin-1")) is not None


def title_source(path: str, line: int, heading: str) -> dict[str, Any]:
    """The ``source`` of one title's record: ``name`` is ``path:line`` (unique, and how
    ``--resume`` finds its place), ``member`` the heading as the file writes it."""
    return make_source(f"{path}:{line}", path=path, member=heading)


def expand_datafile(path: str, task: Callable[..., Any]) -> Iterator[Any]:
    """One task per title of the data file at ``path``, in file order, made by ``task`` (the
    expander's task factory: ``task(source, data=…, error=…, done=…)``).

    A file of a kind triviaparse does not read (``alternate-versions.list``) gives one error
    task (``not-a-trivia-page``); one that breaks off (a damaged gzip stream) gives its titles
    up to the break and then an error task; one with no title, a ``no-pages`` task.
    """
    count = 0
    with open(path, "rb") as raw:
        try:
            lines = iter_lines(open_binary(raw), LineDecoder())
            for block in iter_blocks(enumerate(lines, 1)):
                if isinstance(block, Refused):
                    yield task(
                        make_source(path),
                        error=("not-a-trivia-page", block.message),
                        done=raw.tell(),
                    )
                    return
                count += 1
                yield task(
                    title_source(path, block.line, block.heading),
                    data=excerpt(block).encode("utf-8"),
                    done=raw.tell(),
                )
        except EOFError as exc:
            yield task(
                make_source(path),
                error=("truncated", f"the data file ends early after {count} titles: {exc}"),
                done=raw.tell(),
            )
            return
        except (OSError, zlib.error, lzma.LZMAError) as exc:
            yield task(
                make_source(path),
                error=(
                    "unreadable",
                    f"the data file could not be read after {count} titles: {exc}",
                ),
                done=raw.tell(),
            )
            return
    if count == 0:
        yield task(make_source(path), error=("no-pages", "the data file holds no title"))
