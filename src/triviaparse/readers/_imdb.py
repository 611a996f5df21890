"""IMDb facts every reader shares: id patterns, which words and id prefixes name which page
kind, the spoiler category, the title-and-year pattern, goof categories, data-file banners.

Kept apart from any layout so that the web readers, the data-file reader and the detector
import one table each, not a copy. Entity links are resolved in ``_links`` from the id
patterns here.
"""

from __future__ import annotations

import re

from ..model import PageKind

__all__ = [
    "CONNECTION_KIND",
    "DATAFILE_BANNERS",
    "DATAFILE_MARK",
    "ENTITY_ID",
    "GOOF_TYPES",
    "GROUP_LABELS",
    "ID_KIND",
    "IMDB_ID",
    "IMDB_ID_RE",
    "ITEM_PARAM",
    "KIND_WORDS",
    "PAGE_ID",
    "PAGE_ID_RE",
    "PAGE_URL",
    "REACT_SECTION_IDS",
    "REACT_TESTID",
    "REFUSED_BANNERS",
    "SPOILER_CATEGORY",
    "SPOILER_LABELS",
    "TITLE_TYPES",
    "TITLE_YEAR",
    "kind_of_id",
    "kind_of_word",
]

# --- ids -----------------------------------------------------------------------------------

#: An IMDb id ("const"): two letters and digits, for items (``tr0790957``, ``gf1234567``,
#: ``cz0000501``) as for pages (``tt0133093``). Real pages use seven or eight digits; four to
#: twelve leaves room for old and future ids.
IMDB_ID = r"[a-z]{2}\d{4,12}"
#: A whole string that is an IMDb id.
IMDB_ID_RE = re.compile(rf"\A{IMDB_ID}\Z")
#: The item an href points at (``trivia?item=tr0790957``), as group 1.
ITEM_PARAM = re.compile(rf"[?&]item=({IMDB_ID})(?![0-9])")
#: The id of a title or name page (``tt0133093``, ``nm0000206``).
PAGE_ID = r"(?:tt|nm)\d{5,12}"
#: A whole string that is a page id.
PAGE_ID_RE = re.compile(rf"\A{PAGE_ID}\Z")
#: A title or name page in a URL: group 1 its id, group 2 the subpage (``trivia``), if any.
PAGE_URL = re.compile(rf"/(?:title|name)/({PAGE_ID})(?![0-9])(?:/([a-z-]++))?")
#: The id of an entity a link can name: a person, a title or a character.
ENTITY_ID = r"(?:nm|tt|ch)\d{5,12}"

#: An item id's prefix (or, on a classic trivia page, the ``?tab=`` code of a sibling tab) to
#: the page kind: classic crazy credits are ``cz``, the React era's ``cc``.
ID_KIND: dict[str, PageKind] = {
    "tr": PageKind.TRIVIA,
    "gf": PageKind.GOOFS,
    "cz": PageKind.CRAZY_CREDITS,
    "cc": PageKind.CRAZY_CREDITS,
    "lc": PageKind.FILMING_LOCATIONS,
    "kw": PageKind.PLOT_KEYWORDS,
    "sn": PageKind.SOUNDTRACK,
    "qt": PageKind.QUOTES,
    "tg": PageKind.TAGLINES,
}


def kind_of_id(item_id: str) -> PageKind | None:
    """The page kind an item id's (or tab code's) prefix names; None for an unknown prefix."""
    return ID_KIND.get(item_id[:2])


# --- words that name a page kind -------------------------------------------------------------

#: Every word IMDb uses for a page kind, folded by :func:`kind_of_word` (lower case, letters
#: only): URL path segments (``crazycredits``, ``crazy-credits``), GraphQL connection keys
#: (``crazyCredits``), classic ``<div id="X_content">`` ids (``filming_locations``), page
#: title and heading words (``Crazy credits``, ``Filming & production``, ``Plot keywords``).
KIND_WORDS: dict[str, PageKind] = {
    "trivia": PageKind.TRIVIA,
    "goofs": PageKind.GOOFS,
    "crazycredits": PageKind.CRAZY_CREDITS,
    "filminglocations": PageKind.FILMING_LOCATIONS,
    "locations": PageKind.FILMING_LOCATIONS,
    "filmingproduction": PageKind.FILMING_LOCATIONS,
    "keywords": PageKind.PLOT_KEYWORDS,
    "plotkeywords": PageKind.PLOT_KEYWORDS,
    "soundtrack": PageKind.SOUNDTRACK,
    "soundtracks": PageKind.SOUNDTRACK,
    "quotes": PageKind.QUOTES,
    "taglines": PageKind.TAGLINES,
    "reference": PageKind.TITLE_MAIN,
}
_NOT_LETTERS = re.compile(r"[^a-z]++")


def kind_of_word(word: str) -> PageKind | None:
    """The page kind a path segment, JSON key, content id or heading names; None if none."""
    return KIND_WORDS.get(_NOT_LETTERS.sub("", word.lower()))


#: GraphQL connection keys that hold items, in the order one is chosen when a response has
#: several, to their page kind.
CONNECTION_KIND: dict[str, PageKind] = {
    key: KIND_WORDS[key.lower()]
    for key in ("trivia", "goofs", "crazyCredits", "filmingLocations", "keywords", "soundtrack")
}

# --- spoilers and titles ---------------------------------------------------------------------

#: The category id IMDb gives the spoiler group of a page (JSON ``categories[].id``, React
#: ``data-testid`` suffix, the classic ``<a name="spoilers">`` anchor).
SPOILER_CATEGORY = "spoilers"
#: Headings that mark the spoiler group rather than name a category, lower-cased.
SPOILER_LABELS = frozenset({"spoilers", "spoiler"})

#: IMDb's group labels on trivia and goofs pages, lower-cased: text readers take a line that
#: is one of them for a heading even where no "Jump to:" line lists it.
GROUP_LABELS = frozenset(
    s.lower()
    for s in (
        "Spoilers",
        "Cameo",
        "Director Cameo",
        "Director Trademark",
        "Actor Trademark",
        "Uncategorized",
        "Continuity",
        "Factual errors",
        "Factual error",
        "Revealing mistakes",
        "Revealing mistake",
        "Errors in geography",
        "Error in geography",
        "Audio/visual unsynchronized",
        "Crew or equipment visible",
        "Character error",
        "Incorrectly regarded as goofs",
        "Plot holes",
        "Plot hole",
        "Miscellaneous",
        "Anachronisms",
        "Anachronism",
    )
)

#: The kinds of title IMDb writes before the year: "The Matrix (Video Game 2003)".
TITLE_TYPES = (
    "TV Series",
    "TV Mini Series",
    "TV Mini-Series",
    "TV Movie",
    "TV Episode",
    "TV Special",
    "TV Short",
    "Video Game",
    "Video",
    "Short",
    "Podcast Series",
)
#: "Title (Type 1999–2003/II)" at the start of a cleaned page title or heading: groups
#: ``title`` and ``year``. Each " (" is tried once against a bounded tail: linear.
TITLE_YEAR = re.compile(
    r"(?P<title>\S.*?) \((?:(?:" + "|".join(re.escape(t) for t in TITLE_TYPES) + r") )?"
    r"(?P<year>\d{4})(?:[–-]\d{0,4})? ?(?:/[IVXL]{1,5})?\)"
)

# --- data files ------------------------------------------------------------------------------

#: The goof types of IMDb's ``goofs.list`` (the prefix of each item) to the (category id,
#: label) of the same group on the goofs web page: ids as IMDb's JSON gives them
#: (``contentData.categories[].id``), labels as the page headings write them.
GOOF_TYPES: dict[str, tuple[str, str]] = {
    "CONT": ("continuity", "Continuity"),
    "FACT": ("factual-error", "Factual errors"),
    "REVL": ("revealing-mistake", "Revealing mistakes"),
    "GEOG": ("error-in-geography", "Errors in geography"),
    "PLOT": ("plot-hole", "Plot holes"),
    "FAIR": ("not-a-goof", "Incorrectly regarded as goofs"),
    "CREW": ("crew-or-equipment-visible", "Crew or equipment visible"),
    "DATE": ("anachronism", "Anachronisms"),
    "CHAR": ("character-error", "Character error"),
    "SYNC": ("audio-visual-unsynchronized", "Audio/visual unsynchronized"),
    "MISC": ("miscellaneous", "Miscellaneous"),
    "BOOM": ("boom-mic-visible", "Boom mic visible"),
}

#: The section banner of each plain-text data file this package reads (underlined with "="
#: on the next line) to the page kind its titles become.
DATAFILE_BANNERS: dict[str, PageKind] = {
    "FILM TRIVIA": PageKind.TRIVIA,
    "GOOFS LIST": PageKind.GOOFS,
    "CRAZY CREDITS": PageKind.CRAZY_CREDITS,
    "TAG LINES LIST": PageKind.TAGLINES,
    "LOCATIONS LIST": PageKind.FILMING_LOCATIONS,
    "8: THE KEYWORDS LIST": PageKind.PLOT_KEYWORDS,
    "THE KEYWORDS LIST": PageKind.PLOT_KEYWORDS,
}

#: Banners of data files that are recognised but have no page kind here: refused, never read
#: as trivia (banner -> (file name, what it holds), for the message).
REFUSED_BANNERS: dict[str, tuple[str, str]] = {
    "ALTERNATE VERSIONS LIST": ("alternate-versions.list", "alternate versions"),
}

_BANNER_WORDS = "|".join(
    re.escape(b) for b in sorted((*DATAFILE_BANNERS, *REFUSED_BANNERS), key=len, reverse=True)
)

#: The start of a data file: the ``CRC: 0x…  File: x.list`` header line of a full file, or a
#: section banner underlined with "=" (an excerpt). Searched in the first few KiB only.
DATAFILE_MARK = re.compile(
    r"^(?:CRC: 0x[0-9A-Fa-f]{1,16}[ \t]++File: [^\s]{1,64}\.list\b"
    rf"|(?:{_BANNER_WORDS})[ \t]*+\r?\n=++[ \t]*+\r?$)",
    re.M,
)

#: A React page's ``data-testid`` attribute, and the ids after its quote that mark a trivia
#: section or the "Did you know" block: what says the React HTML reader can read a page.
REACT_TESTID = 'data-testid="'
REACT_SECTION_IDS = ("sub-section", 'DidYouKnow"')
