"""Write a table to a file whose extension names the format: one registry, one set of rules.

Every table the workbench writes — CLI outputs, report tables, coding sheets — goes through
:func:`write_table`, so the same extensions work everywhere and every write is atomic: the
table is written under a temporary name in the target folder and then renamed, so a failed
write never leaves half a file behind, and a reader never sees one.

>>> import pandas as pd, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_table(pd.DataFrame({"a": [1]}), folder / "t.csv").name
't.csv'

Add a format with :func:`register_writer` (writers take the frame, the path and keyword
options they may ignore)::

    @register_writer(".feather")
    def _feather(frame, path, **options):
        frame.to_feather(path)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import InputError

__all__ = ["WRITERS", "register_writer", "write_table", "writer_suffixes"]

Writer = Callable[..., None]
#: Writers by lower-case file extension (with the dot).
WRITERS: dict[str, Writer] = {}


def register_writer(*suffixes: str) -> Callable[[Writer], Writer]:
    """Register ``func(frame, path)`` as the writer for files ending in ``suffixes``."""

    def decorate(func: Writer) -> Writer:
        for suffix in suffixes:
            WRITERS[suffix.lower()] = func
        return func

    return decorate


def writer_suffixes(allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The extensions :func:`write_table` accepts (all, or those of ``allowed`` registered)."""
    return tuple(s for s in WRITERS if allowed is None or s in allowed)


def write_table(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    allowed: tuple[str, ...] | None = None,
    bom: bool = False,
) -> Path:
    """Write ``frame`` to ``path`` in the format its extension names; returns the path.

    ``allowed`` narrows the accepted extensions for a caller whose readers expect only some
    (a coding sheet is ``.csv`` or ``.xlsx``). An unknown extension is an :class:`InputError`
    that lists the ones that work. ``bom=True`` starts CSV/TSV with a UTF-8 byte-order mark,
    so Excel shows accented names right (coding sheets).
    """
    target = Path(path)
    suffix = target.suffix.lower()
    accepted = writer_suffixes(allowed)
    if suffix not in accepted:
        raise InputError(
            f"{target}: cannot write a table as {suffix or 'a file without extension'!r}; "
            f"end the file name with one of {', '.join(accepted)}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        WRITERS[suffix](frame, partial, bom=bom)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


@register_writer(".csv")
def _csv(frame: pd.DataFrame, path: Path, *, bom: bool = False) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig" if bom else "utf-8")


@register_writer(".tsv")
def _tsv(frame: pd.DataFrame, path: Path, *, bom: bool = False) -> None:
    encoding = "utf-8-sig" if bom else "utf-8"
    frame.to_csv(path, index=False, sep="\t", lineterminator="\n", encoding=encoding)


#: Rows converted to Arrow at a time when writing Parquet.
PARQUET_SLICE_ROWS = 250_000


@register_writer(".parquet", ".pq")
def _parquet(frame: pd.DataFrame, path: Path, **_: object) -> None:
    """Parquet without pandas metadata: the bytes depend on the data only, so reruns are
    byte-identical. Categorical columns are written as their values, so a table reads back the
    same whether a metric kept a column categorical or not; a large table is converted a slice
    of rows at a time, since decoding a categorical of 3.5M sentences at once takes 600 MB.
    """
    inferred = pa.Schema.from_pandas(frame, preserve_index=False)
    schema = pa.schema(
        [
            pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
            for f in inferred
        ]
    )
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for start in range(0, max(len(frame), 1), PARQUET_SLICE_ROWS):
            rows = frame.iloc[start : start + PARQUET_SLICE_ROWS]
            part = pa.Table.from_pandas(rows, preserve_index=False)
            writer.write_table(part.replace_schema_metadata({}).cast(schema))


@register_writer(".jsonl", ".ndjson")
def _jsonl(frame: pd.DataFrame, path: Path, **_: object) -> None:
    frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)


@register_writer(".xlsx")
def _xlsx(frame: pd.DataFrame, path: Path, **_: object) -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError(
            f"{path}: writing .xlsx needs the openpyxl package, which is not installed; "
            "use a .csv path instead (spreadsheet programs open it)"
        ) from None
    frame.to_excel(path, index=False, engine="openpyxl")
