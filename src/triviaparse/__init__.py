"""triviaparse: IMDb trivia pages (raw text or HTML of any era) to typed records.

>>> import triviaparse
>>> page = triviaparse.parse("Jump to: Spoilers (1)\\nA fact.\\n"
...     "The trivia items below may give away important plot points.\\nA twist.\\n")
>>> [(i.text, i.is_spoiler) for i in page.items]
[('A fact.', False), ('A twist.', True)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api import FORMATS, iter_datafile, parse, parse_file
from .errors import (
    DecodeError,
    IncompletePage,
    MalformedPage,
    TriviaparseError,
    UnrecognizedInput,
)
from .frame import links_dataframe, to_dataframe
from .model import (
    DEFAULT_CATEGORY,
    Link,
    LinkKind,
    PageKind,
    Problem,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
    Votes,
)
from .schema import SCHEMA_VERSION, json_schema
from .serialize import from_dict, to_dict

if TYPE_CHECKING:
    from .batch.engine import ParseResult, ResultError, ResultSource, parse_many

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_CATEGORY",
    "FORMATS",
    "SCHEMA_VERSION",
    "DecodeError",
    "IncompletePage",
    "Link",
    "LinkKind",
    "MalformedPage",
    "PageKind",
    "ParseResult",
    "Problem",
    "ProblemCode",
    "ResultError",
    "ResultSource",
    "SourceFormat",
    "TriviaItem",
    "TriviaPage",
    "TriviaparseError",
    "UnrecognizedInput",
    "Votes",
    "__version__",
    "from_dict",
    "iter_datafile",
    "json_schema",
    "links_dataframe",
    "parse",
    "parse_file",
    "parse_many",
    "to_dataframe",
    "to_dict",
]

_BATCH = ("ParseResult", "ResultError", "ResultSource", "parse_many")


def __getattr__(name: str) -> Any:
    """The batch names, imported on first use: ``import triviaparse`` stays light."""
    if name in _BATCH:
        from .batch import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
