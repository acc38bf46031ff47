"""Metric tables written next to a report: every number in a report can be re-read as data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import ReportError

__all__ = ["save_table"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


def save_table(frame: pd.DataFrame, name: str, tables_dir: str | Path | None) -> pd.DataFrame:
    """Write ``<tables_dir>/<name>.csv`` and ``.parquet``; a no-op when ``tables_dir`` is empty.

    Returns the frame unchanged, so a notebook can save and display in one line.
    """
    if not tables_dir:
        return frame
    if not _SAFE_NAME.match(name):
        raise ReportError(f"table name {name!r} must be letters, digits, '_', '-' or '.'")
    folder = Path(tables_dir)
    folder.mkdir(parents=True, exist_ok=True)
    flat = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
    flat.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    table = pa.Table.from_pandas(flat, preserve_index=False)
    pq.write_table(table.replace_schema_metadata({}), folder / f"{name}.parquet", compression="zstd")
    return frame
