"""json_schema(): a valid draft 2020-12 schema that every page and convert record follows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import triviaparse
from triviaparse.batch.convert import convert_path

from .helpers import CORPUS, FIXTURES, requires_shared

jsonschema = pytest.importorskip("jsonschema")


def _validator(kind: str) -> object:
    schema = triviaparse.json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _fixture_pages() -> list[Path]:
    return [
        p
        for p in sorted(FIXTURES.rglob("*"))
        if p.is_file() and not p.name.endswith(".expected.json")
    ]


def test_schema_is_draft_2020_12_and_versioned() -> None:
    schema = triviaparse.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert triviaparse.SCHEMA_VERSION in schema["$id"]
    assert schema["$defs"]["record"]["properties"]["schema_version"] == {
        "const": triviaparse.SCHEMA_VERSION
    }


def test_schema_names_every_enum_value() -> None:
    defs = triviaparse.json_schema()["$defs"]
    assert defs["problem"]["properties"]["code"]["enum"] == [
        str(c) for c in triviaparse.ProblemCode
    ]
    assert defs["page"]["properties"]["page_kind"]["enum"] == [str(k) for k in triviaparse.PageKind]


@pytest.mark.parametrize("path", _fixture_pages(), ids=lambda p: p.name)
def test_every_fixture_validates(path: Path) -> None:
    _validator("page").validate(triviaparse.to_dict(triviaparse.parse_file(path)))  # type: ignore[attr-defined]


def test_what_breaks_the_format_is_refused() -> None:
    validator = _validator("page")
    page = triviaparse.to_dict(triviaparse.parse_file(_fixture_pages()[0]))
    page["items"] = [{"text": "x", "is_spoiler": "yes"}]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(page)  # type: ignore[attr-defined]
    page["items"] = []
    page["page_kind"] = "not-a-kind"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(page)  # type: ignore[attr-defined]


def test_convert_records_validate(tmp_path: Path) -> None:
    validator = _validator("record")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    for path in [*_fixture_pages()[:6], bad]:
        record = json.loads(json.dumps(convert_path(str(path))))
        assert record["schema_version"] == triviaparse.SCHEMA_VERSION
        validator.validate(record)  # type: ignore[attr-defined]


@requires_shared
def test_every_expected_corpus_page_validates() -> None:
    validator = _validator("page")
    expected = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
    paths = [CORPUS / rel for rel in expected if not rel.startswith("_")]
    paths = [p for p in paths if p.is_file()]
    assert len(paths) >= 20
    for path in paths:
        validator.validate(triviaparse.to_dict(triviaparse.parse_file(path)))  # type: ignore[attr-defined]


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    from triviaparse.cli import main as run

    assert run(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == triviaparse.json_schema("record")
