"""WARC files: the IMDb trivia-family HTTP responses of a crawl, one (source, bytes) pair each.

A file cut short says where (an :class:`ArchiveError` ``truncated-archive`` item, the last),
since warcio itself just stops at the cut. Needs ``warcio``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from ..limits import MAX_PAGE_BYTES
from .convert import make_source

__all__ = ["TRIVIA_URL", "ArchiveError", "iter_warc"]

#: The IMDb URLs whose WARC responses are converted: the trivia family of title and name pages.
TRIVIA_URL = re.compile(
    r"^https?://(?:www\.|m\.)?imdb\.com/(?:"
    r"title/tt\d+/(?:|trivia|goofs|crazycredits|locations|keywords|taglines|quotes|soundtrack)"
    r"|name/nm\d+/(?:|bio|trivia))/?(?:[?#].*)?$",
    re.I,
)


class ArchiveError(str):
    """Why the rest of a WARC file could not be read: a ``str`` (the message) whose ``code``
    is the error record's code, ``truncated-archive`` when the file ends inside a record, else
    ``unreadable``."""

    code: str

    def __new__(cls, message: str, code: str = "unreadable") -> ArchiveError:
        self = super().__new__(cls, message)
        self.code = code
        return self


def _drained_short(rec: Any) -> bool:
    """Read the rest of a WARC record's block; True when the file ends before its
    ``Content-Length`` (warcio itself just stops, and the records after the cut vanish)."""
    raw = rec.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) > 0


def _at_end(stream: IO[bytes]) -> bool:
    try:
        return not stream.read(1)
    except (OSError, ValueError):
        return False


def iter_warc(
    path: str, f: IO[bytes] | None = None
) -> Iterator[tuple[dict[str, Any], bytes] | ArchiveError]:
    """The IMDb trivia-family HTTP responses of a WARC file, as (source, bytes) pairs.

    The bytes keep a minimal HTTP header so the page's declared charset is honoured. An
    :class:`ArchiveError` item (a string) says why the rest of the file could not be read,
    and is the last item: a file cut short says where (``truncated-archive``). Needs
    ``warcio``.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    except ImportError:
        yield ArchiveError(
            "reading WARC files needs warcio: pip install '.[warc]' from a checkout of triviaparse"
        )
        return
    own = f is None
    stream: IO[bytes] = open(path, "rb") if f is None else f
    records = 0
    it: Any = None
    try:
        it = ArchiveIterator(stream)
        dec = None
        for rec in it:
            dec = getattr(it.reader, "decompressor", None)  # the gzip member of this record
            item = _warc_page(path, rec)
            if _drained_short(rec):
                rid = rec.rec_headers.get_header("WARC-Record-ID") or "no WARC-Record-ID"
                yield ArchiveError(
                    f"the WARC file is cut short inside its record {records + 1} ({rid}, "
                    f"starting at byte {it.offset}); the {records} records before it were "
                    "read",
                    "truncated-archive",
                )
                return
            records += 1
            if item is not None:
                yield item
        # warcio ends quietly when the file stops inside a record's headers (then what it
        # read runs past the end of the last whole record) or inside the last gzip member
        if it.fh.tell() > it.offset:
            yield ArchiveError(
                f"the WARC file is cut short inside the headers of its record {records + 1} "
                f"(starting at byte {it.offset}); the {records} records before it were read",
                "truncated-archive",
            )
        elif dec is not None and not getattr(dec, "eof", True):
            yield ArchiveError(
                f"the WARC file's last gzip member is cut short (the file ends at byte "
                f"{it.fh.tell()}); the {records} records before the cut were read",
                "truncated-archive",
            )
    except Exception as exc:  # warcio raises many kinds on a damaged file
        where = f"after {records} records (byte {it.offset if it is not None else 0})"
        if _at_end(stream):
            yield ArchiveError(
                f"the WARC file ends inside a record {where}: cut short "
                f"({type(exc).__name__}: {exc})",
                "truncated-archive",
            )
        else:
            yield ArchiveError(f"WARC file unreadable {where}: {type(exc).__name__}: {exc}")
    finally:
        if own:
            stream.close()


def _warc_page(path: str, rec: Any) -> tuple[dict[str, Any], bytes] | None:
    """The (source, bytes) of a WARC record that is an IMDb trivia-family 2xx response."""
    if rec.rec_type != "response":
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    if not TRIVIA_URL.match(url.strip("<>")) or rec.http_headers is None:
        return None
    status = rec.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    rid = rec.rec_headers.get_header("WARC-Record-ID") or ""
    ctype = rec.http_headers.get_header("Content-Type") or "text/html"
    body = rec.content_stream().read(MAX_PAGE_BYTES + 1)
    # The record's URL and date ride along for ``TriviaPage.url``/``captured_at``.
    when = rec.rec_headers.get_header("WARC-Date") or ""
    data = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: {when}\r\n\r\n"
    ).encode("latin-1", "replace") + body
    return make_source(f"{path}#{rid}", path=path, record_id=rid, url=url), data
