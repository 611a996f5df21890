"""Pages kept by an archive or a browser: Wayback Machine snapshots, MHTML single-file saves,
and where a page came from (its URL and capture time).

``unwrap`` runs on every decoded input, before detection: it takes the HTML part out of an
MHTML file, restores a Wayback Machine snapshot to the page as the site served it (archive
scripts, toolbar and closing comment cut, rewritten URLs given back their original form), cuts
the toolbar's lines from a text copy of a snapshot, and reads the page's origin from whatever
carries it: the snapshot, the MHTML headers, a WARC record or an HTTP header block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from ._rare import contains_any
from .model import Problem, ProblemCode

if TYPE_CHECKING:
    from datetime import datetime
    from email.message import Message

__all__ = [
    "Origin",
    "captured_iso",
    "is_plain",
    "origin_from_headers",
    "restore_wayback_urls",
    "unwrap",
]


@attrs.frozen
class Origin:
    """Where a page came from: its original URL and when it was captured (ISO 8601, UTC)."""

    url: str | None = None
    captured_at: str | None = None


# --- time stamps ---------------------------------------------------------------------------

_WAYBACK_STAMP = re.compile(r"\A(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?\Z")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The HTTP date servers send (RFC 9110 IMF-fixdate), read without the email package, which
#: reads it the same way (the weekday unchecked) at many times the cost.
_HTTP_DATE = re.compile(
    r"\A(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) "
    rf"({'|'.join(_MONTHS)}) ([1-9][0-9]{{3}}) ([0-9]{{2}}):([0-9]{{2}}):([0-9]{{2}}) GMT\Z"
)


def _iso(dt: datetime) -> str:
    if dt.tzinfo is not None:
        from datetime import UTC

        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.replace(microsecond=0).isoformat() + "Z"


def captured_iso(value: str) -> str | None:
    """A capture time as ISO 8601 UTC (``2016-02-26T05:23:32Z``) from a Wayback time stamp
    (``20160226052332``), an HTTP date or an ISO 8601 date (WARC-Date); None if unreadable."""
    from datetime import datetime  # on first use: most pages carry no capture time

    value = value.strip()
    try:
        m = _WAYBACK_STAMP.match(value)
        if m:
            y, mo, d, h, mi, sec = (int(p) if p else 0 for p in m.groups())
            return _iso(datetime(y, mo, d, h, mi, sec))  # Wayback stamps are UTC
        if value[:4].isdigit() and "-" in value[:8]:
            return _iso(datetime.fromisoformat(value.replace("Z", "+00:00")))
        http = _HTTP_DATE.match(value)
        if http:
            day, mon, year, hour, minute, second = http.groups()
            month = _MONTHS.index(mon) + 1
            return _iso(datetime(int(year), month, int(day), int(hour), int(minute), int(second)))
        from email.utils import parsedate_to_datetime  # the email package: only when needed

        return _iso(parsedate_to_datetime(value))
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


# --- HTTP header blocks and WARC records ----------------------------------------------------


def origin_from_headers(headers: tuple[tuple[str, str], ...]) -> Origin:
    """The origin an HTTP header block (or the one ``convert`` writes for a WARC record) states.

    ``WARC-Target-URI``/``WARC-Date`` (what the archive fetched, and when) win over
    ``Content-Location``/``Date`` (an absolute URL the server named; when it answered).
    """
    h = {name.lower(): value for name, value in headers}
    url = h.get("warc-target-uri", "").strip("<> ") or None
    if url is None:
        loc = h.get("content-location", "").strip()
        url = loc if loc.startswith(("http://", "https://")) else None
    stamp = h.get("warc-date") or h.get("date")
    return Origin(url=url, captured_at=captured_iso(stamp) if stamp else None)


# --- MHTML ---------------------------------------------------------------------------------

#: An MHTML file opens with MIME headers; one of them makes it ``multipart/related``.
_FIRST_HEADER = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}:")
_HEADER_LIMIT = 64 * 1024


def _header_end(text: str, start: int, stop: int) -> tuple[int, int]:
    """(end of the header block starting at ``start``, length of the blank line), or (-1, 0)."""
    stop = min(stop, start + _HEADER_LIMIT)
    lf = text.find("\n\n", start, stop)
    crlf = text.find("\r\n\r\n", start, stop)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return crlf, 4
    return (lf, 2) if lf >= 0 else (-1, 0)


def _headers(text: str) -> Message:
    import email.parser
    import email.policy

    return email.parser.HeaderParser(policy=email.policy.compat32).parsestr(
        text.replace("\r\n", "\n") + "\n\n"
    )


def _is_mhtml(text: str) -> bool:
    if not _FIRST_HEADER.match(text):
        return False
    end, _ = _header_end(text, 0, len(text))
    block = text[:end].lower() if end >= 0 else ""
    return "mime-version" in block and "multipart/related" in block


def _parts(text: str, boundary: str, begin: int) -> list[tuple[int, int]]:
    """(start, stop) of each part between the boundary delimiters after ``begin``."""
    delim = "\n--" + boundary
    out: list[tuple[int, int]] = []
    i = text.find(delim, max(begin - 1, 0))
    i = i + 1 if i >= 0 else -1
    while i >= 0:
        after = i + len(boundary) + 2
        if text.startswith("--", after):
            break
        nl = text.find("\n", after)
        if nl < 0:
            break
        nxt = text.find(delim, nl)
        stop = nxt if nxt >= 0 else len(text)
        out.append((nl + 1, stop))
        i = nxt + 1 if nxt >= 0 else -1
    return out


def _mhtml_html(
    text: str, problems: list[Problem]
) -> tuple[bytes | str, str | None, Origin] | None:
    """(payload, declared charset, origin) of the page an MHTML file saved: the
    ``text/html`` part at the snapshot's location, else the first ``text/html`` part."""
    end, _ = _header_end(text, 0, len(text))
    outer = _headers(text[:end])
    boundary = outer.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        problems.append(
            Problem(
                code=ProblemCode.MALFORMED_INPUT, message="the MHTML file names no part boundary"
            )
        )
        return None
    snapshot = (outer.get("Snapshot-Content-Location") or "").strip() or None
    chosen: tuple[Message, str] | None = None
    for start, stop in _parts(text, boundary, end):
        head_end, sep = _header_end(text, start, stop)
        if head_end < 0:
            continue
        part = _headers(text[start:head_end])
        if part.get_content_type() != "text/html":
            continue
        where = (part.get("Content-Location") or "").strip()
        if chosen is None or where == snapshot:
            chosen = (part, text[head_end + sep : stop].removesuffix("\r"))
            if snapshot is None or where == snapshot:
                break
    if chosen is None:
        problems.append(
            Problem(
                code=ProblemCode.MALFORMED_INPUT, message="the MHTML file holds no text/html part"
            )
        )
        return None
    part, body = chosen
    data: bytes | str = body  # 7bit/8bit/binary: already text
    if part.get("Content-Transfer-Encoding", "").strip().lower() in ("quoted-printable", "base64"):
        part.set_payload(body)
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else body
    url = (part.get("Content-Location") or "").strip() or snapshot
    date = outer.get("Date")
    return (
        data,
        part.get_content_charset(),
        Origin(url=url, captured_at=captured_iso(date) if date else None),
    )


# --- Wayback Machine snapshots -------------------------------------------------------------

_TOOLBAR_BEGIN = "<!-- BEGIN WAYBACK TOOLBAR INSERT -->"
_TOOLBAR_END = "<!-- END WAYBACK TOOLBAR INSERT -->"
_HEAD_END = "<!-- End Wayback Rewrite JS Include -->"
#: The closing comment's words, looked for in the last ``_ARCHIVED_TAIL`` characters.
_ARCHIVED_MARK = "FILE ARCHIVED ON"
_ARCHIVED_TAIL = 8192
_ARCHIVED = re.compile(
    r"<!--\s*+FILE ARCHIVED ON ([0-9:]{8} [A-Z][a-z]{2} \d{1,2}, \d{4})"
    r"[^<>]*?-->(?:\s*+<!--\s*+playback timings[^<>]*?-->)?"
)
#: A URL as the archive rewrote it: ``/web/<stamp>[<modifier>_]/`` before the original URL,
#: optionally on the archive's own host, where the archive writes URLs: starting an attribute
#: value, a quoted string, a CSS ``url(`` or a ``srcset`` entry (never inside running text,
#: which the archive leaves alone). Group 1 is the stamp, 2 the scheme, 3 the host.
_WAYBACK_URL = re.compile(
    r"(?:(?<=[\"'=(,])|(?<=, ))"
    r"(?:(?:https?:)?//web\.archive\.org)?/web/(\d{1,14})(?:[a-z]{2}_)?/"
    r"(https?://)([A-Za-z0-9.:-]{1,255}+)(?=[/?#\"'\s<>)]|\Z)"
)
#: Where the archive names the page it replays: its rewriting script, its toolbar's script
#: and print line; the URL and the time stamp.
_WOMBAT = re.compile(r"""__wm\.wombat\(\s*+["']([^"'\s]{1,2000})["']\s*+,\s*+["'](\d{1,14})""")
_TOOLBAR_CALL = re.compile(
    r"""__wm\.bt\([^"'()]{0,80}["']web["']\s*+,\s*+"""
    r"""["']([^"'\s]{1,2000})["']\s*+,\s*+["'](\d{1,14})"""
)
_PRINT_LINE = re.compile(
    r"The Wayback Machine - https?://web\.archive\.org/web/(\d{1,14})"
    r"(?:[a-z]{2}_)?/(https?://[^\s<>\"']{1,2000})"
)
_HEAD_TAG = re.compile(r"<head\b[^<>]*+>", re.I)
#: The hosts an IMDb page is served from: links to them are restored as root-relative paths
#: when the snapshot does not say which host it replays.
_IMDB_HOSTS = frozenset({"www.imdb.com", "imdb.com", "m.imdb.com"})


def _is_wayback(text: str) -> bool:
    """Whether the archive wrapped this page: its head scripts' closing comment, its toolbar
    (both looked for anywhere, as ``is_plain`` does in bytes) or its closing comment (at the
    end)."""
    return _HEAD_END in text or _ARCHIVED_MARK in text[-_ARCHIVED_TAIL:] or _TOOLBAR_BEGIN in text


def restore_wayback_urls(text: str, page_hosts: frozenset[str] = _IMDB_HOSTS) -> str:
    """``text`` with each archive-rewritten URL given back as the site wrote it: links to the
    page's own host as root-relative paths (the form IMDb writes), others as absolute URLs."""
    if "/web/" not in text:
        return text

    def original(m: re.Match[str]) -> str:
        host = m.group(3)
        if host.lower() in page_hosts:
            end = m.end()
            return "" if end < len(text) and text[end] == "/" else "/"
        return m.group(2) + host

    return _WAYBACK_URL.sub(original, text)


def _wayback_origin(text: str) -> Origin:
    url = stamp = None
    m = _WOMBAT.search(text, 0, 40_000) or _TOOLBAR_CALL.search(text) or _PRINT_LINE.search(text)
    if m is not None:
        url, stamp = (m.group(2), m.group(1)) if m.re is _PRINT_LINE else (m.group(1), m.group(2))
    captured = captured_iso(stamp) if stamp else None
    if captured is None:
        a = _ARCHIVED.search(text, max(0, len(text) - _ARCHIVED_TAIL))
        if a is not None:
            from datetime import datetime

            try:
                captured = _iso(datetime.strptime(a.group(1), "%H:%M:%S %b %d, %Y"))
            except ValueError:
                captured = None
    return Origin(url=url, captured_at=captured)


def _cut(text: str, start: int, end: int) -> str:
    return text[:start] + text[end:]


def _unwrap_wayback(text: str, problems: list[Problem]) -> tuple[str, Origin]:
    origin = _wayback_origin(text)
    i = text.find(_HEAD_END)
    if i >= 0:
        # The archive inserts its scripts right after <head>.
        head = _HEAD_TAG.search(text, 0, i)
        start = head.end() if head is not None else i
        text = _cut(text, start, i + len(_HEAD_END))
    i = text.find(_TOOLBAR_BEGIN)
    if i >= 0:
        j = text.find(_TOOLBAR_END, i)
        if j >= 0:
            text = _cut(text, i, j + len(_TOOLBAR_END))
        else:
            problems.append(
                Problem(
                    code=ProblemCode.UNEXPECTED_STRUCTURE,
                    message="the Wayback Machine toolbar has no end marker; "
                    "it was left in the page",
                )
            )
    a = _ARCHIVED.search(text, max(0, len(text) - _ARCHIVED_TAIL))
    if a is not None:
        text = _cut(text, a.start(), a.end())
    hosts = _IMDB_HOSTS
    if origin.url:
        host = re.match(r"https?://([^/?#]+)", origin.url)
        if host:
            hosts = frozenset({host.group(1).lower()})
    return restore_wayback_urls(text, hosts), origin


# --- text copied from a snapshot in a browser -----------------------------------------------

#: Lines only the Wayback toolbar shows: its print line, the capture count and time span, the
#: capture panel's headings. The last of these in a copy's first lines ends the toolbar.
_TOOLBAR_LINE = re.compile(
    r"(?:The )?Wayback Machine(?: - \S{1,2000})?|\d[\d,]{0,12} captures?"
    r"|\d{1,2} [A-Z][a-z]{2} \d{4} - \d{1,2} [A-Z][a-z]{2} \d{4}|COLLECTED BY|TIMESTAMPS"
    r"|About this capture",
    re.I,
)
#: Other toolbar lines: month, day and year navigation, buttons, the capture panel's captions.
_TOOLBAR_MINOR = re.compile(
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[ \t]*+){1,3}"
    r"|(?:(?:19|20)\d{2}[ \t]*+){1,3}|\d{1,2}|Go|success|fail|loading|Close|Help"
    r"|(?:Previous capture)?[ \t]*+\d{0,2}[ \t]*+(?:Next capture)?"
    r"|Close the toolbar[ \t]*+(?:Help)?|Share|Organization:.*|Collection:.*",
    re.I,
)
_TOOLBAR_SCAN = 80
#: What in the first ``_COPY_HEAD`` characters (lower case) may be a text copy's toolbar.
_COPY_HEAD = 20_000
_COPY_WORDS = ("captures", "wayback machine")


def _may_be_text_copy(text: str) -> bool:
    """Whether ``text`` may open with a snapshot's toolbar as a browser copies it."""
    head = text[:_COPY_HEAD].lower()
    return any(word in head for word in _COPY_WORDS)


def _unwrap_wayback_text(text: str) -> tuple[str, Origin] | None:
    """A browser copy of a snapshot without the toolbar's leading lines; None if it has none.

    The toolbar stands first: the copy must open with one of its lines, and everything up to
    the last unmistakable toolbar line among the first lines (and the captions after it) goes.
    """
    lines = text.split("\n", _TOOLBAR_SCAN)
    head = [line.strip(" \t\r\u00a0") for line in lines[:_TOOLBAR_SCAN]]
    first = next((s for s in head if s), "")
    if not (_TOOLBAR_LINE.fullmatch(first) or _TOOLBAR_MINOR.fullmatch(first)):
        return None
    last = max((k for k, s in enumerate(head) if _TOOLBAR_LINE.fullmatch(s)), default=-1)
    if last < 0:
        return None
    while last + 1 < len(head) and head[last + 1] and _TOOLBAR_MINOR.fullmatch(head[last + 1]):
        last += 1
    m = _PRINT_LINE.search("\n".join(lines[: last + 1]))
    origin = Origin(url=m.group(2), captured_at=captured_iso(m.group(1))) if m else Origin()
    return "\n".join(lines[last + 1 :]), origin


# --- the hook ------------------------------------------------------------------------------

_HTMLISH = re.compile(r"\A\s{0,4096}<", re.S)
# Used with ``match(body, start)``, which anchors them at the page's start.
_HTMLISH_BYTES = re.compile(rb"[ \t\n\r\f\v]{0,4096}+<")
_JSONISH_BYTES = re.compile(rb"[ \t\n\r\f\v]{0,4096}+[{\[]")
_TOOLBAR_BEGIN_BYTES = _TOOLBAR_BEGIN.encode()
_HEAD_END_BYTES = _HEAD_END.encode()
_ARCHIVED_BYTES = _ARCHIVED_MARK.encode()
#: The head scripts' closing comment and the toolbar's opening one: "<!" both.
_WAYBACK_COMMENTS_BYTES = (_HEAD_END_BYTES, _TOOLBAR_BEGIN_BYTES)
#: Searched for from the end where a page has too many "!" (the toolbar's comment): on the
#: corpus pages, this mix of directions is the fastest of the four (benchmarks/RESULTS.md).
_WAYBACK_REVERSE = frozenset({_TOOLBAR_BEGIN_BYTES})
_COPY_WORDS_BYTES = tuple(word.encode() for word in _COPY_WORDS)


def is_plain(body: bytes, start: int = 0) -> bool:
    """Whether ``unwrap`` certainly leaves the text of the page ``body[start:]`` as it is: an
    HTML document (or a JSON one) that is neither an MHTML file nor a Wayback snapshot, judged
    on the bytes before any decoding. False means "maybe not": the caller decodes and unwraps
    as usual.

    Every byte test here is at least as wide as its text test in ``unwrap`` (a window of N
    characters is at most 4N bytes of UTF-8), so that True never hides a wrapper that
    ``unwrap`` would see.
    """
    if _HTMLISH_BYTES.match(body, start):  # opens with "<": never MHTML (a header line first)
        # both comments through the few "!" of a page (``_rare``), in one pass
        return (
            not contains_any(body, _WAYBACK_COMMENTS_BYTES, 1, start, reverse=_WAYBACK_REVERSE)
            and body.rfind(_ARCHIVED_BYTES, max(start, len(body) - 4 * _ARCHIVED_TAIL)) < 0
        )
    if not _JSONISH_BYTES.match(body, start):
        return False
    head = body[start : start + 4 * _COPY_HEAD].lower()  # N characters are at most 4N bytes
    return not any(word in head for word in _COPY_WORDS_BYTES)


def unwrap(
    text: str,
    headers: tuple[tuple[str, str], ...],
    problems: list[Problem],
    decode_bytes: Callable[[bytes, str | None], str],
) -> tuple[str, Origin]:
    """The page inside ``text`` and where it came from (see the module docstring).

    ``decode_bytes(data, charset)`` turns the bytes of an MHTML part into text as ``decode``
    would; ``problems`` receives what could not be read.
    """
    origin = origin_from_headers(headers) if headers else Origin()
    if text[:1] not in ("<", "{", "[") and _is_mhtml(text):
        found = _mhtml_html(text, problems)
        if found is None:
            return "", origin
        data, charset, origin = found
        text = decode_bytes(data, charset) if isinstance(data, bytes) else data
    if _HTMLISH.match(text):
        if _is_wayback(text):
            text, wb = _unwrap_wayback(text, problems)
            origin = Origin(
                url=wb.url or origin.url, captured_at=wb.captured_at or origin.captured_at
            )
    elif _may_be_text_copy(text):
        found_text = _unwrap_wayback_text(text)
        if found_text is not None:
            text, wb = found_text
            origin = Origin(
                url=wb.url or origin.url, captured_at=wb.captured_at or origin.captured_at
            )
    return text, origin
