"""Guards of the fast paths of issue 13 outside the scan: the head's meta filter, the group
counts of ``check_counts``, ``_finish`` and the fast record builders (equal, hashable,
picklable like records built by ``__init__``)."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triviaparse import parse
from triviaparse.api import _finish, check_counts
from triviaparse.model import (
    PageKind,
    ProblemCode,
    TriviaItem,
    TriviaPage,
    Votes,
    built_item,
    built_votes,
)
from triviaparse.readers import Context
from triviaparse.readers.classic.head import read_head

_HEAD = "<html><head>{metas}<title>Other Title - IMDb</title></head><body>"


def test_a_meta_name_written_with_a_character_reference_is_still_read() -> None:
    metas = (
        '<meta property="og&#58;title" content="og: The Film (2001)">'
        '<meta property="og:image" content="x.jpg">'
        "<meta property='pageId' content='tt0000042'>"
    )
    head = read_head(_HEAD.format(metas=metas), 10_000)
    assert (head.title, head.year, head.imdb_id) == ("og: The Film", 2001, "tt0000042")


def test_the_title_tag_and_the_name_header_are_read_when_og_title_lacks_the_year() -> None:
    text = _HEAD.format(metas='<meta property="og:title" content="The Film">')
    header = '<h1 itemprop="name">The Film <span>(2003)</span></h1>'
    head = read_head(text + header, len(text + header))
    assert (head.title, head.year) == ("The Film", 2003)
    head = read_head(text, len(text))
    assert (head.title, head.year) == ("The Film", None)


def _item(label: str | None, spoiler: bool = False) -> TriviaItem:
    return TriviaItem(text="t", category_label=label, is_spoiler=spoiler)


def test_group_counts_fold_labels_as_before() -> None:
    items = (
        _item(" Spoilers ", True),
        _item("spoilers", True),
        _item("Cameo"),
        _item("cameo "),
        _item(None),
        _item("", True),
    )
    page = TriviaPage(
        page_kind=PageKind.TRIVIA,
        items=items,
        declared_counts={"Cameo": 2, "Spoilers": 3, "": 2, "Director Cameo": 0},
    )
    ctx = Context()
    check_counts(page, ctx)
    assert ctx.problems == []
    wrong = attrs.evolve(page, declared_counts={"CAMEO": 3, "spoiler": 2})
    check_counts(wrong, ctx)
    assert [p.code for p in ctx.problems] == [ProblemCode.DECLARED_COUNT_MISMATCH] * 2
    assert "3 items in 'CAMEO' but 2" in ctx.problems[0].message
    assert "2 items in 'spoiler' but 3" in ctx.problems[1].message


def test_a_spoiler_count_alone_counts_the_marked_items_not_a_label() -> None:
    """A page that declares only its spoilers (every classic page) is checked against the
    items marked as spoilers, whatever their labels say, as when other groups are declared."""
    items = (_item("Spoilers"), _item("Spoilers"), _item(None, True))
    for declared in ({"Spoilers": 1}, {"spoiler": 1}, {"Spoilers": 1, "Spoiler": 1}):
        ctx = Context()
        check_counts(
            TriviaPage(page_kind=PageKind.TRIVIA, items=items, declared_counts=declared), ctx
        )
        assert ctx.problems == [], declared
    ctx = Context()
    page = TriviaPage(page_kind=PageKind.TRIVIA, items=items, declared_counts={"Spoilers": 2})
    check_counts(page, ctx)
    assert [p.message for p in ctx.problems] == [
        "the page declares 2 items in 'Spoilers' but 1 were read"
    ]


def test_finish_adds_problems_and_origin_and_keeps_a_page_with_nothing_to_add() -> None:
    page = TriviaPage(items=(_item(None),))
    assert _finish(page, Context(), False, None, None, None) is page
    done = _finish(page, Context(), False, None, "https://x", "2016-02-26T05:23:32Z")
    assert (done.url, done.captured_at, done.items) == (
        "https://x",
        "2016-02-26T05:23:32Z",
        page.items,
    )
    ctx = Context()
    ctx.problem(ProblemCode.INVALID_VOTES, "odd")
    assert [p.code for p in _finish(page, ctx, False, None, None, None).problems] == [
        ProblemCode.INVALID_VOTES
    ]


def test_a_parsed_page_pickles_to_an_equal_page() -> None:
    html = (
        "<html><head><title>The Film (2001) - Trivia - IMDb</title></head><body>"
        '<div id="trivia_content" class="header"><div class="list">'
        '<div id="tr0000001" class="soda odd"><div class="sodatext">Built in a week.</div>'
        '<div class="did-you-know-actions"><a href="?item=tr0000001" '
        'class="interesting-count-text"> 3 of 4 found this interesting</a></div></div>'
        "</div></div></body></html>"
    )
    page = parse(html.encode())
    assert [(i.text, i.votes) for i in page.items] == [
        ("Built in a week.", Votes(interested=3, total=4))
    ]
    assert pickle.loads(pickle.dumps(page)) == page
    assert hash(pickle.loads(pickle.dumps(page))) == hash(page)


def test_built_records_are_plain_records_once_built() -> None:
    """The builders' open subclasses never escape: what they return is of the record's own
    type, frozen, weakly referable, and the subclasses add no slot."""
    import weakref

    from triviaparse import model

    votes = built_votes(1, 2, None)
    item = built_item(None, "t", None, "uncategorized", None, False, votes, (), None)
    assert type(item) is TriviaItem and type(votes) is Votes
    assert model._OpenItem.__slots__ == () and model._OpenVotes.__slots__ == ()
    assert weakref.ref(item)() is item
    for record, name in ((item, "text"), (votes, "total")):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, name, 3)
    assert item == TriviaItem(text="t", votes=Votes(interested=1, total=2))


def test_a_chunked_response_is_dechunked_and_a_dechunked_one_read_in_place() -> None:
    from triviaparse.decode import body_of

    page = b"<html><body>" + b"x" * 2500 + b"</body></html>"
    chunks = b"".join(
        b"%x;ext=1\r\n%s\r\n" % (len(page[i : i + 1000]), page[i : i + 1000])
        for i in range(0, len(page), 1000)
    )
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert body_of(head + chunks + b"0\r\n\r\n").whole == page
    assert body_of(head + chunks).whole == page  # no last chunk: what was there
    saved = head + page  # said chunked, saved dechunked: the page in place, not copied
    body = body_of(saved)
    assert body.whole is saved and body.whole[body.start :] == page


@given(st.lists(st.text(alphabet="tgr\n1", min_size=1, max_size=5), max_size=12))
def test_prefix_counts_are_the_counter_of_the_slices(ids: list[str]) -> None:
    from collections import Counter

    from triviaparse.readers.classic.head import _prefix_counts

    assert list(_prefix_counts(ids).items()) == list(Counter(i[:2] for i in ids).items())


def test_prefix_counts_of_one_prefix_and_of_ids_with_line_breaks() -> None:
    from triviaparse.readers.classic.head import _prefix_counts

    assert _prefix_counts(["tr01", "tr02", "tr03"]) == {"tr": 3}
    assert _prefix_counts(["tr01", "tr02\ntr", "gf03"]) == {"tr": 2, "gf": 1}
    assert _prefix_counts(["t", "tr1"]) == {"t": 1, "tr": 1}
