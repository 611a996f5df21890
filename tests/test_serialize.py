"""serialize: to_dict/from_dict are exact inverses, keys are attribute names, canonical JSON
is stable text."""

from __future__ import annotations

import json

import attrs
import pytest

import triviaparse
from triviaparse import Link, Problem, TriviaItem, TriviaPage, Votes
from triviaparse.serialize import canonical_json, item_from_dict, item_to_dict

PAGE = TriviaPage(
    imdb_id="tt0000001",
    title="Ä Film",
    year=1999,
    page_kind="goofs",
    source_format="next_data",
    items=(
        TriviaItem(
            id="gf0000001",
            text="Line one\nline two",
            html="<b>x</b>",
            category="continuity",
            category_label="Continuity",
            is_spoiler=True,
            votes=Votes(interested=3, total=5, raw="3 of 5"),
            links=(Link(kind="name", imdb_id="nm0000001", text="Someone"),),
            note="a note",
        ),
        TriviaItem(text="plain"),
    ),
    declared_total=2,
    declared_counts={"Spoilers": 1},
    problems=(Problem(code="invalid-votes", message="m", line=3, item=1),),
)


def test_round_trip_is_exact() -> None:
    assert triviaparse.from_dict(triviaparse.to_dict(PAGE)) == PAGE
    assert triviaparse.from_dict(json.loads(json.dumps(triviaparse.to_dict(PAGE)))) == PAGE


def test_keys_are_the_attribute_names() -> None:
    d = triviaparse.to_dict(PAGE)
    assert set(d) == {f.name for f in attrs.fields(TriviaPage)}
    assert set(d["items"][0]) == {f.name for f in attrs.fields(TriviaItem)}
    assert d["page_kind"] == "goofs" and type(d["page_kind"]) is str
    assert d["declared_counts"] == {"Spoilers": 1} and type(d["declared_counts"]) is dict
    assert d["items"][0]["links"] == [{"kind": "name", "imdb_id": "nm0000001", "text": "Someone"}]


def test_raw_votes_are_kept_though_not_compared() -> None:
    d = item_to_dict(PAGE.items[0])
    assert d["votes"] == {"interested": 3, "total": 5, "raw": "3 of 5"}
    assert item_from_dict(d).votes.raw == "3 of 5"  # type: ignore[union-attr]


def test_item_from_dict_defaults() -> None:
    item = item_from_dict({"text": "x"})
    assert item == TriviaItem(text="x")
    assert item.category == triviaparse.DEFAULT_CATEGORY


def test_canonical_json_is_sorted_indented_utf8_with_newline() -> None:
    text = canonical_json({"b": 1, "a": "Ä"})
    assert text == '{\n  "a": "Ä",\n  "b": 1\n}\n'


def test_from_dict_refuses_impossible_votes() -> None:
    d = triviaparse.to_dict(PAGE)
    d["items"][0]["votes"] = {"interested": 6, "total": 5}
    with pytest.raises(ValueError):
        triviaparse.from_dict(d)
