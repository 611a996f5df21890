"""Pages read straight from their bytes (``readers.get_bytes_reader``) must be the pages the
text path gives: same items, problems, fields and origin, for every fixture and real page.

The reference is the same ``parse(data)`` with the bytes readers switched off, so that both
sides see the same input (HTTP headers and all) and only the route differs.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import triviaparse
from triviaparse import api
from triviaparse.archive import is_plain
from triviaparse.decode import body_of, decode
from triviaparse.detect import detect, detect_bytes
from triviaparse.model import SourceFormat, TriviaPage
from triviaparse.readers import Context, get_reader
from triviaparse.serialize import to_dict

from .helpers import CORPUS, FIXTURES

_PAGE_SUFFIXES = {".html", ".htm", ".http", ".json"}


def _pages() -> list[Path]:
    found = [p for p in sorted(FIXTURES.rglob("*")) if p.suffix in _PAGE_SUFFIXES]
    found = [p for p in found if not p.name.endswith(".expected.json")]
    if CORPUS.is_dir():
        found += [p for p in sorted(CORPUS.rglob("*")) if p.suffix in _PAGE_SUFFIXES]
    return [p for p in found if p.name not in ("EXPECTED.json",)]


PAGES = _pages()


def _text_path(monkeypatch: pytest.MonkeyPatch, data: bytes) -> dict[str, object]:
    with monkeypatch.context() as m:
        m.setattr(api, "get_bytes_reader", lambda fmt: None)
        return to_dict(triviaparse.parse(data))


def _ident(path: Path) -> str:
    return str(path.relative_to(path.parents[1]))


@pytest.mark.parametrize("path", PAGES, ids=_ident)
def test_bytes_path_reads_what_the_text_path_reads(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    assert to_dict(triviaparse.parse(data)) == _text_path(monkeypatch, data)


def _naive_read_bytes(fmt: SourceFormat) -> object:
    """A bytes reader that decodes all of the page as strict UTF-8 and reads the text."""
    read = get_reader(fmt)

    def read_bytes(data: bytes, ctx: Context, start: int) -> TriviaPage | None:
        try:
            text = data[start:].decode("utf-8")
        except UnicodeDecodeError:
            return None
        return read(text, ctx)

    return read_bytes


@pytest.mark.parametrize("path", PAGES, ids=_ident)
def test_the_dispatch_to_bytes_readers_loses_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The route alone (size limit, HTTP headers, wrappers, detection, origin) changes nothing:
    a bytes reader that decodes the whole page gives what the text path gives."""
    data = path.read_bytes()
    with monkeypatch.context() as m:
        m.setattr(api, "get_bytes_reader", _naive_read_bytes)
        naive = to_dict(triviaparse.parse(data))
    assert naive == _text_path(monkeypatch, data)


@pytest.mark.parametrize("path", PAGES, ids=_ident)
def test_bytes_detector_never_disagrees_with_the_text_detector(path: Path) -> None:
    body = body_of(path.read_bytes())
    data = bytes(body.data)
    found = detect_bytes(data)
    if found is not None:
        assert found == detect(decode(data).text)


def _classic(extra: str = "") -> bytes:
    return (
        "<html><head><title>The Film (1999) - Trivia - IMDb</title></head><body>\n"
        '<div id="trivia_content" class="header"><div class="list">\n'
        '<div class="soda odd" id="tr0000001"><div class="sodatext">A \u201cfact\u201d.</div>'
        "</div>\n</div></div>" + extra + "</body></html>"
    ).encode()


def test_the_classic_and_next_data_pages_take_the_bytes_path() -> None:
    """Both readers take bytes: no page of these layouts pays for a full decode."""
    assert api.get_bytes_reader(SourceFormat.HTML_CLASSIC) is not None
    assert api.get_bytes_reader(SourceFormat.NEXT_DATA) is not None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_classic(), SourceFormat.HTML_CLASSIC),
        (b"\n \t" + _classic(), SourceFormat.HTML_CLASSIC),
        # a non-ASCII space before the markup: the text detector may still say HTML, the bytes
        # one leaves it to the text path
        ("\u00a0".encode() + _classic(), None),
        (b"\xef\xbb\xbf" + _classic(), None),  # a BOM: decoded first
        (b"A fact.\n1 of 1 found this interesting\n", None),  # raw text
        (b'{"props": {"pageProps": {"tconst": "tt0133093"}}}', SourceFormat.NEXT_DATA),
        (b'{"props": {"pageProps": {"x": "tt0133093\xd9\xa1"}}}', None),  # an Arabic-Indic digit
        (
            b'<html><script id="__NEXT_DATA__" type="application/json">'
            b'{"props":{"pageProps":{}}}</script></html>',
            SourceFormat.NEXT_DATA,
        ),
        (b'<html><div data-testid="sub-section-trivia"></div></html>', None),  # React HTML
        # "pageProps" before the script only, or nowhere
        (
            b'<html><p>"pageProps"</p><script id="__NEXT_DATA__" type="application/json">'
            b'{"props":{}}</script></html>',
            SourceFormat.NEXT_DATA,
        ),
        (b'<html><script id="__NEXT_DATA__">{"props":{"pagePropz":{}}}</script></html>', None),
    ],
)
def test_detect_bytes(data: bytes, expected: SourceFormat | None) -> None:
    assert detect_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "plain"),
    [
        (_classic(), True),
        (b'{"props": {}}', True),
        (
            _classic("<!-- BEGIN WAYBACK TOOLBAR INSERT --><!-- END WAYBACK TOOLBAR INSERT -->"),
            False,
        ),
        (_classic("<!--\n     FILE ARCHIVED ON 10:00:00 Jan 01, 2014 -->"), False),
        (b"<html><head><!-- End Wayback Rewrite JS Include -->" + _classic(), False),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n" + _classic(), False),
        # the archive's head scripts count wherever they stand, as in ``unwrap``
        (
            b"<html>" + "\u00e9".encode() * 150_000 + b"<!-- End Wayback Rewrite JS Include -->",
            False,
        ),
        (b"<html>" + b"e" * 300_000 + b"<!-- End Wayback Rewrite JS Include -->", False),
        # the closing comment counts only at the end, as in ``unwrap``
        (_classic("<p>FILE ARCHIVED ON</p>" + "<p>x</p>" * 5000), True),
        (b'{"note": "47 captures"}', False),
        (b"A fact.\n", False),
    ],
)
def test_is_plain(data: bytes, plain: bool) -> None:
    assert is_plain(data) is plain


@pytest.mark.parametrize(
    "data",
    [
        _classic(),
        gzip.compress(_classic(), mtime=0),
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Location: https://www.imdb.com/title/tt0000001/trivia\r\n"
        b"Date: Sun, 26 Feb 2016 10:00:00 GMT\r\n\r\n" + _classic(),
        _classic().decode("utf-8").encode("cp1252"),  # not UTF-8
        b"\xef\xbb\xbf" + _classic(),
        _classic(
            "<!-- BEGIN WAYBACK TOOLBAR INSERT --><p>toolbar</p><!-- END WAYBACK TOOLBAR INSERT -->"
        ),
    ],
    ids=["plain", "gzip", "http", "cp1252", "bom", "wayback"],
)
def test_made_up_inputs_read_alike_by_both_paths(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = triviaparse.parse(data)
    assert [i.text for i in page.items] == ["A \u201cfact\u201d."]
    assert to_dict(page) == _text_path(monkeypatch, data)


def test_the_origin_in_an_http_header_block_survives_the_bytes_path() -> None:
    data = (
        b"HTTP/1.1 200 OK\r\nContent-Location: https://www.imdb.com/title/tt0000001/trivia\r\n"
        b"Date: Sun, 26 Feb 2016 10:00:00 GMT\r\n\r\n" + _classic()
    )
    page = triviaparse.parse(data)
    assert page.url == "https://www.imdb.com/title/tt0000001/trivia"
    assert page.captured_at == "2016-02-26T10:00:00Z"


def _http(body: bytes, *extra: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"".join(extra) + b"\r\n" + body


def test_an_http_body_is_read_in_place_not_copied() -> None:
    """The page past a header block is a range of the input itself (a copy of a big page
    costs more than reading it, in page faults); a compressed one is its new bytes."""
    data = _http(_classic())
    body = body_of(data)
    assert body.whole is data
    assert body.whole[body.start :] == _classic() == bytes(body.data)
    zipped = body_of(_http(gzip.compress(_classic(), mtime=0), b"Content-Encoding: gzip\r\n"))
    assert (zipped.whole, zipped.start) == (_classic(), 0)


# Header lines that hold what the byte tests look for: none of it is part of the page.
_LOUD_HEADERS = (
    b'X-Note: <div id="trivia_content"><div id="sidebar">\r\n',
    b'X-Note: <script id="__NEXT_DATA__">{"props":{"pageProps":{}}}</script>\r\n',
    b'X-Note: data-testid="sub-section-trivia" data-testid="DidYouKnow"\r\n',
    b"X-Note: <!-- End Wayback Rewrite JS Include --> BEGIN WAYBACK TOOLBAR INSERT\r\n",
)
_QUIET_BODIES = (
    _classic(),
    b"<html><body><p>Not an IMDb page.</p></body></html>",
    b'{"props": {"pageProps": {"tconst": "tt0133093"}}}',
    b'<html><div data-testid="sub-section-trivia"></div></html>',
)


@pytest.mark.parametrize("header", _LOUD_HEADERS)
@pytest.mark.parametrize("page", _QUIET_BODIES)
def test_the_header_block_is_never_read_as_part_of_the_page(
    header: bytes, page: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _http(page, header)
    body = body_of(data)
    assert detect_bytes(body.whole, body.start) == detect_bytes(page)
    assert is_plain(body.whole, body.start) is is_plain(page)
    read = to_dict(triviaparse.parse(data))
    assert read == _text_path(monkeypatch, data)
    alone = to_dict(triviaparse.parse(page))
    assert read["items"] == alone["items"]
    assert read["page_kind"] == alone["page_kind"]
