"""``detect``: which layout an input is in, from its markers alone."""

from __future__ import annotations

import pytest

from triviaparse.detect import detect
from triviaparse.model import SourceFormat

_HEADER = '<div data-testid="nav-link">Menu</div>' * 50  # a 2022 React header


@pytest.mark.parametrize(("text", "expected"), [
    # React sections and the "Did you know" block, after many other data-testid attributes.
    (f"<html><body>{_HEADER}<div data-testid=\"sub-section-trivia\"></div>",
     SourceFormat.HTML_REACT),
    (f'<html><body>{_HEADER}<section data-testid="DidYouKnow"></section>',
     SourceFormat.HTML_REACT),
    # Names that only begin like a section's are not one.
    (f'<html><body>{_HEADER}<div data-testid="DidYouKnowMore"></div>', None),
    (f'<html><body>{_HEADER}<div data-testid="subsection"></div>', None),
    # A classic page with a React header is classic.
    (f'<html><body>{_HEADER}<div id="keywords_content"><td class="soda sodavote">',
     SourceFormat.HTML_CLASSIC),
    ('<!DOCTYPE html><html><div class="soda odd"><div class="sodatext">x</div></div>',
     SourceFormat.HTML_CLASSIC),
    # Embedded __NEXT_DATA__ wins over the React markup around it.
    ('<html><div data-testid="sub-section-trivia"></div><script id="__NEXT_DATA__" '
     'type="application/json">{"props": {"pageProps": {}}}</script>', SourceFormat.NEXT_DATA),
    ('{"props": {"pageProps": {"contentData": {}}}}', SourceFormat.NEXT_DATA),
    ('{"data": {"title": {"trivia": {"edges": [{"node": {"text": {"plaidHtml": "x"}}}]}}}}',
     SourceFormat.GRAPHQL),
    ('{"edges": []}', None),
    ("Trivia\n\n12 of 13 found this interesting\n", SourceFormat.TEXT),
    ("<html><body><p>Soda prices, 2014.</p></body></html>", None),
    ("", None),
])
def test_detect(text: str, expected: SourceFormat | None) -> None:
    assert detect(text) is expected
