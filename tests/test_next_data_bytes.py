"""``next_data.read_bytes``: a React page read from its bytes, decoding only its
``__NEXT_DATA__`` script, must give exactly what ``read`` gives from the decoded text (page and
problems, in order), or decline (None) and leave the context alone.

Also the pieces that make it fast, each against the slower way it replaces: the connection
search (``walk_dicts``), the member-by-member object decoder (``json``), the anchor search (a
regex alternation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from triviaparse.model import Problem, ProblemCode, SourceFormat, TriviaPage
from triviaparse.readers import Context, graphql, next_data
from triviaparse.readers._json import decode_object, walk_dicts

from .conftest import examples
from .helpers import CORPUS, FIXTURES

# --- pages -----------------------------------------------------------------------------------


def _next_data_pages() -> list[Path]:
    """Every fixture and real page that the next_data reader reads (by its markers)."""
    candidates = [
        *sorted((FIXTURES / "next_data").iterdir()),
        *sorted((FIXTURES / "html_react").iterdir()),
    ]
    if CORPUS.is_dir():
        candidates += sorted(CORPUS.rglob("*"))
    pages = []
    for path in candidates:
        if not path.is_file() or path.name.endswith(".expected.json"):
            continue
        if path.name in ("EXPECTED.json", "MANIFEST.tsv"):
            continue
        data = path.read_bytes()
        if b'"pageProps"' in data:
            pages.append(path)
    return pages


PAGES = _next_data_pages()
REACT = sorted(CORPUS.glob("react/*")) if CORPUS.is_dir() else []


def _ident(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _same(data: bytes, seed: list[Any] | None = None) -> TriviaPage | None:
    """``read_bytes(data)``, checked against ``read`` of the decoded text: the same page and
    the same problems, or None with the context untouched. ``seed``: problems already in the
    context (as ``parse`` may have put there)."""
    ctx_bytes = Context(source="page", problems=list(seed or ()))
    got = next_data.read_bytes(data, ctx_bytes)
    if got is None:
        assert ctx_bytes.problems == list(seed or ())
        return None
    ctx_text = Context(source="page", problems=list(seed or ()))
    want = next_data.read(data.decode("utf-8"), ctx_text)
    assert got == want
    assert ctx_bytes.problems == ctx_text.problems
    return got


@pytest.mark.parametrize("path", PAGES, ids=_ident)
def test_every_next_data_page_reads_alike_from_bytes(path: Path) -> None:
    _same(path.read_bytes())


@pytest.mark.parametrize("path", REACT, ids=_ident)
def test_the_real_react_pages_take_the_fast_path(path: Path) -> None:
    """No real React page is declined (the whole-page decode is what the bytes path saves)."""
    assert _same(path.read_bytes()) is not None


def test_there_are_pages_to_compare() -> None:
    assert len(PAGES) >= 4


# --- hand-made pages and their damaged variants ----------------------------------------------

TRIVIA_CONN = {
    "edges": [
        {"node": {"id": "tr9900101", "text": {"plaidHtml": "A fact about the <b>lamp</b>."}}},
        {"node": {"id": "tr9900102", "text": {"plaidHtml": "Caf\u00e9 \U0001f600 second."}}},
    ]
}
TITLE = {
    "id": "tt9900001",
    "titleText": {"text": "The Lantern Keeper"},
    "releaseYear": {"year": 2024},
    "keywords": {"edges": [{"node": {"keyword": {"text": {"text": "lighthouse"}}}}]},
    "triviaTotal": {"total": 2},
    "trivia": TRIVIA_CONN,
}


def _urql_doc(trivia: Any = TRIVIA_CONN, as_string: bool = False) -> dict[str, Any]:
    title = dict(TITLE, trivia=trivia)
    data: Any = {"title": title}
    return {
        "props": {
            "pageProps": {
                "tconst": "tt9900001",
                "translationContext": {"a": "{count} reviews", "b": "x\u2019s"},
                "urqlState": {
                    "1": {"data": {"renderedMarkdown": "<p>x</p>"}},
                    "2": {"data": json.dumps(data) if as_string else data},
                    "3": {"data": {"videos": {"total": 3}}},
                },
            }
        },
        "page": "/title/[id]",
        "buildId": "b",
    }


def _content_doc() -> dict[str, Any]:
    return {
        "props": {
            "pageProps": {
                "contentData": {
                    "entityMetadata": {"id": "tt9900001", "titleText": {"text": "T"}},
                    "categories": [
                        {
                            "id": "uncategorized",
                            "name": "Uncategorized",
                            "section": {
                                "items": [{"id": "tr9900101", "cardHtml": "A fact."}],
                                "total": 1,
                            },
                        }
                    ],
                }
            }
        },
        "page": "/title/[tconst]/trivia",
    }


def _main_doc() -> dict[str, Any]:
    return {
        "props": {
            "pageProps": {
                "aboveTheFoldData": {"id": "tt9900001", "titleText": {"text": "T"}},
                "mainColumnData": {"triviaTotal": {"total": 4}, "trivia": TRIVIA_CONN},
            }
        },
        "page": "/title/[tconst]",
    }


def _page(script: str, before: str = "", after: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>The Lantern Keeper (2024) - IMDb</title></head>"
        f'<body>{before}<script id="__NEXT_DATA__" type="application/json">{script}'
        f'</script>{after}<script src="x.js"></script></body></html>'
    ).encode()


def _dumps(obj: Any, **kwargs: Any) -> str:
    """JSON as Next.js writes it: UTF-8 characters as they are, no spaces."""
    return json.dumps(obj, **{"ensure_ascii": False, "separators": (",", ":"), **kwargs})


SCRIPTS = {
    "urql": _dumps(_urql_doc()),
    "urql-spaced": _dumps(_urql_doc(), indent=1, separators=None),
    "urql-string-data": _dumps(_urql_doc(as_string=True)),
    "urql-no-items": _dumps(_urql_doc({"edges": []})),  # the whole-document fallback
    "urql-ensure-ascii": _dumps(_urql_doc(), ensure_ascii=True),
    "content": _dumps(_content_doc()),
    "main": _dumps(_main_doc()),
    "nothing": _dumps({"props": {"pageProps": {"tconst": "tt9900001"}}, "page": "/x"}),
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_hand_made_pages_read_alike(name: str) -> None:
    page = _same(_page(SCRIPTS[name]))
    assert page is not None
    assert page.source_format is SourceFormat.NEXT_DATA


def test_the_fallback_finds_the_empty_trivia_connection() -> None:
    """A main page without trivia items (as the real -nodyk page): the whole document is read,
    its urqlState taken from the first try."""
    page = _same(_page(SCRIPTS["urql-no-items"]))
    assert page is not None
    assert (page.imdb_id, page.title, page.year, page.items) == (
        "tt9900001",
        "The Lantern Keeper",
        2024,
        (),
    )


def _nest(depth: int, inner: Any) -> Any:
    for i in range(depth):
        inner = {"x": inner} if i % 2 else [inner]
    return inner


VARIANTS: dict[str, bytes] = {
    "json-alone": SCRIPTS["urql"].encode(),
    "json-alone-cut": SCRIPTS["urql"][:-40].encode(),
    "no-script": b"<html><body>" + b'"pageProps"' + b"</body></html>",
    "no-tag-end": b'<html><script id="__NEXT_DATA__" type="application/json',
    "no-script-end": _page(SCRIPTS["urql"])[
        : -len('</script><script src="x.js"></script></body></html>')
    ],
    "script-tag-in-a-string": _page(SCRIPTS["urql"].replace("<p>x</p>", "</script><p>x</p>")),
    "lone-surrogate": _page(SCRIPTS["urql-ensure-ascii"].replace("\\ud83d\\ude00", "\\ud800")),
    "escaped-key": _page(SCRIPTS["urql"].replace('"trivia":', '"\\u0074rivia":')),
    "escaped-key-no-items": _page(SCRIPTS["urql-no-items"].replace('"trivia":', '"\\u0074rivia":')),
    "escaped-edges": _page(SCRIPTS["urql-no-items"].replace('"edges"', '"\\u0065dges"')),
    "huge-int": _page(SCRIPTS["urql"].replace('"total":3', '"total":' + "9" * 60)),
    "odd-space": _page(SCRIPTS["urql"].replace('"urqlState":', '"urqlState"\x1c:')),
    "urql-list": _page(SCRIPTS["urql"].replace('"urqlState":', '"urqlState":[],"x":')),
    "two-urql": _page(SCRIPTS["urql-no-items"].replace('"tconst"', '"urqlState":{},"tconst"')),
    "react-markers": _page(SCRIPTS["urql-no-items"], before='<div data-testid="sub-section-x">'),
    "react-markers-with-items": _page(SCRIPTS["urql"], before='<div data-testid="DidYouKnow">'),
    "non-utf8-after": _page(SCRIPTS["urql"]) + b"\xff",
    "deep": _page(_dumps({"props": {"pageProps": {"x": _nest(50, _urql_doc({"edges": []}))}}})),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_odd_pages_read_alike_or_decline(name: str) -> None:
    _same(VARIANTS[name])


@pytest.mark.parametrize("name", ["urql", "content", "main", "urql-no-items"])
def test_every_cut_of_the_script_reads_alike_or_declines(name: str) -> None:
    """A script cut anywhere (a page saved short) and closed: damage is declined, and what is
    read is what ``read`` reads, whatever the cut leaves after the script."""
    script = SCRIPTS[name]
    for cut in range(0, len(script), 7):
        _same(_page(script[:cut]))
        _same(_page(script[:cut], after='"page":"/title/x"}'))


def test_a_problem_already_in_the_context_counts_alike() -> None:
    seed = [Problem(code=ProblemCode.TRUNCATED_INPUT, message="cut")]
    for script in SCRIPTS.values():
        _same(_page(script), seed=seed)
        _same(_page(script[:-30]), seed=seed)


def test_a_script_that_is_not_utf8_is_declined() -> None:
    data = _page(SCRIPTS["urql"]).replace(b"Caf\xc3\xa9", b"Caf\xe9")
    ctx = Context()
    assert next_data.read_bytes(data, ctx) is None
    assert ctx.problems == []


def test_bytes_that_are_not_utf8_outside_the_script_are_not_looked_at() -> None:
    """The accepted difference: only the script (and what follows it) is decoded."""
    clean = _page(SCRIPTS["urql"], before="<p>Caf\u00e9</p>")
    page = next_data.read_bytes(clean.replace(b"Caf\xc3\xa9</p>", b"Caf\xe9</p>"), Context())
    assert page is not None
    assert page == next_data.read(clean.decode(), Context())


def test_json_cut_inside_the_route_reads_on_into_the_page() -> None:
    """A value cut short by the end of the script is read on into the page, as ``read`` does
    (the JSON is then damaged, and the bytes path declines or agrees)."""
    script = SCRIPTS["urql"]
    at = script.index('"page":"') + len('"page":"/ti')
    _same(_page(script[:at], after='tle/[id]"}'))


# --- the connection search -------------------------------------------------------------------


def _reference(root: Any) -> tuple[str, Any, Any] | None:
    """What ``read_graphql_tree`` chose before: every connection, then the first trivia one."""
    parents = [root] if isinstance(root, Mapping) else []
    parents.extend(value for _key, value in walk_dicts(root))
    found = []
    for parent in parents:
        for ckey in graphql.CONNECTION_KIND:
            conn = parent.get(ckey)
            if isinstance(conn, Mapping) and isinstance(conn.get("edges"), list):
                found.append((ckey, conn, parent))
    if not found and isinstance(root, Mapping) and isinstance(root.get("edges"), list):
        found.append(("", root, root))
    return next((f for f in found if f[0] == "trivia"), found[0]) if found else None


def _check_search(root: Any) -> None:
    got = graphql._Search(frozenset()).run(root)
    want = _reference(root)
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == want[0] and got[1] is want[1] and got[2] is want[2]


@pytest.mark.parametrize("depth", [0, 1, 38, 39, 40, 41, 42, 60])
def test_the_search_stops_as_deep_as_the_walk(depth: int) -> None:
    deep: dict[str, Any] = {"trivia": {"edges": []}}
    _check_search({"a": _nest(depth, deep), "goofs": {"edges": []}})
    _check_search([_nest(depth, deep), {"b": {"keywords": {"edges": [1]}}}])
    _check_search({"edges": [], "z": _nest(depth, {"soundtrack": {"edges": []}})})


def test_the_search_takes_an_outer_trivia_before_an_inner_one_written_first() -> None:
    inner = {"trivia": {"edges": [1]}}
    outer = {"a": inner, "trivia": {"edges": [2]}}
    _check_search(outer)
    _check_search({"goofs": {"edges": []}, "x": outer})


def test_the_search_looks_into_long_objects() -> None:
    flat = {f"k{i}": "x" for i in range(40)}
    _check_search({"a": flat, "goofs": {"edges": []}})
    _check_search({"a": dict(flat, z={"trivia": {"edges": []}}), "goofs": {"edges": []}})
    _check_search({"a": dict(flat, z=[{"b": {"trivia": {"edges": []}}}])})
    _check_search(dict(flat, trivia={"edges": []}))


try:
    from hypothesis import example, given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass
else:
    _KEYS = st.sampled_from(
        ["trivia", "goofs", "keywords", "edges", "soundtrack", "node", "x", "mainColumnData"]
    )
    _TREES = st.recursive(
        st.none() | st.integers(-3, 3) | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
        max_leaves=30,
    )

    @examples()
    @given(_TREES)
    def test_the_search_chooses_what_the_walk_chose(root: Any) -> None:
        _check_search(root)

    @examples()
    @given(st.dictionaries(_KEYS, _TREES, max_size=5), st.sampled_from(["", " ", "\n\t "]))
    @example({"trivia": "\ud000"}, "")
    def test_decode_object_decodes_as_json_does(obj: dict[str, Any], space: str) -> None:
        text = "x" + space + json.dumps(obj, indent=space.count(" ") or None) + space
        spans: list[Any] = []
        want, end = json.JSONDecoder().raw_decode(text, 1 + len(space))
        # with a context, an escaped surrogate (how json writes U+10000 on) is left to decode_at;
        # "\ud000" is a Hangul syllable, no surrogate (hypothesis found it)
        surrogate = re.search(r"\\u[dD][89a-fA-F]", text) is not None
        assert (decode_object(text, 1 + len(space), Context()) is None) is surrogate
        found = decode_object(text, 1 + len(space), spans=spans)
        assert found is not None
        assert found == (want, end)
        for value, start, stop in spans:
            assert json.loads(text[start:stop]) == value

    _ANCHORS = re.compile(r'"(contentData|mainColumnData|urqlState)"\s*:\s*[{\[]')
    _PIECES = st.sampled_from(
        ['"contentData"', '"mainColumnData"', '"urqlState"', ":", " ", "\x1c", "{", "[", '"', "a"]
    )

    @examples()
    @given(
        st.lists(_PIECES, max_size=40),
        st.integers(0, 5),
        st.integers(0, 5),
        st.sampled_from([17, 20, 33, 32768]),
    )
    def test_the_anchors_are_the_regex_matches(
        pieces: list[str], lead: int, tail: int, window: int
    ) -> None:
        """Whatever the window of the search (a key cut by a window's end included)."""
        text = "".join(pieces)
        start, end = min(lead, len(text)), max(len(text) - tail, 0)
        want = [(m.group(1), m.start()) for m in _ANCHORS.finditer(text, start, end)]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(next_data, "_ANCHOR_WINDOW", window)
            assert list(next_data._anchors(text, start, end)) == want

    _SCRIPT_PIECES = st.sampled_from(["<", "</script>", "</scrip", "a", "<<", "</script"])

    @examples()
    @given(st.lists(_SCRIPT_PIECES, max_size=60), st.integers(0, 10))
    def test_the_script_end_is_the_first_script_tag(pieces: list[str], start: int) -> None:
        text = "".join(pieces)
        assert next_data._script_end(text, start) == text.find("</script>", start)


def test_the_script_end_after_many_other_tags() -> None:
    text = "<b>" * 100 + "</script>" + "<" * 5
    assert next_data._script_end(text, 0) == 300
    assert next_data._script_end(text, 301) == -1


# --- the whole-document fallback: what the text tells about each decoded member -------------


def _outside_doc(extra: Any, translation: str = "x\u2019s") -> str:
    """A no-items ``urqlState`` page whose ``pageProps`` holds ``extra`` before it."""
    doc = _urql_doc({"edges": []})
    props = doc["props"]["pageProps"]
    props["translationContext"] = {"a": translation}
    doc["props"]["pageProps"] = {"extra": extra, **props}
    return _dumps(doc, ensure_ascii=True)


def test_the_fallback_finds_a_connection_outside_urql_state() -> None:
    page = _same(_page(_outside_doc({"title": {"trivia": TRIVIA_CONN}})))
    assert page is not None
    assert [i.id for i in page.items] == ["tr9900101", "tr9900102"]


def test_the_fallback_finds_a_connection_whose_edges_key_is_escaped() -> None:
    """``"\\u0065dges"`` is "edges": the member that spells it so is searched all the same."""
    script = _outside_doc({"title": {"trivia": TRIVIA_CONN}}).replace('"edges"', '"\\u0065dges"')
    page = _same(_page(script))
    assert page is not None
    assert [i.id for i in page.items] == ["tr9900101", "tr9900102"]


def test_the_fallback_says_a_lone_surrogate_outside_urql_state() -> None:
    ctx = Context(source="page")
    script = _outside_doc({"n": 1}, translation="\ud800")  # json.dumps escapes it: "\\ud800"
    assert "\\ud800" in script
    page = next_data.read_bytes(_page(script), ctx)
    _same(_page(script))
    assert page is not None and not page.items
    assert [p.code for p in ctx.problems] == [ProblemCode.DECODE_ERROR]


@pytest.mark.parametrize(
    "where", ["before", "after", "at-the-start", "at-the-end", "in-unread-json"]
)
def test_a_react_marker_anywhere_outside_valid_json_leaves_the_page_to_the_html(
    where: str,
) -> None:
    """A page without items whose HTML carries a React marker is read from its HTML (the
    bytes path declines), wherever the marker stands, the script of a valid JSON excepted."""
    marker = '<div data-testid="sub-section-trivia">'
    script = SCRIPTS["urql-no-items"]
    if where == "before":
        data = _page(script, before=marker)
    elif where == "after":
        data = _page(script, after=marker)
    elif where == "at-the-start":
        data = marker.encode() + _page(script)
    elif where == "at-the-end":
        data = _page(script) + marker.encode()
    else:  # a main page's JSON is read only where its items are: the rest is not checked
        doc = _main_doc()
        doc["props"]["pageProps"]["mainColumnData"]["trivia"] = {"edges": []}
        data = _page(_dumps(doc).replace('"page":', f'"x":{marker},"page":'))
    assert next_data.read_bytes(data, Context()) is None
    assert next_data.read(data.decode(), Context()).source_format is SourceFormat.HTML_REACT


def test_a_no_items_page_without_react_markers_is_read_from_its_bytes() -> None:
    page = _same(_page(SCRIPTS["urql-no-items"], before="<div data-testid='other'>"))
    assert page is not None and not page.items


# --- urqlState: the entries that may give a trivia page are read first -----------------------


def _urql_reference(value: Mapping[str, Any], path: str | None) -> tuple[Any, list[Any]]:
    """What ``_Urql.read`` chose before: every entry read, in order, the best ranked kept."""
    best: TriviaPage | None = None
    best_problems: list[Any] = []
    for entry in value.values():
        data = entry.get("data") if isinstance(entry, Mapping) else None
        scratch = Context(source="page")
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError:
                continue
        found = (
            graphql.read_graphql_tree(data, scratch, SourceFormat.NEXT_DATA)
            if data is not None
            else None
        )
        if found is None or not found.items:
            continue
        if best is None or next_data._rank(found) > next_data._rank(best):
            best, best_problems = found, scratch.problems
    if best is None:
        return None, []
    kind = next_data.kind_from_path(path)
    if kind is not None and kind is not best.page_kind:
        best = next_data.evolve(best, page_kind=kind)
    return best, best_problems


def _node(prefix: str, n: int) -> dict[str, Any]:
    return {"node": {"id": f"{prefix}99001{n:02d}", "text": {"plaidHtml": f"Item {n}."}}}


_CONNS = {
    "trivia-2": {
        "title": {"id": "tt9900001", "trivia": {"edges": [_node("tr", i) for i in (1, 2)]}}
    },
    "trivia-1": {"title": {"trivia": {"edges": [_node("tr", 3)]}, "triviaTotal": {"total": 5}}},
    "trivia-empty": {"title": {"trivia": {"edges": []}, "triviaTotal": {"total": 0}}},
    "total-only": {"title": {"triviaTotal": {"total": 7}, "keywords": {"edges": [_node("kw", 1)]}}},
    "goofs-3": {"title": {"goofs": {"edges": [_node("gf", i) for i in (1, 2, 3)]}}},
    "keywords-4": {"title": {"keywords": {"edges": [_node("kw", i) for i in range(4)]}}},
    "root-edges-tr": {"edges": [_node("tr", 7), _node("tr", 8), _node("tr", 9)]},
    "root-edges-gf": {"edges": [_node("gf", 7)]},
    "bad-votes": {
        "title": {
            "trivia": {
                "edges": [
                    {"node": dict(_node("tr", 4)["node"], interestScore={"usersInterested": 9})}
                ]
            }
        }
    },
    "nothing": {"title": {"id": "tt9900001", "videos": {"total": 3}}},
}


@pytest.mark.parametrize(
    "names",
    [
        ["keywords-4", "trivia-1"],
        ["goofs-3", "keywords-4"],
        ["total-only", "goofs-3"],
        ["trivia-empty", "goofs-3", "nothing"],
        ["keywords-4", "root-edges-tr", "trivia-2"],
        ["root-edges-gf", "goofs-3"],
        ["trivia-1", "bad-votes", "trivia-2"],
        ["bad-votes", "keywords-4"],
        ["nothing", "trivia-empty"],
        ["trivia-2", "trivia-2"],
    ],
)
@pytest.mark.parametrize("form", ["object", "string", "escaped"])
def test_urql_state_gives_the_entry_every_entry_read_in_turn_gives(
    names: list[str], form: str
) -> None:
    """Entries of other kinds ranked below trivia, the first of equals, a JSON string as
    ``data``, a key spelled with an escape: the same page and problems as reading them all."""
    entries = {}
    for n, name in enumerate(names):
        data: Any = _CONNS[name]
        if form == "string" and n % 2 == 0:
            data = json.dumps(data)
        entries[str(n)] = {"data": data}
    text = _dumps({"props": {"pageProps": {"urqlState": entries}}})
    if form == "escaped":
        text = text.replace('"trivia":', '"\\u0074rivia":')
    at = text.index('"urqlState"')
    urql = next_data._Urql(text, at, len(text), Context())
    assert urql.start >= 0
    ctx = Context(source="page")
    got = urql.read("/title/[tconst]", ctx, SourceFormat.NEXT_DATA)
    want, want_problems = _urql_reference(
        json.loads(text)["props"]["pageProps"]["urqlState"], "/title/[tconst]"
    )
    assert got == want
    assert ctx.problems == want_problems


# --- the whole-document fallback: a trivia connection looked for first ----------------------


def _fallback_doc(before: Any, urql_title: Any, after: Any) -> dict[str, Any]:
    """A document whose ``urqlState`` gives no page with items, so the whole is searched."""
    return {
        "props": {
            "pageProps": {
                "before": before,
                "urqlState": {"1": {"data": {"title": urql_title}}, "2": {"data": "{}"}},
                "after": after,
            }
        },
        "page": "/title/[tconst]",
    }


_TRIVIA_ITEMS = {"edges": [_node("tr", 1), _node("tr", 2)]}
_GOOFS_ITEMS = {"edges": [_node("gf", 1)]}
_FALLBACKS = {
    "trivia-before": _fallback_doc({"t": {"trivia": _TRIVIA_ITEMS}}, {"trivia": {"edges": []}}, 1),
    "trivia-after": _fallback_doc({"n": 1}, {"goofs": {"edges": []}}, {"trivia": _TRIVIA_ITEMS}),
    "goofs-first": _fallback_doc({"goofs": _GOOFS_ITEMS}, {"x": 1}, {"trivia": _TRIVIA_ITEMS}),
    "goofs-only": _fallback_doc(
        {"a": {"goofs": _GOOFS_ITEMS}}, {"x": 1}, [{"keywords": {"edges": []}}]
    ),
    "total-only": _fallback_doc({"triviaTotal": {"total": 3}, "goofs": _GOOFS_ITEMS}, {}, {}),
    "trivia-not-a-connection": _fallback_doc({"trivia": {"edges": 3}}, {}, {"goofs": _GOOFS_ITEMS}),
    "trivia-in-a-string": _fallback_doc(
        {"s": '{"trivia":{"edges":[]}}'}, {}, {"goofs": _GOOFS_ITEMS}
    ),
    "nothing": _fallback_doc({"a": [1, 2]}, {"b": {}}, "c"),
    "no-trivia-connection": _fallback_doc(
        {"x": {"goofs": _GOOFS_ITEMS}}, {}, {"trivia": 5, "keywords": {"edges": [_node("kw", 1)]}}
    ),
}


@pytest.mark.parametrize("name", sorted(_FALLBACKS))
@pytest.mark.parametrize("escaped", [False, True])
def test_the_fallback_chooses_what_a_search_of_the_whole_chooses(name: str, escaped: bool) -> None:
    """The whole document, searched with what its text tells, gives the connection that a
    search of all of it gives (a ``"trivia"`` key spelled with an escape included)."""
    text = _dumps(_FALLBACKS[name])
    if escaped:
        text = text.replace('"trivia":', '"\\u0074rivia":')
    ctx = Context(source="page")
    got = next_data._read_json(text, 0, len(text), ctx)
    want_ctx = Context(source="page")
    want = graphql.read_graphql_tree(json.loads(text), want_ctx, SourceFormat.NEXT_DATA)
    assert got == (want, True)
    assert ctx.problems == want_ctx.problems


try:
    from hypothesis import given as _given
    from hypothesis import strategies as _st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass
else:

    @examples()
    @_given(
        _st.lists(
            _st.tuples(_st.sampled_from(sorted(_CONNS)), _st.booleans()), min_size=1, max_size=6
        ),
        _st.booleans(),
    )
    def test_urql_state_reads_as_every_entry_read_in_turn(
        entries: list[tuple[str, bool]], escaped: bool
    ) -> None:
        urql = {
            str(n): {"data": json.dumps(_CONNS[name]) if as_string else _CONNS[name]}
            for n, (name, as_string) in enumerate(entries)
        }
        text = _dumps({"props": {"pageProps": {"urqlState": urql}}})
        if escaped:
            text = text.replace('"edges":', '"\\u0065dges":', 1)
        found = next_data._Urql(text, text.index('"urqlState"'), len(text), Context())
        ctx = Context(source="page")
        got = found.read(None, ctx, SourceFormat.NEXT_DATA)
        want, want_problems = _urql_reference(
            json.loads(text)["props"]["pageProps"]["urqlState"], None
        )
        assert got == want
        assert ctx.problems == want_problems
