"""What a ``__NEXT_DATA__`` page without trivia items costs to read exactly: the whole JSON.

The JSON of a page whose ``urqlState`` gives no item is decoded whole (the search for a
connection anywhere in it), so damage anywhere in it is reported and the page keeps nothing
the JSON said; on a page with items only the objects read are decoded, and damage elsewhere
goes unnoticed (docs/formats.md). A shortcut for pages without trivia that skipped the whole
decode (a search of the text for the trivia keys, then one small object decoded) would change
the first case: these tests pin it, from bytes and from text, so that such a change is made
knowingly and not by a speed-up.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from triviaparse import parse
from triviaparse.decode import decode
from triviaparse.model import PageKind, ProblemCode, TriviaPage

from .helpers import CORPUS, requires_shared

NODYK = CORPUS / "react" / "tt13675894-title-main-2022-02-nodyk.html"
WITH_DYK = CORPUS / "react" / "tt0804484-title-main-2022-02.html"
#: A member of the translations, which sit before ``urqlState``; one more comma damages them.
TRANSLATION = b'"helloWorld":"Hello World",'
#: A top-level member after ``urqlState`` (the route's neighbours), cut short.
AFTER_URQL = (b'"gssp":true', b'"gssp":tru')


def _both(data: bytes) -> TriviaPage:
    """``parse`` of the bytes, checked equal to ``parse`` of the decoded text."""
    page = parse(data)
    assert parse(data.decode("utf-8")) == page
    return page


def _codes(page: TriviaPage) -> list[ProblemCode]:
    return [p.code for p in page.problems]


def _damaged(page: TriviaPage) -> None:
    """Damaged JSON that gave no item: the page is unknown, the damage said."""
    assert (page.imdb_id, page.title, page.year, page.page_kind) == (
        None,
        None,
        None,
        PageKind.UNKNOWN,
    )
    assert _codes(page) == [ProblemCode.MALFORMED_INPUT, ProblemCode.NO_ITEMS]


@requires_shared
def test_the_page_without_trivia_reads_its_title() -> None:
    page = _both(NODYK.read_bytes())
    assert (page.imdb_id, page.title, page.year, page.page_kind, page.items) == (
        "tt13675894",
        "1997",
        2021,
        PageKind.TITLE_MAIN,
        (),
    )
    assert _codes(page) == [ProblemCode.NO_ITEMS]


@requires_shared
@pytest.mark.parametrize("where", ["before-urql", "after-urql"])
def test_damage_anywhere_in_the_json_of_a_page_without_trivia_is_said(where: str) -> None:
    data = NODYK.read_bytes()
    if where == "before-urql":
        assert data.count(TRANSLATION) == 2 and data.find(TRANSLATION) < data.find(b'"urqlState"')
        damaged = data.replace(TRANSLATION, TRANSLATION + b",", 1)
    else:
        assert data.count(AFTER_URQL[0]) == 1
        damaged = data.replace(*AFTER_URQL)
    _damaged(_both(damaged))


@requires_shared
def test_the_same_damage_on_a_page_with_trivia_goes_unnoticed() -> None:
    data = WITH_DYK.read_bytes()
    assert TRANSLATION in data
    damaged = data.replace(TRANSLATION, TRANSLATION + b",", 1)
    assert _both(damaged) == _both(data)


# --- the same on a page written here -------------------------------------------------------


def _doc(trivia: Any) -> dict[str, Any]:
    title = {
        "id": "tt9900001",
        "titleText": {"text": "The Lantern Keeper"},
        "releaseYear": {"year": 2024},
        "triviaTotal": {"total": len(trivia["edges"])},
        "trivia": trivia,
    }
    return {
        "props": {
            "pageProps": {
                "translationContext": {"a": "{count} reviews", "b": "x\u2019s"},
                "urqlState": {"1": {"data": {"title": title}}},
            }
        },
        "page": "/title/[id]",
        "head": [["meta", {"charSet": "utf-8"}]],
    }


def _html(doc: dict[str, Any], damage: tuple[str, str] | None = None) -> bytes:
    script = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if damage is not None:
        assert script.count(damage[0]) == 1
        script = script.replace(*damage)
    return (
        "<!DOCTYPE html><html><head><title>The Lantern Keeper (2024) - IMDb</title></head>"
        f'<body><script id="__NEXT_DATA__" type="application/json">{script}</script>'
        "</body></html>"
    ).encode()


NO_ITEMS: dict[str, Any] = {"edges": []}
ONE_ITEM: dict[str, Any] = {
    "edges": [{"node": {"id": "tr9900101", "text": {"plaidHtml": "A fact."}}}]
}
DAMAGE = {
    "before-urql": ('"a":"{count} reviews",', '"a":"{count} reviews",,'),
    "after-urql": ('"charSet":"utf-8"', '"charSet":utf-8"'),
}


def test_a_written_page_without_trivia_reads_its_title() -> None:
    page = _both(_html(_doc(NO_ITEMS)))
    assert (page.imdb_id, page.title, page.year, page.items) == (
        "tt9900001",
        "The Lantern Keeper",
        2024,
        (),
    )


@pytest.mark.parametrize("where", sorted(DAMAGE))
def test_damage_in_a_written_page_without_trivia_is_said(where: str) -> None:
    _damaged(_both(_html(_doc(NO_ITEMS), DAMAGE[where])))


@pytest.mark.parametrize("where", sorted(DAMAGE))
def test_damage_outside_the_items_of_a_written_page_with_trivia_goes_unnoticed(
    where: str,
) -> None:
    page = _both(_html(_doc(ONE_ITEM), DAMAGE[where]))
    assert page == _both(_html(_doc(ONE_ITEM)))
    assert [item.id for item in page.items] == ["tr9900101"]


@requires_shared
def test_a_byte_not_utf8_before_the_script_goes_unreported_from_bytes() -> None:
    """docs/formats.md: given bytes, the page before the script is searched, not decoded; the
    same page decoded whole says that a byte was replaced."""
    data = WITH_DYK.read_bytes()
    at = data.index(b"<head")
    damaged = data[:at] + b"\xff" + data[at:]
    page = parse(damaged)
    assert page.items == parse(data).items and page.items
    assert ProblemCode.DECODE_ERROR not in _codes(page)
    assert ProblemCode.DECODE_ERROR in [p.code for p in decode(damaged).problems]
