"""triviaparse: IMDb trivia pages (raw text or HTML of any era) to typed records.

>>> import triviaparse
>>> page = triviaparse.parse("Jump to: Spoilers (1)\\nA fact.\\n"
...     "The trivia items below may give away important plot points.\\nA twist.\\n")
>>> [(i.text, i.is_spoiler) for i in page.items]
[('A fact.', False), ('A twist.', True)]
"""

from __future__ import annotations

# Not ``typing.TYPE_CHECKING``: importing typing would cost more than the rest of this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .api import FORMATS, iter_datafile, parse, parse_file
    from .batch.engine import ParseResult, ResultError, ResultSource, parse_many
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

#: Where each public name lives. They are imported on first use (PEP 562), so that
#: ``import triviaparse`` costs next to nothing: a program, or a pytest run that loads the
#: plugin, pays for the records (attrs) and the readers only when it uses them.
_HOMES = {
    "api": ("FORMATS", "iter_datafile", "parse", "parse_file"),
    "batch.engine": ("ParseResult", "ResultError", "ResultSource", "parse_many"),
    "errors": (
        "DecodeError",
        "IncompletePage",
        "MalformedPage",
        "TriviaparseError",
        "UnrecognizedInput",
    ),
    "frame": ("links_dataframe", "to_dataframe"),
    "model": (
        "DEFAULT_CATEGORY",
        "Link",
        "LinkKind",
        "PageKind",
        "Problem",
        "ProblemCode",
        "SourceFormat",
        "TriviaItem",
        "TriviaPage",
        "Votes",
    ),
    "schema": ("SCHEMA_VERSION", "json_schema"),
    "serialize": ("from_dict", "to_dict"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use and kept."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
