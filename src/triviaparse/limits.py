"""The size limits triviaparse enforces, in one place (documented in docs/formats.md and
docs/batch.md).

One page is at most :data:`MAX_PAGE_BYTES` bytes, as given or once decompressed, for
``parse`` and for ``convert`` alike: ten times the largest real IMDb page (about 3 MB), with
room for a page saved as one file with its images. The readers' memory grows with the page
(raw text takes about 25 bytes per byte), so a larger limit would let one page take
gigabytes. Archives are also checked by ratio, since a member's stored size is known before
it is read.
"""

from __future__ import annotations

__all__ = [
    "MAX_PAGE_BYTES",
    "MAX_RATIO",
    "MAX_TEXT_LINES",
    "RATIO_FLOOR",
    "TOO_LARGE",
    "is_too_large",
    "too_large_message",
]

MiB = 1024 * 1024

#: One page, as given or once decompressed, is refused above this many bytes (characters
#: for ``str`` input). Decompression stops as soon as it would produce more.
MAX_PAGE_BYTES = 32 * MiB

#: Raw text is read up to this many lines (the rest is reported, not read): the text reader
#: holds about 270 bytes per line, so a page of 32 MiB of short lines would otherwise take
#: gigabytes. A real trivia page copied as text has a few thousand lines.
MAX_TEXT_LINES = 1_000_000

#: An archive member expanding more than this many times its stored size (and past
#: :data:`RATIO_FLOOR`) is refused as a compression bomb; real HTML compresses 5-15 times.
MAX_RATIO = 200
RATIO_FLOOR = 1 * MiB

#: How every too-large message starts: ``convert`` reads a ``decode-error`` problem that
#: starts so as its ``too-large`` error code.
TOO_LARGE = "too large:"


def too_large_message(what: str, limit: int = MAX_PAGE_BYTES) -> str:
    """The problem message for an input over ``limit``; ``what`` says how it was measured."""
    return (
        f"{TOO_LARGE} {what} over the {limit}-byte ({limit // MiB} MiB) limit for one page; refused"
    )


def is_too_large(message: str) -> bool:
    """Whether a problem message is the one :func:`too_large_message` writes."""
    return message.startswith(TOO_LARGE)
