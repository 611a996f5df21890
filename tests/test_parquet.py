"""convert --format parquet: the rows and dtypes of to_dataframe, in streamed row groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import triviaparse
from triviaparse.cli import main

from .helpers import CORPUS, FIXTURES, requires_shared

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")


def _inputs() -> list[str]:
    return [
        str(p)
        for p in sorted(FIXTURES.rglob("*"))
        if p.is_file() and not p.name.endswith(".expected.json")
    ]


def _jsonl(tmp_path: Path, inputs: list[str]) -> list[dict[str, object]]:
    out = tmp_path / "same.jsonl"
    assert main(["convert", *inputs, "-o", str(out), "-q", "-j", "1"]) in (0, 1)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_parquet_reads_back_to_the_dataframe(tmp_path: Path) -> None:
    inputs = _inputs()
    out = tmp_path / "trivia.parquet"
    assert main(["convert", *inputs, "-o", str(out), "-q", "-j", "1"]) in (0, 1)
    back = pd.read_parquet(out)
    expected = triviaparse.to_dataframe(_jsonl(tmp_path, inputs))
    assert back.dtypes.equals(expected.dtypes)
    pd.testing.assert_frame_equal(back, expected)
    assert str(back["votes_total"].dtype) == "Int64" and back["is_spoiler"].dtype == "boolean"


def test_parquet_is_written_in_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from triviaparse.batch.parquet import ParquetOutput

    monkeypatch.setattr(ParquetOutput, "ROWS", 10)
    out = tmp_path / "trivia.parquet"
    assert main(
        ["convert", *_inputs(), "--format", "parquet", "-o", str(out), "-q", "-j", "1"]
    ) in (0, 1)
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups > 5
    assert max(meta.row_group(i).num_rows for i in range(meta.num_row_groups)) < 40


@pytest.mark.parametrize("extra", [[], ["-o", "x.parquet", "--resume"]])
def test_parquet_needs_a_file_and_cannot_resume(
    extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "convert",
        str(FIXTURES),
        "--format",
        "parquet",
        *[str(tmp_path / a) if a.endswith(".parquet") else a for a in extra],
    ]
    assert main(args) == 2
    assert "parquet" in capsys.readouterr().err


@requires_shared
def test_parquet_over_the_corpus(tmp_path: Path) -> None:
    inputs = [
        str(p)
        for p in sorted(CORPUS.rglob("*"))
        if p.suffix in (".http", ".html", ".json") and p.name != "EXPECTED.json"
    ]
    out = tmp_path / "corpus.parquet"
    assert main(["convert", *inputs, "-o", str(out), "-q", "-j", "2"]) in (0, 1)
    pd.testing.assert_frame_equal(
        pd.read_parquet(out), triviaparse.to_dataframe(_jsonl(tmp_path, inputs))
    )
