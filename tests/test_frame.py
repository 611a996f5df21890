"""to_dataframe: one typed row per item; the CSV writer's columns; links in their own frame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import triviaparse
from triviaparse import TriviaItem, TriviaPage, Votes

from .helpers import CORPUS, FIXTURES, requires_shared

pd = pytest.importorskip("pandas")


def _pages() -> list[TriviaPage]:
    return [
        triviaparse.parse_file(p)
        for p in sorted(FIXTURES.rglob("*"))
        if p.is_file() and not p.name.endswith(".expected.json")
    ]


def test_one_row_per_item_with_the_page_repeated() -> None:
    a = TriviaPage(
        imdb_id="tt0000001",
        title="A",
        year=2001,
        items=(
            TriviaItem(text="one", votes=Votes(interested=2, total=3)),
            TriviaItem(text="two", is_spoiler=True, category="cameo", category_label="Cameo"),
        ),
    )
    b = TriviaPage(imdb_id="tt0000002", title="B", items=(TriviaItem(text="three"),))
    df = triviaparse.to_dataframe([a, b])
    assert list(df["text"]) == ["one", "two", "three"]
    assert list(df["imdb_id"]) == ["tt0000001", "tt0000001", "tt0000002"]
    assert list(df["input_index"]) == [0, 0, 1]
    assert list(df["item_index"]) == [0, 1, 0]
    assert df["is_spoiler"].tolist() == [False, True, False]
    assert df["votes_interested"].tolist()[:1] == [2]
    assert df["votes_interested"].isna().tolist() == [False, True, True]
    assert df["year"].isna().tolist() == [False, False, True]


def test_dtypes_are_typed_not_object() -> None:
    df = triviaparse.to_dataframe(_pages())
    assert df["is_spoiler"].dtype == "boolean"
    assert pd.api.types.is_bool_dtype(df["is_spoiler"])
    assert str(df["votes_interested"].dtype) == "Int64"
    assert str(df["votes_total"].dtype) == "Int64"
    assert isinstance(df["category"].dtype, pd.CategoricalDtype)
    assert not any(dtype is object or str(dtype) == "object" for dtype in df.dtypes)


def test_columns_are_the_csv_columns() -> None:
    from triviaparse.batch.formats import CSV_COLUMNS

    assert tuple(triviaparse.to_dataframe([]).columns) == tuple(CSV_COLUMNS)


def test_page_without_items_is_one_row_not_lost() -> None:
    page = triviaparse.parse("no imdb here")
    df = triviaparse.to_dataframe([page])
    assert len(df) == 1
    assert df["item_index"].isna().all() and df["item_count"].tolist() == [0]
    assert "unrecognized-input" in df["problem_codes"].iloc[0]


def test_links_frame_joins_on_input_and_item() -> None:
    pages = _pages()
    links = triviaparse.links_dataframe(pages)
    expected = sum(len(i.links) for p in pages for i in p.items)
    assert len(links) == expected > 0
    items = triviaparse.to_dataframe(pages)
    joined = links.merge(items, on=["input_index", "item_index"], how="left")
    assert joined["text_y"].notna().all()
    first = next((n, i) for n, p in enumerate(pages) for i, it in enumerate(p.items) if it.links)
    row = links.iloc[0]
    assert (row["input_index"], row["item_index"]) == first


def test_rejects_what_is_not_a_page() -> None:
    with pytest.raises(TypeError, match="to_dataframe takes"):
        triviaparse.to_dataframe(["a string"])


def test_csv_reads_back_with_the_documented_dtypes(tmp_path: Path) -> None:
    from triviaparse.cli import main as run

    out = tmp_path / "out.csv"
    inputs = [str(p) for p in sorted((FIXTURES / "html_classic").glob("*.html"))]
    assert run(["convert", *inputs, "-o", str(out), "--format", "csv", "-q"]) in (0, 1)
    from triviaparse.frame import PANDAS_DTYPES

    csv = pd.read_csv(
        out,
        dtype=PANDAS_DTYPES,
        true_values=["true"],
        false_values=["false"],
        keep_default_na=False,
        na_values=[""],
    )
    assert str(csv["votes_total"].dtype) == "Int64" and csv["is_spoiler"].dtype == "boolean"
    pages = [triviaparse.parse_file(p) for p in inputs]
    assert len(csv) == sum(len(p.items) or 1 for p in pages)


@requires_shared
def test_corpus_one_row_per_item() -> None:
    paths = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".http", ".html", ".json") and p.name != "EXPECTED.json"
    )
    pages = [triviaparse.parse_file(p) for p in paths]
    df = triviaparse.to_dataframe(pages)
    assert len(df) == sum(len(p.items) or 1 for p in pages)
    assert df["text"].notna().sum() == sum(len(p.items) for p in pages)


def test_records_from_json_lines_give_the_same_frame() -> None:
    pages = _pages()[:4]
    records = [
        json.loads(json.dumps({"source": {}, "page": triviaparse.to_dict(p)})) for p in pages
    ]
    assert triviaparse.to_dataframe(records).equals(triviaparse.to_dataframe(pages))
