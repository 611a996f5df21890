"""Property: any titles written in IMDb's data-file layout (wrapped at 75 columns, with (qv)
references, episodes, Latin-1 or UTF-8, gzipped or not) read back as the same pages."""

from __future__ import annotations

import gzip
import io
import textwrap
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given
from hypothesis import strategies as st

from triviaparse import LinkKind, PageKind, iter_datafile
from triviaparse.readers._imdb import GOOF_TYPES

from .conftest import examples

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßçÅñ"
_word = st.text(_LETTERS, min_size=1, max_size=12)
_punct = st.sampled_from(["", ",", ".", ";", "!", "?", ":", ")", '"'])
_plain = st.tuples(_word, _punct).map("".join)
_name = st.tuples(
    st.lists(_word, min_size=1, max_size=3).map(" ".join),
    st.sampled_from(["", " (I)", " (II)", " (IV)"]),
)
_title_ref = st.tuples(
    st.lists(_word, min_size=1, max_size=3).map(" ".join), st.integers(1900, 2020)
)

# A piece of item text: a word, a name reference or a title reference (written, read, link).
_piece = st.one_of(
    _plain.map(lambda w: (w, w, None)),
    _name.map(lambda n: (f"'{n[0]}{n[1]}' (qv)", n[0], (LinkKind.NAME, n[0] + n[1]))),
    _title_ref.map(
        lambda t: (
            f"_{t[0]} ({t[1]})_ (qv)",
            f"{t[0]} ({t[1]})",
            (LinkKind.TITLE, f"{t[0]} ({t[1]})"),
        )
    ),
)
_item = st.lists(_piece, min_size=1, max_size=40)


@st.composite
def _title(draw: st.DrawFn) -> tuple[str, str, int, str | None]:
    """(heading, title, year, episode)."""
    name = draw(st.lists(_word, min_size=1, max_size=4).map(" ".join))
    year = draw(st.integers(1900, 2020))
    series = draw(st.booleans())
    episode = None
    heading = f'"{name}" ({year})' if series else f"{name} ({year})"
    if series and draw(st.booleans()):
        episode = f"{draw(_word)} (#{draw(st.integers(1, 30))}.{draw(st.integers(1, 30))})"
        heading += f" {{{episode}}}"
    elif not series:
        heading += draw(st.sampled_from(["", " (V)", " (TV)"]))
    return heading, name, year, episode


_files = st.tuples(
    st.sampled_from([PageKind.TRIVIA, PageKind.GOOFS, PageKind.CRAZY_CREDITS]),
    st.lists(
        st.tuples(
            _title(),
            st.lists(st.tuples(_item, st.sampled_from(sorted(GOOF_TYPES))), min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["utf-8", "latin-1"]),
    st.booleans(),
)

_BANNERS = {
    PageKind.TRIVIA: "FILM TRIVIA",
    PageKind.GOOFS: "GOOFS LIST",
    PageKind.CRAZY_CREDITS: "CRAZY CREDITS",
}


@examples()
@given(_files)
def test_written_titles_read_back(case: tuple[PageKind, list[Any], str, bool]) -> None:
    kind, titles, encoding, packed = case
    banner = _BANNERS[kind]
    out = [f"{banner}\n{'=' * len(banner)}\n\n"]
    for (heading, _, _, _), items in titles:
        out.append(f"# {heading}\n")
        for pieces, goof in items:
            written = " ".join(w for w, _, _ in pieces)
            if kind is PageKind.GOOFS:
                written = f"{goof}: {written}"
            lines = textwrap.wrap(written, 73, break_long_words=False, break_on_hyphens=False)
            out.append("- " + "\n  ".join(lines) + "\n\n")
        out.append("\n")
    data = "".join(out).encode(encoding)
    if packed:
        data = gzip.compress(data, mtime=0)
    pages = list(iter_datafile(io.BytesIO(data)))
    assert [(p.title, p.year, p.episode) for p in pages] == [
        (name, year, episode) for (_, name, year, episode), _ in titles
    ]
    for page, (_, items) in zip(pages, titles, strict=True):
        assert page.problems == () and page.page_kind is kind
        assert [i.text for i in page.items] == [" ".join(r for _, r, _ in p) for p, _ in items]
        assert [[(ln.kind, ln.text, ln.imdb_id) for ln in i.links] for i in page.items] == [
            [(k[0], k[1], None) for _, _, k in p if k is not None] for p, _ in items
        ]
        if kind is PageKind.GOOFS:
            assert [i.category for i in page.items] == [GOOF_TYPES[g][0] for _, g in items]
