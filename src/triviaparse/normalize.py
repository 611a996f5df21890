"""Small shared normalizers: whitespace, vote numbers, category ids. No layout knowledge here."""

from __future__ import annotations

import re

from .model import DEFAULT_CATEGORY, Votes

__all__ = [
    "VOTES_OF_RE",
    "category_id",
    "clean_line",
    "clean_text",
    "parse_count",
    "parse_votes_of",
    "updown_votes",
]

# Every character IMDb pages use as a space, including NBSP and the zero-width ones.
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")

#: "6 of 6 found this interesting", "1,234 of 1,300 found this relevant".
VOTES_OF_RE = re.compile(
    r"(\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d{1,12})\s+of\s+(\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d{1,12})"
    r"\s+found\s+this\s+(?:interesting|relevant|helpful)",
    re.I,
)


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
    m = VOTES_OF_RE.search(text)
    if m is None:
        return None
    return Votes(interested=parse_count(m.group(1)), total=parse_count(m.group(2)),
                 raw=clean_line(m.group(0)))


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
