"""Parse time grows linearly with input size, on inputs built to trip regexes and walkers.

Measured as a same-process ratio, never an absolute time: each shape is parsed at size n and
4n, and the time may grow at most 6x (linear growth is 4x, n log n well under 6x, quadratic
16x). How it stays clear of noise on a loaded machine:

* the time is the process's CPU time, which other processes' load does not add to, and n is
  first grown (by 4x) until the small input takes 10 ms of it, so that noise is small beside it
  (but never past the size and line limits, where a parse is refused or cut and its time says
  nothing of growth);
* each size is timed several times, the two sizes taking turns, with the garbage collector off
  (as ``timeit`` does), and the best time of each size counts;
* a shape over the bound is measured twice more, and passes when any measurement is within
  it. A busy machine can spoil one measurement; a quadratic shape fails all three.

Not a hypothesis test, so the hypothesis profiles do not apply: every case is a fixed,
hand-built pathological input, and one run of a case is itself a sweep. Each shape names the
cause it guards against; ``MEMORY_SHAPES`` (tests/test_slow_inputs.py) runs the issue's sizes
of the same shapes in a subprocess and bounds their peak memory.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import NamedTuple

import pytest

import triviaparse
from triviaparse.limits import MAX_PAGE_BYTES, MAX_TEXT_LINES

SCALE = 4
LIMIT = 6.0
#: Grow n until the small input takes at least this long (seconds).
MIN_TIME = 10e-3
RUNS = 5
ATTEMPTS = 3

VOTE = "6 of 6 found this interesting Interesting? | Share this"


class Shape(NamedTuple):
    """A pathological input: ``build(n)`` at format ``fmt`` (None: detected); n starts at
    ``start`` and the large size (``SCALE * n``) never exceeds ``cap`` (HTML nesting is cut at
    255 levels by libxml2, so a shape that grows by nesting must stay below that)."""

    fmt: str | None
    build: Callable[[int], str | bytes]
    start: int = 200
    cap: int = 10**9


# --- React-era builders ------------------------------------------------------------------


def _card(i: int) -> str:
    return (
        '<div class="ipc-list-card"><div class="ipc-html-content ipc-html-content--base">'
        f'<div class="ipc-html-content-inner-div">Item {i} of the page.</div></div>'
        '<div class="ipc-voting"><span class="ipc-voting__label__count--up">3</span>'
        '<span class="ipc-voting__label__count--down">1</span></div>'
        f'<a href="/title/tt9900001/trivia/?item=tr{i:07d}">Share</a></div>'
    )


_REACT_HEAD = (
    "<!DOCTYPE html><html><head><title>Lantern (2024) - Trivia - IMDb</title></head><body><main>"
)


def _react_sections(n: int) -> str:
    """n sections with a heading and one card each (each heading was searched for through
    the whole page once per section: quadratic)."""
    return (
        _REACT_HEAD
        + "".join(
            f'<section><h3 class="ipc-title__text">Group {i}<span class="ipc-title__subtext">1'
            f'</span></h3><div data-testid="sub-section-group-{i}">{_card(i)}</div></section>'
            for i in range(n)
        )
        + "</main></body></html>"
    )


#: Blocks in a nested shape: nesting is capped (``Shape.cap``), so its size grows by depth and
#: its time is made measurable by repeating the block.
BLOCKS = 6


def _react_nested_sections(n: int) -> str:
    """Sub-sections nested n deep, four cards each (each card was read once per sub-section
    around it: n levels gave n(n+1)/2 readings, 31,125 items from 30 KB)."""
    block = (
        "".join(
            f'<div data-testid="sub-section-c{i % 3}">'
            + "".join(_card(4 * i + j) for j in range(4))
            for i in range(n)
        )
        + "</div>" * n
    )
    return _REACT_HEAD + block * BLOCKS + "</main></body></html>"


def _react_unclosed(n: int) -> str:
    """Sections, headings and cards never closed, so that each swallows the next (what the
    fuzzer's slow inputs are made of): nested cards, nested sub-sections, headings inside."""
    block = "".join(
        f'<section><h3 class="ipc-title__text">Group {i}<span class="ipc-title__subtext">2'
        f'</span></h3><div data-testid="sub-section-g{i % 5}"><div class="ipc-list-card">'
        f'<div class="ipc-html-content-inner-div">Item {i} &amp; more <a href="/name/'
        f'nm{i:07d}/">Someone</a> <span class="ipc-voting__label__count--up">{i}</span>'
        for i in range(n)
    )
    return _REACT_HEAD + f"<article>{block}</article>" * BLOCKS + "</body></html>"


def _react_nested_cards(n: int) -> str:
    """Cards n deep, each inside the one before (unclosed): each was read with every card
    under it."""
    block = (
        '<div data-testid="sub-section-trivia">'
        + "".join(
            f'<div class="ipc-list-card"><div class="ipc-html-content-inner-div">Item {i}</div>'
            for i in range(n)
        )
        + "</div>" * (2 * n)
    )
    return _REACT_HEAD + block * BLOCKS + "</body></html>"


# --- classic builders --------------------------------------------------------------------


def _classic_vote(phrase: str) -> str:
    return (
        "<html><head><title>Orbit (2012) - Trivia - IMDb</title></head><body>"
        '<div id="trivia_content"><div id="tr0000201" class="soda odd">'
        '<div class="sodatext">An item.</div><div class="did-you-know-actions">'
        f'<a href="?item=tr0000201" class="interesting-count-text">{phrase}</a>'
        "</div></div></div></body></html>"
    )


#: name -> shape
PATHOLOGICAL: dict[str, Shape] = {
    "text-spaces": Shape("text", lambda n: "Jump to: Spoilers (1)\n" + " " * (40 * n) + "x\n"),
    "text-digits": Shape(None, lambda n: "1" * (40 * n) + " of " + "2" * (40 * n) + " found\n"),
    "text-of-of": Shape(None, lambda n: "of " * (15 * n) + "found this interesting\n"),
    "text-parens": Shape(None, lambda n: "Title " + "(" * (40 * n) + "2010) Poster\n"),
    "text-jump": Shape(None, lambda n: "Jump to: " + "Cameo (1) | " * (4 * n) + "\nx.\n"),
    "text-vote-phrases": Shape(None, lambda n: (VOTE + " ") * n + "\n"),
    "text-vote-lines": Shape(None, lambda n: ("An item.\n" + VOTE + "\n") * n),
    "text-huge-item": Shape(
        None, lambda n: "Jump to: Spoilers (1)\n" + "word " * (10 * n) + "end.\n" + VOTE + "\n"
    ),
    "text-wrapped": Shape(
        None,
        lambda n: (
            "Jump to: Spoilers (1)\n" + "a wrapped line of text that goes on\n" * n + VOTE + "\n"
        ),
    ),
    "text-blank-lines": Shape(None, lambda n: "Jump to: Spoilers (1)\n" + "x.\n\n\n" * n),
    # the vote phrase search restarted at every digit group of a long number: quadratic
    "text-vote-zeros": Shape(None, lambda n: "1" + " 000" * (10 * n) + " found this interesting"),
    "text-vote-zeros-of": Shape(
        None, lambda n: "An item.\n5 of 1" + ",000" * (10 * n) + "x found this interesting\n"
    ),
    "text-vote-groups": Shape(
        None, lambda n: "An item.\n" + "1 000 of " * (5 * n) + "found this interesting\n"
    ),
    "classic-vote-zeros": Shape(
        None, lambda n: _classic_vote("1" + " 000" * (10 * n) + " found this interesting")
    ),
    # a run of line breaks: one object per line (29 s and 1.5 GB for 10 MB of "\r")
    "text-cr-run": Shape("text", lambda n: "\r" * (100 * n)),
    "text-cr-run-detected": Shape(
        None, lambda n: "Jump to: Spoilers (1)\nAn item.\n" + "\r\n" * (50 * n) + VOTE + "\n"
    ),
    "text-whitespace-lines": Shape(
        None, lambda n: "Jump to: Spoilers (1)\n" + " \t\u3000\n" * (20 * n) + "x\n"
    ),
    # a long line of widget-like words: the widget test removed every token from all of it
    "text-widget-words": Shape(
        None,
        lambda n: (
            "Jump to: Spoilers (1)\nAn item.\n" + "Yes | No | Share this " * (2 * n) + "and more.\n"
        ),
    ),
    "classic-deep-divs": Shape(
        None,
        lambda n: (
            '<html><div id="trivia_content">' + "<div>" * n + "x" + "</div>" * n + "</div></html>"
        ),
    ),
    "classic-unclosed": Shape(
        None,
        lambda n: (
            '<html><div id="trivia_content">' + '<div class="soda"><div class="sodatext">x ' * n
        ),
    ),
    "classic-huge-item": Shape(
        None,
        lambda n: (
            '<html><div id="trivia_content">'
            '<div class="soda"><div class="sodatext">'
            + "word &amp; " * (10 * n)
            + "</div></div></div></html>"
        ),
    ),
    # a run of line breaks inside an item the scan reads: each break looked ahead through the
    # rest of the run for the item's end (40 ms for 20 KB, 32 s for 160 KB)
    "classic-br-run": Shape(
        None,
        lambda n: (
            '<html><div id="trivia_content"><div id="tr0000001" class="soda odd">'
            '<div class="sodatext">x' + "<br>" * (10 * n) + "y</div></div></div></html>"
        ),
        cap=800,  # the size it starts at: a quadratic scan fails in seconds, not hours
    ),
    # the first item's widgets are kept to compare the next items' with, their id put in: a
    # huge first share box must not be built again for each of many small items after it
    "classic-big-first-widgets": Shape(
        None,
        lambda n: (
            '<html><div id="trivia_content">'
            + "".join(
                f'<div id="tr{i:07d}" class="soda odd"><div class="sodatext">x</div>'
                f'<div class="sharesoda_pre">tr{i:07d}'
                + ("s" * (300 * n) if i == 0 else "")
                + "</div></div>"
                for i in range(n)
            )
            + "</div></html>"
        ),
        start=250,
        cap=4000,  # a quadratic cost fails in seconds
    ),
    "react-deep": Shape(
        None,
        lambda n: (
            '<html><div data-testid="sub-section-x">'
            + '<li class="ipc-list-card">' * n
            + "x</html>"
        ),
    ),
    "react-sections": Shape(None, _react_sections, start=25),
    "react-nested-sections": Shape(None, _react_nested_sections, start=15, cap=240),
    "react-nested-cards": Shape(None, _react_nested_cards, start=15, cap=240),
    "react-unclosed": Shape(None, _react_unclosed, start=3, cap=48),
    "next-data-deep": Shape(
        "next_data", lambda n: '{"props":{"pageProps":{"contentData":' + "[" * n + "]" * n + "}}}"
    ),
    "next-data-long-string": Shape(
        None,
        lambda n: (
            '{"props":{"pageProps":{"contentData":'
            '{"categories":[{"section":{"items":[{"cardHtml":"'
            + "x\\\\u0041 " * (10 * n)
            + '"}]}}]}}}}'
        ),
    ),
    "next-data-unclosed": Shape(None, lambda n: '{"pageProps": "' + "a" * (40 * n)),
}


#: The classic shapes again as bytes with a footer after them: a page given as bytes reads its
#: content block while finding where it ends (``scan.split_open``), a text page does not.
PATHOLOGICAL |= {
    f"{name}-bytes": Shape(
        shape.fmt,
        lambda n, build=shape.build: (build(n) + '<div id="footer"></div>').encode("utf-8"),
        shape.start,
        shape.cap,
    )
    for name, shape in list(PATHOLOGICAL.items())
    if name.startswith("classic-")
}


def cpu_time(data: str | bytes, fmt: str | None = None) -> float:
    """CPU seconds one lenient parse of ``data`` takes (other processes' load does not count)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        triviaparse.parse(data, format=fmt)
        return time.process_time() - start
    finally:
        gc.enable()


def read_whole(data: str | bytes) -> bool:
    """Whether a parse reads all of ``data``: past the size or the line limit it is refused or
    cut, at a cost that says nothing of how the time grows with the input."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return len(raw) <= MAX_PAGE_BYTES and raw.count(b"\n") + raw.count(b"\r") <= MAX_TEXT_LINES


def can_grow(shape: Shape, n: int) -> bool:
    """Whether n may grow by ``SCALE``: the large input of the next size within the cap and the
    limits."""
    return n * SCALE * SCALE <= shape.cap and read_whole(shape.build(n * SCALE * SCALE))


def start_size(shape: Shape) -> int:
    """The n from which the small input takes ``MIN_TIME`` (or the largest that ``can_grow``
    allows)."""
    n = shape.start
    while min(cpu_time(shape.build(n), shape.fmt) for _ in range(2)) < MIN_TIME and can_grow(
        shape, n
    ):
        n *= SCALE
    return n


def growth(shape: Shape, n: int) -> float:
    """Time at ``SCALE * n`` over time at ``n``: the best of ``RUNS`` runs each, taking turns."""
    small_input, large_input = shape.build(n), shape.build(n * SCALE)
    assert read_whole(large_input), "the large input is over a limit: it measures nothing"
    small = large = float("inf")
    for _ in range(RUNS):
        small = min(small, cpu_time(small_input, shape.fmt))
        large = min(large, cpu_time(large_input, shape.fmt))
    return large / small


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_parse_time_is_linear(name: str) -> None:
    """Each try that fails is repeated at 4x the size (where the cap allows): a step in the
    cost per byte, as an input outgrows a CPU cache, shows at one size and not the next; a
    super-linear cost shows at every size."""
    shape = PATHOLOGICAL[name]
    n = start_size(shape)
    tries = []
    for _ in range(ATTEMPTS):
        ratio = growth(shape, n)
        tries.append(f"{ratio:.1f} at n={n}")
        if ratio <= LIMIT:
            return
        if can_grow(shape, n):
            n *= SCALE
    pytest.fail(
        f"{name}: {SCALE}x the input took more than {LIMIT:.0f}x the time ({'; '.join(tries)})"
    )


def _grouped_page(n: int) -> triviaparse.TriviaPage:
    """A page of n items, each in a group of its own that the page declares one item for."""
    items = [
        triviaparse.TriviaItem(text=f"item {i}", category_label=f"Group {i}") for i in range(n)
    ]
    return triviaparse.TriviaPage(items=items, declared_counts={f"Group {i}": 1 for i in range(n)})


def test_declared_group_counts_are_linear() -> None:
    """Comparing declared group counts with the items read stays linear when every item has a
    group of its own (counting each label through all items was quadratic; in a whole parse
    that cost hid below the reader's until tens of thousands of groups)."""
    from triviaparse.api import check_counts
    from triviaparse.readers import Context

    def check_time(page: triviaparse.TriviaPage) -> float:
        ctx = Context(source=None)
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            check_counts(page, ctx)
            elapsed = time.process_time() - start
        finally:
            gc.enable()
        assert ctx.problems == []  # every declared count was found
        return elapsed

    n = 4000
    tries = []
    for _ in range(ATTEMPTS):
        small_page, large_page = _grouped_page(n), _grouped_page(SCALE * n)
        small = min(check_time(small_page) for _ in range(RUNS))
        large = min(check_time(large_page) for _ in range(RUNS))
        tries.append(f"{large / small:.1f} at n={n}")
        if large <= LIMIT * small:
            return
    pytest.fail(f"{SCALE}x the groups took more than {LIMIT:.0f}x the time ({'; '.join(tries)})")
