"""JSON as every JSON-reading reader decodes it, and the counts and votes read from it.

JSON is read by *targeted* decoding (``find_value``): a 3 MB ``__NEXT_DATA__`` is mostly
translations and credits, and decoding only the objects a reader needs is what keeps
``parse`` faster than ``lxml`` on such pages. Integer literals are bounded and lone surrogate
escapes repaired, so an absurd value costs one field, never the page.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..model import ProblemCode, Votes
from ..normalize import json_count, updown_votes
from . import Context

__all__ = [
    "as_int",
    "count_field",
    "decode_at",
    "decode_object",
    "find_value",
    "has_surrogate_escape",
    "json_error_problem",
    "loads",
    "may_hold_key",
    "plain_escapes",
    "repair_surrogates",
    "shown",
    "vote_counts",
    "walk_dicts",
]

_WS = " \t\r\n"
#: Integer literals longer than this are no count (``int`` would refuse over 4,300 digits).
_MAX_INT_DIGITS = 30
#: A JSON escape of a surrogate: a high one with the low one that may pair it, or a low one.
#: It is an escape only after an odd run of backslashes: the run (not preceded by another
#: backslash) is taken in pairs, possessively, so an escaped backslash followed by "ud800"
#: never matches. Linear: each run is read once.
_SURROGATE_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*+)(\\u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    r"|\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
#: Where a surrogate escape might be: one regex pass is faster than two ``str.find`` on text
#: that is not ASCII.
_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
_REPLACEMENT_ESCAPE = "\\ufffd"  # as long as the escape it replaces: offsets stay valid
#: An escape that may spell an ASCII letter of a key (``"\\u0074rivia"`` is "trivia").
_LETTER_ESCAPE = re.compile(r"\\u00[4-7]")
#: Either of the two above: one pass tells that a span needs neither check.
_ESCAPE_HINT = re.compile(r"\\u(?:00[4-7]|[dD][89a-fA-F])")


# --- numbers and votes ---------------------------------------------------------------------


def shown(value: Any) -> str:
    """``repr(value)`` cut to a length fit for a problem message."""
    if isinstance(value, str) and len(value) > 40:
        value = value[:40]
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def as_int(value: Any) -> int | None:
    """A count from a JSON value (see ``json_count``); None when absent or not a sane count."""
    if value is None:
        return None
    try:
        return json_count(value)
    except ValueError:
        return None


def count_field(value: Any, ctx: Context, what: str, item: int | None = None) -> int | None:
    """A count the page declares (``total``, a year), or None: silently when absent, with an
    ``invalid-number`` problem when present but absurd, so only that field is lost."""
    if value is None:
        return None
    try:
        return json_count(value)
    except ValueError as exc:
        ctx.problem(
            ProblemCode.INVALID_NUMBER,
            f"{what} {shown(value)} is left out: {shown(str(exc))}",
            item=item,
        )
        return None


def vote_counts(
    up: Any, down: Any, ctx: Context, index: int, raw: str | None = None
) -> Votes | None:
    """Votes from up/down counts, or None with an ``invalid-votes`` problem when unusable."""
    if up is None and down is None:
        return None
    try:
        u, d = json_count(up), json_count(down)
    except ValueError:
        ctx.problem(
            ProblemCode.INVALID_VOTES,
            f"unreadable vote counts up={shown(up)} down={shown(down)}",
            item=index,
        )
        return None
    return updown_votes(u, d, raw)


# --- decoding ------------------------------------------------------------------------------


def _json_int(digits: str) -> int | float:
    """``parse_int`` of the fallback decoder: the integer, or an infinity for an absurdly long
    literal (``int`` refuses over 4,300 digits), which every count check then refuses."""
    if len(digits) > _MAX_INT_DIGITS:
        return -math.inf if digits.startswith("-") else math.inf
    return int(digits)


_PLAIN = json.JSONDecoder()
#: The decoder's own string scanner (C when available): keys decode as ``_PLAIN`` decodes them.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
#: Used only when the plain decoder refuses an integer literal: a Python ``parse_int`` for every
#: number would cost a third more time on a 3 MB document.
_BOUNDED = json.JSONDecoder(parse_int=_json_int)


def repair_surrogates(text: str, ctx: Context) -> str:
    """``text`` (JSON) with each escaped lone surrogate (``"\\ud800"``, which decodes to a
    string no UTF-8 output can hold) replaced by an escaped U+FFFD, reported as one
    ``decode-error`` per ``ctx``. The length is unchanged; a valid pair (an emoji) is kept."""
    if _SURROGATE_HINT.search(text) is None:
        return text
    lone = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal lone
        if len(m.group(2)) == 12:  # a high and a low surrogate: one character
            return m.group(0)
        lone += 1
        return m.group(1) + _REPLACEMENT_ESCAPE

    fixed = _SURROGATE_ESCAPE.sub(fix, text)
    if lone and not any(
        p.code == ProblemCode.DECODE_ERROR and "lone surrogate" in p.message for p in ctx.problems
    ):
        ctx.problem(
            ProblemCode.DECODE_ERROR,
            'the JSON escapes a lone surrogate (such as "\\ud800"), '
            "which no text can hold; each became U+FFFD",
        )
    return fixed


def decode_at(text: str, pos: int, ctx: Context | None = None) -> tuple[Any, int]:
    """(value, end) of the JSON value at ``pos``, as every reader decodes: integer literals
    bounded (an absurd one becomes an infinity that count checks refuse) and, with ``ctx``, lone
    surrogate escapes repaired (``repair_surrogates``); only the decoded span is looked at.
    Raises ``json.JSONDecodeError`` on damaged JSON."""
    try:
        value, end = _PLAIN.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer literal over int's digit limit
        value, end = _BOUNDED.raw_decode(text, pos)
    if ctx is not None and _SURROGATE_HINT.search(text, pos, end) is not None:
        fixed = repair_surrogates(text[pos:end], ctx)
        value = _BOUNDED.decode(fixed)
    return value, end


#: One JSON value decoded whole, with where it starts and ends in the text.
Span = tuple[Any, int, int]


def decode_object(
    text: str,
    pos: int,
    ctx: Context | None = None,
    *,
    spans: list[Span] | None = None,
    descend: frozenset[str] = frozenset(),
    known: Span | None = None,
) -> tuple[dict[str, Any], int] | None:
    """(object, end) of the JSON object at ``pos``, equal to what ``decode_at`` gives, decoded
    one member value at a time so that the caller learns where each lies: each value decoded
    whole is appended to ``spans`` with its start and end.

    The values of keys in ``descend`` that are objects are decoded the same way (two levels
    at most), and a value that starts where ``known`` does is taken from it, not decoded again.
    None when ``decode_at`` must decide instead (which raises or repairs the same way every
    time): no object at ``pos``, damaged JSON, an absurd integer, or with ``ctx`` an escaped
    surrogate somewhere in it.
    """
    spans = [] if spans is None else spans
    try:
        found = _object_members(text, pos, spans, descend, known, 0)
    except ValueError:  # json.JSONDecodeError, or an integer literal over int's digit limit
        return None
    if found is None:
        return None
    if ctx is not None and _SURROGATE_HINT.search(text, pos, found[1]) is not None:
        return None
    return found


def _object_members(
    text: str,
    pos: int,
    spans: list[Span],
    descend: frozenset[str],
    known: Span | None,
    level: int,
) -> tuple[dict[str, Any], int] | None:
    """``decode_object`` without its checks: None where the text is not a plain object, a
    ``ValueError`` where a value is damaged."""
    if text[pos : pos + 1] != "{":
        return None
    obj: dict[str, Any] = {}
    j = _skip_ws(text, pos + 1)
    if text[j : j + 1] == "}":
        return obj, j + 1
    while text[j : j + 1] == '"':
        key, j = _scanstring(text, j + 1, True)
        j = _skip_ws(text, j)
        if text[j : j + 1] != ":":
            return None
        j = _skip_ws(text, j + 1)
        inner = None
        if known is not None and j == known[1]:
            value, after = known[0], known[2]
        elif key in descend and level < 2 and text[j : j + 1] == "{":
            inner = _object_members(text, j, spans, descend, known, level + 1)
            if inner is None:
                return None
            value, after = inner
        else:
            value, after = _PLAIN.raw_decode(text, j)
            spans.append((value, j, after))
        obj[key] = value
        j = _skip_ws(text, after)
        if text[j : j + 1] == "}":
            return obj, j + 1
        if text[j : j + 1] != ",":
            return None
        j = _skip_ws(text, j + 1)
    return None


def _skip_ws(text: str, j: int) -> int:
    """The first index at or after ``j`` that is not JSON white space."""
    n = len(text)
    while j < n and text[j] in _WS:
        j += 1
    return j


def may_hold_key(text: str, key: str, start: int, end: int, *, plain: bool = False) -> bool:
    """Whether some JSON key in ``text[start:end]`` may be ``key`` (an ASCII word): False only
    when the word is nowhere there, not even spelled with escapes (``plain``: the caller
    knows from ``plain_escapes`` that the span escapes no letter)."""
    # from the end: a GraphQL object lists its connections after its scalar fields
    if text.rfind(key, start, end) >= 0:
        return True
    return not plain and _LETTER_ESCAPE.search(text, start, end) is not None


def plain_escapes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` escapes neither an ASCII letter nor a surrogate: one pass
    that spares ``may_hold_key`` and the surrogate check their own passes over the span."""
    return _ESCAPE_HINT.search(text, start, end) is None


def has_surrogate_escape(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may escape a surrogate (``decode_object``'s ``ctx`` check)."""
    return _SURROGATE_HINT.search(text, start, end) is not None


def loads(text: str, ctx: Context | None = None) -> Any:
    """A whole JSON document decoded as ``decode_at`` does (white space around it allowed).
    Raises ``json.JSONDecodeError`` on damaged JSON or trailing data."""
    start = 0
    while start < len(text) and text[start] in _WS:
        start += 1
    value, end = decode_at(text, start, ctx)
    while end < len(text) and text[end] in _WS:
        end += 1
    if end < len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


# --- targeted JSON -------------------------------------------------------------------------


def find_value(
    text: str,
    key: str,
    start: int = 0,
    end: int | None = None,
    want: type | tuple[type, ...] = dict,
    ctx: Context | None = None,
) -> tuple[Any, int] | None:
    """Decode the value of the first ``"key":`` in ``text[start:end]`` that is of type ``want``.

    Returns (value, position after it), None when the key is absent. JSON quoting guarantees
    ``"key"`` followed by ``:`` is a real key, not text inside a string; which object it
    belongs to is the caller's business. Decoded by ``decode_at`` (pass ``ctx`` when the
    value's strings reach the output). Raises ``json.JSONDecodeError`` on damaged JSON.
    """
    needle = f'"{key}"'
    stop = len(text) if end is None else end
    pos = start
    while True:
        i = text.find(needle, pos, stop)
        if i < 0:
            return None
        j = i + len(needle)
        while j < stop and text[j] in _WS:
            j += 1
        if j < stop and text[j] == ":":
            j += 1
            while j < stop and text[j] in _WS:
                j += 1
            value, after = decode_at(text, j, ctx)
            if isinstance(value, want):
                return value, after
            pos = after
        else:
            pos = j


def json_error_problem(
    exc: json.JSONDecodeError, text: str, ctx: Context, what: str, end: int | None = None
) -> None:
    """Report damaged JSON: ``truncated-input`` when it breaks at the end, else malformed."""
    stop = len(text) if end is None else end
    tail = text[exc.pos : stop].strip()
    if exc.pos >= stop - 1 or not tail or "Unterminated string" in exc.msg:
        ctx.problem(ProblemCode.TRUNCATED_INPUT, f"the {what} JSON ends early ({exc.msg})")
    else:
        ctx.problem(
            ProblemCode.MALFORMED_INPUT,
            f"the {what} JSON is damaged at offset {exc.pos} ({exc.msg})",
        )


def walk_dicts(obj: Any, depth: int = 0) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every (key, dict value) pair in a decoded JSON tree, depth-first, bounded in depth."""
    if depth > 40:
        return
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            if isinstance(v, Mapping):
                yield str(k), v
            if isinstance(v, Mapping | list):
                yield from walk_dicts(v, depth + 1)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk_dicts(v, depth + 1)
