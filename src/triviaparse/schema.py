"""The JSON Schema (draft 2020-12) of ``to_dict(page)`` and of a ``convert`` record.

Built from the record enums, so a new page kind or problem code is in the schema the moment
it is in the model. ``SCHEMA_VERSION`` changes whenever the record format does; every
``convert`` record carries it, so a dataset made today says which schema it follows.
"""

from __future__ import annotations

import copy
import enum
from typing import Any

from .model import LinkKind, PageKind, ProblemCode, SourceFormat

__all__ = ["SCHEMA_VERSION", "json_schema"]

#: The version of the record format (``to_dict`` and ``convert`` records).
SCHEMA_VERSION = "1"

_ID = "https://triviaparse.invalid/schema/{version}/{kind}.json"


def _enum(values: type[enum.StrEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": [str(v) for v in values]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_STR = {"type": "string"}
_COUNT = {"type": "integer", "minimum": 0}


def _defs() -> dict[str, Any]:
    return {
        "votes": {
            "type": "object",
            "description": "interested of total readers found the item interesting; raw is "
            "the vote line as written.",
            "required": ["interested", "total"],
            "properties": {"interested": _COUNT, "total": _COUNT, "raw": _nullable(_STR)},
            "additionalProperties": False,
        },
        "link": {
            "type": "object",
            "required": ["kind", "imdb_id", "text"],
            "properties": {"kind": _enum(LinkKind), "imdb_id": _nullable(_STR), "text": _STR},
            "additionalProperties": False,
        },
        "problem": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": _enum(ProblemCode),
                "message": _STR,
                "line": _nullable({"type": "integer", "minimum": 1}),
                "item": _nullable(_COUNT),
            },
            "additionalProperties": False,
        },
        "item": {
            "type": "object",
            "required": ["text"],
            "properties": {
                "id": _nullable(_STR),
                "text": _STR,
                "html": _nullable(_STR),
                "category": _STR,
                "category_label": _nullable(_STR),
                "is_spoiler": {"type": "boolean"},
                "votes": _nullable({"$ref": "#/$defs/votes"}),
                "links": {"type": "array", "items": {"$ref": "#/$defs/link"}},
                "note": _nullable(_STR),
            },
            "additionalProperties": False,
        },
        "page": {
            "type": "object",
            "required": ["page_kind", "source_format", "items"],
            "properties": {
                "imdb_id": _nullable(_STR),
                "title": _nullable(_STR),
                "year": _nullable({"type": "integer"}),
                "episode": _nullable(_STR),
                "url": _nullable(_STR),
                "captured_at": _nullable({"type": "string", "format": "date-time"}),
                "page_kind": _enum(PageKind),
                "source_format": _enum(SourceFormat),
                "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
                "declared_total": _nullable(_COUNT),
                "declared_counts": {"type": "object", "additionalProperties": _COUNT},
                "problems": {"type": "array", "items": {"$ref": "#/$defs/problem"}},
            },
            "additionalProperties": False,
        },
        "source": {
            "type": "object",
            "description": "Where a record's input came from.",
            "required": ["name", "path", "member", "record_id", "url"],
            "properties": {
                "name": _STR,
                "path": _nullable(_STR),
                "member": _nullable(_STR),
                "record_id": _nullable(_STR),
                "url": _nullable(_STR),
                "name_bytes": {
                    "type": "string",
                    "contentEncoding": "base64",
                    "description": "the name's bytes where they are "
                    "not UTF-8 (name then shows U+FFFD)",
                },
            },
            "additionalProperties": False,
        },
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": _STR, "message": _STR, "exception": _nullable(_STR)},
            "additionalProperties": False,
        },
        "record": {
            "type": "object",
            "description": "One convert record: the page read from one input, or why not.",
            "required": ["source"],
            "properties": {
                "schema_version": {"const": SCHEMA_VERSION},
                "source": {"$ref": "#/$defs/source"},
                "page": {"$ref": "#/$defs/page"},
                "error": {"$ref": "#/$defs/error"},
            },
            "oneOf": [{"required": ["page"]}, {"required": ["error"]}],
            "additionalProperties": False,
        },
    }


def json_schema(kind: str = "page") -> dict[str, Any]:
    """The JSON Schema of ``to_dict(page)`` (``kind="page"``) or of one ``convert`` record
    (``kind="record"``); the other shapes are under ``$defs``. A fresh dict each call."""
    defs = _defs()
    if kind not in ("page", "record"):
        raise ValueError(f"kind must be 'page' or 'record', not {kind!r}")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _ID.format(version=SCHEMA_VERSION, kind=kind),
        "title": f"triviaparse {kind}, record format {SCHEMA_VERSION}",
        "$ref": f"#/$defs/{kind}",
        "$defs": defs,
    }
    return copy.deepcopy(schema)
