"""Small shared normalizers: whitespace, vote numbers, category ids. No layout knowledge here."""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import DEFAULT_CATEGORY, Votes

__all__ = [
    "VotesOf",
    "category_id",
    "clean_line",
    "clean_text",
    "find_votes_of",
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
    rf"(?<=\d)\s++of\s++({_COUNT})\s++found\s++this\s++(?:interesting|relevant|helpful)", re.I)


class VotesOf(NamedTuple):
    """Where a vote phrase stands in a text (``text[start:end]``) and its two counts as written."""

    start: int
    end: int
    interested: str
    total: str


def _count_start(text: str, end: int) -> int | None:
    """Where the leftmost count that ends at ``end`` starts (what a regex search for the whole
    phrase would take), or None when no count ends there. Reads backwards, each character once."""
    # "1,234,567": the most "[sep]ddd" groups, then one to three leading digits; without a
    # digit before the groups their first "ddd" leads.
    groups_start = end
    while (groups_start >= 4 and text[groups_start - 4] in _COUNT_SEPARATORS
           and text[groups_start - 3:groups_start].isdecimal()):
        groups_start -= 4
    best: int | None = None
    if groups_start < end:
        lead = groups_start
        while lead > groups_start - 3 and lead > 0 and text[lead - 1].isdecimal():
            lead -= 1
        if lead < groups_start:
            best = lead
        elif groups_start + 4 < end:
            best = groups_start + 1
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
            return VotesOf(start, m.end(), text[start:m.start()], m.group(1))
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
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n"))
                     if line)


def _clean_text_slow(text: str) -> str:
    text = _NEWLINES.sub("\n", text)
    lines = [clean_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def parse_count(text: str) -> int:
    """An integer as IMDb writes it: "1,234", "1.234", "1 234", "1.2K", "3M"."""
    t = clean_line(text).replace(" ", "")
    mult = 1
    if t[-1:] in ("K", "k"):
        mult, t = 1000, t[:-1]
    elif t[-1:] in ("M", "m"):
        mult, t = 1_000_000, t[:-1]
    if mult != 1:
        return round(float(t.replace(",", ".")) * mult)
    return int(t.replace(",", "").replace(".", ""))


def parse_votes_of(text: str) -> Votes | None:
    """Votes from an "X of Y found this interesting" phrase anywhere in ``text``; None if absent.

    Raises ``ValueError`` when the phrase is there but says more interested than voted.
    """
    found = find_votes_of(text)
    if found is None:
        return None
    return Votes(interested=parse_count(found.interested), total=parse_count(found.total),
                 raw=clean_line(text[found.start:found.end]))


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
