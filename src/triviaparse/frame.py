"""Pages as pandas DataFrames: one typed row per item (needs the ``pandas`` extra).

The columns are the CSV writer's (``triviaparse._columns``): what ``to_dataframe`` gives and
what ``pd.read_csv(..., dtype=PANDAS_DTYPES)`` reads back from ``convert --format csv`` agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._columns import COLUMN_TYPES, COLUMNS, LINK_COLUMNS, link_rows, record_rows
from .model import TriviaPage
from .serialize import to_dict

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PANDAS_DTYPES", "links_dataframe", "to_dataframe"]

_PANDAS = {"int": "Int64", "bool": "boolean", "str": "string", "category": "category"}

#: The pandas dtype of every column: nullable integers and booleans (an error row or a page
#: without items leaves item cells empty), ``category`` for short repeated ids.
PANDAS_DTYPES: dict[str, str] = {name: _PANDAS[kind] for name, kind in COLUMN_TYPES}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_dataframe needs pandas: pip install '.[pandas]' from a checkout "
            "(or pip install pandas)"
        ) from exc
    return pandas


def _records(pages: Iterable[Any]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(input index, convert-style record) for pages, ``parse_many`` results or records."""
    for index, entry in enumerate(pages):
        if isinstance(entry, TriviaPage):
            yield index, {"source": {}, "page": to_dict(entry)}
        elif isinstance(entry, Mapping):
            yield index, entry
        elif hasattr(entry, "page") and hasattr(entry, "source"):
            source = dict(entry.source) if isinstance(entry.source, Mapping) else {}
            if entry.page is not None:
                yield index, {"source": source, "page": to_dict(entry.page)}
            else:
                error = entry.error
                yield (
                    index,
                    {
                        "source": source,
                        "error": {
                            "code": getattr(error, "code", None),
                            "message": getattr(error, "message", str(error)),
                        },
                    },
                )
        else:
            raise TypeError(
                f"to_dataframe takes TriviaPage objects, parse_many results or "
                f"convert records, not {type(entry).__name__}"
            )


def to_dataframe(pages: Iterable[Any]) -> pd.DataFrame:
    """One row per item, the page's columns repeated on each, typed as ``PANDAS_DTYPES``.

    ``pages`` holds ``TriviaPage`` objects, ``parse_many`` results or ``convert`` records
    (parsed JSON Lines). A page without items, or an input that failed, is one row with the
    item columns empty, so nothing is dropped unseen. Links: :func:`links_dataframe`.
    """
    pandas = _pandas()
    rows = [row for index, record in _records(pages) for row in record_rows(record, index)]
    frame = pandas.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype(PANDAS_DTYPES)


def links_dataframe(pages: Iterable[Any]) -> pd.DataFrame:
    """One row per link, keyed by ``input_index`` and ``item_index`` (join it to
    :func:`to_dataframe` on those two columns)."""
    pandas = _pandas()
    rows = [row for index, record in _records(pages) for row in link_rows(record, index)]
    frame = pandas.DataFrame(rows, columns=list(LINK_COLUMNS))
    return frame.astype(
        {
            "input_index": "Int64",
            "item_index": "Int64",
            "kind": "category",
            "imdb_id": "string",
            "text": "string",
        }
    )
