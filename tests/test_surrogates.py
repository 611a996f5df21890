"""JSON that escapes a lone surrogate ("\\ud800") still gives output UTF-8 can hold.

The escape decodes to a str that ``.encode("utf-8")`` refuses, so every output path (convert,
CSV, show) died on it. The JSON readers repair such escapes before decoding: each lone one
becomes U+FFFD and the page carries one ``decode-error`` problem; a valid pair stays the
character it encodes.
"""

from __future__ import annotations

import json
import re
import time

import pytest

import triviaparse
from triviaparse import DecodeError
from triviaparse.readers import Context
from triviaparse.readers._json import decode_at, repair_surrogates

from .helpers import FIXTURES

NEXT_DATA = (FIXTURES / "next_data" / "tt9900001-trivia-nextdata.json").read_text(encoding="utf-8")
EMBEDDED = (FIXTURES / "next_data" / "tt9900001-trivia-embedded.html").read_text(encoding="utf-8")
GRAPHQL = (FIXTURES / "graphql" / "tt9900001-trivia-api.json").read_text(encoding="utf-8")
MAIN = (FIXTURES / "graphql" / "tt9900001-main-column.json").read_text(encoding="utf-8")

LONE = ["\\ud800", "\\udfff", "\\uDBFF", "\\ud800\\ud800"]


def _encodes(page: triviaparse.TriviaPage) -> bytes:
    """The page as JSON in UTF-8, the way convert writes it (raises on a lone surrogate)."""
    return json.dumps(triviaparse.to_dict(page), ensure_ascii=False).encode("utf-8")


def _poison(text: str, escape: str) -> str:
    """``text`` with ``escape`` put into every string field a reader takes: item body, link
    text and href, title, category id and label."""
    text = text.replace("The Lantern Keeper", f"The Lantern{escape} Keeper")
    text = text.replace("Mara Velden", f"Mara{escape} Velden")
    text = text.replace("The storm in", f"The storm{escape} in")
    text = text.replace('"uncategorized"', f'"uncat{escape}egorized"')
    text = text.replace('"Uncategorized"', f'"Uncat{escape}egorized"')
    return re.sub(
        r"(/name/nm\d+/\?ref_=)", rf"\g<1>{escape.replace(chr(92), chr(92) * 2)}", text, count=1
    )


@pytest.mark.parametrize("escape", LONE)
@pytest.mark.parametrize("source", ["next_data", "embedded", "graphql", "main"])
def test_lone_surrogate_becomes_replacement_character(source: str, escape: str) -> None:
    text = {"next_data": NEXT_DATA, "embedded": EMBEDDED, "graphql": GRAPHQL, "main": MAIN}[source]
    clean = triviaparse.parse(text)
    page = triviaparse.parse(_poison(text, escape))
    _encodes(page)  # no UnicodeEncodeError
    assert len(page.items) == len(clean.items) and page.items
    dump = json.dumps(triviaparse.to_dict(page), ensure_ascii=False)
    assert "\ufffd" in dump
    assert not re.search("[\ud800-\udfff]", dump)
    assert [str(p.code) for p in page.problems] == [
        "decode-error",
        *(str(p.code) for p in clean.problems),
    ]
    if page.title is not None:
        assert page.title.startswith("The Lantern\ufffd")


def test_every_string_field_is_repaired() -> None:
    page = triviaparse.parse(_poison(NEXT_DATA, "\\ud800"))
    item = next(i for i in page.items if i.links)
    assert page.title == "The Lantern\ufffd Keeper"
    assert item.links[0].text == "Mara\ufffd Velden"
    assert "Mara\ufffd Velden" in item.text
    assert item.html is not None and "ref_=\\\\ud800" not in item.html
    assert any(i.category == "uncat\ufffdegorized" for i in page.items)
    assert any(i.category_label == "Uncat\ufffdegorized" for i in page.items)


@pytest.mark.parametrize("source", ["next_data", "graphql"])
def test_valid_pair_stays_the_character(source: str) -> None:
    text = NEXT_DATA if source == "next_data" else GRAPHQL
    page = triviaparse.parse(_poison(text, "\\ud83d\\ude00"))
    assert page.title == "The Lantern\U0001f600 Keeper"
    assert not any(p.code == "decode-error" for p in page.problems)
    assert "\U0001f600".encode() in _encodes(page)


def test_escaped_backslash_before_u_is_not_an_escape() -> None:
    # "\\ud800" in JSON is a backslash and the letters "ud800": nothing to repair.
    page = triviaparse.parse(NEXT_DATA.replace("The Lantern Keeper", "The \\\\ud800 Keeper"))
    assert page.title == "The \\ud800 Keeper"
    assert not any(p.code == "decode-error" for p in page.problems)


def test_strict_mode_raises_decode_error() -> None:
    with pytest.raises(DecodeError, match="surrogate"):
        triviaparse.parse(_poison(GRAPHQL, "\\ud800"), strict=True, source="api.json")


def test_urql_data_string_is_repaired() -> None:
    # 2022 pages cache GraphQL responses as JSON *strings*: the escape is one level deeper.
    inner = json.loads(GRAPHQL)
    data = json.dumps(inner).replace("The Lantern Keeper", "The Lantern\\ud800 Keeper")
    doc = {
        "props": {"pageProps": {"urqlState": {"k": {"data": data}}}},
        "page": "/title/[tconst]/trivia",
    }
    page = triviaparse.parse(json.dumps(doc))
    _encodes(page)
    assert page.title == "The Lantern\ufffd Keeper" and len(page.items) == 3
    assert "decode-error" in [str(p.code) for p in page.problems]


@pytest.mark.parametrize(
    "text,fixed,lone",
    [
        ('"a\\ud800b"', '"a\\ufffdb"', 1),
        ('"\\udc00\\ud800"', '"\\ufffd\\ufffd"', 2),
        ('"\\ud800\\ud800\\udc00"', '"\\ufffd\\ud800\\udc00"', 1),
        ('"\\\\\\ud800"', '"\\\\\\ufffd"', 1),
        ('"\\\\ud800"', '"\\\\ud800"', 0),
        ('"\\ud83d\\ude00"', '"\\ud83d\\ude00"', 0),
    ],
)
def test_repair_surrogates(text: str, fixed: str, lone: int) -> None:
    ctx = Context()
    out = repair_surrogates(text, ctx)
    assert out == fixed and len(out) == len(text)
    assert len(ctx.problems) == (1 if lone else 0)
    if lone:
        assert "lone surrogate" in ctx.problems[0].message
        assert repair_surrogates(text, ctx) == fixed and len(ctx.problems) == 1  # said once


def test_only_the_decoded_span_is_repaired() -> None:
    # The targeted decoder looks only at what it decodes: a lone surrogate elsewhere in a 3 MB
    # document costs nothing, and one in an item is repaired where the item is decoded.
    ctx = Context()
    text = '{"skip": "\\ud800", "item": {"text": "a\\udfffb"}}'
    value, end = decode_at(text, text.index('{"text"'), ctx)
    assert value == {"text": "a\ufffdb"} and text[end] == "}"
    assert [str(p.code) for p in ctx.problems] == ["decode-error"]
    assert decode_at(text, text.index('"\\ud800"'))[0] == "\ud800"  # no ctx: as decoded


@pytest.mark.parametrize("unit", ["\\ud800", "\\\\", "\\ud83d\\ude00", "\\u0041", "\\\\\\ud800"])
def test_repair_is_linear(unit: str) -> None:
    # Runs of escapes (lone, escaped backslashes, pairs, others) at n and 16n: the repair may
    # take at most 64x the time (quadratic growth would be 256x), as in test_properties_linear.
    def best(n: int) -> float:
        body = '"' + unit * n + 'x\\ud800"'
        times = []
        for _ in range(3):
            start = time.perf_counter()
            repair_surrogates(body, Context())
            times.append(time.perf_counter() - start)
        return min(times)

    n = 500
    while best(n) < 0.001 and n < 200_000:
        n *= 2
    assert best(16 * n) / best(n) <= 64.0


@pytest.mark.parametrize("at", [0, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20)])
def test_a_lone_surrogate_in_a_str_input_is_found_wherever_it_stands(at: int) -> None:
    """The check runs a mebibyte at a time: a surrogate on either side of a step is found."""
    text = "A fact \u00e9.\n1 of 1 found this interesting\n"
    filler = "x" * at
    data = text + filler[: max(0, at - len(text))] + "\ud800" + "\n"
    page = triviaparse.parse(data)
    assert [p.message for p in page.problems if p.code == "decode-error"] == [
        "1 lone surrogate code point in the text replaced by U+FFFD"
    ]
