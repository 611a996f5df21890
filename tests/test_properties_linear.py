"""Parse time grows linearly with input size, on inputs built to trip regexes and walkers.

Measured as a same-process ratio, never an absolute time: each input is parsed at size n
and 16n (best of three), and the time may grow at most 64x (quadratic growth would be 256x).

Not a hypothesis test, so the hypothesis profiles do not apply: every case is a fixed,
hand-built pathological input, and one run of a case is itself a sweep (sizes grown until
the timing is measurable, then 16x that, each parsed three times). Running cases many
times would only repeat the same measurement, so dev and ci run the same cases.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import triviaparse

SCALE = 16
LIMIT = 64.0

VOTE = "6 of 6 found this interesting Interesting? | Share this"

#: name -> (format or None, builder of an input of "size" n)
PATHOLOGICAL: dict[str, tuple[str | None, Callable[[int], str]]] = {
    "text-spaces": ("text", lambda n: "Jump to: Spoilers (1)\n" + " " * (40 * n) + "x\n"),
    "text-digits": (None, lambda n: "1" * (40 * n) + " of " + "2" * (40 * n) + " found\n"),
    "text-of-of": (None, lambda n: "of " * (15 * n) + "found this interesting\n"),
    "text-parens": (None, lambda n: "Title " + "(" * (40 * n) + "2010) Poster\n"),
    "text-jump": (None, lambda n: "Jump to: " + "Cameo (1) | " * (4 * n) + "\nx.\n"),
    "text-vote-phrases": (None, lambda n: (VOTE + " ") * n + "\n"),
    "text-vote-lines": (None, lambda n: ("An item.\n" + VOTE + "\n") * n),
    "text-huge-item": (None, lambda n: "Jump to: Spoilers (1)\n" + "word " * (10 * n)
                       + "end.\n" + VOTE + "\n"),
    "text-wrapped": (None, lambda n: "Jump to: Spoilers (1)\n"
                     + "a wrapped line of text that goes on\n" * n + VOTE + "\n"),
    "text-blank-lines": (None, lambda n: "Jump to: Spoilers (1)\n" + "x.\n\n\n" * n),
    "classic-deep-divs": (None, lambda n: '<html><div id="trivia_content">'
                          + "<div>" * n + "x" + "</div>" * n + "</div></html>"),
    "classic-unclosed": (None, lambda n: '<html><div id="trivia_content">'
                         + '<div class="soda"><div class="sodatext">x ' * n),
    "classic-huge-item": (None, lambda n: '<html><div id="trivia_content"><div class="soda">'
                          '<div class="sodatext">' + "word &amp; " * (10 * n)
                          + "</div></div></div></html>"),
    "react-deep": (None, lambda n: '<html><div data-testid="sub-section-x">'
                   + '<li class="ipc-list-card">' * n + "x</html>"),
    "next-data-deep": ("next_data", lambda n: '{"props":{"pageProps":{"contentData":'
                       + "[" * n + "]" * n + "}}}"),
    "next-data-long-string": (None, lambda n: '{"props":{"pageProps":{"contentData":'
                              '{"categories":[{"section":{"items":[{"cardHtml":"'
                              + "x\\\\u0041 " * (10 * n) + '"}]}}]}}}}'),
    "next-data-unclosed": (None, lambda n: '{"pageProps": "' + "a" * (40 * n)),
}


def _best(data: str, fmt: str | None) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        triviaparse.parse(data, format=fmt)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_parse_time_is_linear(name: str) -> None:
    fmt, build = PATHOLOGICAL[name]
    n = 200
    small = _best(build(n), fmt)
    while small < 2e-3 and n < 50_000:  # grow until timing noise no longer dominates
        n *= 4
        small = _best(build(n), fmt)
    large = _best(build(n * SCALE), fmt)
    ratio = large / small
    assert ratio < LIMIT, f"{name}: {SCALE}x the input took {ratio:.0f}x the time (n={n})"
