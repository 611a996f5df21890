"""A classic page given as bytes is read without ``detect_bytes``'s searches of all of it for
React and ``__NEXT_DATA__`` marks (``detect.NOT_CLASSIC_MARKS``): the classic reader looks for
them where it reads, and above and below its content block (``api._read_unmarked_classic``).
Wherever such a mark stands, the page must read as it does when ``detect_bytes`` decides.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import triviaparse
from triviaparse import api
from triviaparse.detect import NOT_CLASSIC_MARKS
from triviaparse.serialize import to_dict

from .helpers import CORPUS, FIXTURES, requires_shared

CLASSIC = sorted((FIXTURES / "html_classic").glob("*.html"))
#: The marks as they stand in a page (a React section's testid, the heading's text).
_MARKS = (
    '<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}}}</script>',
    'id="__NEXT_DATA__"',
    '<div data-testid="sub-section-trivia">x</div>',
    'data-testid="',
    '<h3 class="ipc-title__text">Did you know</h3>',
)


def _detected(data: bytes) -> dict[str, object]:
    """``parse(data)`` with the format decided by ``detect_bytes`` (the quick path off)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(api, "classic_unless_marked", lambda data, start=0: False)
        return to_dict(triviaparse.parse(data))


def _places(text: str, rng: random.Random) -> list[int]:
    """Where a mark goes: the page's ends, around its content block, inside items (bodies,
    vote phrases, widgets: after a ">" or a space), anywhere."""
    block = max(text.find("_content"), 0)
    inner = [i + 1 for i, c in enumerate(text) if c in "> " and i > block]
    return [
        0,
        len(text),
        max(text.rfind("<", 0, block), 0),
        block,
        *rng.sample(inner, min(12, len(inner))),
        rng.randrange(len(text) + 1),
    ]


def _check(path: Path, rng: random.Random, marks: tuple[str, ...] = _MARKS) -> int:
    """Every mark at some places of the page reads as ``detect_bytes`` has it; how many read
    as classic pages."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    classic = 0
    for i in _places(text, rng):
        for mark in marks:
            data = (text[:i] + mark + text[i:]).encode("utf-8", errors="surrogateescape")
            got = to_dict(triviaparse.parse(data))
            assert got == _detected(data), (path.name, i, mark)
            classic += got.get("source_format") == "html_classic"
    return classic


def test_the_marks_are_what_detect_bytes_looks_for() -> None:
    assert {'id="__NEXT_DATA__"', 'data-testid="'} <= set(NOT_CLASSIC_MARKS)
    assert all(any(mark in placed for placed in _MARKS) for mark in NOT_CLASSIC_MARKS)


@pytest.mark.parametrize("path", CLASSIC, ids=lambda p: p.name)
def test_a_mark_anywhere_in_a_classic_fixture_reads_as_detected(path: Path) -> None:
    _check(path, random.Random(path.name))


@requires_shared
def test_a_mark_anywhere_in_a_real_classic_page_reads_as_detected() -> None:
    pages = sorted((CORPUS / "classic").glob("*.http"))
    rng = random.Random(20261206)
    for path in pages[:: max(len(pages) // 3, 1)]:
        _check(path, rng, marks=NOT_CLASSIC_MARKS)


@requires_shared
def test_real_classic_pages_skip_the_whole_page_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path reads them: ``detect_bytes`` is never asked."""
    pages = sorted((CORPUS / "classic").glob("*.http"))
    assert pages
    expected = [to_dict(triviaparse.parse(p.read_bytes())) for p in pages]

    def refuse(data: bytes, start: int = 0) -> None:
        raise AssertionError("detect_bytes was called")

    monkeypatch.setattr(api, "detect_bytes", refuse)
    assert [to_dict(triviaparse.parse(p.read_bytes())) for p in pages] == expected


@requires_shared
def test_react_pages_are_not_taken_for_classic_ones_to_prove_otherwise() -> None:
    """The quick path is for pages whose first item comes early: a React page (whose bytes
    lack one) never pays for a classic reading that would end in finding its marks."""
    from triviaparse.decode import body_of
    from triviaparse.detect import classic_unless_marked

    pages = sorted((CORPUS / "react").glob("*.html"))
    assert pages
    for path in pages:
        body = body_of(path.read_bytes())
        assert not classic_unless_marked(body.whole, body.start), path.name


def test_a_classic_page_whose_first_item_comes_late_reads_the_usual_way() -> None:
    text = (FIXTURES / "html_classic" / "trivia-2013-votes.html").read_text(encoding="utf-8")
    at = text.rfind("<", 0, text.index("trivia_content"))
    late = text[:at] + "<p>x</p>" * 10_000 + text[at:]
    data = late.encode("utf-8")
    got = to_dict(triviaparse.parse(data))
    assert got == _detected(data)
    assert len(got["items"]) == len(triviaparse.parse(text.encode("utf-8")).items) > 0
