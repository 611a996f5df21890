"""The pieces of the classic scan's item grammar that exist for speed say what they claim.

The scan-on/scan-off tests compare whole pages; these pin the grammar's own shortcuts: the id
pattern accepts exactly ``IMDB_ID``, and the body's three flag groups (link, space before a
link's ">", line break) are set exactly when the body holds that markup, in the strict and the
plain patterns, also after an iteration of the body's possessive repeat that failed.
"""

from __future__ import annotations

import re

import pytest

from triviaparse.readers import Context
from triviaparse.readers._imdb import IMDB_ID
from triviaparse.readers.classic import items, scan

_IDS = (
    "tr0790957",
    "nm0000206",
    "tr1234",
    "tr123",
    "tr1234567890123",
    "tr123456789012",
    "t10790957",
    "TR0790957",
    "tr\u0660\u0661\u0662\u0663",  # Arabic-Indic digits: \d takes them
    "tr12\uff133",  # a fullwidth digit
    "tr12a4",
    "",
)


@pytest.mark.parametrize("candidate", _IDS)
def test_the_scan_id_is_imdb_id(candidate: str) -> None:
    expected = re.fullmatch(IMDB_ID, candidate) is not None
    assert (re.fullmatch(scan._ID, candidate) is not None) is expected
    # as used: followed by a quote
    quoted = re.compile(f'"({scan._ID})"')
    assert (quoted.fullmatch(f'"{candidate}"') is not None) is expected


def _item(body: str) -> str:
    return (
        '<div id="tr0000001" class="soda odd"><div class="sodatext">'
        f"{body}</div>"
        '<div class="did-you-know-actions"><a href="?item=tr0000001" '
        'class="interesting-count-text">3 of 4 found this interesting</a></div></div>'
    )


_BODIES = (
    ("plain text", False, False, False),
    ('a <a href="/name/nm0000001/">Name</a> b', True, False, False),
    ('a <a href="/name/nm0000001/"\n>Name</a> b', True, True, False),
    ('<a href="/name/nm0000001/" >N</a> and <a href="/title/tt0000001/">T</a>', True, True, False),
    ("line<br/>break", False, False, True),
    ('x <br> <a href="/name/nm0000001/">N</a>', True, False, True),
)
#: Line breaks and spaces that end a body are left out of it (they add nothing).
_TAILS = ("", "<br />", "<br>\n<br/> \n")


@pytest.mark.parametrize(("body", "link", "space", "br"), _BODIES)
@pytest.mark.parametrize("tail", _TAILS)
@pytest.mark.parametrize("pattern", [scan._DIV_ITEM, scan._DIV_ITEM_PLAIN], ids=["strict", "plain"])
def test_the_body_flags_say_what_the_body_holds(
    pattern: re.Pattern[str], tail: str, body: str, link: bool, space: bool, br: bool
) -> None:
    m = pattern.match(_item(body + tail))
    assert m is not None
    assert m.group(2) == body
    assert [m.group(g) is not None for g in (3, 4, 5)] == [space, link, br]
    assert m.group(7) == "3 of 4 found this interesting"


@pytest.mark.parametrize("pattern", [scan._DIV_ITEM, scan._DIV_ITEM_PLAIN], ids=["strict", "plain"])
def test_a_failed_body_iteration_leaves_no_flag(pattern: re.Pattern[str]) -> None:
    """The repeat's last, failed iteration starts at the body's end tag: nothing of it may
    count (Python 3.11 keeps the marks a possessive repeat's failed iteration set)."""
    m = pattern.match(_item("text only"))
    assert m is not None and m.group(3, 4, 5) == (None, None, None)
    # a link or a line break that does not complete ends the repeat, and the item with it
    assert pattern.match(_item('a <a href="/name/nm0000001/" >unclosed')) is None
    assert pattern.match(_item("a <br x>")) is None


def test_split_block_reads_a_spaced_link_tag_as_lxml_writes_it() -> None:
    parts = scan.split_block(_item('a <a href="/name/nm0000001/"\n >Name</a> b<br>c <br />'))
    assert parts is not None
    run = parts[1]
    assert isinstance(run, list)
    (item,) = run
    assert item.html == 'a <a href="/name/nm0000001/">Name</a> b<br>c'
    assert item.text == "a Name b\nc"
    assert [link.imdb_id for link in item.links] == ["nm0000001"]


@pytest.mark.parametrize(
    ("phrase", "counts"),
    [
        ("12 of 14 found this interesting", (12, 14)),
        ("1 of 1 found this relevant", (1, 1)),
        ("\u0663 of \u0664 found this interesting", (3, 4)),  # \d takes Arabic-Indic digits
        ("123456789 of 123456789 found this interesting", (123456789, 123456789)),
        ("1234567890 of 1234567891 found this interesting", None),  # past the fast path
        ("12 of 9 found this interesting", None),
    ],
)
def test_the_usual_vote_phrase_is_read_by_the_fast_path(
    phrase: str, counts: tuple[int, int] | None
) -> None:
    m = items._PLAIN_VOTES.fullmatch(phrase)
    assert (m is not None and int(m[1]) <= int(m[2])) is (counts is not None)
    if counts is not None:
        votes = items.votes_of_phrase(phrase, 0, Context())
        assert votes is not None and (votes.interested, votes.total) == counts
