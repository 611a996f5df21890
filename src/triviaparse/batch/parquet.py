"""``convert --format parquet``: one typed row per item, written in row groups as the batch
streams (needs the ``parquet`` extra: pyarrow, and pandas for the column types).

The columns and their types are ``to_dataframe``'s, and pandas' own metadata goes into the
file, so ``pandas.read_parquet`` gives back the same dtypes (nullable integers and booleans,
categories); polars, DuckDB and Spark read the Arrow types (int64, bool, dictionary, string).
"""

from __future__ import annotations

import json
import os
from typing import Any

from .._columns import COLUMNS, record_rows

__all__ = ["ParquetOutput"]


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ImportError(
            "--format parquet needs pyarrow: pip install '.[parquet]' from a "
            "checkout of triviaparse (or pip install pyarrow pandas)"
        ) from exc
    return pyarrow, pyarrow.parquet


class ParquetOutput:
    """Collects rendered JSON Lines records and writes their item rows to ``path`` in row
    groups of ``ROWS`` rows, through ``path.partial``; memory holds one row group at most.

    Parquet cannot be appended to, so there is no ``--resume``; a run that stops leaves the
    ``.partial`` file, which is not a valid Parquet file, and no ``path``.
    """

    #: Rows per row group (a row is one item).
    ROWS = 50_000

    def __init__(self, path: str) -> None:
        from ..frame import PANDAS_DTYPES, _pandas

        self._pd = _pandas()
        self._pa, self._pq = _arrow()
        self._dtypes = PANDAS_DTYPES
        self.path = path
        self.partial = path + ".partial"
        self.count = 0
        self.written = 0  # records whose rows reached the file
        self.resumed_errors = 0
        self.target = path
        self._rows: list[list[Any]] = []
        empty = self._frame([])
        self._schema = self._pa.Schema.from_pandas(empty, preserve_index=False)
        self._schema = self._pa.schema(
            [
                f.with_type(self._pa.dictionary(self._pa.int32(), self._pa.string()))
                if self._pa.types.is_dictionary(f.type)
                else f
                for f in self._schema
            ],
            metadata=self._schema.metadata,
        )
        self._writer = self._pq.ParquetWriter(self.partial, self._schema)

    def _frame(self, rows: list[list[Any]]) -> Any:
        return self._pd.DataFrame(rows, columns=list(COLUMNS)).astype(self._dtypes)

    def resumed_names(self) -> Any:
        """No records are ever resumed (Parquet cannot be appended to)."""
        return iter(())

    def write(self, chunk: str | bytes) -> None:
        """Add one record, rendered as a JSON Lines line."""
        record = json.loads(chunk)
        self._rows.extend(record_rows(record, self.count))
        self.count += 1
        if len(self._rows) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            table = self._pa.Table.from_pandas(
                self._frame(self._rows), schema=self._schema, preserve_index=False
            )
            self._writer.write_table(table)
            self._rows = []
        self.written = self.count

    def finish(self) -> None:
        """Write the last row group, close the file and rename it to ``path``."""
        self._flush()
        self._writer.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        """Close without finishing; ``path`` is not written."""
        self._writer.close()
