"""One reader per layout. Each turns decoded text into a ``TriviaPage`` and owns its selectors.

A reader is a function ``read(text: str, ctx: Context) -> TriviaPage`` in the module named in
``READERS``; it reports what it could not read through ``ctx.problem(...)`` instead of guessing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import attrs

from ..model import Problem, ProblemCode, SourceFormat, TriviaPage

__all__ = [
    "BYTES_READERS",
    "READERS",
    "BytesReader",
    "Context",
    "Reader",
    "get_bytes_reader",
    "get_reader",
]


@attrs.define
class Context:
    """What a reader knows besides the text: the input's name and where problems go."""

    source: str | None = None
    problems: list[Problem] = attrs.Factory(list)

    def problem(
        self, code: ProblemCode, message: str, *, line: int | None = None, item: int | None = None
    ) -> None:
        """Record something the reader could not read cleanly, under a stable code.

        Only a ``ProblemCode``: a bare string would be a code no one can match on or grep for.
        """
        if not isinstance(code, ProblemCode):
            raise TypeError(f"a problem code must be a ProblemCode, not {code!r}")
        self.problems.append(Problem(code=code, message=message, line=line, item=item))


Reader = Callable[[str, Context], TriviaPage]

#: Which module reads which format (imported lazily: the HTML readers pull in lxml).
READERS: dict[SourceFormat, str] = {
    SourceFormat.TEXT: "triviaparse.readers.text",
    SourceFormat.HTML_CLASSIC: "triviaparse.readers.classic",
    SourceFormat.HTML_REACT: "triviaparse.readers.html_react",
    SourceFormat.NEXT_DATA: "triviaparse.readers.next_data",
    SourceFormat.GRAPHQL: "triviaparse.readers.graphql",
    SourceFormat.DATAFILE: "triviaparse.readers.datafile",
}


def get_reader(fmt: SourceFormat) -> Reader:
    """The ``read`` function for ``fmt``."""
    module = importlib.import_module(READERS[fmt])
    reader: Reader = module.read
    return reader


#: ``read_bytes(data, ctx, start)``: the page ``data[start:]`` read from its undecoded bytes
#: (see ``decode.Body``: what comes before ``start`` is an HTTP header block, never looked
#: at), or None when the reader cannot promise the page that ``read`` would give from its text.
BytesReader = Callable[[bytes, Context, int], TriviaPage | None]

#: The formats whose reader can also take the bytes of a page, decoding only what it needs.
BYTES_READERS: dict[SourceFormat, str] = {
    SourceFormat.HTML_CLASSIC: "triviaparse.readers.classic",
    SourceFormat.NEXT_DATA: "triviaparse.readers.next_data",
}


def get_bytes_reader(fmt: SourceFormat) -> BytesReader | None:
    """The ``read_bytes`` function for ``fmt``, or None when its reader needs the text."""
    name = BYTES_READERS.get(fmt)
    if name is None:
        return None
    reader: BytesReader | None = getattr(importlib.import_module(name), "read_bytes", None)
    return reader
