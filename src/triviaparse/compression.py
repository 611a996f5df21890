"""Compression: the one home for recognising gzip, bzip2, xz and zip and for undoing the
stream formats within a size limit.

Output is produced in bounded steps and decompression stops as soon as it would pass the
limit, so a compression bomb costs at most the limit in memory, never its full size. Both
``decode`` (one page) and ``batch`` (sniffing files, archives) use this module.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from typing import Any

import attrs

from .limits import MAX_PAGE_BYTES

__all__ = [
    "BZIP2",
    "GZIP",
    "XZ",
    "ZIP",
    "CorruptStream",
    "Inflated",
    "TooLarge",
    "compression_of",
    "decompress",
    "inflate_deflate",
    "peek",
    "peek_deflate",
]

GZIP, BZIP2, XZ, ZIP = "gzip", "bzip2", "xz", "zip"

_MAGIC = (
    (GZIP, b"\x1f\x8b"),
    (BZIP2, b"BZh"),
    (XZ, b"\xfd7zXZ\x00"),
    (ZIP, b"PK\x03\x04"),
    (ZIP, b"PK\x05\x06"),
)
_STREAMS = (GZIP, BZIP2, XZ)
_STEP = 1 << 20  # bytes of output per step: what one step may allocate
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


class TooLarge(ValueError):
    """The output would pass the limit; nothing past the limit was produced."""

    def __init__(self, kind: str, limit: int) -> None:
        self.kind = kind
        self.limit = limit
        super().__init__(f"{kind} input decompresses to over {limit} bytes")


class CorruptStream(ValueError):
    """The compressed stream cannot be read (not truncation: damage)."""


@attrs.frozen
class Inflated:
    """Decompressed bytes; ``layers`` the formats undone, outermost first; ``truncated`` True
    when a stream ended before its end marker (the bytes are what came before the cut)."""

    data: bytes
    layers: tuple[str, ...] = ()
    truncated: bool = False


def compression_of(head: bytes) -> str | None:
    """``"gzip"``, ``"bzip2"``, ``"xz"`` or ``"zip"`` by magic number, else None."""
    for kind, magic in _MAGIC:
        if head[: len(magic)] == magic:
            return kind
    return None


def _decompressor(kind: str, wbits: int = _GZIP_WBITS) -> Any:
    if kind == GZIP:
        return zlib.decompressobj(wbits)
    if kind == BZIP2:
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()


def _inflate(
    data: bytes | memoryview, kind: str, limit: int, wbits: int = _GZIP_WBITS
) -> tuple[bytes, bool]:
    """One compression layer undone in steps of at most ``_STEP`` bytes, never producing more
    than ``limit + 1`` bytes; concatenated streams (``cat a.gz b.gz``) are read through.
    Returns (bytes, truncated)."""
    out: list[bytes] = []
    total = 0
    dec = _decompressor(kind, wbits)
    is_zlib = kind == GZIP
    pending: bytes | memoryview = data
    # a raw or zlib-wrapped deflate body (HTTP) has no magic and no following streams
    magic = next(m for k, m in _MAGIC if k == kind) if wbits == _GZIP_WBITS else b""
    try:
        while True:
            chunk = dec.decompress(pending, min(_STEP, limit + 1 - total))
            total += len(chunk)
            if total > limit:
                raise TooLarge(kind, limit)
            out.append(chunk)
            if dec.eof:
                rest = dec.unused_data
                if magic and rest[: len(magic)] == magic:  # another stream follows
                    dec = _decompressor(kind, wbits)
                    pending = rest
                    continue
                return b"".join(out), False
            if is_zlib:
                pending = dec.unconsumed_tail
                if not pending and not chunk:
                    return b"".join(out), True
            else:
                pending = b""
                if dec.needs_input and not chunk:
                    return b"".join(out), True
    except TooLarge:
        raise
    except _ERRORS as exc:
        raise CorruptStream(f"{kind} stream could not be read: {exc}") from exc


def decompress(
    data: bytes | memoryview, *, limit: int = MAX_PAGE_BYTES, max_layers: int = 3
) -> Inflated:
    """Undo gzip/bzip2/xz (recognised by magic number, up to ``max_layers`` nested layers).

    Raises :class:`TooLarge` before producing more than ``limit`` bytes and
    :class:`CorruptStream` on damaged data. Input that is not compressed comes back as is.
    """
    layers: list[str] = []
    truncated = False
    for _ in range(max_layers):
        kind = compression_of(bytes(data[:6]))
        if kind not in _STREAMS:
            break
        data, cut = _inflate(data, kind, limit)
        layers.append(kind)
        truncated = truncated or cut
    return Inflated(bytes(data), tuple(layers), truncated)


def inflate_deflate(data: bytes | memoryview, *, limit: int = MAX_PAGE_BYTES) -> Inflated:
    """Undo HTTP ``Content-Encoding: deflate``: zlib-wrapped as the RFC says, or the raw
    deflate some servers send."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            body, cut = _inflate(data, GZIP, limit, wbits)
        except CorruptStream:
            continue
        return Inflated(body, ("deflate",), cut)
    raise CorruptStream("deflate stream could not be read")


def peek_deflate(head: bytes, size: int = 4096) -> bytes:
    """The first ``size`` bytes inside the start of an HTTP ``deflate`` body (zlib-wrapped or
    raw), b"" when it cannot be read."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            return zlib.decompressobj(wbits).decompress(head, size)
        except zlib.error:
            continue
    return b""


def peek(head: bytes, size: int = 4096) -> bytes:
    """The first ``size`` bytes inside (up to three layers of) gzip/bzip2/xz around ``head``;
    ``head`` itself when it is not compressed; b"" when it cannot be read. ``head`` may be
    only the start of a stream."""
    data = head
    for _ in range(3):
        kind = compression_of(data)
        if kind not in _STREAMS:
            return data
        try:
            data = _decompressor(kind).decompress(data, size)
        except _ERRORS:
            return b""
    return data
