"""``walk.read_gap``: the two usual gaps between runs of classic items (the block's head with
its counts, the spoiler group's opening) read without lxml, exactly as ``collect`` walks them.

Whatever it reads must be what the walk gives, for any group in force before the gap; what it
does not read, the walk reads. The scan-on/scan-off tests (test_classic_scan.py) compare whole
pages; these compare the gaps themselves, on real pages and on many changed copies of two
written ones.
"""

from __future__ import annotations

import random

import pytest

from triviaparse.decode import body_of
from triviaparse.detect import NOT_CLASSIC_MARKS
from triviaparse.readers._imdb import SPOILER_CATEGORY
from triviaparse.readers.classic import _open_region
from triviaparse.readers.classic import region as classic_region
from triviaparse.readers.classic.walk import Declared, collect, inert, parse_fragment, read_gap

from .helpers import CORPUS, requires_shared

#: Written here in the shape of IMDb's 2013-2016 trivia pages (numbers, names and notice ours).
HEAD = (
    '<div id="goofs_content" class="header">\n<div class="header"><div class="nav">'
    '<div class="desc">Showing all 37 items</div></div>\n  <div class="jumpto">\nJump to:\n'
    '<a href="#cameo">Cameo</a>&nbsp;(5)  \n<a href="#spoilers">Spoilers</a>&nbsp;(3)  </div>\n'
    '</div>\n\n\n    <div class="list">\n     \n'
)
SPOILERS = (
    '</div>\n    <div class="list">\n        <a id="spoilers" name="spoilers"></a>\n'
    '    <h4 class="li_group">Spoilers&nbsp;</h4>\n    <div class="message_box small">\n'
    '        <div class="alert">\n          <p>What follows tells how it ends.</p>\n'
    "        </div>\n    </div>\n \n"
)

#: Incoming groups: the walk's result must not depend on them where ``read_gap`` reads.
STATES = [(None, False), ("Cameo", False), (None, True), ("Director Trademark", True)]


def _walk(gap: str, label: str | None, spoiler: bool) -> tuple[object, ...]:
    """What ``_block_runs`` gets from lxml for ``gap``: items, label, spoiler, counts."""
    declared = Declared()
    root = parse_fragment(gap)
    if root is None:
        return [], label, spoiler, declared
    raws, label, spoiler = collect(
        root, declared, anchors=SPOILER_CATEGORY in gap, label=label, spoiler=spoiler
    )
    return raws, label, spoiler, declared


def _read(gap: str) -> tuple[object, ...] | None:
    declared = Declared()
    found = read_gap(gap, declared)
    return None if found is None else ([], *found, declared)


def _agrees(gap: str) -> bool:
    """``read_gap`` reads ``gap`` as the walk does from every state, or leaves it; whether it
    read it."""
    got = _read(gap)
    if got is None:
        return False
    for label, spoiler in STATES:
        assert got == _walk(gap, label, spoiler), (gap, label, spoiler)
    return True


def test_the_written_gaps_are_read_as_the_walk_reads_them() -> None:
    assert _agrees(HEAD) and _agrees(SPOILERS)
    declared = Declared()
    assert read_gap(HEAD, declared) == (None, False)
    assert (declared.total, declared.counts) == (37, {"Cameo": 5, "Spoilers": 3})
    assert read_gap(SPOILERS, Declared()) == (None, True)


@pytest.mark.parametrize(
    "gap",
    [
        HEAD.replace('class="list"', 'class="list extra"'),
        HEAD.replace("Showing all 37 items", "Showing 1-20 of 37 items"),
        HEAD.replace("(5)", "(1,205)"),
        HEAD.replace(">Cameo<", "><b>Cameo</b><"),
        SPOILERS.replace("<p>What", "<p>What <i>really</i>"),
        SPOILERS.replace('<a id="spoilers" name="spoilers"></a>', ""),
        SPOILERS.replace("\n", "\r\n"),
        SPOILERS + '<div class="soda">x</div>',
        "<p>Showing all 3 items</p>",
    ],
)
def test_a_gap_in_another_shape_is_left_to_the_walk(gap: str) -> None:
    assert read_gap(gap, Declared()) is None


#: Changes to the written gaps, most of which keep them in shape and some of which do not.
_EDITS: list[tuple[str, list[str]]] = [
    ("37", ["0", "1", "9", "999999", "1000000", "012", "4,500", " 37", "37 "]),
    ("(5)", ["(0)", "(1)", "(999999)", "(1000000)", "( 5)", "(5 )", "(-5)", "5"]),
    ("(3)", ["(7)", "(03)", "()", "(3)(4)"]),
    ("Cameo", ["Cameo Roles", "Cameo  Roles", "Director Trademark", "Spoilers", "", "Ünï"]),
    ("&nbsp;(", [" (", "&nbsp; (", "&#160;(", "&nbsp;&nbsp;("]),
    ("  \n<a", ["<a", "\n\n<a", "\t<a", "\xa0<a", "\x0c<a", " x <a"]),
    ("\n", ["", " ", "\t", "\n\n    ", "\xa0", "\x0c", "\u2028"]),
    ('<a id="spoilers" name="spoilers"></a>', ['<a name="spoilers"></a>', "<a></a>"]),
    ("Spoilers&nbsp;", ["Spoilers", "Spoiler&nbsp;", "Cameo&nbsp;", "Spoilers (3)&nbsp;"]),
    ("What follows tells how it ends.", ["", "A &amp; B", "Plot <b>points</b>", "x > y"]),
    ('<div class="list">', ['<div class="List">', '<DIV class="list">', "<div class=list>"]),
    ('href="#cameo"', ['href="#cameo_roles"', 'href="#Cameo"', 'href=""']),
]


def _changed(rng: random.Random) -> str:
    """One of the written gaps with a few random edits, or its jump links repeated."""
    gap = rng.choice([HEAD, SPOILERS])
    for _ in range(rng.randint(1, 3)):
        old, news = rng.choice(_EDITS)
        if old in gap:
            at = rng.choice([i for i in range(len(gap)) if gap.startswith(old, i)])
            gap = gap[:at] + rng.choice(news) + gap[at + len(old) :]
    if gap is not SPOILERS and rng.random() < 0.2 and "</a>&nbsp;(5)  \n" in gap:
        link = '<a href="#x">Cameo Roles</a>&nbsp;(2)  \n'
        gap = gap.replace("</a>&nbsp;(5)  \n", "</a>&nbsp;(5)  \n" + link * rng.randint(1, 3))
    return gap


def test_changed_gaps_are_read_as_the_walk_reads_them_or_left_to_it() -> None:
    rng = random.Random(20261206)
    read = left = 0
    for _ in range(1500):
        if _agrees(_changed(rng)):
            read += 1
        else:
            left += 1
    assert read >= 300 and left >= 300, (read, left)  # both ways taken often


def _real_gaps() -> list[str]:
    """The gaps between runs of items of every real classic trivia page, that the walk reads."""
    gaps = []
    for path in sorted((CORPUS / "classic").glob("*.http")):
        body = body_of(path.read_bytes())
        found = classic_region.first_block(body.whole, body.start)
        assert found is not None, path.name
        region = _open_region(body.whole, found[0], found[1], NOT_CLASSIC_MARKS)
        assert region is not None and region.parts is not None, path.name
        gaps += [p for p in region.parts if isinstance(p, str) and not inert(p)]
    return gaps


@requires_shared
def test_the_gaps_of_the_real_pages_are_read_as_the_walk_reads_them() -> None:
    gaps = _real_gaps()
    assert len(gaps) >= 14
    assert all(_agrees(gap) for gap in gaps)
