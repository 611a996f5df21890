"""``_rare.contains_any``: a search led by a rare byte answers exactly as ``in`` does, whether
the byte is rare (its occurrences checked one by one) or not (the ordinary search takes over)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from triviaparse import _rare
from triviaparse._rare import contains_any
from triviaparse.archive import _WAYBACK_COMMENTS_BYTES

# A small alphabet, so that needles occur, overlap and nearly occur often.
_DATA = st.binary(max_size=400).map(lambda b: bytes(b"<!-X_ab"[c % 7] for c in b))
_NEEDLES = st.sampled_from(
    [(b"<!-",), (b"!",), (b"<!-a", b"b!-"), (b"a!", b"_!a", b"!!"), (b"X!X!",)]
)


def _aligned(needles: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], int]:
    """The needles padded so that their first "!" stands at one index, as callers give them."""
    key = max(n.index(b"!") for n in needles)
    return tuple(b"_" * (key - n.index(b"!")) + n for n in needles), key


@given(
    _DATA,
    _NEEDLES,
    st.integers(0, 60),
    st.sampled_from([0, 1, 2, _rare.TRIES]),
    st.sampled_from([1, 3, _rare.SOON]),
    st.sampled_from([0, 5, _rare.SPACING]),
    st.sets(st.integers(0, 2)),
)
def test_same_answer_as_in(
    data: bytes,
    needles: tuple[bytes, ...],
    start: int,
    tries: int,
    soon: int,
    spacing: int,
    backward: set[int],
) -> None:
    """Whichever needles are searched for from the end once the ordinary search takes over."""
    needles, key = _aligned(needles)
    reverse = frozenset(n for i, n in enumerate(needles) if i in backward)
    old = _rare.TRIES, _rare.SOON, _rare.SPACING
    # few tries, or a low spacing: the ordinary search takes over at once, or almost
    _rare.TRIES, _rare.SOON, _rare.SPACING = tries, soon, spacing
    try:
        expected = any(n in data[start:] for n in needles)
        assert contains_any(data, needles, key, start, reverse=reverse) is expected
    finally:
        _rare.TRIES, _rare.SOON, _rare.SPACING = old


def test_many_rare_bytes_around_the_needle() -> None:
    """Past ``TRIES`` occurrences of the byte, the rest is searched the ordinary way."""
    needle = (b"<!-- x -->",)
    page = b"<p>" + b"!" * (3 * _rare.TRIES) + b"<!-- x -->" + b"!" * (3 * _rare.TRIES)
    assert contains_any(page, needle, 1)
    assert not contains_any(page, needle, 1, page.find(needle[0]) + 1)
    assert not contains_any(page.replace(b"<!-- x", b"<!-- y"), needle, 1)


def test_wayback_comments_share_their_rare_byte() -> None:
    assert {n[1:2] for n in _WAYBACK_COMMENTS_BYTES} == {b"!"}
