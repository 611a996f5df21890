"""graphql: saved IMDb API responses and main-page ``mainColumnData``, from the fixtures under
tests/fixtures/graphql and from small hand-written responses."""

from __future__ import annotations

import json
from typing import Any

import triviaparse
from triviaparse.model import (
    DEFAULT_CATEGORY,
    Link,
    LinkKind,
    PageKind,
    ProblemCode,
    SourceFormat,
    Votes,
)
from triviaparse.readers import Context, graphql
from triviaparse.readers._imdb import CONNECTION_KIND, SPOILER_CATEGORY

from .helpers import FIXTURES

API = FIXTURES / "graphql" / "tt9900001-trivia-api.json"
MAIN = FIXTURES / "graphql" / "tt9900001-main-column.json"


def _codes(page: triviaparse.TriviaPage) -> list[str]:
    return [str(p.code) for p in page.problems]


def _read(tree: Any) -> tuple[triviaparse.TriviaPage, Context]:
    ctx = Context()
    return graphql.read(json.dumps(tree), ctx), ctx


def _node(ident: str, text: str, **fields: Any) -> dict[str, Any]:
    return {"node": {"id": ident, "text": {"plaidHtml": text}, **fields}}


# --- the fixtures --------------------------------------------------------------------------------


def test_graphql_response() -> None:
    page = triviaparse.parse_file(API)
    assert page.source_format is SourceFormat.GRAPHQL
    assert page.page_kind is PageKind.TRIVIA
    assert (page.imdb_id, page.title, page.year) == ("tt9900001", "The Lantern Keeper", 2024)
    assert [i.id for i in page.items] == ["tr9900101", "tr9900104", "tr9900103"]
    assert page.items[0].votes == Votes(interested=1213, total=1247)
    assert page.items[1].category == "cameo"  # body in text.plaidHtml
    assert page.items[2].is_spoiler
    assert page.declared_total == 8
    assert _codes(page) == ["incomplete-page"]


def test_fixture_read_directly_links_and_labels() -> None:
    ctx = Context()
    page = graphql.read(API.read_text(encoding="utf-8"), ctx)
    first = page.items[0]
    assert first.category_label == "Uncategorized"
    assert first.links == (Link(text="Mara Velden", kind=LinkKind.NAME, imdb_id="nm9900011"),)
    assert "Mara Velden climbed its 212 steps" in first.text
    assert [p.code for p in ctx.problems] == [ProblemCode.INCOMPLETE_PAGE]


def test_main_column_snippet_is_title_main() -> None:
    page = triviaparse.parse_file(MAIN)
    assert page.page_kind is PageKind.TITLE_MAIN
    assert page.declared_total == 8
    assert len(page.items) == 1  # the trivia snippet only, not the goof beside it
    assert page.items[0].text.endswith('The "lantern" itself was a 1911 Fresnel lens.')
    assert page.problems == ()


def test_graphql_interest_score_larger_than_votes() -> None:
    doc = json.loads(API.read_text(encoding="utf-8"))
    node = doc["data"]["title"]["trivia"]["edges"][0]["node"]
    node["interestScore"] = {"usersInterested": 9, "usersVoted": 3}
    page = triviaparse.parse(json.dumps(doc))
    assert page.items[0].votes is None
    assert ProblemCode.INVALID_VOTES in {p.code for p in page.problems}


# --- hand-written responses ----------------------------------------------------------------------


def test_a_goofs_connection() -> None:
    page, ctx = _read(
        {
            "data": {
                "title": {
                    "id": "tt9900002",
                    "titleText": {"text": "Local"},
                    "originalTitleText": {"text": "Original"},
                    "releaseYear": {"year": 1999},
                    "goofs": {
                        "total": 2,
                        "edges": [
                            _node(
                                "gf9900201",
                                "The <i>clock</i> jumps.",
                                category={"id": "continuity", "text": "Continuity"},
                                interestScore={"usersInterested": 3, "usersVoted": 4},
                            ),
                            _node(
                                "gf9900202",
                                "The ending is given away.",
                                category={"id": SPOILER_CATEGORY, "text": "Spoilers"},
                            ),
                        ],
                    },
                }
            }
        }
    )
    assert page.source_format is SourceFormat.GRAPHQL
    assert page.page_kind is CONNECTION_KIND["goofs"] is PageKind.GOOFS
    # The original title, which no locale changes, wins over the displayed one.
    assert (page.imdb_id, page.title, page.year) == ("tt9900002", "Original", 1999)
    assert [(i.id, i.text, i.category, i.is_spoiler) for i in page.items] == [
        ("gf9900201", "The clock jumps.", "continuity", False),
        ("gf9900202", "The ending is given away.", "spoilers", True),  # by its category
    ]
    assert page.items[0].votes == Votes(interested=3, total=4)
    assert page.items[1].votes is None
    assert page.declared_total == 2
    assert ctx.problems == []


def test_trivia_is_chosen_among_several_connections() -> None:
    page, _ = _read(
        {
            "data": {
                "title": {
                    "goofs": {"edges": [_node("gf9900201", "A goof.")]},
                    "trivia": {"edges": [_node("tr9900101", "A fact.")]},
                }
            }
        }
    )
    assert page.page_kind is PageKind.TRIVIA
    assert [i.text for i in page.items] == ["A fact."]


def test_a_bare_connection_takes_its_kind_from_the_item_ids() -> None:
    page, ctx = _read({"edges": [{"node": {"id": "cc9900301", "text": "Credits roll sideways."}}]})
    assert page.page_kind is PageKind.CRAZY_CREDITS
    assert [i.text for i in page.items] == ["Credits roll sideways."]
    assert page.items[0].category == DEFAULT_CATEGORY
    assert ctx.problems == []


def test_locations_keywords_and_odd_ids() -> None:
    locations, _ = _read(
        {
            "data": {
                "title": {
                    "filmingLocations": {
                        "edges": [
                            {
                                "node": {
                                    "id": "lc9900401",
                                    "text": "Porthcurno, Cornwall, England, UK",
                                    "attributes": "the lighthouse cliff",
                                }
                            },
                            {"node": {"id": "not-an-id", "text": "Pinewood Studios"}},
                        ]
                    }
                }
            }
        }
    )
    assert locations.page_kind is PageKind.FILMING_LOCATIONS
    assert [(i.id, i.text, i.note) for i in locations.items] == [
        ("lc9900401", "Porthcurno, Cornwall, England, UK", "the lighthouse cliff"),
        (None, "Pinewood Studios", None),  # an id that is no IMDb id is dropped
    ]
    keywords, _ = _read(
        {
            "data": {
                "title": {
                    "keywords": {
                        "edges": [
                            {
                                "node": {
                                    "id": "kw9900501",
                                    "keyword": {"text": {"text": "lighthouse"}},
                                }
                            },
                        ]
                    }
                }
            }
        }
    )
    assert keywords.page_kind is PageKind.PLOT_KEYWORDS
    assert [i.text for i in keywords.items] == ["lighthouse"]


def test_odd_nodes_cost_only_themselves() -> None:
    page, ctx = _read(
        {
            "data": {
                "title": {
                    "trivia": {
                        "edges": [
                            {"node": None},
                            {"node": {"id": "tr9900102"}},
                            _node("tr9900103", "Kept."),
                        ]
                    }
                }
            }
        }
    )
    assert [i.text for i in page.items] == ["Kept."]
    assert [(p.code, p.item) for p in ctx.problems] == [
        (ProblemCode.UNEXPECTED_STRUCTURE, 0),
        (ProblemCode.EMPTY_ITEM, 0),
    ]


def test_a_main_page_total_overrides_the_connection_total() -> None:
    page, ctx = _read(
        {
            "data": {
                "title": {
                    "id": "tt9900005",
                    "triviaTotal": {"total": 12},
                    "trivia": {"total": 1, "edges": [_node("tr9900601", "Did you know?")]},
                }
            }
        }
    )
    assert page.page_kind is PageKind.TITLE_MAIN
    assert page.declared_total == 12
    assert ctx.problems == []  # a main page shows one snippet: not incomplete


def test_reported_errors_and_responses_without_items() -> None:
    page, ctx = _read(
        {
            "errors": [{"message": "rate limited"}],
            "data": {"title": {"trivia": {"edges": [_node("tr9900101", "A.")]}}},
        }
    )
    assert len(page.items) == 1
    assert [p.code for p in ctx.problems] == [ProblemCode.UNEXPECTED_STRUCTURE]
    assert "rate limited" in ctx.problems[0].message

    page, ctx = _read({"data": {"title": {"id": "tt9900001"}}})
    assert page.page_kind is PageKind.UNKNOWN and page.items == ()
    assert [p.code for p in ctx.problems] == [ProblemCode.UNEXPECTED_STRUCTURE]


def test_broken_json_is_reported() -> None:
    ctx = Context()
    page = graphql.read('{"data": {"title": ', ctx)
    assert page.page_kind is PageKind.UNKNOWN and page.source_format is SourceFormat.GRAPHQL
    assert ctx.problems


def test_page_meta_of_a_person() -> None:
    assert graphql.page_meta({"id": "nm9900011", "nameText": {"text": "Mara Velden"}}) == (
        "nm9900011",
        "Mara Velden",
        None,
    )
    assert graphql.page_meta({"id": "x1", "titleText": {"text": 5}}) == (None, None, None)
