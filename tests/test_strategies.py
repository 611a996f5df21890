"""The public hypothesis strategies do what their docstrings promise."""

from __future__ import annotations

import inspect

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given
from hypothesis import strategies as st

import triviaparse
from triviaparse.detect import detect
from triviaparse.model import DEFAULT_CATEGORY, SourceFormat, TriviaItem, TriviaPage, Votes
from triviaparse.testing import strategies as tps
from triviaparse.testing.render import RENDER_FORMATS, TextStyle, carried, render, text_limit

from .conftest import examples

# Examples per test: the hypothesis profile's count (dev 60, ci 3,000: tests/conftest.py),
# more for the cheap ones; docs/testing.md has the table.


@examples(3)  # 35 possible values: hypothesis stops once it has tried them all
@given(v=tps.votes(min_total=5, max_total=9))
def test_votes_bounds(v: Votes) -> None:
    assert 5 <= v.total <= 9 and 0 <= v.interested <= v.total


@examples(3)
@given(
    page=tps.pages(
        min_size=2,
        max_size=4,
        categories=(),
        spoilers=False,
        with_ids=False,
        with_votes=False,
        with_html=False,
        with_title=False,
        declared=False,
    )
)
def test_pages_plain_options(page: TriviaPage) -> None:
    assert 2 <= len(page.items) <= 4
    assert all(
        i.id is None and i.html is None and i.votes is None and not i.links for i in page.items
    )
    assert all(i.category == DEFAULT_CATEGORY and not i.is_spoiler for i in page.items)
    assert page.title is None and page.declared_total is None and not page.declared_counts


@examples()
@given(
    page=tps.pages(
        min_size=3,
        categories=("Cameo",),
        spoilers=True,
        with_votes=True,
        with_title=True,
        declared=True,
    )
)
def test_pages_rich_options(page: TriviaPage) -> None:
    assert page.items[-1].is_spoiler
    assert all(i.votes is not None for i in page.items)
    ids = [i.id for i in page.items]
    assert None not in ids and len(set(ids)) == len(ids)
    assert {i.category_label for i in page.items} <= {None, "Cameo"}
    assert page.declared_total == len(page.items) and page.title and page.year
    assert page.declared_counts["Spoilers"] == sum(i.is_spoiler for i in page.items)
    order = [(i.is_spoiler, i.category_label is not None) for i in page.items]
    assert order == sorted(order)  # uncategorized, labelled, spoilers


_PAGES = tps.pages()


@examples()
@given(data=st.data())
def test_rendered_is_detected_as_its_format(data: st.DataObject) -> None:
    """One page written in every format (generating the page costs far more than writing
    and detecting it, so each example checks all four)."""
    page = data.draw(_PAGES, label="page")
    for fmt in RENDER_FORMATS:
        noise = data.draw(st.booleans(), label=f"{fmt} noise")
        text = data.draw(tps.rendered(page, format=fmt, noise=noise), label=fmt)
        assert detect(text) is SourceFormat(fmt), fmt


# Pages that some text styles cannot carry (render.text_limit): ``rendered`` must avoid them.
_TWO_PARAGRAPHS = TriviaPage(
    items=(TriviaItem(text="The film was shot in days.\nIts sequel took a year."),)
)
_UNVOTED_RUN = TriviaPage(
    items=(
        TriviaItem(text="Nobody voted on this one."),
        *(
            TriviaItem(text=f"Item {n} of the voted ones.", votes=Votes(interested=n, total=10))
            for n in range(1, 11)
        ),
    )
)


@pytest.mark.parametrize("page", [_TWO_PARAGRAPHS, _UNVOTED_RUN], ids=["paragraphs", "run"])
@examples()
@given(data=st.data())
def test_rendered_text_reads_back_exactly(page: TriviaPage, data: st.DataObject) -> None:
    """Every text style ``rendered`` draws carries the page; these two pages each have a
    style that cannot (a blank-separated copy without widget lines reads a lone item's two
    paragraphs as two items; an unvoted item before a voted one, with nothing but vote lines
    between items, reads as that item's first paragraph)."""
    text = data.draw(tps.rendered(page, format="text", noise=data.draw(st.booleans())))
    assert triviaparse.parse(text) == carried(page, format="text")


def test_text_limit_names_the_styles_that_cannot_carry_a_page() -> None:
    assert text_limit(_TWO_PARAGRAPHS, TextStyle(separator="blank")) is not None
    assert text_limit(_TWO_PARAGRAPHS, TextStyle(widgets="all")) is not None
    assert text_limit(_TWO_PARAGRAPHS, TextStyle(separator="blank", widgets="all")) is None
    assert text_limit(_UNVOTED_RUN, TextStyle()) is not None
    assert text_limit(_UNVOTED_RUN, TextStyle(widgets="all")) is None
    # ... and each limit is real: the reader gives another page back
    for page, style in (
        (_TWO_PARAGRAPHS, TextStyle(separator="blank")),
        (_UNVOTED_RUN, TextStyle()),
    ):
        got = triviaparse.parse(render(page, format="text", style=style))
        assert got.items != carried(page, format="text").items


@examples(3)
@given(text=tps.imdb_like_text())
def test_imdb_like_text_is_text(text: str) -> None:
    assert isinstance(text, str)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        tps.pages(min_size=3, max_size=2)
    with pytest.raises(ValueError):
        tps.votes(min_total=-1)
    with pytest.raises(ValueError):
        tps.rendered(TriviaPage(), format="graphql")
    with pytest.raises(ValueError):
        render(TriviaPage(), format="pdf")


def test_public_functions_take_keyword_only_options() -> None:
    for name in tps.__all__:
        obj = getattr(tps, name)
        if not callable(obj):
            continue
        params = list(inspect.signature(obj).parameters.values())
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert positional in ([], ["page"]), (name, positional)
        assert "hypothesis" in (obj.__doc__ or ""), f"{name} docstring must say it needs it"
