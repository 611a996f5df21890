"""Bytes to text: compression, an HTTP header block, BOM, charset (header, meta, sniffing).

Compression and the size limit belong to ``compression`` and ``limits``: a page is
decompressed once, and refused before more than ``MAX_PAGE_BYTES`` of it is produced.

Order of trust for the charset: a BOM, then strict UTF-8 (valid UTF-8 with non-ASCII bytes is
almost never anything else), then the charset the HTTP header or a ``<meta>`` declares, then
bs4's ``UnicodeDammit``, and Windows-1252 with replacement characters as the last resort.
"""

from __future__ import annotations

import codecs
import re

import attrs

from .archive import Origin, origin_from_headers, unwrap
from .compression import (
    BZIP2,
    GZIP,
    XZ,
    CorruptStream,
    TooLarge,
    compression_of,
    decompress,
    inflate_deflate,
)
from .limits import MAX_PAGE_BYTES, too_large_message
from .model import Problem, ProblemCode

__all__ = ["Body", "Decoded", "body_of", "decode", "decode_body", "is_utf8", "strip_http_headers"]

_HTTP_START = re.compile(rb"\A\s{0,16}HTTP/\d(?:\.\d)? \d{3}")
_HTTP_START_STR = re.compile(r"\A\s{0,16}HTTP/\d(?:\.\d)? \d{3}")
_HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)
_CHUNK_LINE = re.compile(rb"([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]{0,200})?\r?\n")

# Browsers read these labels as Windows-1252, and so do we.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "windows-1252": "cp1252",
}


@attrs.frozen(kw_only=True)
class Decoded:
    """The text of an input, the encoding used, and what went wrong on the way."""

    text: str
    encoding: str
    headers: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    #: Where the page came from, when the input says (see ``archive``).
    url: str | None = None
    captured_at: str | None = None


def _normalize_charset(label: str) -> str | None:
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _uncompress(
    data: bytes | memoryview, problems: list[Problem], content_encoding: str = ""
) -> bytes | memoryview:
    """Undo gzip/bzip2/xz (by magic number) or an HTTP ``deflate`` body, once, within
    ``MAX_PAGE_BYTES``; ``data`` itself when it is not compressed."""
    kind = compression_of(bytes(data[:6]))
    deflate = content_encoding == "deflate" and kind is None
    if not deflate and kind not in (GZIP, BZIP2, XZ):
        return data
    try:
        inflated = inflate_deflate(data) if deflate else decompress(data)
    except TooLarge:
        problems.append(
            Problem(
                code=ProblemCode.DECODE_ERROR,
                message=too_large_message(f"the input decompresses ({kind or 'deflate'}) to"),
            )
        )
        return b""
    except CorruptStream as exc:
        problems.append(
            Problem(
                code=ProblemCode.DECODE_ERROR, message=f"compressed input could not be read: {exc}"
            )
        )
        return b""
    if inflated.truncated:
        what = "/".join(inflated.layers)
        problems.append(
            Problem(
                code=ProblemCode.TRUNCATED_INPUT,
                message=f"{what} stream ends early; read what was there",
            )
        )
    return inflated.data


def _dechunk(body: bytes, pos: int = 0) -> bytes | None:
    """Undo HTTP chunked transfer coding of ``body[pos:]`` (not copied first: most saved
    responses that say "chunked" were saved dechunked); None when it is not chunked after
    all."""
    out: list[memoryview] = []  # joined once: each chunk copied once
    view = memoryview(body)
    while True:
        m = _CHUNK_LINE.match(body, pos)
        if not m:
            return None
        size = int(m.group(1), 16)
        pos = m.end()
        if size == 0:
            return b"".join(out)
        out.append(view[pos : pos + size])
        pos += size
        if body[pos : pos + 2] == b"\r\n":
            pos += 2
        elif body[pos : pos + 1] == b"\n":
            pos += 1
        if pos >= len(body):
            return b"".join(out)


def _split_http(data: bytes) -> tuple[bytes, int, tuple[tuple[str, str], ...]]:
    """``strip_http_headers`` as (bytes, offset, headers): an unchunked body is ``bytes[offset:]``
    of ``data`` itself, so that a page is read straight from it, never copied first (a copy of
    a big page costs more than its decoding, in page faults); a chunked one is new bytes."""
    if not _HTTP_START.match(data[:64]):
        return data, 0, ()
    end = data.find(b"\r\n\r\n")
    sep = 4
    lf = data.find(b"\n\n")
    if end < 0 or (0 <= lf < end):
        end, sep = lf, 2
    if end < 0:
        return data, 0, ()
    headers = []
    for line in data[:end].splitlines()[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip().decode("latin-1").lower(), value.strip().decode("latin-1")))
    hdr = dict(headers)
    if "chunked" in hdr.get("transfer-encoding", "").lower():
        dechunked = _dechunk(data, end + sep)
        if dechunked is not None:
            return dechunked, 0, tuple(headers)
    return data, end + sep, tuple(headers)


def strip_http_headers(data: bytes) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """Split a saved raw HTTP response into (body, headers); other input comes back as is."""
    body, start, headers = _split_http(data)
    return body[start:] if start else body, headers


def _declared_charset(body: bytes, headers: tuple[tuple[str, str], ...]) -> str | None:
    for name, value in headers:
        if name == "content-type":
            m = _HEADER_CHARSET.search(value.encode("latin-1", "replace"))
            if m:
                return _normalize_charset(m.group(1).decode("ascii"))
    m = _META_CHARSET.search(body[:8192])
    if m:
        return _normalize_charset(m.group(1).decode("ascii"))
    return None


def _strip_str_headers(text: str) -> str:
    if not _HTTP_START_STR.match(text[:64]):
        return text
    for sep in ("\r\n\r\n", "\n\n"):
        end = text.find(sep)
        if end >= 0:
            return text[end + len(sep) :]
    return text


def _too_large_body(what: str) -> Body:
    return Body(
        whole=b"",
        problems=(Problem(code=ProblemCode.DECODE_ERROR, message=too_large_message(what)),),
    )


def _too_large(what: str) -> Decoded:
    return Decoded(
        text="",
        encoding="",
        problems=(Problem(code=ProblemCode.DECODE_ERROR, message=too_large_message(what)),),
    )


@attrs.frozen(kw_only=True)
class Body:
    """The bytes of an input ready to be read: within the size limit, decompressed, past any
    HTTP header block; what went wrong on the way. Not yet decoded, so that a reader can
    decode only the part of a page it needs (``readers.get_bytes_reader``).

    The page is ``whole[start:]``: a response's body is not copied out of it.
    """

    whole: bytes
    start: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def data(self) -> bytes | memoryview:
        """The page's bytes: ``whole`` itself, or a view of its part past the header block."""
        return memoryview(self.whole)[self.start :] if self.start else self.whole

    def origin(self) -> Origin:
        """Where the page came from, as its HTTP header block says."""
        return origin_from_headers(self.headers) if self.headers else Origin()


def body_of(data: bytes | bytearray | memoryview) -> Body:
    """Size limit, decompression and the HTTP header block of a bytes input, not decoding it.

    Input over ``MAX_PAGE_BYTES`` (as given, or once decompressed) gives an empty body and a
    ``decode-error`` problem whose message starts with ``limits.TOO_LARGE``.
    """
    if len(data) > MAX_PAGE_BYTES:
        return _too_large_body(f"{len(data)} bytes is")
    problems: list[Problem] = []
    raw = _uncompress(bytes(data) if isinstance(data, bytearray) else data, problems)
    whole, start, headers = _split_http(bytes(raw) if isinstance(raw, memoryview) else raw)
    encoding_hdr = dict(headers).get("content-encoding", "").strip().lower()
    view = memoryview(whole)[start:] if start else whole
    inflated = _uncompress(view, problems, encoding_hdr)
    if inflated is not view:  # a compressed body: the new bytes are the page
        whole, start = bytes(inflated) if isinstance(inflated, memoryview) else inflated, 0
    return Body(whole=whole, start=start, headers=headers, problems=tuple(problems))


#: How much ``is_utf8`` decodes at a time: its text (four bytes a character at most) stays
#: under the 128 KiB from which glibc maps memory apart, so it never costs fresh pages.
_UTF8_CHUNK = 16 * 1024


def is_utf8(data: bytes, start: int = 0, stop: int | None = None) -> bool:
    """Whether ``data[start:stop]`` (``start`` and ``stop`` at ASCII bytes) is UTF-8, decoded a
    piece at a time and dropped: never one copy of it all, which for a page of a few hundred
    KB is fresh memory (mapped anew, faulted in) on every call."""
    stop = len(data) if stop is None else stop
    check = codecs.getincrementaldecoder("utf-8")().decode
    view = memoryview(data)
    try:
        for i in range(start, stop, _UTF8_CHUNK):
            check(view[i : min(i + _UTF8_CHUNK, stop)], final=i + _UTF8_CHUNK >= stop)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: str | bytes) -> Decoded:
    """Turn an input as saved into text, recording any loss as problems; the page inside an
    MHTML file or a Wayback Machine snapshot is unwrapped (``archive.unwrap``)."""
    if isinstance(data, str):
        return _unwrapped(_decode_str(data))
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse() takes str or bytes, not {type(data).__name__}")
    return decode_body(body_of(data))


def decode_body(body: Body) -> Decoded:
    """``decode`` of what ``body_of`` left."""
    return _unwrapped(_decode_view(body.data, body.headers, list(body.problems)))


def _unwrapped(decoded: Decoded) -> Decoded:
    problems = list(decoded.problems)
    text, origin = unwrap(decoded.text, decoded.headers, problems, _decode_part)
    return attrs.evolve(
        decoded, text=text, problems=tuple(problems), url=origin.url, captured_at=origin.captured_at
    )


def _decode_part(data: bytes, charset: str | None) -> str:
    """The text of an MHTML part: its declared charset, else as any other input."""
    enc = _normalize_charset(charset) if charset else None
    return data.decode(enc, "replace") if enc else _decode(data).text


def _drop_all(record: object) -> bool:
    """A logging filter that lets nothing through."""
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODE_STEP = 1 << 20


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate, which no UTF-8 can: strict UTF-8 encoding
    fails on one, and runs several times as fast as a regex search (a mebibyte at a time, so
    that the check never holds a copy of a big page)."""
    try:
        for i in range(0, len(text), _ENCODE_STEP):
            text[i : i + _ENCODE_STEP].encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _decode(data: str | bytes) -> Decoded:
    """Turn an input as saved into text, recording any loss as problems (no unwrapping)."""
    if isinstance(data, str):
        return _decode_str(data)
    body = body_of(data)
    return _decode_view(body.data, body.headers, list(body.problems))


def _decode_str(data: str) -> Decoded:
    """A str input: its HTTP header block and BOM gone, lone surrogates replaced."""
    problems: list[Problem] = []
    if len(data) > MAX_PAGE_BYTES:
        return _too_large(f"{len(data)} characters is")
    text = _strip_str_headers(data.lstrip("\ufeff")).lstrip("\ufeff")
    if not text.isascii() and _has_surrogates(text):  # no UTF-8 can hold these
        count = len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)
        problems.append(
            Problem(
                code=ProblemCode.DECODE_ERROR,
                message=(
                    f"{count} lone surrogate code point{'s' if count > 1 else ''} in the text "
                    "replaced by U+FFFD"
                ),
            )
        )
    return Decoded(text=text, encoding="str", problems=tuple(problems))


def _decode_view(
    view: bytes | memoryview, headers: tuple[tuple[str, str], ...], problems: list[Problem]
) -> Decoded:
    """The text of a body: BOM, strict UTF-8, the declared charset, bs4's guess, cp1252."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if view[: len(bom)] == bom:
            text = str(view[len(bom) :], enc, "replace")
            return Decoded(text=text, encoding=enc, headers=headers, problems=tuple(problems))
    try:
        return Decoded(
            text=str(view, "utf-8"), encoding="utf-8", headers=headers, problems=tuple(problems)
        )
    except UnicodeDecodeError:
        pass
    body = bytes(view)  # the rarer paths below want bytes
    declared = _declared_charset(body, headers)
    if declared and declared != "utf-8":
        try:
            return Decoded(
                text=body.decode(declared),
                encoding=declared,
                headers=headers,
                problems=tuple(problems),
            )
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return Decoded(
            text=body.decode("cp1252"), encoding="cp1252", headers=headers, problems=tuple(problems)
        )
    except UnicodeDecodeError:
        pass
    import logging

    from bs4 import UnicodeDammit  # only on the rare undecodable path

    # bs4 logs a warning of its own when it replaces bytes; here that is a problem instead
    quiet = logging.getLogger("bs4.dammit")
    quiet.addFilter(_drop_all)
    try:
        dammit = UnicodeDammit(
            body, known_definite_encodings=[declared] if declared else [], is_html=True
        )
    finally:
        quiet.removeFilter(_drop_all)
    if dammit.unicode_markup is not None and dammit.original_encoding:
        if dammit.contains_replacement_characters:
            problems.append(
                Problem(
                    code=ProblemCode.DECODE_ERROR,
                    message=(
                        f"bytes undecodable as {dammit.original_encoding} were replaced by U+FFFD"
                    ),
                )
            )
        return Decoded(
            text=dammit.unicode_markup,
            encoding=str(dammit.original_encoding),
            headers=headers,
            problems=tuple(problems),
        )
    problems.append(
        Problem(
            code=ProblemCode.DECODE_ERROR,
            message="bytes fit no known encoding; undecodable bytes replaced",
        )
    )
    return Decoded(
        text=body.decode("utf-8", "replace"),
        encoding="utf-8",
        headers=headers,
        problems=tuple(problems),
    )
