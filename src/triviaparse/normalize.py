"""Small shared normalizers: whitespace, vote numbers, category ids. No layout knowledge here."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from .model import DEFAULT_CATEGORY, Votes

__all__ = [
    "MAX_COUNT",
    "VotesOf",
    "category_id",
    "clean_line",
    "clean_text",
    "find_votes_of",
    "json_count",
    "parse_count",
    "parse_votes_of",
    "updown_votes",
]

# Every character IMDb pages use as a space, including NBSP and the zero-width ones.
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")

#: A vote count as IMDb writes it: "6", "1,234", "1.234", "1 234" (also with NBSP).
_COUNT = r"\d{1,3}(?:[,.\u00a0 ]\d{3})++|\d{1,12}"
_COUNT_SEPARATORS = ",.\u00a0 "
#: The end of a vote phrase, from the whitespace after the first count: " of 1,300 found this
#: relevant". The first count is read backwards from its start (``find_votes_of``), so that no
#: pattern starts inside a long run of digit groups and scans it again from every position.
_VOTES_OF_TAIL = re.compile(
    rf"(?<=\d)\s++of\s++({_COUNT})\s++found\s++this\s++(?:interesting|relevant|helpful)", re.I
)


class VotesOf(NamedTuple):
    """Where a vote phrase stands in a text (``text[start:end]``) and its two counts as written."""

    start: int
    end: int
    interested: str
    total: str


def _groups_start(text: str, end: int) -> int:
    """Where the most "[sep]ddd" digit groups that end at ``end`` start (``end`` if none)."""
    start = end
    while (
        start >= 4 and text[start - 4] in _COUNT_SEPARATORS and text[start - 3 : start].isdecimal()
    ):
        start -= 4
    return start


def _grouped_count_start(text: str, groups_start: int, end: int) -> int | None:
    """Where a grouped count ("1,234,567") ending at ``end`` starts: one to three digits
    before its groups, else (two groups or more) its first group's "ddd"; None if neither."""
    if groups_start == end:
        return None
    lead = groups_start
    while lead > groups_start - 3 and lead > 0 and text[lead - 1].isdecimal():
        lead -= 1
    if lead < groups_start:
        return lead
    return groups_start + 1 if groups_start + 4 < end else None


def _count_start(text: str, end: int) -> int | None:
    """Where the leftmost count that ends at ``end`` starts (what a regex search for the whole
    phrase would take), or None when no count ends there. Reads backwards, each character once."""
    best = _grouped_count_start(text, _groups_start(text, end), end)
    # Plain digits: "6", "1234" (up to twelve).
    digits = end
    while digits > end - 12 and digits > 0 and text[digits - 1].isdecimal():
        digits -= 1
    if digits < end and (best is None or digits < best):
        best = digits
    return best


def find_votes_of(text: str) -> VotesOf | None:
    """The first "6 of 6 found this interesting" phrase in ``text`` ("1,234 of 1,300 found this
    relevant"): the leftmost, as a regex search for the whole phrase would find it, but in time
    linear in ``text`` (such a search rescans a run of digit groups from each of its digits)."""
    for m in _VOTES_OF_TAIL.finditer(text):
        start = _count_start(text, m.start())
        if start is not None:
            return VotesOf(start, m.end(), text[start : m.start()], m.group(1))
    return None


def clean_line(text: str) -> str:
    """Collapse every run of spaces (NBSP, tabs, zero-width) to one space and trim."""
    return _SPACE_RUN.sub(" ", text).strip()


#: Characters ``clean_text`` treats differently from ``str.split`` (line breaks it normalizes,
#: separators ``split`` knows but ``clean_line`` keeps, zero-width blanks ``split`` keeps).
_SLOW_CHARS = re.compile("[\r\x1c-\x1f\x85\u2028\u2029\u200b\ufeff]")


def clean_text(text: str) -> str:
    """Plain item text: lines cleaned, paragraph breaks kept as a single "\\n".

    Text free of the rare characters in ``_SLOW_CHARS`` takes a ``str.split`` fast path
    (several times faster on long items); a property test checks both paths agree. Most item
    text is already clean once trimmed: no whitespace but single ASCII spaces, which
    ``isprintable`` tells in one C pass (every other ``isspace`` character is unprintable, a test
    checks all of Unicode), so it is returned as it is.
    """
    trimmed = text.strip()
    if trimmed.isprintable() and "  " not in trimmed:
        return trimmed
    if _SLOW_CHARS.search(text) is not None:
        return _clean_text_slow(text)
    if "\n" not in text:
        return " ".join(text.split())
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def _clean_text_slow(text: str) -> str:
    text = _NEWLINES.sub("\n", text)
    lines = [clean_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


#: The largest count triviaparse believes: no page holds, and no item gathers, anywhere near a
#: trillion of anything. A larger number is damaged or hostile input and costs its field.
MAX_COUNT = 999_999_999_999
# A count as IMDb writes it is short; a longer string is refused before any conversion (``int``
# is quadratic in the digits and refuses over 4,300 of them).
_MAX_COUNT_CHARS = 24
_COUNT_BODY = re.compile(r"[0-9][0-9,.]*+", re.ASCII)


def parse_count(text: str) -> int:
    """An integer as IMDb writes it: "1,234", "1.234", "1 234", "1.2K", "3M".

    Raises ``ValueError`` when ``text`` is no count or an absurd one: too long, not ASCII
    digits and separators, negative, not finite, or above ``MAX_COUNT``.
    """
    t = clean_line(text[: 4 * _MAX_COUNT_CHARS + 1]).replace(" ", "")
    if len(t) > _MAX_COUNT_CHARS:
        raise ValueError(f"a count of {len(text)} characters ({t[:12]}…) is absurd")
    mult = 1
    if t[-1:] in ("K", "k"):
        mult, t = 1000, t[:-1]
    elif t[-1:] in ("M", "m"):
        mult, t = 1_000_000, t[:-1]
    if _COUNT_BODY.fullmatch(t) is None:
        raise ValueError(f"{text!r} is not a count")
    if mult != 1:
        value = float(t.replace(",", ".")) * mult
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a finite count")
        n = round(value)
    else:
        n = int(t.replace(",", "").replace(".", ""))
    if n > MAX_COUNT:
        raise ValueError(f"{text!r} is above any real count")
    return n


def json_count(value: object) -> int:
    """A count from a JSON value: an int, an integral float, or a string as IMDb writes it.

    Raises ``ValueError`` (as ``parse_count``) for anything else, including booleans, negative
    numbers, infinities and NaN, and numbers above ``MAX_COUNT``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a count")
    if isinstance(value, str):
        return parse_count(value)
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            raise ValueError(f"{value!r} is not a whole finite count")
        if not 0 <= value <= MAX_COUNT:
            raise ValueError(f"{value!r} is outside any real count")
        return int(value)
    if not 0 <= value <= MAX_COUNT:
        raise ValueError(
            f"{value if abs(value) < 10**24 else 'a number that long'} is outside any real count"
        )
    return value


def parse_votes_of(text: str) -> Votes | None:
    """Votes from an "X of Y found this interesting" phrase anywhere in ``text``; None if absent.

    Raises ``ValueError`` when the phrase is there but says more interested than voted.
    """
    found = find_votes_of(text)
    if found is None:
        return None
    return Votes(
        interested=parse_count(found.interested),
        total=parse_count(found.total),
        raw=clean_line(text[found.start : found.end]),
    )


def updown_votes(up: int, down: int, raw: str | None = None) -> Votes:
    """Votes from an up/down widget: up voters were interested, everyone voted."""
    return Votes(interested=up, total=up + down, raw=raw)


_NON_ID = re.compile(r"[^a-z0-9]+")


def category_id(label: str | None) -> str:
    """IMDb's category id for a group heading: "Director Trademark" -> "director-trademark"."""
    if not label:
        return DEFAULT_CATEGORY
    cid = _NON_ID.sub("-", clean_line(label).lower()).strip("-")
    return cid or DEFAULT_CATEGORY
