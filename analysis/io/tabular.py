"""Readers for tabular exports: CSV/TSV, JSONL/JSON and Parquet, with a column mapping.

The mapping names, for each corpus field, the input column that holds it
(``{"text": "body", "published": "date"}``); unmapped fields are looked up under common
names (``text``/``body``/``content``, ``title``/``headline``, ``outlet``/``source``/``publisher``,
``published``/``date``, ``url``/``link``, ``id``). Rows are numbered as in the file
(CSV: the line the row starts on; JSONL: its line; JSON/Parquet: its position from 1).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from analysis.errors import InputError
from analysis.io.records import Candidate, ReaderOutput, ReadOptions, Skip, decode_input

__all__ = [
    "FIELD_ALIASES",
    "resolve_columns",
    "read_csv",
    "read_tsv",
    "read_jsonl",
    "read_json",
    "read_parquet",
]

#: Corpus field → column names tried (case-insensitively) when no mapping is given.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "title": ("title", "headline", "heading"),
    "standfirst": ("standfirst", "subtitle", "lead", "description", "summary"),
    "outlet": ("outlet", "source", "publisher", "media", "medium", "media_name"),
    "published": ("published", "date", "publish_date", "pubdate", "publication_date", "datetime"),
    "url": ("url", "link", "permalink"),
    "id": ("id", "doc_id", "article_id", "stories_id"),
    # who speaks in the whole document (an address, a statement): gives "I"/"we" their speaker
    "speaker": ("speaker", "speaker_name"),
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def resolve_columns(
    available: Iterable[str], mapping: Mapping[str, str], source: str
) -> dict[str, str]:
    """Map corpus fields to input columns; a mapped column that does not exist is an error."""
    present = list(available)
    lowered = {c.lower(): c for c in present}
    resolved: dict[str, str] = {}
    for field_name, column in mapping.items():
        if field_name not in FIELD_ALIASES:
            raise InputError(
                f"{source}: unknown field {field_name!r} in the column mapping; use one of {sorted(FIELD_ALIASES)}"
            )
        if column not in present:
            raise InputError(
                f"{source}: column {column!r} (mapped to {field_name!r}) not found; the file has columns {present}"
            )
        resolved[field_name] = column
    for field_name, aliases in FIELD_ALIASES.items():
        if field_name in resolved:
            continue
        for alias in aliases:
            if alias in lowered and lowered[alias] not in resolved.values():
                resolved[field_name] = lowered[alias]
                break
    if "text" not in resolved:
        raise InputError(
            f"{source}: no text column (missing-text-column): the file has columns {present}; "
            "name it with --text-col COLUMN (or columns={'text': COLUMN})"
        )
    return resolved


def _candidate(
    source: str, unit: str, row: Mapping[str, Any], columns: dict[str, str]
) -> Candidate | Skip:
    fields: dict[str, Any] = {}
    for field_name, column in columns.items():
        value = row.get(column)
        if field_name == "text" and column not in row:
            return Skip(source, unit, "missing-text-column", f"no {column!r} in this record")
        fields["doc_id" if field_name == "id" else field_name] = value
    extra = {
        k: v for k, v in row.items() if k not in columns.values() and not str(k).startswith("_")
    }
    fields["_extra"] = extra
    return Candidate(source, unit, fields)


def _read_delimited(path: Path, options: ReadOptions, delimiter: str, fmt: str) -> ReaderOutput:
    source = str(path)
    text, skip = decode_input(path, options, fmt)
    if skip:
        yield skip
        return
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Skip(source, "file", "empty", "no header row")
        return
    columns = resolve_columns(header, options.columns, source)
    start_line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Skip(source, f"line {start_line}", "malformed-row", str(exc))
            break
        unit = f"line {start_line}"
        start_line = reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield Skip(
                source, unit, "malformed-row", f"expected {len(header)} fields, found {len(values)}"
            )
            continue
        yield _candidate(source, unit, dict(zip(header, values, strict=True)), columns)


def read_csv(path: Path, options: ReadOptions) -> ReaderOutput:
    """Comma-separated values with a header row (quoted multi-line fields allowed)."""
    return _read_delimited(path, options, ",", "csv")


def read_tsv(path: Path, options: ReadOptions) -> ReaderOutput:
    """Tab-separated values with a header row."""
    return _read_delimited(path, options, "\t", "tsv")


def read_jsonl(path: Path, options: ReadOptions) -> ReaderOutput:
    """One JSON object per line; a line that is not an object is a ``malformed-row`` skip."""
    source = str(path)
    text, skip = decode_input(path, options, "jsonl")
    if skip:
        yield skip
        return
    records: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(
                source,
                f"line {number}",
                "malformed-row",
                f"invalid JSON: {exc.msg} at column {exc.colno}",
            )
            continue
        if not isinstance(record, dict):
            yield Skip(source, f"line {number}", "malformed-row", "not a JSON object")
            continue
        records.append((f"line {number}", record))
    yield from _from_records(source, records, options)


def read_json(path: Path, options: ReadOptions) -> ReaderOutput:
    """A JSON array of objects (or an object with one list of objects, e.g. ``{"articles": [...]}``)."""
    source = str(path)
    text, skip = decode_input(path, options, "json")
    if skip:
        yield skip
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source} line {exc.lineno}: invalid JSON ({exc.msg}); check the file or export it as JSONL"
        ) from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InputError(f"{source}: expected a JSON array of article objects")
    records = []
    for number, record in enumerate(data, start=1):
        if isinstance(record, dict):
            records.append((f"record {number}", record))
        else:
            yield Skip(source, f"record {number}", "malformed-row", "not a JSON object")
    yield from _from_records(source, records, options)


def _from_records(
    source: str, records: list[tuple[str, dict[str, Any]]], options: ReadOptions
) -> ReaderOutput:
    if not records:
        return
    keys: list[str] = []
    for _, record in records:
        keys.extend(k for k in record if k not in keys)
    columns = resolve_columns(keys, options.columns, source)
    for unit, record in records:
        yield _candidate(source, unit, record, columns)


def read_parquet(path: Path, options: ReadOptions) -> ReaderOutput:
    """A Parquet table, read in record batches so large files stream."""
    source = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        yield Skip(source, "file", "undecodable", f"not a readable Parquet file: {exc}")
        return
    options.note(source, format="parquet", encoding="parquet")
    columns = resolve_columns(parquet.schema_arrow.names, options.columns, source)
    number = 0
    for batch in parquet.iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            number += 1
            yield _candidate(source, f"row {number}", row, columns)
