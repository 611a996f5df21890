"""``compression``: recognising and undoing gzip/bzip2/xz within a limit, and ``decode``'s use
of it (each page decompressed once, HTTP content coding, truncation)."""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from collections.abc import Callable

import pytest

import triviaparse
from triviaparse.compression import (
    CorruptStream,
    TooLarge,
    compression_of,
    decompress,
    inflate_deflate,
    peek,
)
from triviaparse.model import ProblemCode

from .bombs import MiB, bomb

PAGE = (
    b"Trivia\nShowing all 2 items\nA first fact.\n1 of 1 found this interesting\n"
    b"A second fact.\n2 of 2 found this interesting\n"
)
COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "bzip2": bz2.compress,
    "xz": lzma.compress,
}


def _codes(page: triviaparse.TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (gzip.compress(b"x", mtime=0), "gzip"),  # a fixed header: the same test id each run
        (bz2.compress(b"x"), "bzip2"),
        (lzma.compress(b"x"), "xz"),
        (b"PK\x03\x04", "zip"),
        (b"<html>", None),
        (b"", None),
    ],
    ids=["gzip", "bzip2", "xz", "zip", "html", "empty"],
)
def test_compression_of(head: bytes, kind: str | None) -> None:
    assert compression_of(head) == kind


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_round_trip_and_nesting(kind: str) -> None:
    packed = COMPRESS[kind](PAGE)
    assert decompress(packed).data == PAGE
    assert decompress(packed).layers == (kind,)
    assert decompress(gzip.compress(packed)).layers == ("gzip", kind)
    assert decompress(PAGE).data == PAGE and decompress(PAGE).layers == ()
    assert peek(packed, 10) == PAGE[:10]


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_stops_at_the_limit_without_producing_more(kind: str) -> None:
    data = bomb(kind, 8 * MiB)
    with pytest.raises(TooLarge) as info:
        decompress(data, limit=MiB)
    assert info.value.limit == MiB
    assert len(decompress(data, limit=8 * MiB).data) == 8 * MiB  # exactly the limit is fine


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_cut_stream_is_truncated_with_what_came_before(kind: str) -> None:
    packed = COMPRESS[kind](PAGE * 200)
    cut = decompress(packed[: len(packed) * 2 // 3])
    assert cut.truncated
    assert (PAGE * 200).startswith(cut.data)


@pytest.mark.parametrize("kind", ["bzip2", "xz"])
def test_parse_says_a_cut_bz2_or_xz_page_is_truncated(kind: str) -> None:
    # gzip said truncated-input already; bzip2 and xz cut short passed silently
    packed = COMPRESS[kind](PAGE * 50)
    page = triviaparse.parse(packed[: len(packed) - 20])
    assert ProblemCode.TRUNCATED_INPUT in {p.code for p in page.problems}


def test_damaged_stream() -> None:
    packed = bytearray(gzip.compress(PAGE * 20))
    packed[20:40] = bytes(20)
    with pytest.raises(CorruptStream):
        decompress(bytes(packed))
    assert peek(b"\x1f\x8b\x08\x00garbage-garbage") == b""


def test_concatenated_gzip_members_are_all_read() -> None:
    # `cat a.gz b.gz` is a valid gzip file (RFC 1952); only the first member was read
    half = len(PAGE) // 2
    page = triviaparse.parse(gzip.compress(PAGE[:half]) + gzip.compress(PAGE[half:]))
    assert [i.text for i in page.items] == ["A first fact.", "A second fact."]
    assert not page.problems


def _http(body: bytes, *headers: str) -> bytes:
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
    return (head + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + body


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_http_deflate_body_is_undone(wbits: int) -> None:
    # zlib-wrapped as RFC 9110 says, or raw deflate as some servers send it
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = c.compress(PAGE) + c.flush()
    assert inflate_deflate(body).data == PAGE
    page = triviaparse.parse(_http(body, "Content-Encoding: deflate"))
    assert len(page.items) == 2 and not page.problems


def test_http_gzip_body_and_gzip_file_around_it() -> None:
    raw = _http(gzip.compress(PAGE), "Content-Encoding: gzip")
    for data in (raw, gzip.compress(raw)):
        page = triviaparse.parse(data)
        assert len(page.items) == 2 and not page.problems
