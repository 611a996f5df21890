"""IMDb facts that more than one reader needs: goof categories and the data files' banners.

Kept apart from any layout so that the web readers, the data-file reader and the detector
import one table each, not a copy.
"""

from __future__ import annotations

import re

from ..model import PageKind

__all__ = ["DATAFILE_BANNERS", "DATAFILE_MARK", "GOOF_TYPES", "REFUSED_BANNERS"]

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

_BANNER_WORDS = "|".join(re.escape(b) for b in sorted((*DATAFILE_BANNERS, *REFUSED_BANNERS),
                                                      key=len, reverse=True))

#: The start of a data file: the ``CRC: 0x…  File: x.list`` header line of a full file, or a
#: section banner underlined with "=" (an excerpt). Searched in the first few KiB only.
DATAFILE_MARK = re.compile(
    r"^(?:CRC: 0x[0-9A-Fa-f]{1,16}[ \t]++File: [^\s]{1,64}\.list\b"
    rf"|(?:{_BANNER_WORDS})[ \t]*+\r?\n=++[ \t]*+\r?$)",
    re.M,
)
