"""What a file is, from its first few KiB: a page, an archive, a WARC, binary content or an asset.

Names never matter, only content; compressed files and saved HTTP responses are looked into,
decompressing only their first bytes.
"""

from __future__ import annotations

import os

from ..compression import ZIP, compression_of, peek, peek_deflate
from ..decode import strip_http_headers
from ..detect import non_page

__all__ = ["BINARY_WHY", "SNIFF_BYTES", "not_page_why", "read_head", "sniff"]

#: How many bytes of a file are read to tell what it is.
SNIFF_BYTES = 4096
#: Why a binary file is no page (the record's message, or the skip note of ``convert -v``).
BINARY_WHY = "binary content (an image, a PDF, an executable…), not a saved page"

_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"SQLite format 3",
    b"\xca\xfe\xba\xbe",
    b"\x00asm",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x00\x00\x01\x00",
    b"II*\x00",
    b"MM\x00*",
    b"wOFF",
    b"wOF2",
    b"\x1a\x45\xdf\xa3",
    b"fLaC",
)
_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)  # not in text, save ESC rarely


def _is_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text carries NULs
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > max(2, len(head) // 100)


def _is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def _content_head(head: bytes) -> bytes:
    """The first bytes of a saved HTTP response's content: after its header block, through
    chunked transfer coding and gzip/bzip2/xz/deflate content coding."""
    body, headers = strip_http_headers(head)
    if not headers:
        return head
    if dict(headers).get("content-encoding", "").strip().lower() == "deflate":
        return peek_deflate(body, SNIFF_BYTES)
    return peek(body, SNIFF_BYTES) if compression_of(body) else body


def _non_page(head: bytes) -> str | None:
    """Why page-like bytes are no page (a script, a style sheet, JSON not from IMDb)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    return non_page(text)


def sniff(head: bytes) -> str:
    """What the first bytes of a file are: "zip", "tar", "warc", "page", "empty", "binary",
    or "asset" (a script, a style sheet or JSON not from IMDb: text, but no page).

    Compressed files and saved HTTP responses are looked into: a gzipped tar is "tar", a
    gzipped WARC "warc", a gzipped page "page", an HTTP response with a gzipped body "page".
    Only the first few KiB are decompressed. Names never matter, only content.
    """
    if not head:
        return "empty"
    kind = compression_of(head)
    if kind == ZIP:
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    if _is_tar(head):
        return "tar"
    inner = peek(head, SNIFF_BYTES) if kind else head
    if kind and not inner:
        return "page"  # undecodable compression is reported by the page's conversion
    if inner.startswith(b"WARC/"):
        return "warc"
    if _is_tar(inner):
        return "tar"
    inner = _content_head(inner)
    if _is_binary(inner[:SNIFF_BYTES]):
        return "binary"
    return "asset" if _non_page(inner[:SNIFF_BYTES]) else "page"


def not_page_why(kind: str, head: bytes) -> str:
    """Why a file ``sniff`` called "binary" or "asset" is no saved page, for people."""
    if kind == "binary":
        return BINARY_WHY
    return f"{_non_page(_content_head(peek(head)))}, not a saved page"


def read_head(path: str) -> bytes:
    """The first ``SNIFF_BYTES`` of a file (fewer only when the file is shorter)."""
    # os.open/os.read: the main process reads the head of every file of a folder, and the
    # buffered file object of open() costs about as much as the read itself
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        head = os.read(fd, SNIFF_BYTES)
        while head and len(head) < SNIFF_BYTES:  # short reads (network file systems)
            more = os.read(fd, SNIFF_BYTES - len(head))
            if not more:
                break
            head += more
        return head
    finally:
        os.close(fd)
