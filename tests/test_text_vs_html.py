"""A real page copied as text (browser, text-mode browsers, e-mail wrapping) gives the same
items as the saved HTML it came from: same texts in the same order, spoilers and votes."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import triviaparse
from triviaparse.decode import strip_http_headers

from .browser_text import inner_text, text_browser_dump
from .helpers import CORPUS, requires_shared

PAGES = sorted((CORPUS / "classic").glob("*.http")) if CORPUS.is_dir() else []


def _email_wrap(text: str, width: int = 72) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(textwrap.wrap(line, width) if len(line) > width else [line])
    return "\r\n".join(out)


def _dump(browser: str, width: int) -> Callable[[bytes], str | None]:
    return lambda html: text_browser_dump(html, browser, width)


COPIES: dict[str, Callable[[bytes], str | None]] = {
    "browser": inner_text,
    "browser-email-wrapped-72-crlf": lambda html: _email_wrap(inner_text(html)),
    "w3m-80": _dump("w3m", 80),
    "w3m-250": _dump("w3m", 250),
    "lynx-66": _dump("lynx", 66),
    "lynx-80": _dump("lynx", 80),
}


def _facts(page: triviaparse.TriviaPage) -> list[tuple[str, bool, object]]:
    return [(i.text, i.is_spoiler, i.votes) for i in page.items]


@requires_shared
@pytest.mark.parametrize("copy", list(COPIES))
@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_text_copy_gives_the_html_items(path: Path, copy: str) -> None:
    raw = path.read_bytes()
    body, _ = strip_http_headers(raw)
    text = COPIES[copy](body)
    if text is None:
        pytest.skip(f"{copy.split('-')[0]} is not installed")
    html_page = triviaparse.parse(raw)
    text_page = triviaparse.parse(text)
    assert text_page.source_format == "text"
    assert text_page.problems == ()
    assert _facts(text_page) == _facts(html_page)
    expected = json.loads((CORPUS / "EXPECTED.json").read_text())[f"classic/{path.name}"]
    assert len(text_page.items) == expected["items"]
    assert (text_page.title, text_page.year) == (expected["title"], expected["year"])
    assert text_page.declared_total == expected["declared_total"]
    assert dict(text_page.declared_counts) == expected["declared_counts"]
