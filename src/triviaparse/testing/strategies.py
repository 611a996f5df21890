"""Hypothesis strategies for property tests of code that reads or writes trivia pages.

Every function here returns a *strategy*, not a value, and needs hypothesis
(``pip install ".[testing]"`` from a checkout); importing :mod:`triviaparse` never imports it.

>>> from hypothesis import given
>>> from triviaparse.testing import strategies as tps
>>> @given(page=tps.pages(max_size=5))
... def test_my_export(page): ...

``pages()`` generates complete pages the renderers can write and the readers can read back
(items in groups: uncategorized first, labelled groups, spoilers last); ``rendered(page,
format=...)`` writes one as raw text, classic HTML, React HTML or ``__NEXT_DATA__`` JSON in
any of the variants real copies show, optionally with noise around the items.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from html import escape
from typing import Literal

import attrs
from hypothesis import strategies as st

from ..model import DEFAULT_CATEGORY, Link, LinkKind, TriviaItem, TriviaPage, Votes
from ..normalize import category_id
from .render import (
    NO_VOTE_WIDGETS,
    RENDER_FORMATS,
    VOTE_WIDGETS,
    TextStyle,
    render,
    render_html_classic,
    render_html_react,
    render_next_data,
    render_text,
    text_limit,
)

__all__ = [
    "LABELS",
    "imdb_like_text",
    "item_texts",
    "items",
    "pages",
    "rendered",
    "text_styles",
    "votes",
]

#: The group labels IMDb uses on trivia pages (``pages(categories=...)`` picks from these).
LABELS = ("Cameo", "Director Trademark", "Director Cameo", "Actor Trademark")

_WORDS = (
    "the",
    "film",
    "was",
    "shot",
    "in",
    "days",
    "director",
    "actor",
    "scene",
    "role",
    "script",
    "studio",
    "budget",
    "of",
    "and",
    "a",
    "with",
    "for",
    "original",
    "novel",
    "sequel",
    "crew",
    "camera",
    "night",
    "first",
    "last",
    "music",
    "score",
    "title",
    "version",
    "cut",
    "final",
    "Reykjavik",
    "Keanu",
    "Mulligan",
    "Romanek",
    "Hailsham",
    "Norfolk",
    "café",
    "Zürich",
    "naïve",
    "Ishiguro's",
    "co-star",
    "$4.5",
    "1,234",
    "48",
    "1978",
    "R&D",
    '"real"',
    "'Close",
    "To",
    "Me'",
    "(sic)",
    "3D",
    "5%",
    "x<y",
    "über",
    "東京",
    "Ωmega",
    "it's",
)
_NAMES = ("Carey Mulligan", "Keanu Reeves", "Mark Romanek", "Keira Knightley", "Woo-Ping Yuen")
_TITLES = (
    "Never Let Me Go",
    "The Matrix",
    "Northern Silence",
    "Die Hard",
    "Amélie",
    "The Lighthouse Keeper's Daughter",
    "Alien³",
    "8½",
    "Léon",
)


def _require(value: int, name: str) -> None:
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")


def votes(*, min_total: int = 1, max_total: int = 100_000) -> st.SearchStrategy[Votes]:
    """Votes with ``min_total <= total <= max_total`` and ``0 <= interested <= total``.

    ``raw`` is None (it takes no part in equality). Needs hypothesis.
    """
    _require(min_total, "min_total")
    if max_total < min_total:
        raise ValueError("max_total must be >= min_total")
    return _votes(st.integers(min_total, max_total))


# The composites below are defined once, at import: ``st.composite`` reads the decorated
# function's source, which costs about a millisecond, so a composite defined inside
# ``pages()`` or ``text_styles(page)`` made every call (and every test that builds its
# strategy per example) pay that again.


@st.composite
def _votes(draw: st.DrawFn, totals: st.SearchStrategy[int]) -> Votes:
    total = draw(totals)
    return Votes(interested=draw(st.integers(0, total)), total=total)


def _sentence_pool(size: int = 400) -> tuple[tuple[str, ...], ...]:
    """Word lists of sentences, fixed once: drawing one sentence is then a single choice,
    which keeps page generation fast (hypothesis pays per draw) and shrinking short."""
    rng = random.Random(20101)
    return tuple(
        tuple(rng.choice(_WORDS) for _ in range(rng.choice((3, 4, 6, 9, 14, 25))))
        for _ in range(size)
    )


_POOL = _sentence_pool()
# Built once: a fresh sampled_from(_POOL) per sentence recomputed its label over all 400
# entries on every draw.
_POOL_CHOICE = st.sampled_from(_POOL)
_LINK_ROLL = st.integers(0, 3)
_NAME_CHOICE = st.sampled_from(_NAMES)
_PERSON_NUMBER = st.integers(1, 9_999_999)


@st.composite
def _sentence(draw: st.DrawFn, links: bool) -> tuple[str, str, list[Link]]:
    """(text, html, links) of one sentence, ending in a full stop."""
    words = list(draw(_POOL_CHOICE))
    found: list[Link] = []
    texts: list[str] = [w for w in words]
    htmls: list[str] = [escape(w, quote=False) for w in words]
    first = texts[0]
    if first[:1].isalpha():
        texts[0] = first[:1].upper() + first[1:]
        htmls[0] = escape(texts[0], quote=False)
    if links and draw(_LINK_ROLL) == 0:
        at = draw(st.integers(1, len(words)))
        name = draw(_NAME_CHOICE)
        ident = f"nm{draw(_PERSON_NUMBER):07d}"
        found.append(Link(kind=LinkKind.NAME, imdb_id=ident, text=name))
        texts.insert(at, name)
        htmls.insert(at, f'<a href="/name/{ident}">{escape(name, quote=False)}</a>')
    return " ".join(texts) + ".", " ".join(htmls) + ".", found


def item_texts(
    *, min_sentences: int = 1, max_sentences: int = 6, max_paragraphs: int = 1, links: bool = False
) -> st.SearchStrategy[tuple[str, str, tuple[Link, ...]]]:
    """(text, html, links) of one item: clean sentences, "\\n" between paragraphs, and the
    matching inner HTML (``<br>`` between paragraphs, ``<a href="/name/nm…">`` links).
    Needs hypothesis."""
    _require(min_sentences, "min_sentences")

    paragraph = st.lists(
        _sentence(links),
        min_size=max(1, min_sentences),
        max_size=max(1, min_sentences, max_sentences),
    )
    count = st.integers(1, max(1, max_paragraphs))
    return _item_text(count, paragraph)


@st.composite
def _item_text(
    draw: st.DrawFn,
    count: st.SearchStrategy[int],
    paragraph: st.SearchStrategy[list[tuple[str, str, list[Link]]]],
) -> tuple[str, str, tuple[Link, ...]]:
    paragraphs = draw(count)
    texts: list[str] = []
    htmls: list[str] = []
    found: list[Link] = []
    for _ in range(paragraphs):
        sentences = draw(paragraph)
        texts.append(" ".join(s[0] for s in sentences))
        htmls.append(" ".join(s[1] for s in sentences))
        for s in sentences:
            found.extend(s[2])
    return "\n".join(texts), "<br>".join(htmls), tuple(found)


def items(
    *,
    category: str | None = None,
    spoiler: bool = False,
    with_ids: bool = True,
    with_votes: bool | None = None,
    with_html: bool = True,
    with_links: bool = True,
    max_paragraphs: int = 2,
    max_sentences: int = 6,
) -> st.SearchStrategy[TriviaItem]:
    """One trivia item as the readers give it.

    ``category`` is a group label ("Cameo") or None for an uncategorized item; spoilers are
    uncategorized (as classic pages and raw text carry them). ``with_votes``: True always,
    False never, None sometimes. ``with_ids`` adds "tr…" ids; ``with_html`` the inner HTML;
    ``with_links`` name links inside it (and ``links``). Needs hypothesis.
    """
    label = None if spoiler else category
    vote_choice: st.SearchStrategy[Votes | None]
    if with_votes is None:
        vote_choice = st.none() | votes()
    elif with_votes:
        vote_choice = votes()
    else:
        vote_choice = st.none()

    bodies = item_texts(
        max_paragraphs=max_paragraphs, max_sentences=max_sentences, links=with_links and with_html
    )
    return _item(bodies, vote_choice, label, spoiler, with_ids, with_html)


_ITEM_NUMBER = st.integers(1, 9_999_999)


@st.composite
def _item(
    draw: st.DrawFn,
    bodies: st.SearchStrategy[tuple[str, str, tuple[Link, ...]]],
    vote_choice: st.SearchStrategy[Votes | None],
    label: str | None,
    spoiler: bool,
    with_ids: bool,
    with_html: bool,
) -> TriviaItem:
    text, html, found = draw(bodies)
    ident = f"tr{draw(_ITEM_NUMBER):07d}" if with_ids else None
    return TriviaItem(
        id=ident,
        text=text,
        html=html if with_html else None,
        category=category_id(label) if label else DEFAULT_CATEGORY,
        category_label=label,
        is_spoiler=spoiler,
        votes=draw(vote_choice),
        links=found if with_html else (),
    )


def pages(
    *,
    min_size: int = 1,
    max_size: int = 12,
    categories: Sequence[str] | None = LABELS,
    spoilers: bool | None = None,
    with_ids: bool = True,
    with_votes: bool | None = None,
    with_html: bool = True,
    with_links: bool = True,
    with_title: bool | None = None,
    declared: bool | None = None,
    max_paragraphs: int = 2,
    max_sentences: int = 6,
) -> st.SearchStrategy[TriviaPage]:
    """A complete trivia page of ``min_size`` to ``max_size`` items.

    Items come in groups: uncategorized first, then groups labelled from ``categories``
    (None or () for none), then spoilers (``spoilers``: True always, False never, None
    sometimes). Item ids are unique. ``with_title`` (None: sometimes) adds a title, year and
    page id; ``declared`` (None: sometimes) adds what a complete page announces:
    ``declared_total`` and the per-group ``declared_counts``. The other options are those of
    :func:`items`. Needs hypothesis.
    """
    _require(min_size, "min_size")
    if max_size < min_size:
        raise ValueError("max_size must be >= min_size")
    labels = tuple(categories or ())

    def one(label: str | None, spoiler: bool) -> st.SearchStrategy[TriviaItem]:
        return items(
            category=label,
            spoiler=spoiler,
            with_ids=False,
            with_votes=with_votes,
            with_html=with_html,
            with_links=with_links,
            max_paragraphs=max_paragraphs,
            max_sentences=max_sentences,
        )

    # Built once: a strategy made inside the draw would be new (and uncached) every time.
    per_group = {(label, False): one(label, False) for label in (None, *labels)}
    per_group[(None, True)] = one(None, True)

    chosen_labels = (
        st.lists(st.sampled_from(labels), unique=True, max_size=len(labels)) if labels else None
    )
    return _page(
        st.integers(min_size, max_size),
        chosen_labels,
        per_group,
        spoilers,
        with_ids,
        with_title,
        declared,
    )


def _groups(
    draw: st.DrawFn, chosen_labels: st.SearchStrategy[list[str]] | None, spoilers: bool | None
) -> list[tuple[str | None, bool]]:
    """The page's (label, spoiler) groups in page order: uncategorized, labelled, spoilers."""
    groups: list[tuple[str | None, bool]] = [(None, False)]
    if chosen_labels is not None:
        chosen = draw(chosen_labels)
        groups += [(label, False) for label in chosen]
    want_spoilers = draw(st.booleans()) if spoilers is None else spoilers
    if want_spoilers:
        groups.append((None, True))
    return groups


def _slots(
    draw: st.DrawFn, n: int, groups: list[tuple[str | None, bool]], spoilers: bool | None
) -> list[int]:
    """The group of each of ``n`` items, sorted so that groups stay in page order; with
    ``spoilers`` True the last item is a spoiler."""
    slots = sorted(draw(st.lists(st.integers(0, len(groups) - 1), min_size=n, max_size=n)))
    if spoilers and n and slots and len(groups) - 1 not in slots:
        slots[-1] = len(groups) - 1
    return slots


def _with_unique_ids(draw: st.DrawFn, made: list[TriviaItem]) -> list[TriviaItem]:
    """``made`` with unique item ids, drawn together so that shrinking stays fast."""
    numbers = draw(
        st.lists(st.integers(1, 9_999_999), min_size=len(made), max_size=len(made), unique=True)
    )
    return [attrs.evolve(item, id=f"tr{k:07d}") for item, k in zip(made, numbers, strict=True)]


def _group_counts(made: Sequence[TriviaItem]) -> dict[str, int]:
    """What a complete page announces per group: its labelled and spoiler items."""
    counts: dict[str, int] = {}
    for item in made:
        if item.is_spoiler or item.category_label:
            key = "Spoilers" if item.is_spoiler else str(item.category_label)
            counts[key] = counts.get(key, 0) + 1
    return counts


@st.composite
def _page(
    draw: st.DrawFn,
    sizes: st.SearchStrategy[int],
    chosen_labels: st.SearchStrategy[list[str]] | None,
    per_group: dict[tuple[str | None, bool], st.SearchStrategy[TriviaItem]],
    spoilers: bool | None,
    with_ids: bool,
    with_title: bool | None,
    declared: bool | None,
) -> TriviaPage:
    n = draw(sizes)
    groups = _groups(draw, chosen_labels, spoilers)
    slots = _slots(draw, n, groups, spoilers)
    made = [draw(per_group[groups[slot]]) for slot in slots]
    if with_ids:
        made = _with_unique_ids(draw, made)
    titled = draw(st.booleans()) if with_title is None else with_title
    announce = draw(st.booleans()) if declared is None else declared
    return TriviaPage(
        imdb_id=f"tt{draw(st.integers(1, 9_999_999)):07d}" if titled else None,
        title=draw(st.sampled_from(_TITLES)) if titled else None,
        year=draw(st.integers(1900, 2030)) if titled else None,
        items=tuple(made),
        declared_total=len(made) if announce else None,
        declared_counts=_group_counts(made) if announce else {},
    )


def text_styles(
    page: TriviaPage | None = None, *, noise: bool | None = None, wrap: bool | None = None
) -> st.SearchStrategy[TextStyle]:
    """A :class:`~triviaparse.testing.render.TextStyle` that can carry ``page``.

    Hard wrapping needs blank or widget lines between items; a style the text format cannot
    carry the page in (:func:`~triviaparse.testing.render.text_limit`: multi-paragraph items
    without both blank and widget lines, unvoted runs that look like paragraphs) is never
    drawn for it, so ``parse(render(page, format="text", style=style))`` gives
    ``carried(page, format="text")`` back. ``noise`` (None: sometimes): the whole site
    around the page, Windows line endings, indentation, runs of spaces, furniture lines.
    ``wrap`` (None: sometimes): hard-wrap at 40–100 columns. Needs hypothesis.
    """

    return _text_style(page, noise, wrap)


@st.composite
def _text_style(
    draw: st.DrawFn, page: TriviaPage | None, noise: bool | None, wrap: bool | None
) -> TextStyle:
    wrapped = draw(st.booleans()) if wrap is None else wrap
    separator: Literal["none", "blank"] = draw(st.sampled_from(("none", "blank")))
    widgets: Literal["votes", "all"] = draw(st.sampled_from(("votes", "all")))
    if wrapped and separator == "none" and widgets == "votes":
        if draw(st.booleans()):
            separator = "blank"
        else:
            widgets = "all"
    noisy = draw(st.booleans()) if noise is None else noise
    titled = page is None or (
        page.title is not None and page.year is not None and page.declared_total is not None
    )
    style = TextStyle(
        separator=separator,
        widgets=widgets,
        vote_widget=draw(st.integers(0, len(VOTE_WIDGETS) - 1)),
        no_vote_widget=draw(st.integers(0, len(NO_VOTE_WIDGETS) - 1)),
        thousands=draw(st.booleans()),
        spoiler_marker=draw(st.sampled_from(("warning", "heading", "both"))),
        wrap=draw(st.integers(40, 100)) if wrapped else None,
        # A copy of the whole site always holds the title and "Showing all N items"
        # (a page without them stands for a copy of the items alone).
        site=noisy and titled and draw(st.booleans()),
        newline=draw(st.sampled_from(("\n", "\r\n"))) if noisy else "\n",
        indent=draw(st.sampled_from(("", "\t", "  "))) if noisy else "",
        # Tabs and NBSP between sentences only unwrapped: a wrapper measures a tab as
        # up to 8 columns, which no reader can undo.
        space=draw(st.sampled_from((" ", "  ") if wrapped else (" ", "  ", "\t", "\u00a0 ")))
        if noisy
        else " ",
        nbsp=draw(st.booleans()),
        furniture=noisy and draw(st.booleans()),
    )
    if page is not None and text_limit(page, style) is not None:
        # the one style that carries every page the strategies make
        style = attrs.evolve(style, separator="blank", widgets="all")
    return style


def _entities(html: str) -> str:
    """Item text written with character references where the page could have used them."""
    return html.replace("'", "&#39;").replace("é", "&eacute;").replace("ü", "&#252;")


def rendered(
    page: TriviaPage, *, format: str, noise: bool = False, wrap: bool | None = None
) -> st.SearchStrategy[str]:
    """``page`` written in ``format`` ("text", "html_classic", "html_react", "next_data"),
    in any variant real pages show; ``noise`` adds what surrounds items on real copies
    (site navigation, ads, footers, blank lines, non-breaking spaces, tabs, entities).

    What a reader gives back is :func:`triviaparse.testing.render.carried`. Needs hypothesis.
    """
    if format not in RENDER_FORMATS:
        raise ValueError(f"cannot render {format!r}; choose one of {', '.join(RENDER_FORMATS)}")
    if format == "text":
        return text_styles(page, noise=noise, wrap=wrap).map(
            lambda style: render_text(page, style=style)
        )
    if not noise:
        return st.just(render(page, format=format))
    if format == "html_classic":
        return st.just(_entities(render_html_classic(page, noise=True)))
    if format == "html_react":
        return st.just(_entities(render_html_react(page, noise=True)))
    return st.booleans().map(lambda embedded: render_next_data(page, embedded=embedded, noise=True))


_IMDB_LINES = (
    "6 of 6 found this interesting Interesting? | Share this",
    "Jump to: Spoilers (3)",
    "Showing all 22 items",
    "Never Let Me Go (2010) Poster",
    "Share this: Facebook | Twitter",
    "Is this interesting? Interesting | Share this",
    "Spoilers",
    "Cameo",
    "See also",
    "The trivia items below may give away important plot points.",
    "Contribute to This Page",
    "Interesting? Yes No | Share this",
    "Permalink",
    "Edit",
    "0 of 0 found this interesting",
    "9 of 3 found this interesting",
    "Jump to: Cameo (x) | (((",
    "1,2,3 of 4.5.6 found this",
    '<div id="trivia_content">',
    '<div class="soda"><div class="sodatext">x',
    '<div data-testid="sub-section-x"><li class="ipc-list-card">',
    '{"props":{"pageProps":{"contentData":{"categories":[{"section":{"items":[{',
    '<script id="__NEXT_DATA__" type="application/json">{"pageProps":',
    "HTTP/1.1 200 OK",
    "Content-Encoding: gzip",
    "\x00\x01",
    "\ufeff",
    "&amp;&#0;&#xffffff;",
)

_IMDB_LIKE_TEXT = st.lists(
    st.tuples(
        st.sampled_from(_IMDB_LINES) | st.text(max_size=80),
        st.sampled_from(("\n", "\r\n", "", " ", "\n\n", "<br>")),
    ),
    max_size=40,
).map(lambda parts: "".join(p + j for p, j in parts))


def imdb_like_text() -> st.SearchStrategy[str]:
    """Text that sets off every reader: IMDb markers (vote lines, jump lines, soda markup,
    ``__NEXT_DATA__`` pieces, HTTP headers) mixed with arbitrary text. For robustness tests
    ("lenient parsing never raises"). Needs hypothesis."""
    return _IMDB_LIKE_TEXT
