"""Whole-page byte searches led by a byte that is rare in pages.

``bytes.find`` of one byte is ``memchr``, several times as fast as the search for a longer
needle, whose speed depends on how often the needle's bytes occur in the page. Whether a
needle holding a byte that pages seldom contain (the "!" of ``<!--``) occurs at all is
answered through that byte's occurrences, each checked for the needle around it; after
``TRIES`` of them the ordinary search takes over the rest of the page, so that a page full of
that byte costs little more than the ordinary search alone. The answer is exactly ``in``'s.
"""

from __future__ import annotations

__all__ = ["contains_any"]

#: Occurrences of the rare byte checked one by one, at most, before the ordinary search takes
#: over; it takes over after ``SOON`` of them already when they lie closer together than
#: ``SPACING`` bytes on average (a page where the byte is not rare: a React page's eighth "!"
#: stands within its first kilobyte, a classic page's 7-11 KB in).
TRIES = 64
SOON = 8
SPACING = 512


def contains_any(
    data: bytes,
    needles: tuple[bytes, ...],
    key: int,
    start: int = 0,
    *,
    reverse: frozenset[bytes] = frozenset(),
) -> bool:
    """Whether any of the needles occurs in ``data[start:]``; each holds the same rare byte at
    index ``key``. Where the ordinary search takes over, the needles in ``reverse`` are
    searched for from the end and the others from the start: which way is the faster depends
    on the needle, in CPython (the caller measures it)."""
    byte = needles[0][key : key + 1]
    pos = start + key  # where the key byte of a needle starting at ``start`` lies
    for tried in range(1, TRIES + 1):
        i = data.find(byte, pos)
        if i < 0:
            return False
        if data.startswith(needles, i - key):
            return True
        pos = i + 1
        if tried >= SOON and i - start < tried * SPACING:
            break
    # No needle starts before pos - key.
    return any(
        (data.rfind(n, pos - key) if n in reverse else data.find(n, pos - key)) >= 0
        for n in needles
    )
