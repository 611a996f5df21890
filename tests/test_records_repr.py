"""Records print short: a page's repr says who, what and how many, never its whole text."""

from __future__ import annotations

import triviaparse
from triviaparse import Problem, ProblemCode, TriviaItem, TriviaPage, Votes

from .helpers import CORPUS, requires_shared


def test_page_repr_names_the_page_and_counts_items() -> None:
    item = TriviaItem(text="A fact. " * 500, votes=Votes(interested=3, total=4))
    page = TriviaPage(
        imdb_id="tt0000001",
        title="A Film",
        year=1999,
        items=(item,) * 700,
        problems=(
            Problem(code=ProblemCode.NO_ITEMS, message="x"),
            Problem(code=ProblemCode.NO_ITEMS, message="y"),
            Problem(code=ProblemCode.ORPHAN_VOTE_LINE, message="z"),
        ),
    )
    text = repr(page)
    assert text == (
        "TriviaPage(imdb_id='tt0000001', title='A Film', year=1999, "
        "page_kind='trivia', source_format='text', items=700, "
        "problems=[no-items, orphan-vote-line])"
    )


def test_item_repr_cuts_text_to_one_short_line() -> None:
    item = TriviaItem(
        id="tr0000001",
        text="first line\nsecond " + "word " * 100,
        is_spoiler=True,
        votes=Votes(interested=1, total=2),
    )
    text = repr(item)
    assert text.startswith(
        "TriviaItem(id='tr0000001', category='uncategorized', "
        "is_spoiler=True, votes=1/2, text='first line second word"
    )
    assert "\n" not in text and len(text) < 200 and text.endswith("…')")


def test_full_content_stays_in_to_dict() -> None:
    item = TriviaItem(text="x" * 5000)
    assert triviaparse.to_dict(TriviaPage(items=(item,)))["items"][0]["text"] == "x" * 5000


@requires_shared
def test_every_corpus_page_repr_is_under_2000_characters() -> None:
    pages = [
        p
        for p in sorted(CORPUS.rglob("*"))
        if p.is_file() and p.suffix in (".http", ".html", ".json") and p.name != "EXPECTED.json"
    ]
    assert pages
    longest = max(pages, key=lambda p: len(repr(triviaparse.parse_file(p))))
    page = triviaparse.parse_file(longest)
    assert len(repr(page)) < 2000
    assert repr(page).startswith("TriviaPage(") and f"items={len(page.items)}" in repr(page)
