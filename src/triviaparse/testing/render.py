"""Renderers: a ``TriviaPage`` back into the inputs the readers read (the readers' mirror).

``render(page, format=...)`` writes a page as raw text, classic HTML, React HTML or
``__NEXT_DATA__`` JSON, shaped like the real pages of that era; ``carried(page, format=...)``
is the page a reader can give back from that rendering, i.e. ``page`` minus what the format
cannot carry. Together they make ``parse(render(p, format=f)) == carried(p, format=f)`` a
property test. Pure Python, no hypothesis or pytest needed.

Expected page shape (what :func:`triviaparse.testing.strategies.pages` generates): items in
groups, uncategorized first, then labelled groups, spoilers last (spoilers are
``category="uncategorized"``, no label); item texts are clean (single spaces, "\\n" between
paragraphs); ``html`` is None or the item's inner HTML (escaped text, ``<br>`` between
paragraphs, ``<a href="/name/nm…">`` links).
"""

from __future__ import annotations

import itertools
import json
import textwrap
from collections.abc import Sequence
from html import escape
from typing import Any, Literal

import attrs

from ..model import DEFAULT_CATEGORY, SourceFormat, TriviaItem, TriviaPage, Votes

__all__ = [
    "RENDER_FORMATS",
    "TextStyle",
    "carried",
    "item_html",
    "render",
    "render_html_classic",
    "render_html_react",
    "render_next_data",
    "render_text",
    "text_limit",
]

#: The ``source_format`` names :func:`render` writes.
RENDER_FORMATS = ("text", "html_classic", "html_react", "next_data")

#: React and ``__NEXT_DATA__`` name these sections; spoilers are a section of their own there.
UNCATEGORIZED_LABEL = "Uncategorized"
SPOILERS_LABEL = "Spoilers"
SPOILERS_CATEGORY = "spoilers"


def item_html(item: TriviaItem) -> str:
    """The item's inner HTML: its own ``html``, else its text escaped with ``<br>`` breaks."""
    if item.html is not None:
        return item.html
    return "<br>".join(escape(p, quote=False) for p in item.text.split("\n"))


def _fmt_count(n: int, thousands: bool) -> str:
    return f"{n:,}" if thousands else str(n)


def _groups(page: TriviaPage) -> list[tuple[str | None, bool, list[TriviaItem]]]:
    """(label, spoiler, items) runs in page order; a new run starts where either changes."""
    out: list[tuple[str | None, bool, list[TriviaItem]]] = []
    for item in page.items:
        key = (item.category_label, item.is_spoiler)
        if out and (out[-1][0], out[-1][1]) == key:
            out[-1][2].append(item)
        else:
            out.append((item.category_label, item.is_spoiler, [item]))
    return out


# =============================================================================================
# Raw text
# =============================================================================================

_SITE_HEADER = (
    "IMDb",
    "Movies, TV & Showtimes",
    "Celebs, Events & Photos",
    "News & Community",
    "Watchlist",
    "Sign in with Facebook",
    "Other Sign in options",
)
_SITE_FOOTER = (
    "Getting Started | Contributor Zone »",
    "Home",
    "Top Rated Movies",
    "Box Office",
    "TV",
    "Coming Soon",
    "Site Index",
    "Search",
    "In Theaters",
    "Press Room",
    "Advertising",
    "Jobs",
    "Conditions of Use",
    "Privacy Policy",
    "IMDb, an Amazon company",
    "Copyright © 1990-2016 IMDb.com, Inc.",
)
_SEE_ALSO = (
    "See also",
    "Goofs | Crazy Credits | Quotes | Alternate Versions | Connections | Soundtracks",
    "Contribute to This Page",
)
_WARNING = "The trivia items below may give away important plot points."

#: Vote-line endings and the widget lines that may follow an item with votes.
VOTE_WIDGETS = (
    ("Interesting? | Share this", "Share this: Facebook | Twitter | Permalink"),
    ("Interesting? | Share this", None),
    ("Interesting? Yes No | Share this", "Permalink"),
)
#: Widget lines of an item nobody voted on.
NO_VOTE_WIDGETS = (
    ("Is this interesting? Interesting | Share this", "Share this Hide options"),
    ("Interesting? Yes No | Share this", "Permalink"),
    ("Share this Hide options", None),
    ("Permalink", None),
)


@attrs.frozen(kw_only=True)
class TextStyle:
    """How a page is copied as text: the variants real copies show.

    ``separator``: "none" (one line per item, the pristine browser copy) or "blank" (blank
    lines between items); ``widgets``: "votes" (a vote line only after voted items) or "all"
    (every item closed by its vote or widget lines); ``vote_widget``/``no_vote_widget``
    index :data:`VOTE_WIDGETS`/:data:`NO_VOTE_WIDGETS`; ``spoiler_marker``: "warning",
    "heading" or "both"; ``wrap``: hard-wrap width or None; ``site``: copy the whole site
    around the page; ``newline``: "\\n" or "\\r\\n"; ``indent``: what starts every line
    ("", "\\t", "  "); ``space``: what stands between the sentences of an item; ``nbsp``:
    a non-breaking space before the counts of the "Jump to:" line; ``furniture``: site lines
    ("Report this", "Back to top") between items.
    """

    separator: Literal["none", "blank"] = "none"
    widgets: Literal["votes", "all"] = "votes"
    vote_widget: int = 0
    no_vote_widget: int = 0
    thousands: bool = True
    spoiler_marker: Literal["warning", "heading", "both"] = "warning"
    wrap: int | None = None
    site: bool = False
    newline: str = "\n"
    indent: str = ""
    space: str = " "
    nbsp: bool = True
    furniture: bool = False


def _wrap(line: str, width: int | None) -> list[str]:
    if width is None or len(line) <= width:
        return [line]
    return textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False)


def _spaced(para: str, style: TextStyle) -> str:
    """A paragraph with the style's spacing between sentences."""
    return para.replace(". ", "." + style.space)


def _text_head(page: TriviaPage, style: TextStyle) -> list[str]:
    """The lines above the items: site header, title, "Showing all N", "Jump to:"."""
    lines: list[str] = []
    if style.site:
        lines += [*_SITE_HEADER, ""]
    if page.title is not None and page.year is not None:
        lines.append(f"{page.title} ({page.year}) Poster")
        if style.site:
            lines.append(f"{page.title} ({page.year})")
        lines += ["", ""]
    if style.site:
        lines.append("Trivia")  # the page heading, always there on a copy of the whole site
    if page.declared_total is not None:
        lines.append(f"Showing all {_fmt_count(page.declared_total, style.thousands)} items")
    if page.declared_counts:
        gap = "\u00a0" if style.nbsp else " "
        parts = [
            f"{label}{gap}({_fmt_count(n, style.thousands)})"
            for label, n in page.declared_counts.items()
        ]
        lines.append("Jump to: " + " | ".join(parts))
    if style.site:
        lines.append("Edit")
    if style.separator == "blank":
        lines.append("")
    return lines


def _spoiler_marker(lines: list[str], style: TextStyle) -> None:
    """Append the start of the spoiler group: its heading, its warning or both."""
    if lines and lines[-1] != "":
        lines.append("")
    if style.spoiler_marker in ("heading", "both"):
        lines.append("Spoilers")
    if style.spoiler_marker in ("warning", "both"):
        lines += ["", _WARNING, ""]


def _item_widgets(item: TriviaItem, style: TextStyle) -> list[str]:
    """The lines after an item's text: its vote line and widget, or (every item closed) the
    widgets of an item without votes; each followed by a blank in the "blank" style."""
    blank = [""] if style.separator == "blank" else []
    if item.votes is not None:
        first, second = VOTE_WIDGETS[style.vote_widget % len(VOTE_WIDGETS)]
        out = [
            f"{_fmt_count(item.votes.interested, style.thousands)} of "
            f"{_fmt_count(item.votes.total, style.thousands)} found this "
            f"interesting {first}",
            *blank,
        ]
        return out + ([second, *blank] if second is not None else [])
    if style.widgets == "all":
        first, second = NO_VOTE_WIDGETS[style.no_vote_widget % len(NO_VOTE_WIDGETS)]
        return [first, *([second] if second is not None else []), *blank]
    return []


def _item_lines(item: TriviaItem, style: TextStyle, wrap: int | None) -> list[str]:
    """An item's paragraphs (wrapped), its widgets and the style's furniture."""
    blank = [""] if style.separator == "blank" else []
    lines = [ln for para in item.text.split("\n") for ln in _wrap(_spaced(para, style), wrap)]
    lines += blank
    lines += _item_widgets(item, style)
    if style.furniture:
        lines += ["Report this", "Back to top", *blank]
    return lines


def _text_lines(page: TriviaPage, style: TextStyle, wrap: int | None) -> list[str]:
    """Lines of the copied page; ``""`` is a blank line."""
    lines = _text_head(page, style)
    spoilers_started = False
    for label, spoiler, items in _groups(page):
        if spoiler and not spoilers_started:
            spoilers_started = True
            _spoiler_marker(lines, style)
        elif label is not None:
            lines.append(label)
            if style.separator == "blank":
                lines.append("")
        for item in items:
            lines += _item_lines(item, style, wrap)
    lines += ["", *_SEE_ALSO]
    if style.site:
        lines += ["", *_SITE_FOOTER]
    return lines


_SENTENCE_END = (".", "!", "?", '"', "'", ")", "”", "’", "…", ":")


def _looks_wrapped(items: Sequence[Sequence[str]], width: int) -> bool:
    """Whether the wrapped lines (one list per item) show their wrapping, by the reader's rule
    (docs/formats.md): on at least two line breaks inside items, and on half of all breaks,
    the next line's first word would not have fitted on the line (why a greedy wrapper moved
    it down; two spaces allowed after a sentence end), and most of those breaks fall
    mid-sentence, or one is a plain cut (no sentence end above, a lower-case word below).
    Wraps that all fall on sentence ends look exactly like paragraph breaks, and a page with
    one wrapped line cannot be told from one with a paragraph break, so pages that do not
    show their wrapping are rendered unwrapped."""
    lines = [ln for item in items for ln in item]
    longest = max((len(t) for t in lines), default=0)
    moved = open_ended = cut = 0
    for item in items:
        for prev, nxt in itertools.pairwise(item):
            ended = prev.endswith(_SENTENCE_END)
            if len(prev) + (2 if ended else 1) + len(nxt.split(" ", 1)[0]) > longest:
                moved += 1
                lower = nxt[:1].islower()
                open_ended += not ended or lower
                cut += not ended and lower
    return (
        longest <= width
        and moved >= 2
        and moved * 2 >= len(lines) - 1
        and (open_ended * 2 >= moved or cut > 0)
    )


def text_limit(page: TriviaPage, style: TextStyle) -> str | None:
    """Why raw text copied in ``style`` cannot carry ``page`` (None: it can): the limits of
    the format itself, where another page would give the same text (docs/formats.md).

    - An item of several paragraphs shows as one item only with blank lines *and* widget
      lines between items; with one of them alone its paragraphs can read as items.
    - With nothing between items but voted items' vote lines, a run of unvoted items ended by
      a voted one looks exactly like that item's paragraphs, and is read so when such runs
      are rare (at most 1 run in 10, none over 4 lines: the real classic pages' figures).

    :func:`triviaparse.testing.strategies.text_styles` never draws such a style for a page.
    """
    if any("\n" in i.text for i in page.items) and not (
        style.separator == "blank" and style.widgets == "all"
    ):
        return "an item of several paragraphs needs blank lines and widget lines between items"
    if style.separator != "none" or style.widgets != "votes":
        return None
    runs = multi = longest = 0
    pending = 0
    spoilers_seen = False
    for label, spoiler, items in _groups(page):
        heading = label is not None or (spoiler and not spoilers_seen)
        spoilers_seen = spoilers_seen or spoiler
        if heading and pending:
            return None  # a heading under an unvoted item: not read as widget-delimited
        for item in items:
            pending += 1
            if item.votes is not None:
                runs += 1
                multi += pending > 1
                longest = max(longest, pending)
                pending = 0
    if not pending and multi > 0 and multi * 10 <= runs and longest <= 4:
        return "runs of unvoted items before a voted one look like that item's paragraphs"
    return None


def render_text(page: TriviaPage, *, style: TextStyle | None = None) -> str:
    """The page as a browser, text browser or e-mail client would give it when copied.

    A multi-paragraph item needs blank lines or widget lines around it (``separator="blank"``
    or ``widgets="all"``), else it reads as several items; so does hard wrapping. Wrapping is
    applied only when the result shows it (see :func:`_looks_wrapped`), when something
    visible separates the items (widget lines, or blank lines between two or more items: with
    nothing between them a wrapped sentence end is ambiguous) and when no item has
    paragraphs (under wrapping a paragraph end can look exactly like a wrapped line).
    """
    style = style or TextStyle()
    wrap = style.wrap
    if wrap is not None:
        # the lines exactly as _text_lines will wrap them, sentence spacing included
        body = [
            [ln for para in item.text.split("\n") for ln in _wrap(_spaced(para, style), wrap)]
            for item in page.items
        ]
        separated = style.widgets == "all" or (style.separator == "blank" and len(page.items) >= 2)
        if (
            not separated
            or not _looks_wrapped(body, wrap)
            or any("\n" in i.text for i in page.items)
        ):
            wrap = None
    lines = _text_lines(page, style, wrap)
    return style.newline.join(style.indent + ln if ln else ln for ln in lines) + style.newline


# =============================================================================================
# Classic HTML (2016 markup)
# =============================================================================================


def _classic_votes(item: TriviaItem, votes: Votes | None) -> str:
    ident = item.id or ""
    if votes is None:
        phrase = "Is this interesting?"
    else:
        phrase = f"{votes.interested:,} of {votes.total:,} found this interesting"
    return (
        f'  <div class="did-you-know-actions">\n'
        f'<a href="?item={ident}"\nclass="interesting-count-text" > {phrase}</a>\n'
        f"  <span class='interesting-cast-vote' data-item-id=\"{ident}\" "
        f'data-item-type="trivia">\n    <span>Interesting?</span>\n'
        f'    <button class="cast-vote" value="up">Yes</button>\n'
        f'    <button class="cast-vote" value="down">No</button>\n  </span>\n'
        f'<span class="ghost">|</span>  <span class="linksoda"><a href="?item={ident}">'
        f"Share this</a></span>\n"
        f'  <div class="sharesoda_pre">\n    Share this: <a target="_blank" '
        f'href="http://www.facebook.com/sharer.php?u=x">Facebook</a>\n'
        f'    &nbsp;<span class="ghost">|</span>&nbsp;\n'
        f'    <a href="?item={ident}">Permalink</a>\n'
        f'    <a href="#" class="hidesoda hidden">Hide&nbsp;options</a>\n  </div>\n'
        f"  </div>\n"
    )


def _classic_item(item: TriviaItem, parity: str) -> str:
    own = f'id="{item.id}"\n     ' if item.id else ""
    anchor = f'  <a name="{item.id}"></a>\n' if item.id else ""
    return (
        f'<div {own}class="soda {parity} sodavote" >\n{anchor}'
        f'  <div class="sodatext">\n{item_html(item)}  </div>\n'
        f"{_classic_votes(item, item.votes)}</div>\n"
    )


def _anchor(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower())


def render_html_classic(page: TriviaPage, *, noise: bool = False) -> str:
    """The page in the 2016 classic markup (``div#trivia_content``, ``div.soda`` items).

    ``noise`` adds the site around the content: navigation, an ad slot, the sidebar, footer.
    """
    head = ["<!DOCTYPE html>", "<html><head>", '<meta charset="utf-8">']
    if page.title is not None:
        year = f" ({page.year})" if page.year is not None else ""
        head.append(f"<title>{escape(page.title)}{year} - Trivia - IMDb</title>")
        head.append(f"<meta property='og:title' content=\"{escape(page.title)}{year}\" />")
    if page.imdb_id is not None:
        head.append(
            f'<link rel="canonical" href="http://www.imdb.com/title/{page.imdb_id}/trivia" />'
        )
        head.append(f'<meta property="pageId" content="{page.imdb_id}" />')
    head.append("</head><body>")
    if noise:
        head.append(
            '<div id="nb20" class="navbarSprite"><ul><li><a href="/chart/top">Top '
            'Rated Movies</a></li><li><a href="/registration/signin">Sign in</a></li>'
            '</ul></div><div id="top_ad_wrapper"><iframe src="ad.html"></iframe>'
            "<p>Advertisement</p></div>"
        )
    body = [
        '<div id="main">',
        '  <h1 class="header">Trivia</h1>',
        '  <div id="trivia_content" class="header">',
    ]
    nav = ['<div class="header">']
    if page.declared_total is not None:
        nav.append(
            f'<div class="nav"><div class="desc">Showing all {page.declared_total} '
            "items</div></div>"
        )
    if page.declared_counts:
        links = "".join(
            f'<a href="#{_anchor(label)}">{escape(label)}</a>&nbsp;({n})  '
            for label, n in page.declared_counts.items()
        )
        nav.append(f'  <div class="jumpto">\nJump to:\n{links}</div>')
    nav.append("</div>")
    body += nav
    k = 0
    for label, spoiler, items in _groups(page):
        body.append('    <div class="list">')
        if spoiler:
            body.append('        <a id="spoilers" name="spoilers"></a>')
            body.append('    <h4 class="li_group">Spoilers&nbsp;</h4>')
            body.append(
                '    <div class="message_box small">\n        <div class="alert">\n'
                f"          <p>{_WARNING}</p>\n        </div>\n    </div>"
            )
        elif label is not None:
            body.append(f'        <a id="{_anchor(label)}" name="{_anchor(label)}"></a>')
            body.append(f'    <h4 class="li_group">{escape(label)}&nbsp;</h4>')
        for item in items:
            body.append(_classic_item(item, "odd" if k % 2 == 0 else "even"))
            k += 1
        body.append("    </div>")
    body.append("  </div>")
    body.append('<div class="article contribute"><h2>Contribute to This Page</h2></div>')
    body.append("</div>")
    tail = ['<div id="sidebar"><div class="aux-content-widget-2">Related News</div></div>']
    if noise:
        tail.append(
            '<div id="footer" class="ft"><p>Copyright &copy; 1990-2016 IMDb.com, '
            'Inc.</p><a href="/conditions">Conditions of Use</a></div>'
        )
    tail.append("</body></html>")
    return "\n".join(head + body + tail) + "\n"


# =============================================================================================
# React HTML and __NEXT_DATA__
# =============================================================================================


def _sections(page: TriviaPage) -> list[tuple[str, str, list[TriviaItem]]]:
    """(category id, heading, items) of the React sections, in page order."""
    out: list[tuple[str, str, list[TriviaItem]]] = []
    for item in page.items:
        if item.is_spoiler:
            cid, name = SPOILERS_CATEGORY, SPOILERS_LABEL
        else:
            cid = item.category
            name = item.category_label or (UNCATEGORIZED_LABEL if cid == DEFAULT_CATEGORY else cid)
        if out and out[-1][0] == cid:
            out[-1][2].append(item)
        else:
            out.append((cid, name, [item]))
    return out


def _react_card(item: TriviaItem) -> str:
    share = (
        (f'<a class="ipc-icon-button" aria-label="Share" href="?item={item.id}"><svg></svg></a>')
        if item.id
        else ""
    )
    votes = ""
    if item.votes is not None:
        up, down = item.votes.interested, item.votes.total - item.votes.interested
        votes = (
            '<div class="ipc-voting"><button class="ipc-voting__vote">'
            '<span class="ipc-voting__label__count ipc-voting__label__count--up">'
            f"{up}</span></button>"
            '<button class="ipc-voting__vote"><span class="ipc-voting__label__count '
            f'ipc-voting__label__count--down">{down}</span></button></div>'
        )
    return (
        '<li class="ipc-list-card ipc-list-card--border-line">'
        '<div class="ipc-list-card__content"><div class="ipc-html-content '
        'ipc-html-content--base"><div class="ipc-html-content-inner-div" role="presentation">'
        f"{item_html(item)}</div></div></div>"
        f'<div class="ipc-list-card__actions">{votes}{share}</div></li>'
    )


def _react_body(page: TriviaPage) -> str:
    parts = []
    for cid, name, items in _sections(page):
        cards = "".join(_react_card(i) for i in items)
        parts.append(
            '<section class="ipc-page-section ipc-page-section--base">'
            '<div class="ipc-title ipc-title--base ipc-title--section-title"><hgroup>'
            f'<h3 class="ipc-title__text"><span id="{escape(cid)}">{escape(name)}</span>'
            f'<span class="ipc-title__subtext">{len(items)}</span></h3></hgroup></div>'
            f'<div data-testid="sub-section-{escape(cid)}" class="sc-f65f65be-0">'
            f'<ul class="ipc-list ipc-list--base">{cards}</ul></div></section>'
        )
    return "".join(parts)


def _react_head(page: TriviaPage) -> str:
    head = ['<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"/>']
    if page.title is not None:
        year = f" ({page.year})" if page.year is not None else ""
        head.append(f"<title>{escape(page.title)}{year} - Trivia - IMDb</title>")
    if page.imdb_id is not None:
        head.append(f'<meta property="imdb:pageConst" content="{page.imdb_id}"/>')
        head.append(
            f'<link rel="canonical" href="https://www.imdb.com/title/{page.imdb_id}/trivia/"/>'
        )
    head.append("</head>")
    return "".join(head)


_REACT_NAV = (
    '<nav id="imdbHeader" class="ipc-page-background"><a href="/">IMDb</a>'
    '<a href="/registration/signin">Sign In</a><label>Menu</label></nav>'
    '<div class="ad-slot" data-testid="top-ad"><iframe></iframe></div>'
)
_REACT_FOOTER = (
    '<footer class="imdb-footer"><a href="/conditions">Conditions of Use</a>'
    "<p>© 1990-2024 by IMDb.com, Inc.</p></footer>"
)


def render_html_react(page: TriviaPage, *, noise: bool = False) -> str:
    """The page in the 2023+ React markup (``data-testid="sub-section-<cat>"`` list cards),
    without ``__NEXT_DATA__``; ``noise`` adds the header, an ad slot and the footer."""
    nav = _REACT_NAV if noise else ""
    foot = _REACT_FOOTER if noise else ""
    return (
        f'{_react_head(page)}<body><div id="__next">{nav}<main>'
        f'<div class="ipc-page-content-container">{_react_body(page)}</div></main>'
        f"{foot}</div></body></html>\n"
    )


def next_data(page: TriviaPage) -> dict[str, Any]:
    """The ``__NEXT_DATA__`` object of the page's React trivia page."""
    meta: dict[str, Any] = {}
    if page.imdb_id is not None:
        meta["id"] = page.imdb_id
    if page.title is not None:
        meta["titleText"] = {"text": page.title}
        meta["originalTitleText"] = {"text": page.title}
    if page.year is not None:
        meta["releaseYear"] = {"year": page.year, "endYear": None}
    categories = []
    for cid, name, items in _sections(page):
        rows = []
        for item in items:
            row: dict[str, Any] = {"cardHtml": item_html(item)}
            if item.id is not None:
                row["id"] = item.id
                row["shareButtonProps"] = {"url": f"?item={item.id}"}
            voting: dict[str, Any] = {"itemType": "Trivia"}
            if item.id is not None:
                voting["itemConst"] = item.id
            if page.imdb_id is not None:
                voting["pageConst"] = page.imdb_id
            if item.votes is not None:
                voting["upVotes"] = item.votes.interested
                voting["downVotes"] = item.votes.total - item.votes.interested
            row["userVotingProps"] = voting
            if item.is_spoiler:
                row["isSpoiler"] = True
            rows.append(row)
        categories.append(
            {
                "id": cid,
                "name": name,
                "section": {"items": rows, "total": len(items), "endCursor": None},
            }
        )
    return {
        "props": {
            "pageProps": {
                "contentData": {"entityMetadata": meta, "categories": categories},
                "requestContext": {"pageType": "title"},
            },
            "__N_SSP": True,
        },
        "page": "/title/[tconst]/trivia",
        "query": {"tconst": page.imdb_id or "tt0000000"},
        "buildId": "triviaparse-testing",
    }


def render_next_data(page: TriviaPage, *, embedded: bool = False, noise: bool = False) -> str:
    """The page's ``__NEXT_DATA__`` JSON, alone or (``embedded``) inside its React HTML page."""
    data = json.dumps(next_data(page), ensure_ascii=False)
    if not embedded:
        return data + "\n"
    script = data.replace("</", "<\\/")
    html = render_html_react(page, noise=noise)
    return html.replace(
        "</body>", f'<script id="__NEXT_DATA__" type="application/json">{script}</script></body>'
    )


# =============================================================================================
# Dispatch and what each format carries
# =============================================================================================


def render(
    page: TriviaPage,
    *,
    format: str,
    style: TextStyle | None = None,
    noise: bool = False,
    embedded: bool = False,
) -> str:
    """``page`` written in ``format`` (one of :data:`RENDER_FORMATS`)."""
    if format == "text":
        return render_text(page, style=style)
    if format == "html_classic":
        return render_html_classic(page, noise=noise)
    if format == "html_react":
        return render_html_react(page, noise=noise)
    if format == "next_data":
        return render_next_data(page, embedded=embedded, noise=noise)
    raise ValueError(f"cannot render {format!r}; choose one of {', '.join(RENDER_FORMATS)}")


def carried(page: TriviaPage, *, format: str) -> TriviaPage:
    """What a reader gives back from ``render(page, format=format)``: ``page`` minus what the
    format cannot carry.

    * text: no page id, item ids, HTML or links (raw text has none);
    * html_classic: everything;
    * html_react and next_data: every section is announced with its count, so
      ``declared_total`` is the item count and ``declared_counts`` names every section when
      there are several; uncategorized items are labelled "Uncategorized" and spoilers are
      the "spoilers" section (``category="spoilers"``, label "Spoilers").
    """
    fmt = SourceFormat(format)
    if fmt is SourceFormat.TEXT:
        items = tuple(attrs.evolve(i, id=None, html=None, links=()) for i in page.items)
        return attrs.evolve(
            page,
            imdb_id=None,
            source_format=fmt,
            items=items,
            year=page.year if page.title is not None else None,
            title=page.title if page.year is not None else None,
        )
    if fmt is SourceFormat.HTML_CLASSIC:
        items = tuple(attrs.evolve(i, html=item_html(i)) for i in page.items)
        return attrs.evolve(page, source_format=fmt, items=items)
    if fmt in (SourceFormat.HTML_REACT, SourceFormat.NEXT_DATA):
        out: list[TriviaItem] = []
        counts: dict[str, int] = {}
        for cid, name, items_ in _sections(page):
            counts[name] = counts.get(name, 0) + len(items_)
            for i in items_:
                out.append(attrs.evolve(i, category=cid, category_label=name, html=item_html(i)))
        return attrs.evolve(
            page,
            source_format=fmt,
            items=tuple(out),
            declared_total=len(out) if out else page.declared_total,
            declared_counts=counts if len(counts) > 1 else {},
        )
    raise ValueError(f"cannot render {format!r}; choose one of {', '.join(RENDER_FORMATS)}")
