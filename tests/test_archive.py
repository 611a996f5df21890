"""Pages kept by an archive or a browser give the items of the page they came from.

A Wayback Machine snapshot and an MHTML single-file save of any page (hand-written fixtures,
generated pages, the real pages in ../shared) parse to the same record as the page itself,
apart from ``url`` and ``captured_at``, which they fill; so do HTTP header blocks and WARC
records.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import attrs
import pytest

import triviaparse
from triviaparse import TriviaPage, from_dict, to_dict
from triviaparse.archive import captured_iso, restore_wayback_urls
from triviaparse.decode import decode
from triviaparse.errors import MalformedPage
from triviaparse.model import LinkKind, ProblemCode
from triviaparse.readers._links import entity_link, href_entity
from triviaparse.testing.render import render

from .archive_wrappers import (
    BOUNDARY,
    CAPTURED,
    PAGE_URL,
    closing_comment,
    mhtml,
    toolbar,
    toolbar_text,
    wayback,
)
from .browser_text import inner_text
from .helpers import CORPUS, FIXTURES, requires_shared

HTML_FIXTURES = sorted(p for p in FIXTURES.glob("*/*.html"))
REAL_PAGES = (
    sorted(CORPUS.glob("*/*.http")) + sorted(CORPUS.glob("*/*.html")) if CORPUS.is_dir() else []
)
_TOOLBAR_WORDS = (
    "Wayback",
    "captures",
    "COLLECTED BY",
    "TIMESTAMPS",
    "Alexa Crawls",
    "FILE ARCHIVED",
)


def _html(path: Path) -> str:
    return decode(path.read_bytes()).text


def _bare(page: TriviaPage) -> TriviaPage:
    return attrs.evolve(page, url=None, captured_at=None)


def _no_toolbar(page: TriviaPage) -> None:
    for item in page.items:
        for word in _TOOLBAR_WORDS:
            assert word not in item.text and word not in (item.html or ""), item


# --- Wayback snapshots ---------------------------------------------------------------------


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_wayback_snapshot_of_each_fixture_gives_its_items(path: Path) -> None:
    html = _html(path)
    want = triviaparse.parse(html)
    got = triviaparse.parse(wayback(html))
    assert _bare(got) == want
    assert (got.url, got.captured_at) == (PAGE_URL, CAPTURED)
    _no_toolbar(got)


def test_wayback_links_keep_their_ids_and_html() -> None:
    html = _html(FIXTURES / "html_classic" / "trivia-2016-groups.html")
    snap = wayback(html)
    assert 'href="/web/20160226052332/http://www.imdb.com/name/' in snap
    got = triviaparse.parse(snap)
    links = [ln for item in got.items for ln in item.links]
    assert links and all(ln.imdb_id[:2] in ("nm", "tt", "ch") for ln in links)
    assert all("/web/" not in (item.html or "") for item in got.items)


def test_wayback_absolute_and_modifier_urls_are_restored() -> None:
    text = (
        '<a href="https://web.archive.org/web/20160226052332/http://www.imdb.com/name/'
        'nm0000206/">K</a><img src="/web/20160226052332im_/http://ia.media-imdb.com/a.jpg">'
        '<script src="/web/20160226052332js_/http://www.imdb.com/x.js"></script>'
        '<link href="//web.archive.org/web/20160226052332cs_/https://www.imdb.com/s.css">'
        '<a href="/web/20160226052332/http://www.imdb.com">home</a>'
    )
    assert restore_wayback_urls(text, frozenset({"www.imdb.com"})) == (
        '<a href="/name/nm0000206/">K</a><img src="http://ia.media-imdb.com/a.jpg">'
        '<script src="/x.js"></script><link href="/s.css"><a href="/">home</a>'
    )


def test_archive_urls_in_running_text_are_left_alone() -> None:
    text = (
        "<p>Archived at https://web.archive.org/web/2001/http://www.imdb.com/x.</p>"
        '<img srcset="/web/2016im_/http://ia.media-imdb.com/a.jpg 1x, '
        '/web/2016im_/http://ia.media-imdb.com/b.jpg 2x" style="background:url('
        '/web/2016im_/http://www.imdb.com/c.png)">'
    )
    assert restore_wayback_urls(text) == (
        "<p>Archived at https://web.archive.org/web/2001/http://www.imdb.com/x.</p>"
        '<img srcset="http://ia.media-imdb.com/a.jpg 1x, http://ia.media-imdb.com/b.jpg 2x" '
        'style="background:url(/c.png)">'
    )


@pytest.mark.parametrize(
    "href",
    [
        "/name/nm0000206/",
        "/web/20160226052332/http://www.imdb.com/name/nm0000206/",
        "https://web.archive.org/web/20160226052332/http://www.imdb.com/name/nm0000206/?ref_=x",
        "//web.archive.org/web/2016im_/https://m.imdb.com/name/nm0000206",
        "https://www.imdb.com/name/nm0000206/bio",
        "imdb.com/name/nm0000206",
    ],
)
def test_one_href_function_accepts_every_spelling(href: str) -> None:
    assert href_entity(href) == (LinkKind.NAME, "nm0000206")
    link = entity_link(href, " Keanu \n Reeves ")
    assert link is not None and link.text == "Keanu Reeves"


@pytest.mark.parametrize(
    "href",
    [
        "/chart/top",
        "https://example.com/name/nm0000206/",
        "/web/2016/http://example.com/name/nm0000206/",
        "#x",
    ],
)
def test_one_href_function_refuses_other_links(href: str) -> None:
    assert href_entity(href) is None


def test_rewritten_links_without_archive_markers_still_resolve() -> None:
    """A snapshot saved without the toolbar or scripts keeps its rewritten links: the shared
    href function still reads them."""
    html = _html(FIXTURES / "html_classic" / "trivia-2016-groups.html")
    want = triviaparse.parse(html)
    snap = wayback(html)
    bare = snap.replace(toolbar(), "").replace(closing_comment(), "")
    bare = (
        bare[: bare.index('<script src="//archive.org')]
        + bare[bare.index("<!-- End Wayback Rewrite JS Include -->") + 39 :]
    )
    got = triviaparse.parse(bare)
    assert [i.links for i in got.items] == [i.links for i in want.items]
    assert [i.text for i in got.items] == [i.text for i in want.items]


def test_wayback_without_toolbar_end_is_a_problem_not_a_loss() -> None:
    html = _html(FIXTURES / "html_classic" / "trivia-2013-votes.html")
    snap = wayback(html).replace("<!-- END WAYBACK TOOLBAR INSERT -->", "")
    got = triviaparse.parse(snap)
    assert [i.text for i in got.items] == [i.text for i in triviaparse.parse(html).items]
    assert ProblemCode.UNEXPECTED_STRUCTURE in {p.code for p in got.problems}


def test_origin_from_the_toolbar_alone() -> None:
    """A snapshot whose head scripts were lost still names its page in the toolbar."""
    html = _html(FIXTURES / "html_classic" / "trivia-2013-votes.html")
    snap = wayback(html, stamp="20140102030405")
    snap = (
        snap[: snap.index('<script src="//archive.org')]
        + snap[snap.index("<!-- End Wayback Rewrite JS Include -->") :]
    )
    got = triviaparse.parse(snap)
    assert (got.url, got.captured_at) == (PAGE_URL, "2014-01-02T03:04:05Z")
    assert _bare(got) == triviaparse.parse(html)


def test_capture_time_from_the_closing_comment_alone() -> None:
    html = _html(FIXTURES / "html_classic" / "trivia-2013-votes.html")
    got = triviaparse.parse(html.rstrip() + closing_comment("20130728121500"))
    assert got.captured_at == "2013-07-28T12:15:00Z"
    assert got.url is None


@requires_shared
@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda p: p.name)
def test_wayback_and_mhtml_of_real_pages(path: Path) -> None:
    html = _html(path)
    want = triviaparse.parse(html)
    for wrapped in (
        wayback(html, page_url="http://www.imdb.com/title/tt0133093/trivia"),
        mhtml(html),
    ):
        got = triviaparse.parse(wrapped)
        assert _bare(got) == want
        _no_toolbar(got)


def test_text_copied_from_a_snapshot_drops_the_toolbar() -> None:
    html = _html(FIXTURES / "html_classic" / "trivia-2016-groups.html")
    plain = inner_text(html)
    want = triviaparse.parse(plain)
    assert want.items
    for copy in (toolbar_text() + plain, inner_text(wayback(html))):
        got = triviaparse.parse(copy)
        assert _bare(got) == want
        _no_toolbar(got)
    got = triviaparse.parse(toolbar_text() + plain)
    assert (got.url, got.captured_at) == (PAGE_URL, CAPTURED)


def test_react_text_copied_from_a_snapshot() -> None:
    from .react_copy import emulated_copy

    html = _html(FIXTURES / "html_react" / "tt9900001-trivia-shown.html")
    want = triviaparse.parse(emulated_copy(html))
    assert len(want.items) == 6
    for copy in (
        toolbar_text() + emulated_copy(html),
        toolbar_text().upper() + emulated_copy(html),
        emulated_copy(wayback(html)),
    ):
        got = triviaparse.parse(copy)
        assert _bare(got) == want
        _no_toolbar(got)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
@pytest.mark.parametrize(
    "name", ["html_classic/trivia-2016-groups.html", "html_react/tt9900001-trivia-shown.html"]
)
def test_chromium_copy_of_a_snapshot(name: str) -> None:
    from .react_copy import chromium_copy

    html = _html(FIXTURES / name)
    plain, snap = chromium_copy(html), chromium_copy(wayback(html))
    assert plain is not None and snap is not None
    assert snap.startswith("The Wayback Machine - https://web.archive.org/web/")
    want = triviaparse.parse(plain)
    got = triviaparse.parse(snap)
    assert want.items and _bare(got) == want
    assert (got.url, got.captured_at) == (PAGE_URL, CAPTURED)


# --- MHTML ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mhtml_of_each_fixture_gives_its_items(path: Path) -> None:
    html = _html(path)
    got = triviaparse.parse(mhtml(html))
    assert _bare(got) == triviaparse.parse(html)
    assert (got.url, got.captured_at) == (PAGE_URL, CAPTURED)


def test_mhtml_of_a_wayback_snapshot_takes_the_original_url() -> None:
    html = _html(FIXTURES / "html_react" / "tt9900001-trivia-shown.html")
    got = triviaparse.parse(
        mhtml(
            wayback(html, stamp="20230105101112"),
            url="https://web.archive.org/web/20230105101112/" + PAGE_URL,
        )
    )
    assert _bare(got) == triviaparse.parse(html)
    assert (got.url, got.captured_at) == (PAGE_URL, "2023-01-05T10:11:12Z")


def test_mhtml_file_and_convert(tmp_path: Path) -> None:
    html = _html(FIXTURES / "html_react" / "tt9900001-trivia-shown.html")
    saved = tmp_path / "The Lantern Keeper.mhtml"
    saved.write_bytes(mhtml(html))
    page = triviaparse.parse_file(saved)
    assert _bare(page) == triviaparse.parse(html)
    out = tmp_path / "out.jsonl"
    from triviaparse.cli import main

    assert main(["convert", str(tmp_path), "-o", str(out)]) in (0, None)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    pages = [r["page"] for r in records if "page" in r]
    assert len(pages) == 1 and pages[0]["url"] == PAGE_URL
    assert pages[0]["captured_at"] == CAPTURED
    assert len(pages[0]["items"]) == len(page.items)


def test_mhtml_without_html_part_is_malformed() -> None:
    data = (
        f"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;"
        f'\r\n\tboundary="{BOUNDARY}"\r\n\r\n--{BOUNDARY}\r\nContent-Type: text/css\r\n'
        f"\r\nbody {{}}\r\n--{BOUNDARY}--\r\n"
    ).encode()
    page = triviaparse.parse(data)
    assert ProblemCode.MALFORMED_INPUT in {p.code for p in page.problems}
    assert not page.items
    with pytest.raises(MalformedPage):
        triviaparse.parse(data, strict=True, source="x.mhtml")


def test_mhtml_part_charset_is_honoured() -> None:
    html = (
        "<html><head><title>Caf\u00e9 (2001) - Trivia - IMDb</title></head><body>"
        '<div id="trivia_content"><div class="soda odd"><div class="sodatext">Na\u00efve.'
        "</div></div></div></body></html>"
    )
    data = mhtml(html).replace(
        b"Content-Type: text/html\r\n", b"Content-Type: text/html; charset=windows-1252\r\n"
    )
    data = data.replace(b"=C3=A9", b"=E9").replace(b"=C3=AF", b"=EF")
    page = triviaparse.parse(data)
    assert page.title == "Caf\u00e9" and page.items[0].text == "Na\u00efve."


def test_mhtml_8bit_part_is_read_as_text() -> None:
    html = (
        "<html><head><title>Caf\u00e9 (2001) - Trivia - IMDb</title></head><body>"
        '<div id="trivia_content"><div class="soda odd"><div class="sodatext">Na\u00efve.'
        "</div></div></div></body></html>"
    )
    data = (
        f"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;"
        f'\r\n\tboundary="{BOUNDARY}"\r\n\r\n--{BOUNDARY}\r\nContent-Type: text/html; '
        f"charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()
    page = triviaparse.parse(data)
    assert page.title == "Caf\u00e9" and page.items[0].text == "Na\u00efve."
    assert page.url is None and page.captured_at is None


# --- origin from headers and WARC records ----------------------------------------------------


def test_http_header_block_gives_date_and_content_location() -> None:
    html = _html(FIXTURES / "html_classic" / "trivia-2013-votes.html")
    data = (
        b"HTTP/1.1 200 OK\r\nDate: Fri, 26 Feb 2016 18:44:39 GMT\r\n"
        b"Content-Location: http://www.imdb.com/title/tt9900001/trivia\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    )
    page = triviaparse.parse(data)
    assert page.captured_at == "2016-02-26T18:44:39Z"
    assert page.url == "http://www.imdb.com/title/tt9900001/trivia"
    relative = data.replace(b"http://www.imdb.com/title", b"/title")
    assert triviaparse.parse(relative).url is None  # a relative location names no page


def test_warc_record_gives_target_uri_and_date(tmp_path: Path) -> None:
    from triviaparse.batch.convert import convert_one
    from triviaparse.batch.warc import iter_warc

    from .batch_builders import write_warc

    html = _html(FIXTURES / "html_classic" / "trivia-2013-votes.html")
    url = "https://www.imdb.com/title/tt9900001/trivia"
    w = write_warc(tmp_path / "c.warc.gz", [(url, html.encode())])
    ((src, data),) = [i for i in iter_warc(str(w)) if isinstance(i, tuple)]
    page = convert_one(src["name"], data, source=src)["page"]
    assert page["url"] == url
    assert page["captured_at"] is not None and page["captured_at"].endswith("Z")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("20160226052332", "2016-02-26T05:23:32Z"),
        ("20160226", "2016-02-26T00:00:00Z"),
        ("Fri, 26 Feb 2016 18:44:39 GMT", "2016-02-26T18:44:39Z"),
        ("2016-02-26T18:44:39Z", "2016-02-26T18:44:39Z"),
        ("2016-02-26T20:44:39+02:00", "2016-02-26T18:44:39Z"),
        ("yesterday", None),
        ("20161399000000", None),
    ],
)
def test_capture_times(value: str, iso: str | None) -> None:
    assert captured_iso(value) == iso


def test_origin_fields_round_trip_and_are_null_when_unknown() -> None:
    page = triviaparse.parse(mhtml(_html(FIXTURES / "html_classic" / "goofs-2014.html")))
    d = to_dict(page)
    assert d["url"] == PAGE_URL and d["captured_at"] == CAPTURED
    assert from_dict(json.loads(json.dumps(d))) == page
    plain = _bare(page)
    assert to_dict(plain)["url"] is None and to_dict(plain)["captured_at"] is None
    assert from_dict(to_dict(plain)) == plain


# --- time stays linear on inputs built to make the unwrapping backtrack ----------------------

_B = BOUNDARY
PATHOLOGICAL = {
    "wayback-prefixes": lambda n: (
        "<html><head><!-- End Wayback Rewrite JS Include -->"
        "</head><body>" + '<a href="/web/1/http://' * n + "x"
    ),
    "wayback-hosts": lambda n: (
        '<html><head></head><body><a href="/web/20160226052332/http://'
        + "a." * (50 * n)
        + '">'
        + "<!-- BEGIN WAYBACK TOOLBAR INSERT -->" * n
    ),
    "mhtml-parts": lambda n: (
        f"MIME-Version: 1.0\r\nContent-Type: multipart/related; "
        f'boundary="{_B}"\r\n\r\n' + f"--{_B}\r\nContent-Type: text/css\r\n\r\nx\r\n" * n
    ),
    "mhtml-headers": lambda n: (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n" + "X-A: b\r\n" * n
    ),
    "toolbar-text": lambda n: "12 captures\n" + "Jan\n2016\n" * n + "Trivia\n",
    "react-counts": lambda n: "Trivia\nUncategorized\n5\n" + "1\n2\nShare\n" * n,
    "react-text": lambda n: "Trivia\nUncategorized\n5\n" + "An item line.\n" * n + "1\n2\nShare\n",
}


def _best(data: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        triviaparse.parse(data)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_unwrapping_time_is_linear(name: str) -> None:
    build = PATHOLOGICAL[name]
    n = 200
    small = _best(build(n))
    while small < 2e-3 and n < 50_000:  # grow until timing noise no longer dominates
        n *= 4
        small = _best(build(n))
    ratio = _best(build(n * 16)) / small
    assert ratio < 64, f"{name}: 16x the input took {ratio:.0f}x the time (n={n})"


# --- the property ---------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from triviaparse.testing import strategies as tps  # noqa: E402

from .conftest import examples  # noqa: E402

_FORMATS = ("html_classic", "html_react", "next_data", "next_data_embedded")


def _render(page: TriviaPage, fmt: str) -> str:
    if fmt == "next_data_embedded":
        return render(page, format="next_data", embedded=True)
    return render(page, format=fmt)


@examples()
@given(page=tps.pages(), fmt=st.sampled_from(_FORMATS), wrap=st.sampled_from(("wb", "mhtml")))
def test_property_wrapped_pages_give_the_page(page: TriviaPage, fmt: str, wrap: str) -> None:
    html = _render(page, fmt)
    if fmt == "next_data":  # bare JSON has no <head> or <body>: only MHTML can carry it
        wrap = "mhtml"
    wrapped: str | bytes = wayback(html) if wrap == "wb" else mhtml(html)
    got = triviaparse.parse(wrapped)
    assert _bare(got) == triviaparse.parse(html)
    assert got.url == PAGE_URL and got.captured_at == CAPTURED


_ARCHIVE_PIECES = st.sampled_from(
    (
        "From: <Saved by Blink>\r\n",
        "MIME-Version: 1.0\r\n",
        f'Content-Type: multipart/related; boundary="{BOUNDARY}"\r\n',
        "\r\n",
        "\n",
        f"--{BOUNDARY}\r\n",
        f"--{BOUNDARY}--\r\n",
        "Content-Type: text/html\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "=3D=\r\n",
        "<html><head>",
        "</head><body>",
        "<!-- End Wayback Rewrite JS Include -->",
        "<!-- BEGIN WAYBACK TOOLBAR INSERT -->",
        "<!-- END WAYBACK TOOLBAR INSERT -->",
        '<a href="/web/20160226052332/http://www.imdb.com/name/nm0000206/">K</a>',
        "<!-- FILE ARCHIVED ON 05:23:32 Feb 26, 2016 AND -->",
        '__wm.wombat("http://x","2016");',
        '<div id="trivia_content"><div class="soda"><div class="sodatext">x</div></div></div>',
        "The Wayback Machine - https://web.archive.org/web/2016/http://www.imdb.com/",
        "12 captures",
        "HTTP/1.1 200 OK\r\nDate: nonsense\r\n\r\n",
        "Content-Location: http://a\r\n",
    )
)


@examples()
@given(parts=st.lists(_ARCHIVE_PIECES | st.text(max_size=12), max_size=40), as_bytes=st.booleans())
def test_property_archive_like_input_parses(parts: list[str], as_bytes: bool) -> None:
    """Any mix of MHTML, snapshot and header pieces gives a page, never an exception."""
    text = "".join(parts)
    page = triviaparse.parse(text.encode("utf-8", "surrogatepass") if as_bytes else text)
    assert ProblemCode.INTERNAL_ERROR not in {p.code for p in page.problems}
