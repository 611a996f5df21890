"""``readers.classic.read_bytes`` reads a classic page from its UTF-8 bytes, decoding only the
content blocks and the page above them; for a valid UTF-8 page it must give exactly what
``read`` gives from the decoded text (same page, same problems in the same order), and decline
(None) wherever it cannot promise that.
"""

from __future__ import annotations

import copy
import pickle
import re
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triviaparse.decode import decode
from triviaparse.detect import detect
from triviaparse.model import (
    Link,
    LinkKind,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
    built_item,
    built_votes,
)
from triviaparse.readers import Context
from triviaparse.readers.classic import read, read_bytes
from triviaparse.readers.classic import region as classic_region
from triviaparse.testing.strategies import pages, rendered

from .conftest import examples
from .helpers import CORPUS, FIXTURES, requires_shared
from .test_classic_scan import _count, _item_spans, _mutants


def _is_classic(path: Path) -> bool:
    return detect(decode(path.read_bytes()).text) is SourceFormat.HTML_CLASSIC


def _classic_pages() -> list[Path]:
    """Every classic fixture and real page (the real ones where ../shared lies)."""
    found = [p for p in sorted(FIXTURES.rglob("*")) if p.is_file() and "classic" in p.parent.name]
    if CORPUS.is_dir():
        found += [p for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    return [p for p in found if not p.name.endswith(".json") and _is_classic(p)]


PAGES = _classic_pages()


def _both(text: str) -> tuple[TriviaPage, Context, TriviaPage | None, Context]:
    """``read(text)`` and ``read_bytes`` of its UTF-8, each with its own context."""
    text_ctx, bytes_ctx = Context(), Context()
    return read(text, text_ctx), text_ctx, read_bytes(text.encode("utf-8"), bytes_ctx), bytes_ctx


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bytes_read_what_the_text_reads(path: Path) -> None:
    decoded = decode(path.read_bytes())
    page, text_ctx, from_bytes, bytes_ctx = _both(decoded.text)
    assert from_bytes is not None
    assert from_bytes == page
    assert bytes_ctx.problems == text_ctx.problems


def _check_same(texts: list[str]) -> None:
    """Each text reads the same from its bytes; a decline (its name header may run on into
    the content) reports nothing and stays rare."""
    declined = 0
    for text in texts:
        page, text_ctx, from_bytes, bytes_ctx = _both(text)
        if from_bytes is None:
            declined += 1
            assert bytes_ctx.problems == [], text
            continue
        assert from_bytes == page, text
        assert bytes_ctx.problems == text_ctx.problems, text
    assert declined <= len(texts) // 10, (declined, len(texts))


def test_damaged_fixtures_read_the_same_from_bytes() -> None:
    """Items cut, doubled, broken, the page cut short: the same damage the scan is held to."""
    items = [p for p in PAGES if p.parent.name == "html_classic"]
    items = [p for p in items if _item_spans(decode(p.read_bytes()).text)]
    _check_same(list(_mutants(items, _count(300), seed=20261206)))


@requires_shared
def test_damaged_real_pages_read_the_same_from_bytes() -> None:
    real = [p for p in PAGES if p.parent.parent == CORPUS and "-trivia-" in p.name]
    _check_same(list(_mutants(real, _count(30), seed=1206)))


@examples()
@given(page=pages(max_size=10), noise=st.booleans(), data=st.data())
def test_generated_pages_read_the_same_from_bytes(
    page: TriviaPage, noise: bool, data: st.DataObject
) -> None:
    html = data.draw(rendered(page, format="html_classic", noise=noise))
    text_page, text_ctx, from_bytes, bytes_ctx = _both(html)
    assert from_bytes == text_page
    assert bytes_ctx.problems == text_ctx.problems


def test_every_classic_fixture_and_real_page_was_compared() -> None:
    assert len([p for p in PAGES if p.parent.name == "html_classic"]) >= 15
    if CORPUS.is_dir():
        assert len([p for p in PAGES if p.parent.name == "classic"]) >= 7


_HEAD = (
    "<html><head><title>The Lantern Keeper (2011) - Trivia - IMDb</title>"
    '<link rel="canonical" href="http://www.imdb.com/title/tt9900001/trivia">'
    '<meta property="og:title" content="The Lantern Keeper (2011)"></head><body>'
)
_ITEM = (
    '<div id="tr000{n}" class="soda odd">\n<div class="sodatext">\n{text}\n</div>\n'
    '<div class="did-you-know-actions"><a href="?item=tr000{n}" class="interesting-count-text"'
    "> 3 of 4 found this interesting</a></div>\n</div>\n"
)


def _page(*, above: str = "", items: str = "", space: str = '"') -> str:
    body = items or "".join(
        _ITEM.format(n=n, text=t)
        for n, t in enumerate(("Built in a week.", "Shot at night – twice."), 1)
    )
    return (
        f'{_HEAD}{above}<div id="trivia_content{space} class="header">\n'
        f'<div class="list">\n{body}</div>\n</div>\n'
        '<div id="sidebar">side</div><div id="footer">foot</div></body></html>'
    )


def test_a_made_page_reads_the_same_from_bytes() -> None:
    page, text_ctx, from_bytes, bytes_ctx = _both(_page())
    assert from_bytes is not None
    assert [i.text for i in page.items] == ["Built in a week.", "Shot at night – twice."]
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems


@pytest.mark.parametrize(
    "where", ["above", "items", "head"], ids=["above-content", "in-items", "in-head"]
)
def test_bytes_that_are_not_utf8_where_it_reads_decline(where: str) -> None:
    """A part the bytes reader decodes is not UTF-8: it declines and reports nothing."""
    good = _page(above="<p>caf\u00e9</p>").encode("utf-8")
    if where == "above":
        data = good.replace("caf\u00e9".encode(), b"caf\xe9")
    elif where == "items":
        data = good.replace("night – twice".encode(), b"night \x96 twice")
    else:
        data = good.replace(b"Lantern", b"L\xe4ntern")
    assert data != good
    ctx = Context()
    assert read_bytes(data, ctx) is None
    assert ctx.problems == []


def test_bytes_that_are_not_utf8_below_the_content_are_not_read() -> None:
    """The one accepted difference from the text path: bytes past the content blocks (from the
    sidebar on) are never decoded, so a page valid UTF-8 up to there reads as UTF-8 (the text
    path decodes the whole page as cp1252 when any of it is not UTF-8)."""
    text = _page().replace(">foot<", ">caf\u00e9<")
    data = text.encode("utf-8").replace("caf\u00e9".encode(), b"caf\xe9")
    page = read_bytes(data, Context())
    assert page is not None
    assert page == read(text, Context())


def test_a_page_without_content_block_is_read_whole() -> None:
    text = _HEAD + "<div>no items here – none</div></body></html>"
    page, text_ctx, from_bytes, bytes_ctx = _both(text)
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems
    assert read_bytes(text.encode("utf-8").replace("–".encode(), b"\x96"), Context()) is None


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", "\x1c", "\u0085"])
def test_unicode_space_after_the_content_id_is_read_as_the_text_path_reads_it(
    space: str,
) -> None:
    """``\\s`` in the content-id pattern is Unicode on text; its bytes twin spells it out."""
    text = _page(space=space).replace('id="trivia_content', "id=trivia_content")
    page, text_ctx, from_bytes, bytes_ctx = _both(text)
    assert len(page.items) == 2
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems


def test_a_second_copy_of_the_content_block_is_found_in_bytes_too() -> None:
    text = _page()
    text = text.replace("</body>", text[text.index('<div id="trivia_content') :])
    page, text_ctx, from_bytes, bytes_ctx = _both(text)
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems
    assert any(p.code == "duplicate-item" for p in text_ctx.problems)


def test_a_name_header_running_into_the_content_declines() -> None:
    """The head is read from the page above the content only; when the name header's end may
    lie past it, the bytes reader declines rather than read less than the text path."""
    text = _page(above='<h1 itemprop="name">The Lantern – Keeper')
    ctx = Context()
    assert read_bytes(text.encode("utf-8"), ctx) is None
    assert ctx.problems == []
    closed = _page(above='<h1 itemprop="name">The Lantern – Keeper</h1>')
    page, text_ctx, from_bytes, bytes_ctx = _both(closed)
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems


def test_vote_prompt_with_unicode_spaces_is_cut_in_bytes_as_in_text() -> None:
    """The furniture cut runs on bytes; its ``\\s`` must take what ``str`` ``\\s`` takes."""
    prompt = (
        "<span class='interesting-cast-vote'>\u2003<span>Interesting?</span>\u00a0"
        '<button class="cast-vote">Yes</button>\u3000</span>'
    )
    item = _ITEM.format(n=1, text="Built in a week.").replace("</a></div>", f"</a>{prompt}</div>")
    text = _page(items=item)
    chunk = text[text.index("<div id") :]
    assert classic_region._cut_furniture(chunk.encode("utf-8")).decode("utf-8") == (
        classic_region._cut_furniture(chunk)
    )
    assert prompt not in classic_region._cut_furniture(chunk)
    page, text_ctx, from_bytes, bytes_ctx = _both(text)
    assert from_bytes == page and bytes_ctx.problems == text_ctx.problems


def test_the_utf8_spelling_of_space_takes_exactly_what_str_space_takes() -> None:
    space = re.compile(classic_region.UTF8_SPACE.encode("ascii"))
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert (space.fullmatch(char.encode("utf-8")) is not None) is char.isspace(), hex(code)


def test_built_records_equal_their_init() -> None:
    """The fast constructors store every field ``__init__`` stores, and nothing else."""
    assert [f.name for f in attrs.fields(TriviaItem)] == [
        "id",
        "text",
        "html",
        "category",
        "category_label",
        "is_spoiler",
        "votes",
        "links",
        "note",
    ]
    assert [f.name for f in attrs.fields(Votes)] == ["interested", "total", "raw"]
    votes = built_votes(3, 4, "3 of 4 found this interesting")
    assert votes == Votes(interested=3, total=4, raw="3 of 4 found this interesting")
    assert votes.raw == "3 of 4 found this interesting"
    link = Link(kind=LinkKind.NAME, imdb_id="nm0000001", text="A")
    fields = dict(
        id="tr1",
        text="t",
        html="<b>t</b>",
        category="spoilers",
        category_label="Spoilers",
        is_spoiler=True,
        votes=votes,
        links=(link,),
        note="n",
    )
    item = built_item(*fields.values())  # type: ignore[arg-type]
    init = TriviaItem(**fields)  # type: ignore[arg-type]
    assert item == init and hash(item) == hash(init) and repr(item) == repr(init)
    assert attrs.asdict(item) == attrs.asdict(init)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.text = "x"  # type: ignore[misc]
    # built as an instance of a subclass, then made the record itself: nothing shows it
    for record, same in ((item, init), (votes, init.votes)):
        assert type(record) is type(same)
        back = pickle.loads(pickle.dumps(record))
        assert back == same and type(back) is type(same) and hash(back) == hash(same)
        assert copy.deepcopy(record) == same and attrs.asdict(back) == attrs.asdict(same)
    assert pickle.loads(pickle.dumps(item)).votes.raw == "3 of 4 found this interesting"


#: Characters the scan's item text must not hold (``scan._BAD``), one of each kind, and ">".
_REFUSED_IN_TEXT = tuple(">\x00\x08\x0b\r\x1f\x7f\x85\x9f\ufdd0\uffff")


@pytest.mark.parametrize("char", _REFUSED_IN_TEXT)
def test_the_plain_item_patterns_refuse_what_the_strict_ones_refuse(char: str) -> None:
    """``split_block(plain=True)`` (text matched as ``[^<]``) gives what the strict patterns
    give, for a ">" or a refused character in an item's text or link text; and a block with a
    refused character is never judged plain."""
    from triviaparse.readers.classic import scan as classic_scan

    text = (FIXTURES / "html_classic" / "trivia-2013-votes.html").read_text(encoding="utf-8")
    _, regions = classic_region.content_regions(text)
    block = regions[0].html
    assert classic_scan.split_block(block, plain=True) == classic_scan.split_block(block)
    assert classic_scan.split_block(block) is not None
    body = block.index('<div class="sodatext">') + len('<div class="sodatext">')
    link = block.index("</a>", block.index("<a href=", body))
    for at in (body + 3, link - 1):
        damaged = block[:at] + char + block[at:]
        strict = classic_scan.split_block(damaged)
        assert strict is None
        if classic_scan.plain_bytes(damaged.encode("utf-8")):
            assert char == ">"
            assert classic_scan.split_block(damaged, plain=True) is None
        else:
            assert char != ">"


@pytest.mark.parametrize(
    "date",
    [
        "Sun, 20 Jan 2013 12:34:56 GMT",
        "Mon, 29 Feb 2016 23:59:59 GMT",
        "Tue, 30 Feb 2016 10:00:00 GMT",
        "Wed, 01 Jan 0064 00:00:00 GMT",
        "Thu, 01 Jan 1999 24:00:00 GMT",
        "Fri, 01 Jan 2000 00:00:60 GMT",
        "Sat, 01 Jan 2000 00:00:00 +0100",
        "sat, 01 jan 2000 00:00:00 GMT",
    ],
)
def test_an_http_date_reads_as_the_email_package_reads_it(date: str) -> None:
    """``captured_iso`` reads the usual HTTP date itself; the same time as email.utils gives."""
    from email.utils import parsedate_to_datetime

    from triviaparse.archive import _iso, captured_iso

    try:
        expected: str | None = _iso(parsedate_to_datetime(date))
    except ValueError:
        expected = None
    assert captured_iso(date) == expected
