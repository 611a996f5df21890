"""The parser-free reading of classic item runs (``readers/classic/scan.py``) against lxml.

The classic reader reads runs of items in IMDb's exact shapes without lxml and hands everything
else to lxml; with ``read(..., scan=False)`` it parses every block with lxml. Both must give the
same pages, item for item and field for field (``html``, the vote phrase as written, the
problems), on real pages, on our fixtures, on generated pages and on damaged copies of all of
them. The scan must also actually be taken on the big pages it exists for.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import triviaparse
from triviaparse.api import check_counts
from triviaparse.decode import decode
from triviaparse.detect import detect
from triviaparse.model import PageKind, ProblemCode, SourceFormat
from triviaparse.readers import Context, classic, get_reader
from triviaparse.readers.classic import region as classic_region
from triviaparse.readers.classic import scan as classic_scan
from triviaparse.readers.classic.walk import Declared, collect, inert, parse_fragment
from triviaparse.testing.strategies import pages, rendered

from .conftest import examples
from .helpers import CORPUS, FIXTURES, requires_shared

CLASSIC_FIXTURES = sorted((FIXTURES / "html_classic").glob("*.html"))
_SPLIT = classic_scan.split_block
_SPLIT_RAW = classic_scan.split_raw
_SPLIT_OPEN = classic_scan.split_open


def _facts(page: triviaparse.TriviaPage) -> tuple[Any, ...]:
    # Votes.raw (the phrase as written) is left out of ==; compare it too.
    return page, [item.votes.raw if item.votes else None for item in page.items]


class _Spy:
    """Counts the blocks the scan read (``split_open``, ``split_raw`` or, after they gave up,
    ``split_block`` did not give up on), and those read with their widgets."""

    def __init__(self) -> None:
        self.read = 0
        self.refused = 0
        self.raw = 0

    def split_raw(self, block: str, *, plain: bool = False) -> Any:
        parts = _SPLIT_RAW(block, plain=plain)
        if parts is not None:
            self.read += 1
            self.raw += 1
        return parts

    def split_open(self, text: str, markers: Any, **options: Any) -> Any:
        found = _SPLIT_OPEN(text, markers, **options)
        if found is not None:
            self.read += 1
            self.raw += 1
        return found

    def split_block(self, block: str, *, plain: bool = False) -> Any:
        parts = _SPLIT(block, plain=plain)
        if parts is None:
            self.refused += 1
        else:
            self.read += 1
        return parts


def _parse_with_scan(data: str | bytes, scan: bool) -> triviaparse.TriviaPage:
    """``triviaparse.parse(data)`` with the classic reader's fast path on or off (the same
    steps; ``test_parse_with_scan_on_is_parse`` checks they stay the same)."""
    decoded = decode(data)
    ctx = Context()
    ctx.problems.extend(decoded.problems)
    fmt = detect(decoded.text)
    if fmt is None:
        return triviaparse.parse(data)
    try:
        if fmt is SourceFormat.HTML_CLASSIC:
            page = classic.read(decoded.text, ctx, scan=scan)
        else:
            page = get_reader(fmt)(decoded.text, ctx)
    except Exception as exc:  # as parse reports a reader bug (some damaged copies find one)
        ctx.problem(
            ProblemCode.INTERNAL_ERROR,
            f"the {fmt} reader failed ({type(exc).__name__}: {exc}); please report this input",
        )
        page = triviaparse.TriviaPage(page_kind=PageKind.UNKNOWN, source_format=fmt)
    check_counts(page, ctx)
    return attrs.evolve(
        page,
        problems=(*page.problems, *ctx.problems),
        url=decoded.url,
        captured_at=decoded.captured_at,
    )


def _both(monkeypatch: pytest.MonkeyPatch, data: str | bytes) -> tuple[Any, Any, bool]:
    """(facts with the scan, facts with lxml only, whether the scan read a block)."""
    spy = _Spy()
    monkeypatch.setattr(classic_scan, "split_block", spy.split_block)
    monkeypatch.setattr(classic_scan, "split_raw", spy.split_raw)
    monkeypatch.setattr(classic_scan, "split_open", spy.split_open)
    scanned = _facts(_parse_with_scan(data, True))
    counts = spy.read, spy.refused, spy.raw
    plain = _facts(_parse_with_scan(data, False))
    assert (spy.read, spy.refused, spy.raw) == counts, "scan=False must not try the scan"
    return scanned, plain, counts[0] > 0


def test_parse_with_scan_on_is_parse() -> None:
    """The helper above reads every fixture and real page as ``triviaparse.parse`` does."""
    paths = CLASSIC_FIXTURES + _corpus_pages()
    for path in paths:
        data = path.read_bytes()
        assert _facts(_parse_with_scan(data, True)) == _facts(triviaparse.parse(data)), path.name
    texts = [decode(p.read_bytes()).text for p in CLASSIC_FIXTURES]
    rng = random.Random(20260612)
    for _ in range(50):
        text = _damaged(rng.choice(texts), rng)
        assert _facts(_parse_with_scan(text, True)) == _facts(triviaparse.parse(text)), text


@pytest.mark.parametrize("path", CLASSIC_FIXTURES, ids=lambda p: p.name)
def test_every_classic_fixture_reads_the_same_with_and_without_the_scan(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    scanned, plain, _ = _both(monkeypatch, path.read_bytes())
    assert scanned == plain


def test_the_scan_reads_the_item_fixtures_and_leaves_notes_and_taglines_to_lxml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used = {p.name: _both(monkeypatch, p.read_bytes())[2] for p in CLASSIC_FIXTURES}
    for name in (
        "trivia-2010-novotes.html",
        "trivia-2013-votes.html",
        "trivia-2016-groups.html",
        "goofs-2014.html",
        "crazy-credits-2015.html",
        "keywords-2016.html",
        "trivia-cp1252.html",
        "trivia-duplicated.html",
    ):
        assert used[name], name
    # Locations (dt/dd notes) and taglines (no div.sodatext) are not in the scan's shapes.
    assert not used["locations-2016.html"]
    assert not used["taglines-2016.html"]


def _corpus_pages() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".http", ".html"))


@requires_shared
def test_every_real_page_reads_the_same_and_the_big_ones_take_the_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used = {}
    for path in _corpus_pages():
        scanned, plain, used[path.name] = _both(monkeypatch, path.read_bytes())
        assert scanned == plain, path.name
    big = [name for name in used if "-trivia-" in name or "-keywords-" in name]
    assert len(big) >= 9
    assert all(used[name] for name in big), {name: used[name] for name in big}


# --- damaged copies ------------------------------------------------------------------------

#: Damage where a looser scan and lxml would part (found by the mutation search below):
#: a block element inside a heading (libxml2's ``</h4>`` does not close it, so the heading
#: runs on over the items), a script left open (the rest of the block is its text), the same
#: inside the "Showing all" box, and character references that HTML decodes inside an href
#: without a ";" (``&copy_`` is "©_", ``&amp_`` is "&_"; ``&ref_`` stays as it is).
_GROUPS, _KEYWORDS = "trivia-2016-groups.html", "keywords-2016.html"
_KNOWN = (
    (_GROUPS, '<h4 class="li_group">Cameo&nbsp;</h4>', '<h4 class="li_group">Ca<div>meo</h4>'),
    (_GROUPS, '<h4 class="li_group">Cameo&nbsp;</h4>', '<h4 class="li_group">Ca<td>meo</h4>'),
    (_GROUPS, '<h4 class="li_group">Spoilers&nbsp;</h4>', '<h4 class="li_group">Sp<tr>oilers</h4>'),
    (_GROUPS, '<h4 class="li_group">Cameo&nbsp;</h4>', '<h4 class="li_group">Cameo</h4><script>'),
    (
        _GROUPS,
        '<div class="desc">Showing all 8 items</div>',
        '<div class="desc">Showing <td>all 8 items</div>',
    ),
    (_KEYWORDS, "lighthouse?ref_=", "lighthouse?ref&copy_="),
    (_KEYWORDS, "lighthouse?ref_=", "lighthouse?ref&amp_="),
    (_KEYWORDS, "lighthouse?ref_=", "lighthouse?x=1&ref_="),
    # Characters libxml2 reads otherwise (a CR, controls) in a vote phrase and in link text:
    # the scan's grammar leaves such an item to lxml.
    (_GROUPS, "found this interesting</a>", "found this\rinteresting</a>"),
    (_GROUPS, ">Oskar Fenn</a>", ">Oskar\x00Fenn</a>"),
    (_KEYWORDS, "found this relevant", "found this\x00relevant"),
    # A quote left open in a tag the gap check removes whole (found by a fuzzing run): lxml
    # reads the markup after it as the attribute's value.
    (_KEYWORDS, '<select name="sort">', '<select name=\'"sort">'),
    (_KEYWORDS, 'selected="selected"', "selected='selected\""),
    (
        _KEYWORDS,
        '<div class="sort-controls">',
        '<script type=\'x>1</script><div class="sort-controls">',
    ),
    # "<br >" is a line break too, in a body with links and in one without.
    (_GROUPS, "night scene.<br /><br />The", "night scene.<br ><br />The"),
    (_GROUPS, "a single weekend.", "a single<br >weekend."),
)


@pytest.mark.parametrize(("fixture", "old", "new"), _KNOWN)
def test_known_damage_reads_the_same_with_and_without_the_scan(
    monkeypatch: pytest.MonkeyPatch, fixture: str, old: str, new: str
) -> None:
    page = (FIXTURES / "html_classic" / fixture).read_text(encoding="utf-8")
    assert old in page
    scanned, plain, _ = _both(monkeypatch, page.replace(old, new, 1))
    assert scanned == plain


_SNIPPETS = (
    "<",
    ">",
    "<b>",
    "</b>",
    "<i>",
    "</div>",
    "<div>",
    '<div class="soda">',
    "<p>",
    "</p>",
    '<a name="spoilers"></a>',
    '<a id="spoilers">',
    "<a>",
    "</a>",
    "<span>",
    "</span>",
    "&amp;",
    "&foo;",
    "&copy",
    "&copy;",
    "&#10;",
    "&#13;",
    "&#x80;",
    "&#0;",
    "&#65535;",
    "&nbsp;",
    "&eacute;",
    "&lt",
    "&amp",
    "& ",
    "&copy_",
    "&amp_",
    "&ref_",
    "&x=",
    "&notin;",
    "&noti",
    "\x00",
    "\r",
    "\x0c",
    "\x85",
    "\u2028",
    "\xa0",
    "\ufeff",
    "\U0001f600",
    "é",
    "\t",
    "\n",
    " ",
    '"',
    "'",
    "=",
    "<!--",
    "-->",
    "<!-- c -->",
    "<script>",
    "</script>",
    "<?x?>",
    "<![CDATA[",
    "<svg>",
    "<textarea>",
    "<title>",
    "<select>",
    "</select>",
    "<table>",
    "<tr>",
    "</tr>",
    "<td>",
    '<td class="soda">',
    '<h4 class="li_group">Cameo (2)</h4>',
    '<h4 class="li_group">',
    "<br>",
    "<br/>",
    "<br />",
    '<a href="/name/nm0000001/">N &amp; M</a>',
    '<a href="/title/tt0000001/?a=1&amp;b=2">T</a>',
    '<a href="/character/ch0000001/?x=1&ref_=y">C</a>',
    '<a href="/name/nm1234567"> </a>',
    '<A HREF="/name/nm0000002/">X</A>',
    '<div class="sodatext">',
    "<dd>note</dd>",
    "<dt>",
    '<a href="?item=tr0000001" class="interesting-count-text">3 of 4 found this interesting</a>',
    '<div class="desc">Showing all 7 items</div>',
    '<div class="list">',
    "<button>",
    "</button>",
    '<div class="jumpto"><a href="#x">X</a>&nbsp;(3)</div>',
    '<div class="sharesoda_pre">',
    '<span class="linksoda"><a href="x">S</a></span>',
    '<input type="text"/>',
    'class="soda"',
    " 12 of 9 found this interesting",
    '<span class="ghost">|</span>',
    '<a href="#">h</a>',
    # what ends a content block (``region.END_MARKERS``)
    '<div id="sidebar">',
    '<div id="footer">',
    'id="see_also"',
    'class="article contribute"',
)


def _item_spans(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for pattern in (classic_scan._DIV_ITEM, classic_scan._TD_ITEM)
        for m in pattern.finditer(text)
    ]


def _damaged(text: str, rng: random.Random) -> str:
    """``text`` with 1–3 snippets inserted, spans deleted or doubled, or its end cut off; most
    edits land inside items, where the scan reads, the rest anywhere after the head."""
    spans = _item_spans(text) or [(0, len(text))]
    start = max(0, text.find("_content"))
    for _ in range(rng.randint(1, 3)):
        a, b = rng.choice(spans) if rng.random() < 0.7 else (start, len(text))
        i = rng.randint(min(a, len(text)), min(b, len(text)))
        op = rng.random()
        if op < 0.65:
            text = text[:i] + rng.choice(_SNIPPETS) + text[i:]
        elif op < 0.8:
            text = text[:i] + text[i + rng.randint(1, 40) :]
        elif op < 0.95:
            j = min(len(text), i + rng.randint(1, 300))
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i]
    return text


def _mutants(paths: list[Path], count: int, seed: int) -> Iterator[str]:
    texts = [decode(p.read_bytes()).text for p in paths]
    rng = random.Random(seed)
    for _ in range(count):
        yield _damaged(rng.choice(texts), rng)


def _check_mutants(monkeypatch: pytest.MonkeyPatch, mutants: Iterator[str]) -> None:
    read = total = 0
    for text in mutants:
        scanned, plain, used = _both(monkeypatch, text)
        assert scanned == plain, text
        read += used
        total += 1
    # Most damage makes the scan hand the block to lxml; enough must still go through it.
    assert read >= total // 5, (read, total)


def _count(dev: int) -> int:
    """``dev`` damaged pages under the dev profile, 20 times as many under ci."""
    from hypothesis import settings

    return dev if settings.default.max_examples < 1000 else dev * 20


def test_damaged_fixtures_read_the_same_with_and_without_the_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = [p for p in CLASSIC_FIXTURES if _item_spans(decode(p.read_bytes()).text)]
    _check_mutants(monkeypatch, _mutants(items, _count(1000), seed=20261124))


@requires_shared
def test_damaged_real_pages_read_the_same_with_and_without_the_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = [p for p in _corpus_pages() if "-trivia-" in p.name or "-keywords-" in p.name]
    _check_mutants(monkeypatch, _mutants(real, _count(60), seed=1124))


@examples()
@given(page=pages(max_size=10), noise=st.booleans(), data=st.data())
def test_generated_pages_read_the_same_with_and_without_the_scan(
    page: triviaparse.TriviaPage, noise: bool, data: st.DataObject
) -> None:
    html = data.draw(rendered(page, format="html_classic", noise=noise))
    if data.draw(st.booleans()):
        spans = _item_spans(html)
        if spans:
            a, b = data.draw(st.sampled_from(spans))
            i = data.draw(st.integers(a, b))
            html = html[:i] + data.draw(st.sampled_from(_SNIPPETS)) + html[i:]
    with pytest.MonkeyPatch.context() as mp:
        scanned, plain, _ = _both(mp, html)
    assert scanned == plain


# --- items read with their widgets ---------------------------------------------------------


def _blocks(text: str) -> list[str]:
    """The content blocks of a page as the page has them (furniture and all)."""
    return [r.raw for r in classic_region.content_regions(text)[1] if r.raw is not None]


def _raw_reads_as_cut(block: str) -> bool:
    """``split_raw`` of a block gives ``split_block`` of its cut, with either pattern set;
    whether it read the block."""
    raw = classic_scan.split_raw(block)
    if classic_scan.plain_bytes(block.encode("utf-8")):
        assert classic_scan.split_raw(block, plain=True) == raw
    if raw is None:
        return False
    assert raw == classic_scan.split_block(classic_region._cut_furniture(block))
    return True


def test_the_raw_scan_reads_blocks_as_the_scan_reads_their_cut() -> None:
    texts = [decode(p.read_bytes()).text for p in CLASSIC_FIXTURES]
    texts = [t for t in texts if _item_spans(t)]
    assert sum(_raw_reads_as_cut(b) for t in texts for b in _blocks(t)) >= 8
    rng = random.Random(20261206)
    read = 0
    for _ in range(_count(300)):
        read += sum(_raw_reads_as_cut(b) for b in _blocks(_damaged(rng.choice(texts), rng)))
    assert read >= _count(300) // 10  # most damage makes it give up; enough must go through


@requires_shared
def test_the_raw_scan_reads_the_real_trivia_pages_by_their_first_items_widgets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each big page is read without cutting, and the same when every item's widgets are read
    by the pattern rather than compared with the first one's."""
    real = [p for p in _corpus_pages() if "-trivia-" in p.name]
    assert real
    for path in real:
        [block] = _blocks(decode(path.read_bytes()).text)
        parts = classic_scan.split_raw(block, plain=True)
        assert parts is not None, path.name
        monkeypatch.setattr(classic_scan, "_MAX_ZONES", 0)
        assert classic_scan.split_raw(block, plain=True) == parts, path.name
        monkeypatch.undo()


def test_an_item_whose_widgets_differ_from_the_first_items_is_read_by_the_pattern() -> None:
    item = (
        '<div id="{id}" class="soda odd"><div class="sodatext">Text {n}</div>'
        '<div class="did-you-know-actions"><a href="?item={id}" class="interesting-count-text">'
        "1 of 2 found this interesting</a>"
        '<span class="linksoda"><a href="?item={id}">Share this</a></span>'
        '<div class="sharesoda_pre"><a href="/title/tt0000001/trivia?item={id}">Permalink</a>'
        "{extra}</div></div></div>"
    )
    first = item.format(id="tr0000001", n=1, extra="")
    same = item.format(id="tr0000002", n=2, extra="")
    other = item.format(id="tr0000003", n=3, extra='<input type="text"/>')
    broken = item.format(id="tr0000004", n=4, extra="<p>").replace("</div></div></div>", "</div>")
    block = '<div id="trivia_content">' + first + same + other + "</div>"
    parts = classic_scan.split_raw(block)
    assert parts is not None
    assert [i.text for i in parts[1]] == ["Text 1", "Text 2", "Text 3"]
    assert parts == classic_scan.split_block(classic_region._cut_furniture(block))
    assert classic_scan.split_raw(block.replace(other, broken)) is None


def _walk_effect(fragment: str) -> tuple[Any, ...]:
    """What reading a gap changes: its items, the label and spoiler flag it hands on, and what
    it declares."""
    declared = Declared()
    root = parse_fragment(fragment)
    if root is None:
        return [], "label", False, None, {}
    raws, label, spoiler = collect(root, declared, label="label", spoiler=False)
    return raws, label, spoiler, declared.total, dict(declared.counts)


@pytest.mark.parametrize(
    "gap",
    [
        '<a name="&#115;poilers"></a>',
        '<A NAME="spoilers"></A>',
        '<DIV CLASS="list">',
        "<div class=list>",
        '<h4 class="li_group">Cameo</h4>',
        '<div class="desc">Showing all 3 items</div>',
    ],
)
def test_a_gap_the_walk_reads_is_not_skipped(gap: str) -> None:
    assert _walk_effect(gap) != ([], "label", False, None, {})
    assert not inert(gap)


def test_a_gap_skipped_as_inert_is_one_the_walk_reads_nothing_from() -> None:
    rng = random.Random(20261206)
    skipped = 0
    for _ in range(2000):
        gap = "".join(rng.choice(_SNIPPETS) for _ in range(rng.randint(1, 6)))
        if inert(gap):
            skipped += 1
            assert _walk_effect(gap) == ([], "label", False, None, {}), gap
    assert skipped > 200


def _open_reads_as_capped(text: str) -> bool:
    """``split_open`` of a page from its content block on gives the block's end as ``region``
    finds it and ``split_raw`` of the block up to there; whether it read the block."""
    found = classic_region.first_block(text)
    if found is None:
        return False
    rest = text[found[1] :]
    got = classic_scan.split_open(rest, classic_region.END_MARKERS, plain=False)
    if got is None:
        return False
    parts, end = got
    assert end == classic_region._cap(rest, 4)
    assert parts == classic_scan.split_raw(rest[:end])
    if classic_scan.plain_bytes(rest.encode("utf-8")):
        assert classic_scan.split_open(rest, classic_region.END_MARKERS, plain=True) == got
    return True


def _texts_with_items() -> list[str]:
    """The classic fixtures that hold items in the scan's shapes, as text."""
    texts = [decode(p.read_bytes()).text for p in CLASSIC_FIXTURES]
    return [t for t in texts if _item_spans(t)]


def _reads_fixtures_and_copies(
    check: Callable[[str], bool], vary: Callable[[str, random.Random, int], str], seed: int
) -> None:
    """``check`` holds on every fixture with items, and on 300 copies changed by ``vary``
    (20 times as many under ci), having read at least five fixtures and a tenth of the
    copies."""
    texts = _texts_with_items()
    assert sum(check(t) for t in texts) >= 5
    rng = random.Random(seed)
    read = sum(check(vary(rng.choice(texts), rng, n)) for n in range(_count(300)))
    assert read >= _count(300) // 10


def test_the_open_scan_finds_the_block_end_as_the_end_markers_search_does() -> None:
    _reads_fixtures_and_copies(
        _open_reads_as_capped, lambda text, rng, _: _damaged(text, rng), 20261207
    )


@pytest.mark.parametrize("marker", classic_region.END_MARKERS)
@pytest.mark.parametrize("where", ["body", "phrase", "widget", "first widget", "gap"])
def test_an_end_marker_inside_the_block_ends_it_there_or_stops_the_open_scan(
    marker: str, where: str
) -> None:
    item = (
        '<div id="tr000000{n}" class="soda odd"><div class="sodatext">Text {n} {body}</div>'
        '<div class="did-you-know-actions"><a href="?item=tr000000{n}" '
        'class="interesting-count-text">1 of 2 found this interesting{phrase}</a>'
        '<div class="sharesoda_pre"><a href="/t?item=tr000000{n}">Permalink</a>{widget}</div>'
        "</div></div>"
    )
    slot = {"body": "", "phrase": "", "widget": ""}
    items = [item.format(n=n, **slot) for n in (1, 2, 3)]
    at = {"body": 1, "phrase": 1, "widget": 1, "first widget": 0, "gap": 1}[where]
    if where == "gap":
        items[at] += marker
    else:
        items[at] = item.format(n=at + 1, **(slot | {where.split()[-1]: marker}))
    page = '<div id="trivia_content">' + "".join(items) + '</div><div id="footer">'
    assert marker in page[4 : page.index('<div id="footer">')]
    got = classic_scan.split_open(page, classic_region.END_MARKERS)
    end = classic_region._cap(page, 4)
    if got is not None:
        assert got == (classic_scan.split_raw(page[:end]), end)
    else:
        assert where != "gap"


#: A body whose last line break is followed by whitespace ``_BR_TAIL`` does not take (found
#: by a fuzzing run: an entity or a Unicode space): the walk drops that break, as it drops
#: every trailing one, so the scan must not keep it.
_BR_THEN_SPACE = ("<br />&nbsp;  ", "<br />\n&nbsp;", "<br />\u2028  ", "<br>\xa0", "<br />\u3000")


@pytest.mark.parametrize("tail", _BR_THEN_SPACE)
def test_a_body_ending_in_a_break_and_other_whitespace_reads_as_lxml_reads_it(
    monkeypatch: pytest.MonkeyPatch, tail: str
) -> None:
    page = (FIXTURES / "html_classic" / "trivia-2013-votes.html").read_text(encoding="utf-8")
    at = page.index("</div>", page.index('class="sodatext"'))
    damaged = page[:at] + tail + page[at:]
    scanned, plain, _ = _both(monkeypatch, damaged)
    assert scanned == plain
    assert not any(i.html.endswith("<br>") for i in scanned[0].items)


@pytest.mark.parametrize("where", ["body", "phrase"])
def test_a_marker_without_a_quote_in_a_body_or_phrase_stops_the_open_scan(where: str) -> None:
    """Bodies and phrases without a quote are not searched for markers that all hold one;
    a marker without one makes every body and phrase searched again."""
    item = (
        '<div id="tr000000{n}" class="soda odd"><div class="sodatext">Text {n}{body}</div>'
        '<div class="did-you-know-actions"><a href="?item=tr000000{n}" '
        'class="interesting-count-text">1 of 2 found this interesting{phrase}</a>'
        "</div></div>"
    )
    slots = [{"body": "", "phrase": ""} for _ in range(3)]
    slots[1][where] = " ENDS HERE"
    items = [item.format(n=n, **slot) for n, slot in enumerate(slots, 1)]
    page = '<div id="trivia_content">' + "".join(items) + '</div><div id="footer">'
    quoted = classic_scan.split_open(page, ('"ENDS HERE"',))
    assert quoted is not None and len(quoted[0][1]) == 3  # the quoted marker is not there
    assert classic_scan.split_open(page, ("ENDS HERE",)) is None


# --- the open scan of bytes ----------------------------------------------------------------

#: Where bytes and text patterns could differ: ``\s`` (spelled out in UTF-8 by ``bytes_twin``)
#: in vote prompts, ``\d`` (ASCII only in bytes) in ids, and a character of two to four bytes
#: standing for one.
_UNICODE_SNIPPETS = ("\xa0", "\u2028", "\u3000", "\u0663", "\uff11", "é", "\u201cq\u201d", "😀")


def _bytes_open_reads_as_text(text: str) -> bool:
    """The bytes quick path's reading of a page's one content block (``_open_region``) is the
    text path's (``_open_scan`` of the text, strict patterns), its end the same place; whether
    the bytes path read it."""
    data = text.encode("utf-8", "surrogatepass")
    found = classic_region.first_block(data)
    if found is None:
        return False
    name, first = found
    region = classic._open_region(data, name, first)
    if region is None:
        return False
    first_char = len(data[:first].decode("utf-8"))
    opened = classic._open_scan(text[first_char:], name, plain=False)
    assert opened is not None
    parts, end = opened
    assert region.parts == parts
    assert region.stop - region.start == len(text[first_char : first_char + end].encode())
    return True


def _with_unicode(text: str, rng: random.Random) -> str:
    """``text`` with a few non-ASCII characters put where the item patterns read: in vote
    prompts and phrases, ids, bodies and widgets."""
    spans = _item_spans(text) or [(0, len(text))]
    for _ in range(rng.randint(1, 3)):
        a, b = rng.choice(spans)
        anchors = [i for i in range(a, b) if text[i] in '>"0123456789 ']
        i = rng.choice(anchors) + 1 if anchors else rng.randint(a, b)
        text = text[:i] + rng.choice(_UNICODE_SNIPPETS) + text[i:]
    return text


def test_the_open_scan_of_bytes_reads_as_the_text_scan() -> None:
    _reads_fixtures_and_copies(
        _bytes_open_reads_as_text,
        lambda text, rng, n: _with_unicode(text, rng) if n % 2 else _damaged(text, rng),
        20261206,
    )


@requires_shared
def test_the_open_scan_of_real_pages_bytes_reads_as_the_text_scan() -> None:
    pages = sorted((CORPUS / "classic").glob("*.http"))
    texts = [decode(p.read_bytes()).text for p in pages]
    assert sum(_bytes_open_reads_as_text(t) for t in texts) == len(texts)
