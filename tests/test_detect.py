"""``detect``: which layout an input is in, from its markers alone."""

from __future__ import annotations

import pytest

from triviaparse.detect import detect
from triviaparse.model import SourceFormat

_HEADER = '<div data-testid="nav-link">Menu</div>' * 50  # a 2022 React header


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # React sections and the "Did you know" block, after many other data-testid attributes.
        (
            f'<html><body>{_HEADER}<div data-testid="sub-section-trivia"></div>',
            SourceFormat.HTML_REACT,
        ),
        (
            f'<html><body>{_HEADER}<section data-testid="DidYouKnow"></section>',
            SourceFormat.HTML_REACT,
        ),
        # Names that only begin like a section's are not one.
        (f'<html><body>{_HEADER}<div data-testid="DidYouKnowMore"></div>', None),
        (f'<html><body>{_HEADER}<div data-testid="subsection"></div>', None),
        # A classic page with a React header is classic.
        (
            f'<html><body>{_HEADER}<div id="keywords_content"><td class="soda sodavote">',
            SourceFormat.HTML_CLASSIC,
        ),
        (
            '<!DOCTYPE html><html><div class="soda odd"><div class="sodatext">x</div></div>',
            SourceFormat.HTML_CLASSIC,
        ),
        # Embedded __NEXT_DATA__ wins over the React markup around it.
        (
            '<html><div data-testid="sub-section-trivia"></div><script id="__NEXT_DATA__" '
            'type="application/json">{"props": {"pageProps": {}}}</script>',
            SourceFormat.NEXT_DATA,
        ),
        ('{"props": {"pageProps": {"contentData": {}}}}', SourceFormat.NEXT_DATA),
        (
            '{"data": {"title": {"trivia": {"edges": [{"node": {"text": {"plaidHtml": "x"}}}]}}}}',
            SourceFormat.GRAPHQL,
        ),
        ('{"edges": []}', None),
        ("Trivia\n\n12 of 13 found this interesting\n", SourceFormat.TEXT),
        ("<html><body><p>Soda prices, 2014.</p></body></html>", None),
        ("", None),
    ],
)
def test_detect(text: str, expected: SourceFormat | None) -> None:
    assert detect(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        'var label = "Showing all 3 items";\nfunction show(n) {\n  return n;\n}\n',
        '!function(){var a="Showing all 3 items found this interesting";}();',
        '"use strict";\nexport const label = "Jump to: Spoilers (1)";\n',
        '@charset "utf-8";\n/* Showing all 3 items */\nbody {\n  margin: 0;\n}\n',
        ".soda { color: red; }\n#trivia_content { padding: 0 }\n",
        '{"props": {"pageProps": {"post": "Showing all 3 items"}}, "page": "/blog"}',
        '[{"title": "Showing all 3 items", "votes": "1 of 1 found this interesting"}]',
    ],
)
def test_scripts_styles_and_foreign_json_are_no_page(text: str) -> None:
    # a script holding the words "Showing all 3 items" became a trivia page with one item
    import triviaparse

    assert detect(text) is None
    page = triviaparse.parse(text)
    assert [str(p.code) for p in page.problems] == ["unrecognized-input"] and not page.items


@pytest.mark.parametrize(
    "text",
    [
        # prose whose lines end in ; or begin with "let", "for", "if" stays text
        "Trivia\nShowing all 2 items\nLet it be known; he declined.\n"
        "1 of 1 found this interesting\n"
        "for the role, he trained;\n2 of 2 found this interesting\n",
    ],
)
def test_prose_with_semicolons_is_still_text(text: str) -> None:
    assert detect(text) is SourceFormat.TEXT
